/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 translation table entry bits for the 4 KiB granule with 48-bit
 * output addresses (TCR_EL2.DS / VTCR_EL2.DS = 0), and the MAIR_EL2 value
 * whose attribute indexes the EL2 stage-1 entries use. Usable from C and
 * assembly.
 *
 * References are to the Arm Architecture Reference Manual for A-profile
 * (DDI 0487), chapter D8 "The AArch64 Virtual Memory System Architecture",
 * and the MAIR_EL2 register description in the AArch64 system register
 * chapter (D19 in older issues, D24 in newer ones). Section numbers are
 * those of a recent issue; the titles quoted are stable across issues.
 */
#ifndef VIGIL_ARM64_PTE_BITS_H
#define VIGIL_ARM64_PTE_BITS_H

#ifdef __ASSEMBLER__
#define PTE_U64(x) x
#else
#define PTE_U64(x) x##ULL
#endif

/*
 * Descriptor type, bits[1:0] (D8.3 "Translation table descriptor formats",
 * Table D8-48 "Determination of descriptor type"): bit[0] = valid; at
 * levels 0-2 bit[1] = 1 is a Table and 0 a Block; at level 3 bit[1] = 1 is
 * a Page and 0 is reserved (treated as invalid). With the 4 KiB granule
 * and 48-bit OAs, Blocks exist only at level 1 (OA[47:30]) and level 2
 * (OA[47:21]) (D8.3.1.2 "VMSAv8-64 Block descriptor and Page descriptor
 * formats", Table D8-52).
 */
#define PTE_VALID PTE_U64(0x1)
#define PTE_TYPE_MASK PTE_U64(0x3)
#define PTE_TYPE_TABLE PTE_U64(0x3) /* levels 0-2 */
#define PTE_TYPE_BLOCK PTE_U64(0x1) /* levels 1-2 */
#define PTE_TYPE_PAGE PTE_U64(0x3)  /* level 3 */

/*
 * Next-level table address / output address, bits[47:12] (D8.3.1.1
 * "VMSAv8-64 Table descriptor format", Table D8-50: NLTA[47:12] for the
 * 4 KiB granule; D8.3.1.2: the Block and Page descriptor OA is at the same
 * bits, a Block's bits below its size being RES0).
 */
#define PTE_ADDR_MASK PTE_U64(0x0000fffffffff000)

/* ---- Lower and upper attributes of Block and Page descriptors ---- */

/*
 * Stage 1: AttrIndx[2:0], bits[4:2], selects MAIR_ELx.Attr<n>
 * (D8.6.1 "Stage 1 memory type and Cacheability attributes").
 */
#define PTE_ATTRINDX_SHIFT 2
#define PTE_ATTRINDX(n) (PTE_U64(n) << PTE_ATTRINDX_SHIFT)

/*
 * Stage 1, translation regime with one Exception level (EL2 with
 * HCR_EL2.E2H = 0): bit[7] is AP[2], 0 = read/write, 1 = read-only at EL2
 * (D8.4.1.2.1 "Stage 1 data accesses using Direct permissions", Table D8-62
 * "Data access permissions for a stage 1 translation supporting one
 * Exception level"); bit[6] is AP[1], which "is RES1" in such a regime
 * (same section), so Vigil always sets it.
 */
#define PTE_AP_RO PTE_U64(0x80)       /* AP[2], bit 7 */
#define PTE_AP_EL2_RES1 PTE_U64(0x40) /* AP[1], bit 6 */

/*
 * SH[1:0], bits[9:8], 0b11 = Inner Shareable (D8.6.2 "Stage 1 Shareability
 * attributes", D8.6.7 "Stage 2 Shareability attributes", Table D8-102).
 * Device memory is treated as Outer Shareable whatever SH says, so Vigil
 * leaves SH 0 for it.
 */
#define PTE_SH_SHIFT 8
#define PTE_SH_INNER PTE_U64(0x300)

/*
 * AF, bit[10], the Access flag (D8.3.1.2, stage 1 and stage 2 Block and
 * Page descriptor fields; D8.5 "Hardware updates to the translation
 * tables"). Vigil does not use hardware AF management, so every leaf has
 * AF = 1 or its first access would fault.
 */
#define PTE_AF PTE_U64(0x400)

/*
 * Execute-never, bit[54]: XN for a stage 1 regime with one privilege level
 * (D8.4.1.2.3 "Stage 1 instruction execution using Direct permissions"),
 * XN (XN[1] when FEAT_XNX is implemented, where XN[1:0] = 0b10 still means
 * "no execution at EL1 or EL0") for stage 2 (D8.4.2.1.1 "Stage 2 data
 * accesses using Direct permissions", Tables D8-77 and D8-78).
 */
#define PTE_XN PTE_U64(0x0040000000000000)

/*
 * Stage 2: MemAttr[3:0], bits[5:2], with HCR_EL2.FWB = 0 (D8.6.5 "Stage 2
 * memory type and Cacheability attributes when FWB is disabled", Table
 * D8-96 "Stage 2 MemAttr[3:0] encoding"): 0b1111 = Normal, Outer and Inner
 * Write-Back Cacheable; 0b0001 = Device-nGnRE.
 */
#define PTE_S2_MEMATTR_SHIFT 2
#define PTE_S2_MEMATTR(x) (PTE_U64(x) << PTE_S2_MEMATTR_SHIFT)
#define S2_MEMATTR_NORMAL_WB 0xf
#define S2_MEMATTR_DEVICE_nGnRE 0x1

/*
 * Stage 2: S2AP[1:0], bits[7:6] (D8.4.2.1.1, Table D8-76 "Data access
 * permissions for a stage 2 translation"): 0b01 = read-only, 0b10 =
 * write-only, 0b11 = read/write; so bit 6 grants read, bit 7 write.
 */
#define PTE_S2AP_R PTE_U64(0x40) /* S2AP[0], bit 6 */
#define PTE_S2AP_W PTE_U64(0x80) /* S2AP[1], bit 7 */

/* ---- MAIR_EL2 ---- */

/*
 * MAIR_EL2.Attr<n> is bits[8n+7:8n]. Encodings (MAIR_EL2 field
 * descriptions): 0b0000dd00 = Device, dd = 0b01 Device-nGnRE, so 0x04;
 * 0boooo_iiii with oooo = iiii = 0b1111 = Normal, Outer and Inner
 * Write-Back Non-transient, Read-Allocate, Write-Allocate, so 0xff.
 */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1
#define MAIR_ATTR_NORMAL_WB PTE_U64(0xff)
#define MAIR_ATTR_DEVICE_nGnRE PTE_U64(0x04)
#define MAIR_ATTR(attr, idx) ((attr) << (8 * (idx)))

/* = 0x04ff */
#define MAIR_EL2_VALUE                                      \
	(MAIR_ATTR(MAIR_ATTR_NORMAL_WB, MAIR_IDX_NORMAL) |  \
	 MAIR_ATTR(MAIR_ATTR_DEVICE_nGnRE, MAIR_IDX_DEVICE))

#endif /* VIGIL_ARM64_PTE_BITS_H */
