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

/* This CPU's hardware ID as the board's device tree writes it (ARM: MPIDR
 * affinity fields). */
uint64_t arch_cpu_hw_id(void);

/*
 * Powers on the CPU with hardware ID hw_id; it enters Vigil's
 * secondary_main(cpu_index). Returns 0, or the firmware's negative error.
 */
int arch_cpu_power_on(uint64_t hw_id, unsigned int cpu_index);

/* Waits (low power) until another CPU calls arch_cpu_wake_all. */
void arch_cpu_wait(void);
void arch_cpu_wake_all(void);

/*
 * Guest-physical address space of a partition: its size (stage-2 input
 * range) and the root level a pagetable for it starts at.
 */
uint64_t arch_stage2_ipa_size(void);
unsigned int arch_stage2_root_level(void);

/*
 * Makes bytes Vigil wrote through its cacheable map visible to a guest that
 * starts with its MMU and caches off: cleans the data cache to the point of
 * coherency and invalidates the instruction cache.
 */
void arch_sync_guest_memory(void *base, uint64_t size);

struct partition;

/*
 * Configures this CPU for partition p (second-stage translation, traps) and
 * enters it at entry, in the guest's most privileged mode with its MMU off.
 * Never returns: from now on this CPU runs p and traps back into Vigil.
 */
_Noreturn void arch_vcpu_enter(struct partition *p, ipaddr_t entry);

#endif /* VIGIL_ARCH_H */
