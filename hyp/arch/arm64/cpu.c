/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>

#include "cpu_regs.h"
#include "sysreg.h"

const char arch_name[] = "arm64";

/* One EL2 stack per CPU; head.S points SP at the top of cpu_stacks[index]. */
_Alignas(16) unsigned char cpu_stacks[MAX_CPUS][CPU_STACK_SIZE];

/* head.S stores the CPU index in TPIDR_EL2 before any C code runs. */
unsigned int arch_cpu_index(void)
{
	return (unsigned int)read_sysreg(tpidr_el2);
}

_Noreturn void arch_cpu_park(void)
{
	__asm__ volatile("msr daifset, #0xf");
	for (;;)
		__asm__ volatile("wfi");
}

/* ISB first, so the read is not taken early (Arm ARM D11.2.2). */
uint64_t arch_counter_ticks(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

uint64_t arch_counter_hz(void)
{
	return read_sysreg(cntfrq_el0);
}
