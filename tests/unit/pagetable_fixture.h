/* SPDX-License-Identifier: MIT */
/*
 * What the page-table tests of both encodings share (test_pagetable.c for
 * ARM64's, test_pagetable_x86.c for x86-64's): a static pool of table
 * pages whose host addresses stand in for physical addresses, a snapshot
 * of it to show that a refused call changed nothing, and lookups.
 */
#ifndef VIGIL_TEST_PAGETABLE_FIXTURE_H
#define VIGIL_TEST_PAGETABLE_FIXTURE_H

#include <stdint.h>
#include <vigil/pagetable.h>

#define POOL_PAGES 64

extern uint64_t pool_pages[POOL_PAGES][PT_ENTRIES];
extern struct pt_pool pool;

/* A pool of count pages, filled with garbage so zeroing on take shows. */
void pool_reset(unsigned int count);

/* Remembers every table page and the pool's count ... */
void take_snapshot(void);
/* ... and asserts they are as they were. */
void assert_unchanged(void);

/* A fresh pool of pool_count pages and a table whose root is its first. */
void new_table(struct pagetable *pt, enum pt_stage stage,
	       unsigned int root_level, unsigned int pool_count);

/* va translates to pa through a leaf at level. */
void expect_mapped(const struct pagetable *pt, uint64_t va, uint64_t pa,
		   unsigned int level);

/* va does not translate, and the lookup leaves its output alone. */
void expect_unmapped(const struct pagetable *pt, uint64_t va);

/* How many of the table's entries are valid. */
unsigned int valid_entries(const uint64_t *table);

#endif /* VIGIL_TEST_PAGETABLE_FIXTURE_H */
