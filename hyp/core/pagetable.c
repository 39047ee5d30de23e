/* SPDX-License-Identifier: MIT */
/*
 * The page-table builder behind Vigil's own map and every partition's
 * stage-2 map. It knows the shape of the tables (4 KiB granule, 512
 * entries, levels 0..3, blocks at levels 1 and 2) but not how an entry is
 * encoded; that is vigil/arch_pte.h.
 *
 * pt_map runs the same walk twice: a check pass that reads the tables,
 * refuses overlaps and counts the tables the mapping would add, then, only
 * if the pool can supply them, a commit pass that writes. The two passes
 * take identical decisions, so the commit pass cannot fail halfway.
 *
 * Table entries hold physical addresses; Vigil maps memory 1:1, so
 * pa_ptr() turns one into a pointer (the host tests use their static
 * arrays' addresses the same way).
 */
#include <vigil/arch_pte.h>
#include <vigil/hypercall.h>
#include <vigil/pagetable.h>
#include <vigil/string.h>

#define PT_PAGE_SHIFT 12
#define PT_INDEX_BITS 9
#define PT_MAX_ROOT_LEVEL 2
/* The lowest (largest) level that may hold a block: 1 GiB at level 1. */
#define PT_MIN_BLOCK_LEVEL 1

_Static_assert(PT_PAGE_SIZE == 1 << PT_PAGE_SHIFT, "4 KiB granule");
_Static_assert(PT_ENTRIES == 1 << PT_INDEX_BITS, "512 entries per table");
_Static_assert(sizeof(uint64_t[PT_ENTRIES]) == PT_PAGE_SIZE,
	       "a table fills one page");

static unsigned int level_shift(unsigned int level)
{
	return PT_PAGE_SHIFT + PT_INDEX_BITS * (PT_LEAF_LEVEL - level);
}

/* Bytes one entry of a table at this level translates. */
static uint64_t level_size(unsigned int level)
{
	return (uint64_t)1 << level_shift(level);
}

static unsigned int level_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> level_shift(level)) & (PT_ENTRIES - 1);
}

/* One 64-bit store, so a table walker never sees half an entry. */
static void pte_write(uint64_t *slot, uint64_t pte)
{
	*(volatile uint64_t *)slot = pte;
}

static uint64_t *pte_table_ptr(uint64_t pte)
{
	return pa_ptr(arch_pte_address(pte));
}

static uint64_t *pool_take(struct pt_pool *pool)
{
	uint64_t *page;

	if (pool->used >= pool->count)
		return NULL;
	page = pool->pages[pool->used++];
	memset(page, 0, PT_PAGE_SIZE);
	return page;
}

int pt_init(struct pagetable *pt, enum pt_stage stage, unsigned int root_level,
	    struct pt_pool *pool)
{
	uint64_t *root;

	if (root_level > PT_MAX_ROOT_LEVEL)
		return -VIGIL_EINVAL;
	if ((uintptr_t)pool->pages & (PT_PAGE_SIZE - 1))
		return -VIGIL_EINVAL;
	root = pool_take(pool);
	if (!root)
		return -VIGIL_ENOMEM;
	pt->stage = stage;
	pt->root_level = root_level;
	pt->root = root;
	pt->pool = pool;
	return 0;
}

uint64_t pt_input_size(const struct pagetable *pt)
{
	/* The root table's 512 entries, each level_size(root_level). */
	return level_size(pt->root_level) << PT_INDEX_BITS;
}

struct map_walk {
	struct pagetable *pt;
	struct pt_attrs attrs;
	bool commit;         /* false: check and count only, write nothing */
	unsigned long tables; /* check pass: new tables the mapping needs */
};

/*
 * Maps [va, va + size) to pa in the table at level, which the range lies
 * wholly inside. In the check pass table may be NULL: a table the mapping
 * would create, so every entry in it is invalid.
 */
static int map_range(struct map_walk *w, uint64_t *table, unsigned int level,
		     uint64_t va, uint64_t pa, uint64_t size)
{
	uint64_t span = level_size(level);

	while (size != 0) {
		unsigned int idx = level_index(va, level);
		/* Bytes from va to the end of the entry's range. */
		uint64_t room = span - (va & (span - 1));
		uint64_t chunk = size < room ? size : room;
		uint64_t pte = table ? table[idx] : 0;
		int err;

		if (arch_pte_is_valid(pte) && arch_pte_is_table(pte, level)) {
			err = map_range(w, pte_table_ptr(pte), level + 1, va,
					pa, chunk);
			if (err)
				return err;
		} else if (arch_pte_is_valid(pte)) {
			return -VIGIL_EBUSY;
		} else if (level >= PT_MIN_BLOCK_LEVEL && chunk == span &&
			   (pa & (span - 1)) == 0) {
			/* chunk == span: va is span-aligned too. */
			if (w->commit)
				pte_write(&table[idx],
					  arch_pte_leaf(w->pt->stage, level,
							pa_init(pa), w->attrs));
		} else {
			uint64_t *next = NULL;

			if (w->commit) {
				next = pool_take(w->pt->pool);
				if (!next) /* the check pass rules this out */
					return -VIGIL_ENOMEM;
			} else {
				w->tables++;
			}
			err = map_range(w, next, level + 1, va, pa, chunk);
			if (err)
				return err;
			/* Link the table only once it is filled. */
			if (w->commit)
				pte_write(&table[idx],
					  arch_pte_table(w->pt->stage, level,
							 pa_init((uintptr_t)next)));
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

int pt_map(struct pagetable *pt, uint64_t va, paddr_t pa, uint64_t size,
	   struct pt_attrs attrs)
{
	struct map_walk w = { .pt = pt, .attrs = attrs };
	uint64_t last_page;
	int err;

	if (size == 0 || ((va | pa.pa | size) & (PT_PAGE_SIZE - 1)))
		return -VIGIL_EINVAL;
	if (range_wraps(va, size) || range_wraps(pa.pa, size))
		return -VIGIL_EINVAL;
	if (!range_contains(0, pt_input_size(pt), va, size))
		return -VIGIL_EINVAL;
	/*
	 * The output range must fit the entries' address field: if its last
	 * page survives encoding, every lower page does.
	 */
	last_page = pa.pa + size - PT_PAGE_SIZE;
	if (arch_pte_address(arch_pte_leaf(pt->stage, PT_LEAF_LEVEL,
					   pa_init(last_page), attrs))
		    .pa != last_page)
		return -VIGIL_EINVAL;

	err = map_range(&w, pt->root, pt->root_level, va, pa.pa, size);
	if (err)
		return err;
	if (w.tables > pt->pool->count - pt->pool->used)
		return -VIGIL_ENOMEM;

	w.commit = true;
	return map_range(&w, pt->root, pt->root_level, va, pa.pa, size);
}

bool pt_lookup(const struct pagetable *pt, uint64_t va, paddr_t *pa,
	       unsigned int *level)
{
	const uint64_t *table = pt->root;

	if (va >= pt_input_size(pt))
		return false;
	for (unsigned int l = pt->root_level; l <= PT_LEAF_LEVEL; l++) {
		uint64_t pte = table[level_index(va, l)];

		if (!arch_pte_is_valid(pte))
			return false;
		if (arch_pte_is_table(pte, l)) {
			table = pte_table_ptr(pte);
			continue;
		}
		*pa = pa_init(arch_pte_address(pte).pa +
			      (va & (level_size(l) - 1)));
		if (level)
			*level = l;
		return true;
	}
	return false;
}
