/* SPDX-License-Identifier: MIT */
/* The part of the boot every architecture shares (hyp/core/main.c). */
#ifndef VIGIL_BOOT_H
#define VIGIL_BOOT_H

#include <vigil/board.h>
#include <vigil/config.h>

/*
 * The boot from the partition config on, called by each architecture's
 * entry (ARM64: vigil_main; x86-64: efi_main) once it has filled the board
 * and owns the machine: validates the config that board->config locates
 * against the board and the reserved ranges, prints the partition table,
 * starts attestation (printing Vigil's digest unless the entry already
 * has), builds, places and measures every partition, starts them and
 * becomes the boot CPU's idle loop. Any error stops the boot with every
 * partition off.
 */
_Noreturn void vigil_boot_partitions(const struct board *b,
				     const struct reserved_range *reserved,
				     unsigned int reserved_count,
				     bool print_vigil_digest,
				     uint64_t boot_ticks);

#endif /* VIGIL_BOOT_H */
