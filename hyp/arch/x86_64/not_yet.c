/* SPDX-License-Identifier: MIT */
/*
 * The parts of the arch contract (vigil/arch.h) that the x86-64 port does
 * not have yet, which the generic code it runs does not call: x86-64
 * starts its other CPUs itself (smp.c, INIT and startup IPIs from
 * efi_main.c), not through vigil_main's arch_irq_init and
 * arch_cpu_power_on. Each stops Vigil with a message naming itself.
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
