/* SPDX-License-Identifier: MIT */
/*
 * One vigil,static-mem region: its own shape (non-empty, 4 KiB aligned, no
 * wrap), which decides whether it is kept; then where it lies: below the
 * guest-physical limit, in board memory, clear of the reserved ranges, of
 * the partitions before it and of its partition's earlier regions.
 */
#include "config_internal.h"

#define CONFIG_ALIGN 0x1000ULL

/* Checks one region's own shape; on failure it is not kept. */
static bool region_well_formed(struct config_parser *p, struct part_state *ps,
			       const struct mem_map *m)
{
	if (m->size == 0) {
		config_error(p, ps, "vigil,static-mem",
			     "guest 0x%llx, host 0x%llx: size is 0",
			     ULL(m->ipa.ipa), ULL(m->pa.pa));
		return false;
	}
	if ((m->ipa.ipa | m->pa.pa | m->size) & (CONFIG_ALIGN - 1)) {
		config_error(p, ps, "vigil,static-mem",
			     "guest 0x%llx, host 0x%llx, size 0x%llx: not 4 KiB aligned",
			     ULL(m->ipa.ipa), ULL(m->pa.pa), ULL(m->size));
		return false;
	}
	if (range_wraps(m->ipa.ipa, m->size) || range_wraps(m->pa.pa, m->size)) {
		config_error(p, ps, "vigil,static-mem",
			     "guest 0x%llx, host 0x%llx, size 0x%llx: wraps around the "
			     "end of the address space",
			     ULL(m->ipa.ipa), ULL(m->pa.pa), ULL(m->size));
		return false;
	}
	return true;
}

/* The guest range must lie below the limit, the host range in board memory. */
static void check_region_bounds(struct config_parser *p, struct part_state *ps,
				const struct mem_map *m)
{
	uint64_t limit = p->limits->ipa_size;
	if (!range_contains(0, limit, m->ipa.ipa, m->size))
		config_error(p, ps, "vigil,static-mem",
			     "guest " RANGE " is beyond the guest-physical limit 0x%llx",
			     RANGE_ARGS(m->ipa.ipa, m->size), ULL(limit));
	if (!board_memory_contains(p->board, m->pa.pa, m->size))
		config_error(p, ps, "vigil,static-mem",
			     "host " RANGE " is not inside one board memory bank",
			     RANGE_ARGS(m->pa.pa, m->size));
}

static void check_region_reserved(struct config_parser *p,
				  struct part_state *ps, const struct mem_map *m)
{
	for (unsigned int i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (ranges_overlap(m->pa.pa, m->size, r->base, r->size))
			config_error(p, ps, "vigil,static-mem",
				     "host " RANGE " overlaps %s (" RANGE ")",
				     RANGE_ARGS(m->pa.pa, m->size), r->what,
				     RANGE_ARGS(r->base, r->size));
	}
}

/* Against the host memory of the partitions before idx. */
static void check_region_others(struct config_parser *p, unsigned int idx,
				const struct mem_map *m)
{
	for (unsigned int i = 0; i < idx; i++) {
		const struct partition_config *o = &p->out->part[i];
		for (unsigned int r = 0; r < o->mem_count; r++) {
			const struct mem_map *om = &o->mem[r];
			if (ranges_overlap(m->pa.pa, m->size, om->pa.pa, om->size))
				config_error(p, &p->state[idx],
					     "vigil,static-mem",
					     "host " RANGE " overlaps partition '%s' ("
					     RANGE ")",
					     RANGE_ARGS(m->pa.pa, m->size),
					     p->state[i].shown,
					     RANGE_ARGS(om->pa.pa, om->size));
		}
	}
}

/* Against the partition's own regions before this one, in both spaces. */
static void check_region_own(struct config_parser *p, unsigned int idx,
			     const struct mem_map *m)
{
	const struct partition_config *part = &p->out->part[idx];
	struct part_state *ps = &p->state[idx];
	for (unsigned int r = 0; r < part->mem_count; r++) {
		const struct mem_map *om = &part->mem[r];
		if (ranges_overlap(m->pa.pa, m->size, om->pa.pa, om->size))
			config_error(p, ps, "vigil,static-mem",
				     "host " RANGE " overlaps its region at host "
				     RANGE,
				     RANGE_ARGS(m->pa.pa, m->size),
				     RANGE_ARGS(om->pa.pa, om->size));
		if (ranges_overlap(m->ipa.ipa, m->size, om->ipa.ipa, om->size))
			config_error(p, ps, "vigil,static-mem",
				     "guest " RANGE " overlaps its region at guest "
				     RANGE,
				     RANGE_ARGS(m->ipa.ipa, m->size),
				     RANGE_ARGS(om->ipa.ipa, om->size));
	}
}

/*
 * Keeps the region in partition idx if its shape is right, after reporting
 * every problem with where it lies; returns false if it was not kept.
 */
bool config_add_region(struct config_parser *p, unsigned int idx,
		       const struct mem_map *m)
{
	struct partition_config *part = &p->out->part[idx];
	if (!region_well_formed(p, &p->state[idx], m))
		return false;
	check_region_bounds(p, &p->state[idx], m);
	check_region_reserved(p, &p->state[idx], m);
	check_region_others(p, idx, m);
	check_region_own(p, idx, m);
	part->mem[part->mem_count++] = *m;
	return true;
}
