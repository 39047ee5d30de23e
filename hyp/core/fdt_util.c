/* SPDX-License-Identifier: MIT */
#include <libfdt.h>
#include <vigil/fdt_util.h>

uint64_t fdt_read_number(const uint32_t *p, int cells)
{
	uint64_t v = 0;
	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

bool fdt_read_reg(const void *prop, int len, int addr_cells, int size_cells,
		  int idx, uint64_t *addr, uint64_t *size)
{
	int stride = addr_cells + size_cells;
	if (prop == NULL || addr_cells < 1 || addr_cells > 2 || size_cells < 0 ||
	    size_cells > 2 || idx < 0 || len < (idx + 1) * stride * 4)
		return false;
	const uint32_t *cell = (const uint32_t *)prop + idx * stride;
	*addr = fdt_read_number(cell, addr_cells);
	*size = fdt_read_number(cell + addr_cells, size_cells);
	return true;
}

bool fdt_node_is_compatible(const void *fdt, int node, const char *compat)
{
	return fdt_node_check_compatible(fdt, node, compat) == 0;
}
