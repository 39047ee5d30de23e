/* SPDX-License-Identifier: MIT */
/*
 * Parses and validates the partition config (binding: README.md, "Partition
 * config"): checks the tree, then walks its partition nodes. The config
 * comes from outside Vigil, so every property length is checked before a
 * cell is read, and the whole tree is checked with fdt_check_full() before
 * any node is visited.
 *
 * Errors are reported, not returned on the first one: each partition is
 * parsed and checked against the board, the reserved ranges and the
 * partitions before it; then each image is checked against every
 * partition's memory. A problem found by one check is not reported again by
 * a later check that depends on it (for example, a partition without usable
 * static memory gets no "image does not fit" error).
 *
 * The parser's files (their shared part is config_internal.h):
 *   config.c           the tree and the walk over its partitions
 *   config_uds.c       the root's vigil,uds-region
 *   config_partition.c one partition node, step by step; its name
 *   config_cpus.c      vigil,cpus
 *   config_memory.c    vigil,static-mem
 *   config_region.c    one static-mem region's shape and placement
 *   config_kernel.c    the kernel module, its load address, vigil,entry
 *   config_image.c     where the kernel image lies
 *   config_policy.c    the launch policy and image signature
 *   config_prop.c      reading a property, its length checked
 *   config_report.c    error messages, printable node names
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>
#include <vigil/string.h>

#include "config_internal.h"

/*
 * The header, then the structure block's alignment (cells are read as
 * 32-bit words, which must be aligned), then the whole tree; then the root.
 * The caller vouches that fdt_totalsize() bytes are readable at fdt.
 */
static bool check_tree(struct config_parser *p)
{
	int rc = fdt_check_header(p->fdt);
	if (rc == 0 && (fdt_off_dt_struct(p->fdt) & 3)) {
		config_error(p, NULL, NULL,
			     "not a valid device tree (structure block at offset 0x%x "
			     "is not 4-byte aligned)",
			     fdt_off_dt_struct(p->fdt));
		return false;
	}
	if (rc == 0)
		rc = fdt_check_full(p->fdt, fdt_totalsize(p->fdt));
	if (rc != 0) {
		config_error(p, NULL, NULL, "not a valid device tree (%s)",
			     fdt_strerror(rc));
		return false;
	}
	if (!fdt_getprop(p->fdt, 0, "compatible", NULL))
		config_error(p, NULL, "compatible", "missing");
	else if (!fdt_node_is_compatible(p->fdt, 0, "vigil,config"))
		config_error(p, NULL, "compatible",
			     "must be \"vigil,config\"");
	return true;
}

static void parse_partitions(struct config_parser *p)
{
	int node;
	fdt_for_each_subnode(node, p->fdt, 0) {
		if (!fdt_node_is_compatible(p->fdt, node, "vigil,partition"))
			continue;
		if (p->out->count == CONFIG_MAX_PARTITIONS) {
			config_error(p, NULL, NULL,
				     "more than %d partitions (nodes compatible with "
				     "\"vigil,partition\")",
				     CONFIG_MAX_PARTITIONS);
			return;
		}
		config_parse_partition(p, p->out->count++, node);
	}
	if (p->out->count == 0)
		config_error(p, NULL, NULL,
			     "no partitions (no node is compatible with "
			     "\"vigil,partition\")");
}

int config_parse(const void *fdt, const struct board *board,
		 const struct reserved_range *reserved, unsigned int reserved_count,
		 const struct config_limits *limits, struct vigil_config *out,
		 config_report_fn report_fn, void *ctx)
{
	struct config_parser p = {
		.fdt = fdt,
		.board = board,
		.reserved = reserved,
		.reserved_count = reserved_count,
		.limits = limits,
		.out = out,
		.report = report_fn,
		.ctx = ctx,
	};
	memset(out, 0, sizeof(*out));
	if (!check_tree(&p))
		return p.errors;

	/* Once known, the UDS region is reserved like Vigil's own ranges. */
	struct reserved_range all[CONFIG_MAX_RESERVED + 1];
	if (reserved_count <= CONFIG_MAX_RESERVED) {
		memcpy(all, reserved, reserved_count * sizeof(*reserved));
		if (config_parse_uds(&p, &all[reserved_count]))
			p.reserved_count++;
		p.reserved = all;
	} else {
		config_error(&p, NULL, NULL, "Vigil passed 0x%x reserved ranges, "
			     "more than 0x%x", reserved_count, CONFIG_MAX_RESERVED);
	}
	parse_partitions(&p);
	config_check_images_against_memory(&p);
	config_check_signatures(&p);
	return p.errors;
}
