/* SPDX-License-Identifier: MIT */
/*
 * The board as generic code sees it: RAM, CPUs (by their hardware IDs:
 * MPIDR affinity on ARM64, local APIC ID on x86-64), where the partition
 * config lies, and the files the boot stage read for it. Each
 * architecture fills it its own way (ARM64 from the board's device tree,
 * hyp/arch/arm64/board_dt.c; x86-64 from UEFI and ACPI, efi_main.c).
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

struct board {
	struct mem_range memory[BOARD_MAX_MEMORY];
	unsigned int memory_count;
	uint64_t cpu_hw_id[BOARD_MAX_CPUS]; /* the boot CPU first */
	unsigned int cpu_count;
	struct mem_range config; /* empty if the boot loader passed none */
	struct board_file files[BOARD_MAX_FILES];
	unsigned int file_count; /* none unless the boot stage reads files */
};

/* Index of hw_id in board->cpu_hw_id, or -1 if the board has no such CPU. */
int board_cpu_index(const struct board *board, uint64_t hw_id);

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
