/* SPDX-License-Identifier: MIT */
/*
 * The bench on ARM64: counter ticks are the generic timer's virtual count,
 * and PSCI, which only ARM64 has.
 */
#include "vigil.h"

#include "../../bench.h"

/*
 * The virtual count runs at CNTFRQ_EL0 (62.5 MHz on QEMU's virt board) in
 * virtual time, so a tick is 1e9 / frequency nanoseconds, and under
 * -icount shift=0 a nanosecond is one instruction.
 */
uint64_t bench_instructions(uint64_t ticks)
{
	return ticks * (1000000000u / timer_frequency());
}

/* Two instructions per iteration: SUBS, B.NE. */
void bench_spin(uint64_t iterations)
{
	__asm__ volatile("1:\tsubs %0, %0, #1\n\tb.ne 1b"
			 : "+r"(iterations)
			 :
			 : "cc");
}

static void psci_version(void)
{
	guest_psci(0x84000000u, 0, 0, 0); /* PSCI_VERSION, DEN0022 5.1.1 */
}

void bench_arch_figures(void)
{
	bench_report("PSCI_VERSION over HVC #0", bench_ticks_for(psci_version));
}
