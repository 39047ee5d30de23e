/* SPDX-License-Identifier: MIT */
/*
 * ARMv8-A VMSAv8-64 entry encodings, 4 KiB granule, 48-bit output
 * addresses: the arm64 half of the page-table contract (vigil/arch_pte.h).
 * Bit positions and their Arm ARM (DDI 0487) sources are in pte_bits.h.
 *
 * PT_STAGE_HYP is the EL2 stage-1 regime with HCR_EL2.E2H = 0, which has
 * a single VA range and a single privilege level; PT_STAGE_GUEST is the
 * EL1&0 stage 2 with HCR_EL2.FWB = 0.
 */
#include <vigil/arch_pte.h>

#include "pte_bits.h"

uint64_t arch_pte_table(enum pt_stage stage, unsigned int level,
			paddr_t table_pa)
{
	/*
	 * Same layout at both stages. The stage 1 hierarchical fields
	 * (APTable, XNTable, bits[62:59]) stay 0: no limit on what the next
	 * level grants.
	 */
	(void)stage;
	(void)level;
	return (table_pa.pa & PTE_ADDR_MASK) | PTE_TYPE_TABLE;
}

static uint64_t hyp_attrs(struct pt_attrs attrs)
{
	uint64_t pte = PTE_AF | PTE_AP_EL2_RES1;

	if (attrs.type == PT_MEM_DEVICE)
		pte |= PTE_ATTRINDX(MAIR_IDX_DEVICE) | PTE_XN;
	else
		pte |= PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!attrs.write)
		pte |= PTE_AP_RO;
	if (!attrs.exec)
		pte |= PTE_XN;
	return pte;
}

static uint64_t guest_attrs(struct pt_attrs attrs)
{
	uint64_t pte = PTE_AF | PTE_S2AP_R;

	if (attrs.type == PT_MEM_DEVICE)
		pte |= PTE_S2_MEMATTR(S2_MEMATTR_DEVICE_nGnRE) | PTE_XN;
	else
		pte |= PTE_S2_MEMATTR(S2_MEMATTR_NORMAL_WB) | PTE_SH_INNER;
	if (attrs.write)
		pte |= PTE_S2AP_W;
	if (!attrs.exec)
		pte |= PTE_XN;
	return pte;
}

uint64_t arch_pte_leaf(enum pt_stage stage, unsigned int level, paddr_t pa,
		       struct pt_attrs attrs)
{
	uint64_t pte = pa.pa & PTE_ADDR_MASK;

	pte |= level == PT_LEAF_LEVEL ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;
	pte |= stage == PT_STAGE_GUEST ? guest_attrs(attrs) : hyp_attrs(attrs);
	return pte;
}

bool arch_pte_is_valid(uint64_t pte)
{
	return (pte & PTE_VALID) != 0;
}

bool arch_pte_is_table(uint64_t pte, unsigned int level)
{
	return level < PT_LEAF_LEVEL && (pte & PTE_TYPE_MASK) == PTE_TYPE_TABLE;
}

paddr_t arch_pte_address(uint64_t pte)
{
	return pa_init(pte & PTE_ADDR_MASK);
}
