/* SPDX-License-Identifier: MIT */
/*
 * The contract between generic code and an architecture port. Every
 * architecture under hyp/arch/<arch>/ implements all of these; none is
 * optional.
 */
#ifndef VIGIL_ARCH_H
#define VIGIL_ARCH_H

#include <vigil/board.h>
#include <vigil/types.h>

/* Vigil's index of the CPU running this code (0 = the boot CPU). */
unsigned int arch_cpu_index(void);

/* Stops this CPU for good: interrupts masked, waiting forever. */
_Noreturn void arch_cpu_park(void);

/*
 * Builds Vigil's own 1:1 translation tables from the board (RAM as Normal
 * memory, the UART and interrupt controller as Device memory) and turns the
 * MMU and caches on for this CPU. The first call builds; later calls (from
 * secondary CPUs) reuse the tables.
 */
void arch_mmu_enable(const struct board *board);

/* The architecture's name, for the banner. */
extern const char arch_name[];

#endif /* VIGIL_ARCH_H */
