/* SPDX-License-Identifier: MIT */
/*
 * A partition's vigil,cpus: each MPIDR must name a board CPU, be listed
 * once, and not already belong to an earlier partition.
 */
#include <libfdt.h>

#include "config_internal.h"

/* The partition before idx that has board CPU cpu, or -1. */
static int cpu_owner(const struct config_parser *p, unsigned int idx,
		     unsigned int cpu)
{
	for (unsigned int i = 0; i < idx; i++) {
		const struct partition_config *o = &p->out->part[i];
		for (unsigned int c = 0; c < o->cpu_count; c++) {
			if (o->cpu_index[c] == cpu)
				return (int)i;
		}
	}
	return -1;
}

static void add_cpu(struct config_parser *p, unsigned int idx, uint32_t hw_id)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	int cpu = board_cpu_index(p->board, hw_id);
	if (cpu < 0) {
		config_error(p, ps, "vigil,cpus",
			     "CPU 0x%x is not on the board", hw_id);
		return;
	}
	for (unsigned int c = 0; c < part->cpu_count; c++) {
		if (part->cpu_index[c] == (unsigned int)cpu) {
			config_error(p, ps, "vigil,cpus",
				     "CPU 0x%x is listed twice", hw_id);
			return;
		}
	}
	int owner = cpu_owner(p, idx, (unsigned int)cpu);
	if (owner >= 0) {
		config_error(p, ps, "vigil,cpus",
			     "CPU 0x%x is already given to partition '%s'",
			     hw_id, p->state[owner].shown);
		return;
	}
	part->cpu_hw_id[part->cpu_count] = hw_id;
	part->cpu_index[part->cpu_count++] = (unsigned int)cpu;
}

void config_parse_cpus(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	int len;
	const uint32_t *v = config_prop(p, node, "vigil,cpus", &len);
	if (!v) {
		config_error(p, ps, "vigil,cpus", "missing");
		return;
	}
	if (len == 0) {
		config_error(p, ps, "vigil,cpus", "empty");
		return;
	}
	if (len % 4) {
		config_error(p, ps, "vigil,cpus",
			     "is 0x%x bytes long, not a whole number of cells",
			     len);
		return;
	}
	if (len / 4 > PARTITION_MAX_CPUS) {
		config_error(p, ps, "vigil,cpus", "more than %d CPUs",
			     PARTITION_MAX_CPUS);
		return;
	}
	for (int i = 0; i < len / 4; i++)
		add_cpu(p, idx, fdt32_to_cpu(v[i]));
}
