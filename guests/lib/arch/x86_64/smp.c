/* SPDX-License-Identifier: MIT */
#include "vigil.h"

#include "arch.h"

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

/*
 * Not yet: x86-64 Vigil gives a partition no way to start its other vCPUs
 * (ARM64 has PSCI CPU_ON; whether x86-64 gets INIT-SIPI through the local
 * APIC or a hypercall is still open), so these say so. A partition with
 * one vCPU needs neither.
 */
long guest_cpu_on(unsigned int vcpu, void (*fn)(unsigned int vcpu))
{
	(void)vcpu;
	(void)fn;
	return -VIGIL_ENOSYS;
}

long guest_cpu_state(unsigned int vcpu)
{
	(void)vcpu;
	return -VIGIL_ENOSYS;
}
