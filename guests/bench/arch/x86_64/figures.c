/* SPDX-License-Identifier: MIT */
/*
 * The bench on x86-64: counter ticks are the TSC's, and two traps only
 * x86-64 has: CPUID, which Vigil intercepts, and a read of the local APIC,
 * which Vigil emulates by fetching and decoding the instruction.
 */
#include "vigil.h"

#include "../../bench.h"
#include "arch.h"
#include "lapic.h"

/*
 * Under -icount, QEMU (7.2) gives RDTSC its virtual clock in nanoseconds,
 * whatever rate the CPU claims, and with shift=0 that clock advances one
 * nanosecond per instruction: one TSC tick is one instruction (the counter
 * check measures it in every run). So ticks are not divided by the rate
 * Vigil's CPUID leaf 0x40000010 gives: Vigil measures that against UEFI
 * Stall, which polls a timer and overshoots by a little that varies, so
 * it is near 1 GHz but not exact, and would only add error.
 */
uint64_t bench_instructions(uint64_t ticks)
{
	return ticks;
}

/* Two instructions per iteration: DEC, JNZ. */
void bench_spin(uint64_t iterations)
{
	__asm__ volatile("1:\tdec %0\n\tjnz 1b" : "+r"(iterations));
}

static void vigil_cpuid_leaf(void)
{
	uint32_t r[4];

	arch_cpuid(GUEST_CPUID_VIGIL_VERSION, r);
}

static void apic_id_read(void)
{
	lapic_read(LAPIC_ID);
}

void bench_arch_figures(void)
{
	bench_report("CPUID leaf 0x40000001",
		     bench_ticks_for(vigil_cpuid_leaf));
	lapic_map();
	bench_report("local APIC ID read (emulated MMIO)",
		     bench_ticks_for(apic_id_read));
}
