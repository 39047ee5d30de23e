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

/*
 * Prepares the interrupt controller for kicks (arch_cpu_kick): the boot CPU
 * passes the board (shared parts and this CPU), the others NULL (their own
 * part only). Vigil enables no other interrupt.
 */
void arch_irq_init(const struct board *board);

/* The system counter (ARM: CNTPCT_EL0) and its frequency in Hz. */
uint64_t arch_counter_ticks(void);
uint64_t arch_counter_hz(void);

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
 * Interrupts CPU cpu_index if it runs a guest, so that it traps into Vigil
 * and calls vcpu_kicked. A CPU in Vigil sees the kick when it next enters a
 * guest.
 */
void arch_cpu_kick(unsigned int cpu_index);

/*
 * Abandons everything on this CPU's stack and calls fn(arg) on a fresh
 * one; fn must not return.
 */
_Noreturn void arch_cpu_restart(void (*fn)(unsigned int), unsigned int arg);

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

/*
 * Before Vigil reads guest memory: cleans and invalidates the data cache
 * over it, so that bytes a guest wrote with its caches off are seen.
 */
void arch_dcache_discard_for_read(const void *base, uint64_t size);

/*
 * Runs the SHA-256 compression function (FIPS 180-4 6.2.2) over count
 * 64-byte blocks with the CPU's SHA-256 instructions, updating state (the
 * eight words H0..H7), and returns true; or, when this CPU has no such
 * instructions (x86-64 without SHA-NI, e.g. QEMU's TCG; ARM64 without
 * ID_AA64ISAR0_EL1.SHA2), returns false without touching state, and the
 * caller (monitor/sha256_process.c) uses its generic code. Callable at any
 * time on any CPU, from the boot path and from hypercalls: a guest's
 * FP/SIMD registers on this CPU are left as they were.
 */
bool arch_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count);

struct partition;

/*
 * Configures this CPU as vCPU vcpu of partition p (second-stage
 * translation, traps, the vCPU's ID) and enters it at entry, in the guest's
 * most privileged mode with its MMU off and arg in its first argument
 * register. Never returns: from now on this CPU runs p and traps back into
 * Vigil.
 */
_Noreturn void arch_vcpu_enter(struct partition *p, unsigned int vcpu,
			       ipaddr_t entry, uint64_t arg);

#endif /* VIGIL_ARCH_H */
