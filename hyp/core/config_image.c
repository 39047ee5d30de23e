/* SPDX-License-Identifier: MIT */
/*
 * Where a partition's kernel image lies: on the host, in board memory and
 * clear of the reserved ranges; in the partition, inside one static-mem
 * region at its load address; and, once every partition is read, clear of
 * every partition's host memory, its own included.
 */
#include "config_internal.h"

/* The image's host range: non-empty, no wrap, in memory, not reserved.
 * Of a file not read yet only the size is checked. */
bool config_check_image_host(struct config_parser *p, struct part_state *ps,
			     const struct partition_config *part)
{
	uint64_t base = part->image_pa.pa, size = part->image_size;
	if (size == 0) {
		config_error(p, ps, "kernel", "image at 0x%llx is empty",
			     ULL(base));
		return false;
	}
	if (!ps->image_placed)
		return true;
	if (range_wraps(base, size)) {
		config_error(p, ps, "kernel",
			     "image at 0x%llx of 0x%llx bytes wraps around the end of "
			     "the address space", ULL(base), ULL(size));
		return false;
	}
	if (!board_memory_contains(p->board, base, size))
		config_error(p, ps, "kernel",
			     "image " RANGE " is not inside one board memory bank",
			     RANGE_ARGS(base, size));
	for (unsigned int i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (ranges_overlap(base, size, r->base, r->size))
			config_error(p, ps, "kernel",
				     "image " RANGE " overlaps %s (" RANGE ")",
				     RANGE_ARGS(base, size), r->what,
				     RANGE_ARGS(r->base, r->size));
	}
	return true;
}

/* [load, load + size) must lie inside one static-mem region. */
void config_check_image_fits(struct config_parser *p, struct part_state *ps,
			     const struct partition_config *part)
{
	uint64_t load = part->load_ipa.ipa, size = part->image_size;
	if (!range_wraps(load, size)) {
		for (unsigned int r = 0; r < part->mem_count; r++) {
			const struct mem_map *m = &part->mem[r];
			if (range_contains(m->ipa.ipa, m->size, load, size))
				return;
		}
	}
	config_error(p, ps, "kernel",
		     "image of 0x%llx bytes does not fit in partition memory at 0x%llx",
		     ULL(size), ULL(load));
}

/* Reports each partition memory region that image i overlaps. */
static void check_image_against_memory(struct config_parser *p,
				       unsigned int i)
{
	const struct partition_config *part = &p->out->part[i];
	for (unsigned int j = 0; j < p->out->count; j++) {
		const struct partition_config *o = &p->out->part[j];
		for (unsigned int r = 0; r < o->mem_count; r++) {
			const struct mem_map *m = &o->mem[r];
			if (!ranges_overlap(part->image_pa.pa, part->image_size,
					    m->pa.pa, m->size))
				continue;
			config_error(p, &p->state[i], "kernel",
				     "image " RANGE " overlaps partition '%s' "
				     "memory (" RANGE ")",
				     RANGE_ARGS(part->image_pa.pa,
						part->image_size),
				     p->state[j].shown,
				     RANGE_ARGS(m->pa.pa, m->size));
		}
	}
}

/* Every image against every partition's host memory, its own included. */
void config_check_images_against_memory(struct config_parser *p)
{
	for (unsigned int i = 0; i < p->out->count; i++) {
		if (p->state[i].image_ok && p->state[i].image_placed)
			check_image_against_memory(p, i);
	}
}
