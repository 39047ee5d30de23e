/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vigil/arch_pte.h>

#include "pagetable_fixture.h"

_Alignas(PT_PAGE_SIZE) uint64_t pool_pages[POOL_PAGES][PT_ENTRIES];
struct pt_pool pool;

static uint64_t snapshot[POOL_PAGES][PT_ENTRIES];
static unsigned int snapshot_used;

void pool_reset(unsigned int count)
{
	memset(pool_pages, 0xa5, sizeof(pool_pages));
	pool = (struct pt_pool){ pool_pages, count, 0 };
}

void take_snapshot(void)
{
	memcpy(snapshot, pool_pages, sizeof(snapshot));
	snapshot_used = pool.used;
}

void assert_unchanged(void)
{
	assert_int_equal(pool.used, snapshot_used);
	assert_true(memcmp(snapshot, pool_pages, sizeof(snapshot)) == 0);
}

void new_table(struct pagetable *pt, enum pt_stage stage,
	       unsigned int root_level, unsigned int pool_count)
{
	pool_reset(pool_count);
	assert_int_equal(pt_init(pt, stage, root_level, &pool), 0);
	assert_int_equal(pool.used, 1);
	assert_ptr_equal(pt->root, pool_pages[0]);
}

void expect_mapped(const struct pagetable *pt, uint64_t va, uint64_t pa,
		   unsigned int level)
{
	paddr_t out = pa_init(0);
	unsigned int got_level = 99;

	assert_true(pt_lookup(pt, va, &out, &got_level));
	assert_int_equal(out.pa, pa);
	assert_int_equal(got_level, level);
}

void expect_unmapped(const struct pagetable *pt, uint64_t va)
{
	paddr_t out = pa_init(0x1234);

	assert_false(pt_lookup(pt, va, &out, NULL));
	assert_int_equal(out.pa, 0x1234);
}

unsigned int valid_entries(const uint64_t *table)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		n += arch_pte_is_valid(table[i]);
	return n;
}
