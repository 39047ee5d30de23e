/* SPDX-License-Identifier: MIT */
/*
 * Delays on the generic timer (Arm ARM D11, "The Generic Timer"): EL1 may
 * read the virtual count CNTVCT_EL0 and its frequency CNTFRQ_EL0. No timer
 * interrupt is used (guests run with interrupts masked), so delays spin.
 */
#include "vigil.h"

uint64_t timer_count(void)
{
	uint64_t count;

	/*
	 * Reads of CNTVCT_EL0 may be performed speculatively and out of order
	 * (Arm ARM D11, "The Generic Timer"); the ISB keeps the read after the
	 * instructions before it, so a delay cannot end early.
	 */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(count) : : "memory");
	return count;
}

uint64_t timer_frequency(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	/* Bits [63:32] of CNTFRQ_EL0 are RES0. */
	return freq & 0xffffffffu;
}

void delay_ms(unsigned int ms)
{
	/* Both factors are below 2^32, so the product fits in 64 bits. */
	uint64_t ticks = timer_frequency() * ms / 1000;
	uint64_t start = timer_count();

	/* Unsigned subtraction stays right if the count wraps. */
	while (timer_count() - start < ticks)
		;
}
