/* SPDX-License-Identifier: MIT */
/*
 * x86-64 long-mode entry encodings, 4-level paging, 4 KiB tables: the
 * x86-64 half of the page-table contract (vigil/arch_pte.h). Bit positions
 * and their AMD APM vol 2 sources are in pte_bits.h.
 *
 * PT_STAGE_HYP is Vigil's own map: supervisor-only entries. PT_STAGE_GUEST
 * is a partition's nested page table, which has the very same format
 * (15.25.5 "Nested Table Walk") but U/S = 1 at every level, since nested
 * accesses are user accesses.
 */
#include <vigil/arch_pte.h>

#include "pte_bits.h"

/* U/S for the stage: 1 at every level of a nested table. */
static uint64_t stage_user(enum pt_stage stage)
{
	return stage == PT_STAGE_GUEST ? PTE_US : 0;
}

uint64_t arch_pte_table(enum pt_stage stage, unsigned int level,
			paddr_t table_pa)
{
	/*
	 * Access rights are the most restrictive of all levels (5.6
	 * "Page-Protection Checks"), so a table entry grants everything
	 * (R/W = 1, NX = 0) and the leaf decides. PCD = PWT = 0: the next
	 * table is read write-back. PS = 0: a table, not a page.
	 */
	(void)level;
	return (table_pa.pa & PTE_ADDR_MASK) | PTE_P | PTE_RW | PTE_A |
	       stage_user(stage);
}

uint64_t arch_pte_leaf(enum pt_stage stage, unsigned int level, paddr_t pa,
		       struct pt_attrs attrs)
{
	uint64_t pte = (pa.pa & PTE_ADDR_MASK) | PTE_P | PTE_A |
		       stage_user(stage);

	if (level < PT_LEAF_LEVEL)
		pte |= PTE_PS; /* a 2 MiB (level 2) or 1 GiB (level 1) page */
	if (attrs.type == PT_MEM_DEVICE)
		pte |= PTE_MEM_UC | PTE_NX; /* never execute from a device */
	else
		pte |= PTE_MEM_WB;
	if (attrs.write)
		pte |= PTE_RW | PTE_D;
	if (!attrs.exec)
		pte |= PTE_NX;
	return pte;
}

bool arch_pte_is_valid(uint64_t pte)
{
	return (pte & PTE_P) != 0;
}

/* A PML4E always points to a table (its bit 7 must be zero); a PDPE or
 * PDE does unless PS is set; a PTE never does. */
bool arch_pte_is_table(uint64_t pte, unsigned int level)
{
	if (level >= PT_LEAF_LEVEL)
		return false;
	return level == 0 || (pte & PTE_PS) == 0;
}

paddr_t arch_pte_address(uint64_t pte)
{
	return pa_init(pte & PTE_ADDR_MASK);
}
