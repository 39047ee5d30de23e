/* SPDX-License-Identifier: MIT */
/*
 * CPUID bits from AMD APM vol 3, appendix E: Fn8000_0000 EAX is the highest
 * extended leaf, Fn8000_0001 ECX bit 2 is SVM, Fn8000_000A (reserved unless
 * SVM) gives the SVM revision (EAX[7:0]), the ASID count (EBX) and nested
 * paging (EDX bit 0). VM_CR is MSR C001_0114h (APM vol 2, 15.30.1): bit 3
 * LOCK, bit 4 SVMDIS.
 */
#include <vigil/format.h>

#include "svm_detect.h"
#include "x86.h"

#define CPUID_EXT_MAX 0x80000000u
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EXT_FEATURES_ECX_SVM (1u << 2)
#define CPUID_SVM 0x8000000au
#define CPUID_SVM_EDX_NP (1u << 0)
#define MSR_VM_CR 0xc0010114u
#define VM_CR_LOCK (1u << 3)
#define VM_CR_SVMDIS (1u << 4)

void svm_detect(struct svm_support *s)
{
	*s = (struct svm_support){ 0 };
	uint32_t max = x86_cpuid(CPUID_EXT_MAX, 0).eax;
	if (max < CPUID_EXT_FEATURES)
		return;
	s->svm = x86_cpuid(CPUID_EXT_FEATURES, 0).ecx & CPUID_EXT_FEATURES_ECX_SVM;
	if (!s->svm)
		return; /* Fn8000_000A and VM_CR exist only with SVM */
	if (max >= CPUID_SVM) {
		struct cpuid_regs r = x86_cpuid(CPUID_SVM, 0);
		s->nested_paging = r.edx & CPUID_SVM_EDX_NP;
		s->revision = r.eax & 0xff;
		s->asids = r.ebx;
	}
	uint64_t vm_cr = x86_rdmsr(MSR_VM_CR);
	s->disabled = vm_cr & VM_CR_SVMDIS;
	s->locked = vm_cr & VM_CR_LOCK;
}

/* Appends phrase to why, after " and " if why holds one already. */
static void add_reason(char *why, size_t why_size, size_t *used,
		       const char *phrase)
{
	if (*used >= why_size)
		return;
	*used += (size_t)format(why + *used, why_size - *used, "%s%s",
				*used ? " and " : "", phrase);
}

bool svm_usable(const struct svm_support *s, char *why, size_t why_size)
{
	size_t used = 0;
	if (why_size)
		why[0] = '\0';
	if (!s->svm) {
		add_reason(why, why_size, &used, "this CPU has no AMD SVM (CPUID "
			   "0x80000001 ECX bit 2 is clear)");
		return false;
	}
	if (s->disabled)
		add_reason(why, why_size, &used,
			   s->locked ? "SVM is disabled and locked by the firmware "
				       "(VM_CR MSR 0xc0010114: SVMDIS and LOCK set)"
				     : "SVM is disabled (VM_CR MSR 0xc0010114: "
				       "SVMDIS set)");
	if (!s->nested_paging)
		add_reason(why, why_size, &used, "this CPU has no nested paging "
			   "(CPUID 0x8000000a EDX bit 0 is clear)");
	return used == 0;
}
