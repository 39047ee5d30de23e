/* SPDX-License-Identifier: MIT */
/*
 * Delays on the architecture's free-running counter (arch/$(ARCH)/arch.h:
 * the generic timer's virtual count on ARM64, the TSC on x86-64). No timer
 * interrupt is used (guests run with interrupts masked), so delays spin.
 */
#include "vigil.h"

#include "arch.h"

uint64_t timer_count(void)
{
	return arch_timer_count();
}

uint64_t timer_frequency(void)
{
	return arch_timer_frequency();
}

void delay_ms(unsigned int ms)
{
	/*
	 * On ARM64 both factors are below 2^32, so the product fits in 64
	 * bits; an x86-64 TSC may run above 2^32 Hz (4.29 GHz), which leaves
	 * room for delays of some 40 days.
	 */
	uint64_t ticks = timer_frequency() * ms / 1000;
	uint64_t start = timer_count();

	/* Unsigned subtraction stays right if the count wraps. */
	while (timer_count() - start < ticks)
		;
}
