/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include "psci.h"

#include "arm64.h"
#include "sysreg.h"

/* MPIDR_EL1 affinity fields Aff3 (39:32) and Aff2..Aff0 (23:0), D19.2.101. */
#define MPIDR_AFFINITY_MASK 0xff00ffffffUL

uint64_t arch_cpu_hw_id(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFFINITY_MASK;
}

int arch_cpu_power_on(uint64_t hw_id, unsigned int cpu_index)
{
	mmu_publish_for_secondaries();
	/* CPU_ON(target, entry point address, context id), DEN0022 5.1.4. */
	int64_t rc = psci_call(PSCI_CPU_ON_64, hw_id,
			       (uint64_t)(uintptr_t)secondary_entry, cpu_index);
	return (int)rc;
}

void arch_cpu_wait(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

void arch_cpu_wake_all(void)
{
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}
