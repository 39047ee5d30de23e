/* SPDX-License-Identifier: MIT */
/*
 * What the bench guest's generic part (bench.c) and its figures for one
 * architecture (arch/$(ARCH)/figures.c) share.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* Calls per figure: enough that a counter tick (16 instructions on ARM64)
 * is lost in the average. */
#define BENCH_ROUNDS 2000

/* Counter ticks for BENCH_ROUNDS calls of fn, which does one thing per
 * call. */
uint64_t bench_ticks_for(void (*fn)(void));

/* Prints "bench: <what> <n> instructions per call", for ticks from
 * bench_ticks_for, less the loop's own cost. */
void bench_report(const char *what, uint64_t ticks);

/*
 * arch/$(ARCH)/figures.c: what a counter tick is in instructions, a loop
 * of a known number of instructions to check that against, and the
 * figures of that architecture alone.
 */
uint64_t bench_instructions(uint64_t ticks);
/* Runs exactly 2 * iterations instructions (iterations > 0), give or take
 * the few that call it. */
void bench_spin(uint64_t iterations);
void bench_arch_figures(void);

#endif /* BENCH_H */
