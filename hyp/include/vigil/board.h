/* SPDX-License-Identifier: MIT */
/*
 * What Vigil learns from the board's device tree (the DTB the boot loader
 * passes): memory, CPUs, interrupt controller, console UART, PSCI, and where
 * the boot loader left the partition config (/chosen linux,initrd-*).
 */
#ifndef VIGIL_BOARD_H
#define VIGIL_BOARD_H

#include <vigil/types.h>

#define BOARD_MAX_MEMORY 8
#define BOARD_MAX_CPUS 8

struct mem_range {
	uint64_t base;
	uint64_t size;
};

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

struct board {
	struct mem_range memory[BOARD_MAX_MEMORY];
	unsigned int memory_count;
	uint64_t cpu_mpidr[BOARD_MAX_CPUS]; /* the cpu nodes' reg, in DT order */
	unsigned int cpu_count;
	struct mem_range gic_dist;
	struct mem_range gic_redist;
	struct mem_range uart;
	char uart_compatible[32];
	enum psci_conduit psci;
	struct mem_range dtb;
	struct mem_range config; /* empty if the boot loader passed none */
};

/*
 * Fills *board from the flattened device tree at fdt. Returns 0, or -1 after
 * writing a message naming the node and property into err.
 */
int board_parse(const void *fdt, struct board *board, char *err,
		size_t err_size);

/* Index of mpidr in board->cpu_mpidr, or -1 if the board has no such CPU. */
int board_cpu_index(const struct board *board, uint64_t mpidr);

/* True if [base, base + size) lies wholly inside one memory bank. */
bool board_memory_contains(const struct board *board, uint64_t base,
			   uint64_t size);

#endif /* VIGIL_BOARD_H */
