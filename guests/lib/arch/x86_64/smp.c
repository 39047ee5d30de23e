/* SPDX-License-Identifier: MIT */
#include "vigil.h"

#include "arch.h"

#define SECONDARY_STACK_SIZE 0x2000

/* In start.S: the 32-bit entry of another vCPU, EBX = its stack top. */
void _secondary_start(void);
void secondary_main(void);

static _Alignas(16) char stacks[GUEST_MAX_VCPUS][SECONDARY_STACK_SIZE];
static void (*volatile entry_fn[GUEST_MAX_VCPUS])(unsigned int);

/*
 * The vCPU's index in the partition: its initial local APIC ID, CPUID
 * Fn0000_0001 EBX[31:24] (AMD APM vol 3, appendix E). Vigil gives vCPU n
 * of a partition the APIC ID n, as it gives it the MPIDR n on ARM64. CPUID
 * is intercepted, so each call is a trip into Vigil.
 */
unsigned int guest_vcpu_index(void)
{
	uint32_t r[4];

	arch_cpuid(1, r);
	return (r[1] >> 24) % GUEST_MAX_VCPUS;
}

/* VIGIL_HC_VCPU_START: the results are Xen errno values, not PSCI's. */
long guest_cpu_on(unsigned int vcpu, void (*fn)(unsigned int vcpu))
{
	if (vcpu < GUEST_MAX_VCPUS)
		entry_fn[vcpu] = fn;
	/* Out-of-range vCPUs go to Vigil anyway, which refuses them. */
	uintptr_t stack_top = vcpu < GUEST_MAX_VCPUS
				      ? (uintptr_t)stacks[vcpu] + SECONDARY_STACK_SIZE
				      : 0;
	return arch_hypercall(VIGIL_HC_VCPU_START, vcpu,
			      (uintptr_t)_secondary_start, stack_top, 0, 0,
			      NULL);
}

/* VIGIL_VCPU_ON, _OFF and _STARTING equal PSCI AFFINITY_INFO's values. */
long guest_cpu_state(unsigned int vcpu)
{
	return arch_hypercall(VIGIL_HC_VCPU_STATE, vcpu, 0, 0, 0, 0, NULL);
}

void secondary_main(void)
{
	unsigned int me = guest_vcpu_index();
	entry_fn[me](me);
	guest_flush();
}
