/* SPDX-License-Identifier: MIT */
/*
 * Turning the firmware's list of RAM pieces (the UEFI memory map: in no
 * promised order, one descriptor per type change) into the few ranges
 * Vigil maps. Pure, so the host tests run it.
 */
#ifndef VIGIL_X86_64_RAM_RANGES_H
#define VIGIL_X86_64_RAM_RANGES_H

#include <vigil/board.h>

/*
 * Sorts r[0..n) by base and merges ranges that overlap or touch, dropping
 * empty ones. Returns how many ranges remain in r. A range may end at the
 * top of the address space; one that wraps past it is the caller's to
 * refuse (range_wraps).
 */
unsigned int ram_ranges_merge(struct mem_range *r, unsigned int n);

#endif /* VIGIL_X86_64_RAM_RANGES_H */
