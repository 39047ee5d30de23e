/* SPDX-License-Identifier: MIT */
/*
 * A partition's vigil,static-mem: (guest base, host base, size) triples,
 * sized by #vigil,static-mem-address-cells and -size-cells. Each region is
 * checked and kept by config_add_region (config_region.c).
 */
#include <vigil/fdt_util.h>

#include "config_internal.h"

/* Returns the property's length in cells, or -1 after reporting. */
static int static_mem_cells(struct config_parser *p, struct part_state *ps,
			    const uint32_t *v, int len, int triple)
{
	if (!v) {
		config_error(p, ps, "vigil,static-mem", "missing");
		return -1;
	}
	if (len == 0 || len % (triple * 4)) {
		config_error(p, ps, "vigil,static-mem",
			     "is 0x%x bytes long, not a non-zero multiple of 0x%x "
			     "(guest base, host base, size)", len, triple * 4);
		return -1;
	}
	if (len / (triple * 4) > PARTITION_MAX_MEM) {
		config_error(p, ps, "vigil,static-mem", "more than %d regions",
			     PARTITION_MAX_MEM);
		return -1;
	}
	return len / 4;
}

void config_parse_static_mem(struct config_parser *p, unsigned int idx,
			     int node)
{
	struct part_state *ps = &p->state[idx];
	int ac = config_read_cell_count(p, ps, node,
					"#vigil,static-mem-address-cells");
	int sc = config_read_cell_count(p, ps, node,
					"#vigil,static-mem-size-cells");
	int len;
	const uint32_t *v = config_prop(p, node, "vigil,static-mem", &len);
	if (ac == 0 || sc == 0)
		return;
	int triple = 2 * ac + sc;
	int cells = static_mem_cells(p, ps, v, len, triple);
	if (cells < 0)
		return;
	bool complete = true;
	for (int c = 0; c + triple <= cells; c += triple) {
		struct mem_map m = {
			.ipa = ipa_init(fdt_read_number(v + c, ac)),
			.pa = pa_init(fdt_read_number(v + c + ac, ac)),
			.size = fdt_read_number(v + c + 2 * ac, sc),
		};
		complete &= config_add_region(p, idx, &m);
	}
	ps->mem_complete = complete;
}
