/* SPDX-License-Identifier: MIT */
/*
 * The parts of the arch contract (vigil/arch.h) that the x86-64 port does
 * not have yet: x86-64 runs partitions on the boot CPU only, so the generic
 * code that calls these (secondary CPUs, kicks, vCPU restart, PSCI-style
 * CPU_ON) does not run on it so far. Each stops Vigil with a message naming
 * itself, and goes as the port grows: the local APIC (kicks and IPIs),
 * SIPI start of the other CPUs.
 */
#include <vigil/arch.h>
#include <vigil/log.h>

#define NOT_YET() panic("x86-64: %s is not implemented yet", __func__)

void arch_irq_init(const struct board *board)
{
	(void)board;
	NOT_YET();
}

int arch_cpu_power_on(uint64_t hw_id, unsigned int cpu_index)
{
	(void)hw_id;
	(void)cpu_index;
	NOT_YET();
}

_Noreturn void arch_cpu_restart(void (*fn)(unsigned int), unsigned int arg)
{
	(void)fn;
	(void)arg;
	NOT_YET();
}
