/* SPDX-License-Identifier: MIT */
/*
 * bench: what a trap into Vigil costs. Run under QEMU's -icount shift=0
 * (make bench), where virtual time advances exactly one nanosecond per
 * instruction, so counter ticks convert to instruction counts and the
 * numbers repeat from run to run.
 */
#include "vigil.h"

#define ROUNDS 2000

/* Counter ticks for ROUNDS calls of fn, which does one thing per call. */
static uint64_t ticks_for(void (*fn)(void))
{
	uint64_t start = timer_count();
	for (unsigned int i = 0; i < ROUNDS; i++)
		fn();
	return timer_count() - start;
}

static void nothing(void)
{
	__asm__ volatile("" ::: "memory");
}

static void version_hypercall(void)
{
	vigil_version();
}

static void psci_version(void)
{
	guest_psci(0x84000000u, 0, 0, 0); /* PSCI_VERSION, DEN0022 5.1.1 */
}

static void empty_console_write(void)
{
	vigil_console_write(0, 0);
}

/* Instructions per call, the loop's own cost taken out: one instruction is
 * one nanosecond, a tick is 1e9 / frequency nanoseconds. */
static void report(const char *what, uint64_t ticks, uint64_t baseline)
{
	uint64_t ns_per_tick = 1000000000u / timer_frequency();
	uint64_t per_call = (ticks - baseline) * ns_per_tick / ROUNDS;
	guest_printf("bench: %-28s %9lu instructions per call\n", what,
		     (unsigned long)per_call);
}

int main(void)
{
	uint64_t baseline = ticks_for(nothing);
	report("VIGIL_HC_VERSION round trip", ticks_for(version_hypercall),
	       baseline);
	report("console write of 0 bytes", ticks_for(empty_console_write),
	       baseline);
	report("PSCI_VERSION over HVC #0", ticks_for(psci_version), baseline);
	guest_printf("bench: done\n");
	return 0;
}
