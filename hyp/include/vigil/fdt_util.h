/* SPDX-License-Identifier: MIT */
/* Small helpers over libfdt for reading cells and strings. */
#ifndef VIGIL_FDT_UTIL_H
#define VIGIL_FDT_UTIL_H

#include <vigil/types.h>

/* Reads cells (1 or 2) big-endian 32-bit cells at *p into one number. */
uint64_t fdt_read_number(const uint32_t *p, int cells);

/*
 * Reads entry idx of a property made of (addr_cells + size_cells) tuples.
 * Returns false if the property is too short for it.
 */
bool fdt_read_reg(const void *prop, int len, int addr_cells, int size_cells,
		  int idx, uint64_t *addr, uint64_t *size);

/* True if the node's "compatible" list contains compat. */
bool fdt_node_is_compatible(const void *fdt, int node, const char *compat);

#endif /* VIGIL_FDT_UTIL_H */
