/* SPDX-License-Identifier: MIT */
/*
 * Reads the board description from its device tree, as ARM64 Vigil is
 * booted with one. Bindings follow the Linux kernel's
 * Documentation/devicetree/bindings: memory (device_type "memory"), cpus
 * (/cpus/cpu@N, reg = MPIDR affinity), GICv3 ("arm,gic-v3": reg =
 * distributor, then redistributor regions), the console (/chosen
 * stdout-path), PSCI ("arm,psci-*", method = "smc" | "hvc") and the
 * partition config as the initrd (/chosen linux,initrd-*).
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>
#include <vigil/format.h>
#include <vigil/string.h>

#include "board_dt.h"

struct board_parser {
	const void *fdt;
	struct board *board;
	struct board_dt *dt;
	char *err;
	size_t err_size;
};

#define FAIL(bp, ...)                                         \
	do {                                                  \
		format((bp)->err, (bp)->err_size, __VA_ARGS__); \
		return -1;                                    \
	} while (0)

/* True if the node's property is exactly the string value (NUL included):
 * a property is only bytes, so never compare past its length. */
static bool prop_is(const void *fdt, int node, const char *name,
		    const char *value)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);
	return p && len == (int)strlen(value) + 1 && memcmp(p, value, (size_t)len) == 0;
}

/* Reads entry idx of a node's "reg", with its parent's cell sizes. */
static bool node_reg(const void *fdt, int node, int idx, struct mem_range *r)
{
	int parent = fdt_parent_offset(fdt, node);
	int len;
	const void *reg = fdt_getprop(fdt, node, "reg", &len);
	if (parent < 0 || !reg)
		return false;
	return fdt_read_reg(reg, len, fdt_address_cells(fdt, parent),
			    fdt_size_cells(fdt, parent), idx, &r->base,
			    &r->size);
}

static int parse_memory(struct board_parser *bp)
{
	const void *fdt = bp->fdt;
	struct board *b = bp->board;
	int node;
	fdt_for_each_subnode(node, fdt, 0) {
		if (!prop_is(fdt, node, "device_type", "memory"))
			continue;
		for (int i = 0;; i++) {
			struct mem_range r;
			if (!node_reg(fdt, node, i, &r))
				break;
			if (b->memory_count == BOARD_MAX_MEMORY)
				FAIL(bp, "board: more than %d memory banks",
				     BOARD_MAX_MEMORY);
			if (r.size)
				b->memory[b->memory_count++] = r;
		}
	}
	if (b->memory_count == 0)
		FAIL(bp, "board: no memory node with a non-empty 'reg'");
	return 0;
}

static int parse_cpus(struct board_parser *bp)
{
	const void *fdt = bp->fdt;
	struct board *b = bp->board;
	int cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		FAIL(bp, "board: no /cpus node");
	int node;
	fdt_for_each_subnode(node, fdt, cpus) {
		if (!prop_is(fdt, node, "device_type", "cpu"))
			continue;
		int len;
		const uint32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		int cells = fdt_address_cells(fdt, cpus);
		if (!reg || cells < 1 || cells > 2 || len < cells * 4)
			FAIL(bp, "board: %s: missing or malformed 'reg'",
			     fdt_get_name(fdt, node, NULL));
		if (b->cpu_count == BOARD_MAX_CPUS)
			FAIL(bp, "board: more than %d CPUs", BOARD_MAX_CPUS);
		b->cpu_hw_id[b->cpu_count++] = fdt_read_number(reg, cells);
	}
	if (b->cpu_count == 0)
		FAIL(bp, "board: /cpus has no cpu node");
	return 0;
}

static int parse_gic(struct board_parser *bp)
{
	int node = fdt_node_offset_by_compatible(bp->fdt, -1, "arm,gic-v3");
	if (node < 0)
		FAIL(bp, "board: no GICv3 (compatible \"arm,gic-v3\")");
	if (!node_reg(bp->fdt, node, 0, &bp->dt->gic_dist) ||
	    !node_reg(bp->fdt, node, 1, &bp->dt->gic_redist))
		FAIL(bp, "board: %s: 'reg' lacks distributor or redistributors",
		     fdt_get_name(bp->fdt, node, NULL));
	return 0;
}

/* The console is /chosen stdout-path (up to any ':' options). */
static int parse_uart(struct board_parser *bp)
{
	const void *fdt = bp->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen");
	int len = 0;
	const char *path =
		chosen < 0 ? NULL : fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		FAIL(bp, "board: /chosen has no 'stdout-path'");
	const char *colon = memchr(path, ':', (size_t)len);
	int path_len = colon ? (int)(colon - path) : (int)strnlen(path, (size_t)len);
	int node = fdt_path_offset_namelen(fdt, path, path_len);
	if (node < 0)
		FAIL(bp, "board: stdout-path '%.*s' names no node", path_len, path);
	if (!node_reg(fdt, node, 0, &bp->dt->uart))
		FAIL(bp, "board: %.*s: missing 'reg'", path_len, path);
	int clen = 0;
	const char *compat = fdt_getprop(fdt, node, "compatible", &clen);
	format(bp->dt->uart_compatible, sizeof(bp->dt->uart_compatible),
	       "%.*s", compat ? (int)strnlen(compat, (size_t)clen) : 0,
	       compat ? compat : "");
	return 0;
}

static int parse_psci(struct board_parser *bp)
{
	const void *fdt = bp->fdt;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		FAIL(bp, "board: no PSCI 0.2+ node (compatible \"arm,psci-0.2\")");
	if (prop_is(fdt, node, "method", "smc"))
		bp->dt->psci = PSCI_CONDUIT_SMC;
	else if (prop_is(fdt, node, "method", "hvc"))
		bp->dt->psci = PSCI_CONDUIT_HVC;
	else
		FAIL(bp, "board: psci: 'method' must be \"smc\" or \"hvc\"");
	return 0;
}

/* /chosen linux,initrd-start and -end, each of one or two cells. */
static int parse_config_location(struct board_parser *bp)
{
	const void *fdt = bp->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen");
	int slen, elen;
	const uint32_t *s =
		chosen < 0 ? NULL
			   : fdt_getprop(fdt, chosen, "linux,initrd-start", &slen);
	const uint32_t *e =
		chosen < 0 ? NULL
			   : fdt_getprop(fdt, chosen, "linux,initrd-end", &elen);
	if (!s || !e)
		return 0;
	if ((slen != 4 && slen != 8) || (elen != 4 && elen != 8))
		FAIL(bp, "board: /chosen: malformed 'linux,initrd-start/end'");
	uint64_t start = fdt_read_number(s, slen / 4);
	uint64_t end = fdt_read_number(e, elen / 4);
	if (end < start)
		FAIL(bp, "board: /chosen: initrd ends before it starts");
	bp->board->config = (struct mem_range){ start, end - start };
	return 0;
}

int board_dt_parse(const void *fdt, struct board *board,
		   struct board_dt *dt, char *err, size_t err_size)
{
	struct board_parser bp = { fdt, board, dt, err, err_size };
	memset(board, 0, sizeof(*board));
	memset(dt, 0, sizeof(*dt));
	if (fdt_check_header(fdt) != 0 ||
	    fdt_check_full(fdt, fdt_totalsize(fdt)) != 0)
		FAIL(&bp, "board: no valid device tree at %p", fdt);
	dt->dtb = (struct mem_range){ (uintptr_t)fdt, fdt_totalsize(fdt) };
	if (parse_memory(&bp) || parse_cpus(&bp) || parse_gic(&bp) ||
	    parse_uart(&bp) || parse_psci(&bp) || parse_config_location(&bp))
		return -1;
	return 0;
}
