/* SPDX-License-Identifier: MIT */
/*
 * One partition node of the config: its name, checked here, then its cell
 * counts, CPUs, memory, kernel, entry point and launch policy, each read in
 * that order so
 * that a later step can rely on what an earlier one found.
 */
#include <libfdt.h>
#include <vigil/string.h>

#include "config_internal.h"

/* The characters the devicetree specification allows in a node name. */
static bool name_chars_ok(const char *name, int len)
{
	for (int i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == ',' || c == '.' ||
		      c == '_' || c == '+' || c == '-'))
			return false;
	}
	return true;
}

static void parse_name(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	int len = 0;
	const char *name = fdt_get_name(p->fdt, node, &len);
	const char *at = name ? memchr(name, '@', (size_t)len) : NULL;
	ps->name = name ? name : "";
	ps->name_len = at ? (int)(at - name) : (name ? len : 0);
	config_printable(ps->shown, sizeof(ps->shown), ps->name, ps->name_len);
	if (ps->name_len == 0) {
		config_error(p, ps, "name", "empty");
		return;
	}
	if (ps->name_len > PARTITION_NAME_MAX - 1) {
		config_error(p, ps, "name", "longer than %d characters",
			     PARTITION_NAME_MAX - 1);
		return;
	}
	if (!name_chars_ok(ps->name, ps->name_len)) {
		config_error(p, ps, "name",
			     "may only contain letters, digits and \",._+-\"");
		return;
	}
	for (unsigned int i = 0; i < idx; i++) {
		const struct part_state *o = &p->state[i];
		if (o->name_ok && o->name_len == ps->name_len &&
		    memcmp(o->name, ps->name, (size_t)ps->name_len) == 0) {
			config_error(p, ps, "name",
				     "another partition has this name");
			return;
		}
	}
	memcpy(part->name, ps->name, (size_t)ps->name_len);
	part->name[ps->name_len] = '\0';
	ps->name_ok = true;
}

void config_parse_partition(struct config_parser *p, unsigned int idx,
			    int node)
{
	struct part_state *ps = &p->state[idx];
	parse_name(p, idx, node);
	ps->addr_cells = config_read_cell_count(p, ps, node, "#address-cells");
	ps->size_cells = config_read_cell_count(p, ps, node, "#size-cells");
	config_parse_cpus(p, idx, node);
	config_parse_static_mem(p, idx, node);
	config_parse_kernel(p, idx, node);
	config_parse_entry(p, idx, node);
	config_parse_policy(p, idx, node);
}
