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
/* Files a UEFI boot reads for the config: a kernel and a signature for
 * each of CONFIG_MAX_PARTITIONS partitions. */
#define BOARD_MAX_FILES 16
#define BOARD_FILE_NAME_MAX 64 /* with its NUL */

struct mem_range {
	uint64_t base;
	uint64_t size;
};

/*
 * A file the boot stage read for the config, named by a module's
 * vigil,uefi-binary (a UEFI boot reads them from the ESP before it leaves
 * boot services). Until it is read (read false) only its size is known.
 */
struct board_file {
	char name[BOARD_FILE_NAME_MAX];
	struct mem_range where;
	bool read;
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
	struct board_file files[BOARD_MAX_FILES];
	unsigned int file_count; /* none unless the boot stage reads files */
};

/*
 * Fills *board from the flattened device tree at fdt. Returns 0, or -1 after
 * writing a message naming the node and property into err.
 */
int board_parse(const void *fdt, struct board *board, char *err,
		size_t err_size);

/* Index of mpidr in board->cpu_mpidr, or -1 if the board has no such CPU. */
int board_cpu_index(const struct board *board, uint64_t mpidr);

/*
 * True if name[0, len) is a file name a config may give in
 * vigil,uefi-binary: 1 to BOARD_FILE_NAME_MAX - 1 letters, digits, '.', '_'
 * or '-', not starting with '.', and no more (no path: every file lies in
 * one directory).
 */
bool board_file_name_ok(const char *name, size_t len);

/* The board's file called name (NUL-terminated), or NULL. */
const struct board_file *board_file_find(const struct board *board,
					 const char *name);

/* True if [base, base + size) lies wholly inside one memory bank. */
bool board_memory_contains(const struct board *board, uint64_t base,
			   uint64_t size);

#endif /* VIGIL_BOARD_H */
