/* SPDX-License-Identifier: MIT */
/*
 * Page-table entry encoding: the part of the page-table contract each
 * architecture supplies (hyp/arch/<arch>/pte.c). Generic code in
 * hyp/core/pagetable.c decides what to map where; these only say how an
 * entry looks. All are pure functions, so the host unit tests use the real
 * encodings.
 */
#ifndef VIGIL_ARCH_PTE_H
#define VIGIL_ARCH_PTE_H

#include <vigil/pagetable.h>

/* An entry that points to the next-level table at table_pa. */
uint64_t arch_pte_table(enum pt_stage stage, unsigned int level,
			paddr_t table_pa);

/* A leaf (block at levels 1-2, page at level 3) mapping pa with attrs. */
uint64_t arch_pte_leaf(enum pt_stage stage, unsigned int level, paddr_t pa,
		       struct pt_attrs attrs);

/* True if the entry translates (table or leaf). */
bool arch_pte_is_valid(uint64_t pte);

/* True if the entry at level points to a next-level table. */
bool arch_pte_is_table(uint64_t pte, unsigned int level);

/* The output address of a table or leaf entry. */
paddr_t arch_pte_address(uint64_t pte);

#endif /* VIGIL_ARCH_PTE_H */
