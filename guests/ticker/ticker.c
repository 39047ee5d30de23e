/* SPDX-License-Identifier: MIT */
/*
 * ticker (x86-64): runs its local APIC's timer, periodic at 100 Hz, and
 * counts the interrupts it takes, each ended with an EOI. Every 100 ticks
 * it says how many it has and how much time the TSC says has passed, so
 * the rate can be checked: a missed EOI would stop the count at 1 (the
 * vector stays in service), a timer Vigil did not pass through would give
 * none. It also counts interrupts on FOREIGN_VECTOR, the vector the
 * ipi-probe beside it tries to send it: there must be none.
 */
#include "vigil.h"

#include "lapic.h"

#define TIMER_VECTOR 0x40
#define FOREIGN_VECTOR 0x41
#define SPURIOUS_VECTOR 0xff
#define TICKS_PER_SECOND 100
#define CALIBRATION_MS 50
#define REPORTS 5

static volatile unsigned long ticks, foreign, spurious;

__attribute__((interrupt)) static void on_timer(struct interrupt_frame *f)
{
	(void)f;
	ticks++;
	lapic_write(LAPIC_EOI, 0);
}

__attribute__((interrupt)) static void on_foreign(struct interrupt_frame *f)
{
	(void)f;
	foreign++;
	lapic_write(LAPIC_EOI, 0);
}

/* A spurious interrupt takes no EOI (Intel SDM vol 3, 11.9). */
__attribute__((interrupt)) static void on_spurious(struct interrupt_frame *f)
{
	(void)f;
	spurious++;
}

/* The APIC timer's counts per second (after the divider), measured
 * against the TSC with the timer running one-shot, masked. */
static uint64_t timer_rate(void)
{
	lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_DIVIDE_16);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffffu);
	delay_ms(CALIBRATION_MS);
	uint32_t left = lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	return (uint64_t)(0xffffffffu - left) * 1000 / CALIBRATION_MS;
}

int main(void)
{
	if (!timer_frequency()) {
		guest_printf("no TSC frequency from the hypervisor leaf\n");
		return 0;
	}
	lapic_map();
	guest_printf("local APIC: ID %u, version 0x%x\n",
		     (unsigned int)(lapic_read(LAPIC_ID) >> 24),
		     (unsigned int)lapic_read(LAPIC_VERSION));
	idt_set_handler(TIMER_VECTOR, on_timer);
	idt_set_handler(FOREIGN_VECTOR, on_foreign);
	idt_set_handler(SPURIOUS_VECTOR, on_spurious);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | SPURIOUS_VECTOR);

	uint64_t rate = timer_rate();
	if (rate < TICKS_PER_SECOND) {
		guest_printf("APIC timer: %lu counts per second, too slow\n",
			     (unsigned long)rate);
		return 0;
	}
	guest_printf("APIC timer: %lu counts per second; periodic at %u Hz\n",
		     (unsigned long)rate, TICKS_PER_SECOND);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_PERIODIC | TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INITIAL, (uint32_t)(rate / TICKS_PER_SECOND));

	uint64_t t0 = timer_count(), hz = timer_frequency();
	for (unsigned int report = 1; report <= REPORTS; report++) {
		unsigned long target = (unsigned long)report * TICKS_PER_SECOND;
		while (ticks < target)
			wait_for_interrupt();
		uint64_t ms = (timer_count() - t0) * 1000 / hz;
		guest_printf("timer ticks %lu in %lu ms, foreign %lu\n",
			     ticks, (unsigned long)ms, foreign);
	}
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | TIMER_VECTOR);
	interrupts_off();
	guest_printf("done: %lu ticks, %lu foreign, %lu spurious\n", ticks,
		     foreign, spurious);
	return 0;
}
