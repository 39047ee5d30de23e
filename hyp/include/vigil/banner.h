/* SPDX-License-Identifier: MIT */
/* The boot log: what Vigil found and what it will run, for the user. */
#ifndef VIGIL_BANNER_H
#define VIGIL_BANNER_H

#include <vigil/board.h>
#include <vigil/config.h>

/* One range of the board's description: "  <what> <first>-<last> (<size>)". */
void banner_print_range(const char *what, uint64_t base, uint64_t size);

/* Which CPUs Vigil started and run in it. */
void banner_print_cpus_online(const struct board *board);

/* Prints bytes as a framed hex block ("vigil: -----BEGIN VIGIL <what>-----",
 * 32 bytes a line) for a program to read off the console. */
void banner_print_hex_block(const char *what, const uint8_t *bytes,
			    size_t len);

/* The table of partitions: name, CPUs, memory, image size, entry. */
void banner_print_partitions(const struct vigil_config *config);

#endif /* VIGIL_BANNER_H */
