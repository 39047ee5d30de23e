/* SPDX-License-Identifier: MIT */
/*
 * One page-table builder for Vigil's own map and every partition's stage-2
 * map. Generic code walks the levels; the architecture only encodes entries
 * (vigil/arch_pte.h). Tables use a 4 KiB granule with 512 entries per table;
 * level 3 maps 4 KiB pages, level 2 2 MiB blocks, level 1 1 GiB blocks.
 *
 * Mapping is two-phase: pt_map first counts the tables it needs and fails
 * with -VIGIL_ENOMEM before changing anything if the pool cannot supply
 * them, so an error never leaves a half-built map.
 */
#ifndef VIGIL_PAGETABLE_H
#define VIGIL_PAGETABLE_H

#include <vigil/types.h>

#define PT_ENTRIES 512
#define PT_PAGE_SIZE 4096
#define PT_LEAF_LEVEL 3

/* Which translation regime the table is for; selects the entry encoding. */
enum pt_stage {
	PT_STAGE_HYP,   /* Vigil's own translation (ARM: EL2 stage 1) */
	PT_STAGE_GUEST, /* a partition's second stage (ARM: stage 2) */
};

enum pt_memtype {
	PT_MEM_NORMAL, /* write-back cacheable, inner shareable */
	PT_MEM_DEVICE, /* device, non-gathering, non-reordering */
};

struct pt_attrs {
	enum pt_memtype type;
	bool write;
	bool exec;
};

/* A fixed pool of zeroed 4 KiB pages, set aside at build time. */
struct pt_pool {
	uint64_t (*pages)[PT_ENTRIES];
	unsigned int count;
	unsigned int used;
};

struct pagetable {
	enum pt_stage stage;
	unsigned int root_level; /* 0..2: the level of the root table */
	uint64_t *root;
	struct pt_pool *pool;
};

/*
 * Takes a root table from the pool. Returns 0; -VIGIL_EINVAL if root_level
 * is above 2 or the pool's pages are not 4 KiB aligned; -VIGIL_ENOMEM if the
 * pool is empty. Addresses translated span (1 << (12 + 9 * (4 - root_level)))
 * bytes.
 */
int pt_init(struct pagetable *pt, enum pt_stage stage, unsigned int root_level,
	    struct pt_pool *pool);

/* Bytes of input address space the table translates. */
uint64_t pt_input_size(const struct pagetable *pt);

/*
 * Maps [va, va + size) to [pa, pa + size) with attrs, using the largest
 * block each aligned piece allows (never above level 1). Returns 0;
 * -VIGIL_EINVAL if an address or the size is not 4 KiB aligned, the size is
 * 0, the range leaves the input space, or [pa, pa + size) wraps or does not
 * fit the architecture's output addresses; -VIGIL_EBUSY if any part is
 * already mapped; -VIGIL_ENOMEM if the pool is too small. On error nothing
 * changes.
 */
int pt_map(struct pagetable *pt, uint64_t va, paddr_t pa, uint64_t size,
	   struct pt_attrs attrs);

/*
 * Looks va up. Returns true and fills *pa (and, if non-NULL, *level with the
 * level of the leaf) if it is mapped.
 */
bool pt_lookup(const struct pagetable *pt, uint64_t va, paddr_t *pa,
	       unsigned int *level);

#endif /* VIGIL_PAGETABLE_H */
