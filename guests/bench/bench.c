/* SPDX-License-Identifier: MIT */
/*
 * bench: what a trap into Vigil costs. Run under QEMU's -icount shift=0
 * (make bench), where virtual time advances exactly one nanosecond per
 * instruction, so counter ticks convert to instruction counts and the
 * numbers repeat from run to run. The figures both architectures have are
 * here; arch/$(ARCH)/figures.c converts ticks and adds its own.
 */
#include "vigil.h"

#include "bench.h"

/* The known loop for the counter check: 2 * CHECK_ITERATIONS
 * instructions. */
#define CHECK_ITERATIONS 1000000u

static uint64_t baseline;

uint64_t bench_ticks_for(void (*fn)(void))
{
	uint64_t start = timer_count();
	for (unsigned int i = 0; i < BENCH_ROUNDS; i++)
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

static void empty_console_write(void)
{
	vigil_console_write(0, 0);
}

void bench_report(const char *what, uint64_t ticks)
{
	guest_printf("bench: %-34s %9lu instructions per call\n", what,
		     (unsigned long)(bench_instructions(ticks - baseline) /
				     BENCH_ROUNDS));
}

/*
 * The conversion checked against a loop of known length: 2N iterations
 * take 2N instructions more than N do, whatever the calls around them
 * cost. It comes out a little over: a counter tick (16 instructions on
 * ARM64), and under -icount every CPU shares the one instruction clock,
 * so the few instructions Vigil's idle CPUs run whenever QEMU turns to
 * them count too (some 30 on x86-64). bench.py stops if it is off by more
 * than that can explain (-icount missing, say, or another shift).
 */
static void counter_check(void)
{
	uint64_t t0 = timer_count();
	bench_spin(CHECK_ITERATIONS);
	uint64_t t1 = timer_count();
	bench_spin(2 * CHECK_ITERATIONS);
	uint64_t t2 = timer_count();
	uint64_t ticks = (t2 - t1) - (t1 - t0);
	guest_printf("bench: counter check, %u-instruction loop %9lu "
		     "instructions\n", 2 * CHECK_ITERATIONS,
		     (unsigned long)bench_instructions(ticks));
}

int main(void)
{
	counter_check();
	baseline = bench_ticks_for(nothing);
	bench_report("VIGIL_HC_VERSION round trip",
		     bench_ticks_for(version_hypercall));
	bench_report("console write of 0 bytes",
		     bench_ticks_for(empty_console_write));
	bench_arch_figures();
	guest_printf("bench: done\n");
	return 0;
}
