/* SPDX-License-Identifier: MIT */
/* The boot log: what Vigil found and what it will run, for the user. */
#ifndef VIGIL_BANNER_H
#define VIGIL_BANNER_H

#include <vigil/board.h>
#include <vigil/config.h>

/* Version, platform, CPUs, memory map and devices. */
void banner_print_board(const struct board *board, const void *image_start,
			const void *image_end);

/* Which CPUs answered PSCI CPU_ON and run in Vigil. */
void banner_print_cpus_online(const struct board *board);

/* Prints bytes as a framed hex block ("vigil: -----BEGIN VIGIL <what>-----",
 * 32 bytes a line) for a program to read off the console. */
void banner_print_hex_block(const char *what, const uint8_t *bytes,
			    size_t len);

/* The table of partitions: name, CPUs, memory, image size, entry. */
void banner_print_partitions(const struct vigil_config *config);

#endif /* VIGIL_BANNER_H */
