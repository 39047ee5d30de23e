/* SPDX-License-Identifier: MIT */
/*
 * Whether this CPU can run partitions: AMD SVM with nested paging, not
 * disabled by the firmware (AMD APM vol 2, 15.4 "Enabling SVM").
 */
#ifndef VIGIL_SVM_DETECT_H
#define VIGIL_SVM_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct svm_support {
	bool svm;          /* CPUID Fn8000_0001 ECX[2] */
	bool nested_paging; /* CPUID Fn8000_000A EDX[0] */
	bool disabled;     /* VM_CR.SVMDIS: EFER.SVME cannot be set */
	bool locked;       /* VM_CR.LOCK: and only the firmware could clear it */
	uint32_t revision; /* CPUID Fn8000_000A EAX[7:0] */
	uint32_t asids;    /* CPUID Fn8000_000A EBX: number of ASIDs */
};

/* Reads CPUID and, when SVM is there, the VM_CR MSR. */
void svm_detect(struct svm_support *s);

/*
 * True if partitions can run. Otherwise writes what is missing, as a phrase
 * for "SVM with nested paging is required: <why>", into why.
 */
bool svm_usable(const struct svm_support *s, char *why, size_t why_size);

#endif /* VIGIL_SVM_DETECT_H */
