/* SPDX-License-Identifier: MIT */
/*
 * Reading a partition-config property. The config comes from outside Vigil,
 * so a property's length is checked before any cell of it is read.
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>

#include "config_internal.h"

/* A property's value and its length in bytes; NULL if absent. */
const uint32_t *config_prop(const struct config_parser *p, int node,
			    const char *name, int *len)
{
	const uint32_t *v = fdt_getprop(p->fdt, node, name, len);
	if (!v)
		*len = 0;
	return v;
}

/*
 * Reads a cell-count property (#address-cells and the like): 1 or 2,
 * default 2. Returns the count, or 0 after reporting a malformed one.
 */
int config_read_cell_count(struct config_parser *p, struct part_state *ps,
			   int node, const char *name)
{
	int len;
	const uint32_t *v = config_prop(p, node, name, &len);
	if (!v)
		return 2;
	if (len != 4) {
		config_error(p, ps, name, "is 0x%x bytes long, not one cell",
			     len);
		return 0;
	}
	uint32_t cells = fdt32_to_cpu(*v);
	if (cells < 1 || cells > 2) {
		config_error(p, ps, name, "must be 1 or 2, not 0x%x", cells);
		return 0;
	}
	return (int)cells;
}

/*
 * Reads an optional property of exactly `cells` cells (an address) into *out.
 * Returns 1 if present and well-formed, 0 if absent, -1 after reporting.
 */
int config_read_address(struct config_parser *p, struct part_state *ps,
			int node, const char *what, const char *name, int cells,
			uint64_t *out)
{
	int len;
	const uint32_t *v = config_prop(p, node, name, &len);
	if (!v)
		return 0;
	if (cells == 0) /* the partition's #address-cells, already reported */
		return -1;
	if (len != cells * 4) {
		config_error(p, ps, what,
			     "is 0x%x bytes long, not 0x%x (#address-cells %d)",
			     len, cells * 4, cells);
		return -1;
	}
	*out = fdt_read_number(v, cells);
	return 1;
}
