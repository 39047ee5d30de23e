/* SPDX-License-Identifier: MIT */
/*
 * A partition's kernel: its one "multiboot,kernel" subnode, whose reg or
 * file (config_module.c) gives where the image lies on the host and whose
 * vigil,load-address (by default the first static-mem region) where Vigil
 * copies it; then the partition's vigil,entry (by default the load
 * address). The checks on where the image lies are in config_image.c.
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>

#include "config_internal.h"

#define KERNEL_COMPATIBLE "multiboot,kernel"

static void report_two_kernels(struct config_parser *p, struct part_state *ps,
			       int first, int second)
{
	char a[SHOWN_NAME_MAX], b[SHOWN_NAME_MAX];
	int len = 0;
	const char *name = fdt_get_name(p->fdt, first, &len);
	config_printable(a, sizeof(a), name ? name : "", name ? len : 0);
	name = fdt_get_name(p->fdt, second, &len);
	config_printable(b, sizeof(b), name ? name : "", name ? len : 0);
	config_error(p, ps, "kernel",
		     "more than one subnode is \"" KERNEL_COMPATIBLE
		     "\" ('%s' and '%s')", a, b);
}

/* The one subnode compatible with "multiboot,kernel", or -1 after reporting. */
static int find_kernel(struct config_parser *p, struct part_state *ps,
		       int node)
{
	int found = -1, sub;
	fdt_for_each_subnode(sub, p->fdt, node) {
		if (!fdt_node_is_compatible(p->fdt, sub, KERNEL_COMPATIBLE))
			continue;
		if (found >= 0) {
			report_two_kernels(p, ps, found, sub);
			return -1;
		}
		found = sub;
	}
	if (found < 0)
		config_error(p, ps, "kernel",
			     "missing (no subnode is \"" KERNEL_COMPATIBLE "\")");
	return found;
}

/* The image's host range from the kernel module; false after reporting. */
static bool read_image_range(struct config_parser *p, struct part_state *ps,
			     int kernel, struct partition_config *part)
{
	struct mem_range r;
	if (!config_read_module(p, ps, kernel, "kernel", &r,
				&part->image_from_file, &ps->image_placed))
		return false;
	part->image_pa = pa_init(r.base);
	part->image_size = r.size;
	return true;
}

static void parse_load_address(struct config_parser *p, struct part_state *ps,
			       int kernel, struct partition_config *part)
{
	uint64_t load;
	int rc = config_read_address(p, ps, kernel,
				     "kernel: vigil,load-address",
				     "vigil,load-address", ps->addr_cells,
				     &load);
	if (rc < 0)
		return;
	if (rc == 0) {
		if (!ps->mem_complete) /* no first region to default to */
			return;
		load = part->mem[0].ipa.ipa;
	}
	part->load_ipa = ipa_init(load);
	ps->load_ok = true;
	if (ps->image_ok && ps->mem_complete)
		config_check_image_fits(p, ps, part);
}

void config_parse_kernel(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	int kernel = find_kernel(p, ps, node);
	if (kernel < 0 || ps->addr_cells == 0 || ps->size_cells == 0)
		return;
	ps->image_ok = read_image_range(p, ps, kernel, part) &&
		       config_check_image_host(p, ps, part);
	parse_load_address(p, ps, kernel, part);
}

void config_parse_entry(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	uint64_t entry;
	int rc = config_read_address(p, ps, node, "vigil,entry", "vigil,entry",
				     ps->addr_cells, &entry);
	if (rc < 0 || !ps->load_ok)
		return;
	uint64_t load = part->load_ipa.ipa, size = part->image_size;
	if (rc == 0) {
		part->entry_ipa = part->load_ipa;
		return;
	}
	part->entry_ipa = ipa_init(entry);
	if (!ps->image_ok || range_wraps(load, size))
		return;
	if (entry < load || entry - load >= size)
		config_error(p, ps, "vigil,entry",
			     "0x%llx is outside the image (" RANGE ")",
			     ULL(entry), RANGE_ARGS(load, size));
}
