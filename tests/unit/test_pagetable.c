/* SPDX-License-Identifier: MIT */
/*
 * The page-table builder (hyp/core/pagetable.c) with the real arm64 entry
 * encodings (hyp/arch/arm64/pte.c). Tables live in a static pool whose
 * host addresses stand in for physical addresses, as Vigil's 1:1 map does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vigil/arch_pte.h>
#include <vigil/hypercall.h>
#include <vigil/pagetable.h>

#include "../../hyp/arch/arm64/pte_bits.h"
#include "pagetable_fixture.h"

static const struct pt_attrs normal_rwx = { PT_MEM_NORMAL, true, true };
static const struct pt_attrs normal_rw = { PT_MEM_NORMAL, true, false };
static const struct pt_attrs device_rw = { PT_MEM_DEVICE, true, false };

static void input_sizes(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, 1, 4);
	assert_int_equal(pt_input_size(&pt), GiB(512)); /* T0SZ = 25 */
	assert_true(valid_entries(pt.root) == 0); /* zeroed when taken */
	new_table(&pt, PT_STAGE_HYP, 0, 4);
	assert_int_equal(pt_input_size(&pt), (uint64_t)1 << 48);
	new_table(&pt, PT_STAGE_HYP, 2, 4);
	assert_int_equal(pt_input_size(&pt), GiB(1));

	pool_reset(4);
	assert_int_equal(pt_init(&pt, PT_STAGE_HYP, 3, &pool), -VIGIL_EINVAL);
	pool_reset(0);
	assert_int_equal(pt_init(&pt, PT_STAGE_HYP, 1, &pool), -VIGIL_ENOMEM);
	pool = (struct pt_pool){ (uint64_t(*)[PT_ENTRIES])&pool_pages[0][1],
				 4, 0 };
	assert_int_equal(pt_init(&pt, PT_STAGE_HYP, 1, &pool), -VIGIL_EINVAL);
	assert_int_equal(pool.used, 0);
}

/*
 * 16 MiB, 2 MiB aligned, straddling the 1 GiB boundary at 0x40000000: two
 * level-1 entries, so exactly two level-2 tables of four blocks each.
 */
static void blocks_2m(void **state)
{
	struct pagetable pt;
	const uint64_t va = GiB(1) - MiB(8), pa = 0x80000000 + MiB(6);

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, 1, 8);
	assert_int_equal(pt_map(&pt, va, pa_init(pa), MiB(16), normal_rw), 0);
	assert_int_equal(pool.used, 1 + 2);
	assert_int_equal(valid_entries(pt.root), 2);
	assert_int_equal(valid_entries(pool_pages[1]), 4);
	assert_int_equal(valid_entries(pool_pages[2]), 4);

	expect_mapped(&pt, va, pa, 2);
	expect_mapped(&pt, va + MiB(8), pa + MiB(8), 2);
	expect_mapped(&pt, va + MiB(8) - 1, pa + MiB(8) - 1, 2);
	expect_mapped(&pt, va + MiB(16) - 1, pa + MiB(16) - 1, 2);
	for (uint64_t off = 0; off < MiB(16); off += MiB(2))
		expect_mapped(&pt, va + off + 0x1234, pa + off + 0x1234, 2);

	expect_unmapped(&pt, va - 1);
	expect_unmapped(&pt, va + MiB(16));
	expect_unmapped(&pt, 0);
	expect_unmapped(&pt, GiB(512) - 1);
	expect_unmapped(&pt, GiB(512));
	expect_unmapped(&pt, UINT64_MAX);
}

static void pages_when_unaligned(void **state)
{
	struct pagetable pt;
	const uint64_t va = 0x40001000, pa = 0x90003000;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, 1, 8);
	assert_int_equal(pt_map(&pt, va, pa_init(pa), KiB(20), normal_rw), 0);
	assert_int_equal(pool.used, 1 + 2); /* a level-2 and a level-3 table */
	for (uint64_t off = 0; off < KiB(20); off += KiB(4))
		expect_mapped(&pt, va + off + 8, pa + off + 8, 3);
	expect_mapped(&pt, va + KiB(20) - 1, pa + KiB(20) - 1, 3);
	expect_unmapped(&pt, va - 1);
	expect_unmapped(&pt, va + KiB(20));
	assert_int_equal(valid_entries(pool_pages[2]), 5);

	/* va 2 MiB aligned but pa only 4 KiB aligned: pages only. */
	new_table(&pt, PT_STAGE_GUEST, 1, 8);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x80001000), MiB(2),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 1 + 2);
	assert_int_equal(valid_entries(pool_pages[2]), 512);
	expect_mapped(&pt, 0x40000000, 0x80001000, 3);
	expect_mapped(&pt, 0x40000000 + MiB(2) - 1, 0x80001000 + MiB(2) - 1,
		      3);
}

static void blocks_and_pages_mixed(void **state)
{
	struct pagetable pt;

	(void)state;
	/* 2 MiB block, then two 4 KiB pages. */
	new_table(&pt, PT_STAGE_GUEST, 1, 8);
	assert_int_equal(pt_map(&pt, 0x40200000, pa_init(0x80200000),
				MiB(2) + KiB(8), normal_rwx),
			 0);
	assert_int_equal(pool.used, 1 + 2);
	expect_mapped(&pt, 0x40200000, 0x80200000, 2);
	expect_mapped(&pt, 0x40200000 + MiB(2) - 1, 0x80200000 + MiB(2) - 1, 2);
	expect_mapped(&pt, 0x40400000, 0x80400000, 3);
	expect_mapped(&pt, 0x40401fff, 0x80401fff, 3);
	expect_unmapped(&pt, 0x40402000);
	expect_unmapped(&pt, 0x401fffff);

	/* Two pages up to a 2 MiB boundary, then a block. */
	new_table(&pt, PT_STAGE_HYP, 1, 8);
	assert_int_equal(pt_map(&pt, 0x401fe000, pa_init(0x801fe000),
				KiB(8) + MiB(2), normal_rwx),
			 0);
	expect_mapped(&pt, 0x401fe000, 0x801fe000, 3);
	expect_mapped(&pt, 0x401ff000, 0x801ff000, 3);
	expect_mapped(&pt, 0x40200000, 0x80200000, 2);
	expect_mapped(&pt, 0x403fffff, 0x803fffff, 2);
	expect_unmapped(&pt, 0x401fd000);
	expect_unmapped(&pt, 0x40400000);
}

static void block_1g(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, 1, 8);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(GiB(3)), GiB(1),
				normal_rwx),
			 0);
	assert_int_equal(pool.used, 1); /* the root holds the block */
	expect_mapped(&pt, GiB(1), GiB(3), 1);
	expect_mapped(&pt, GiB(1) + GiB(1) / 2 + 5, GiB(3) + GiB(1) / 2 + 5, 1);
	expect_mapped(&pt, GiB(2) - 1, GiB(4) - 1, 1);
	expect_unmapped(&pt, GiB(2));
	expect_unmapped(&pt, GiB(1) - 1);
	/*
	 * Root entry 1: 0xc0000000 | AF (0x400) | SH inner (0x300) |
	 * AP[1] RES1 (0x40) | AttrIndx 0 | block (0b01) = 0xc0000741.
	 */
	assert_int_equal(pt.root[1], 0x00000000c0000741ULL);

	/* Same from a level-0 root: one level-1 table is needed. */
	new_table(&pt, PT_STAGE_GUEST, 0, 8);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(GiB(3)), GiB(1),
				normal_rwx),
			 0);
	assert_int_equal(pool.used, 2);
	expect_mapped(&pt, GiB(1) + 77, GiB(3) + 77, 1);

	/* A 1 GiB aligned pa but 2 MiB aligned va: 512 level-2 blocks. */
	new_table(&pt, PT_STAGE_GUEST, 1, 8);
	assert_int_equal(pt_map(&pt, GiB(1) + MiB(2), pa_init(GiB(3)), GiB(1),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 3);
	expect_mapped(&pt, GiB(1) + MiB(2), GiB(3), 2);
	expect_mapped(&pt, GiB(2) + MiB(2) - 1, GiB(4) - 1, 2);
}

static void root_level_0_top(void **state)
{
	struct pagetable pt;
	const uint64_t top = (uint64_t)1 << 48;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, 0, 8);
	assert_int_equal(pt_map(&pt, top - MiB(2), pa_init(0x40000000), MiB(2),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 3); /* level-1 and level-2 tables */
	expect_mapped(&pt, top - 1, 0x40000000 + MiB(2) - 1, 2);
	expect_unmapped(&pt, top);
	take_snapshot();
	assert_int_equal(pt_map(&pt, top, pa_init(0), KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, top - KiB(4), pa_init(0), KiB(8),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_unchanged();
}

static void overlap_is_busy(void **state)
{
	struct pagetable pt;
	const uint64_t va = 0x40000000;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, 1, 16);
	assert_int_equal(pt_map(&pt, va, pa_init(0x80000000), MiB(16),
				normal_rw),
			 0);
	assert_int_equal(pt_map(&pt, va + GiB(1) - KiB(4), pa_init(0x90000000),
				KiB(4), normal_rw),
			 0);
	take_snapshot();

	/* The same range, one page inside a block, the last page. */
	assert_int_equal(pt_map(&pt, va, pa_init(0xa0000000), MiB(16),
				normal_rw),
			 -VIGIL_EBUSY);
	assert_int_equal(pt_map(&pt, va + MiB(3), pa_init(0xa0000000), KiB(4),
				normal_rw),
			 -VIGIL_EBUSY);
	assert_int_equal(pt_map(&pt, va + MiB(16) - KiB(4),
				pa_init(0xa0000000), KiB(4), normal_rw),
			 -VIGIL_EBUSY);
	/* Unmapped first (needing new tables), overlapping only at its end. */
	assert_int_equal(pt_map(&pt, va - MiB(2) - KiB(4), pa_init(0xa0000000),
				MiB(2) + KiB(8), normal_rw),
			 -VIGIL_EBUSY);
	assert_int_equal(pt_map(&pt, va + MiB(16), pa_init(0xa0000000),
				GiB(1) - MiB(16), normal_rw),
			 -VIGIL_EBUSY);
	/* A block over an existing table holding one page. */
	assert_int_equal(pt_map(&pt, va + GiB(1) - MiB(2), pa_init(0xa0000000),
				MiB(2), normal_rw),
			 -VIGIL_EBUSY);
	assert_unchanged();

	/* Right next to both mappings is still free. */
	assert_int_equal(pt_map(&pt, va + MiB(16), pa_init(0xa0000000),
				GiB(1) - MiB(16) - KiB(4), normal_rw),
			 0);
	assert_int_equal(pt_map(&pt, va - KiB(4), pa_init(0xb0000000), KiB(4),
				normal_rw),
			 0);
	expect_mapped(&pt, va - 1, 0xb0000fff, 3);
	expect_mapped(&pt, va, 0x80000000, 2);
	expect_mapped(&pt, va + GiB(1) - KiB(4) - 1,
		      0xa0000000 + GiB(1) - MiB(16) - KiB(4) - 1, 3);
	expect_mapped(&pt, va + GiB(1) - 1, 0x90000fff, 3);
}

static void pool_exhausted(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, 1, 3);
	take_snapshot();
	/* Pages either side of 1 GiB: 2 level-2 + 2 level-3 tables, 2 left. */
	assert_int_equal(pt_map(&pt, GiB(1) - KiB(4), pa_init(0x80000000),
				KiB(8), normal_rw),
			 -VIGIL_ENOMEM);
	assert_unchanged();
	/* Exactly enough. */
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0x80000000), KiB(8),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 3);
	take_snapshot();
	assert_int_equal(pt_map(&pt, GiB(2), pa_init(0x80000000), KiB(4),
				normal_rw),
			 -VIGIL_ENOMEM);
	assert_unchanged();
	/* Needing no table still works with the pool empty. */
	assert_int_equal(pt_map(&pt, GiB(1) + KiB(8), pa_init(0x90000000),
				KiB(4), normal_rw),
			 0);
	assert_int_equal(pt_map(&pt, GiB(3), pa_init(GiB(3)), GiB(1),
				device_rw),
			 0);
	expect_mapped(&pt, GiB(1) + KiB(8), 0x90000000, 3);
	expect_mapped(&pt, GiB(3) + 5, GiB(3) + 5, 1);
}

static void bad_arguments(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, 1, 8);
	assert_int_equal(pt_map(&pt, MiB(2), pa_init(MiB(2)), MiB(2),
				normal_rw),
			 0);
	take_snapshot();
	/* Unaligned va, pa, size. */
	assert_int_equal(pt_map(&pt, GiB(1) + 0x800, pa_init(0), KiB(4),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0x10), KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0), KiB(4) + 1,
				normal_rw),
			 -VIGIL_EINVAL);
	/* Zero size. */
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0), 0, normal_rw),
			 -VIGIL_EINVAL);
	/* Beyond the 512 GiB input space: starting at, straddling its end. */
	assert_int_equal(pt_map(&pt, GiB(512), pa_init(0), KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(512) - MiB(2), pa_init(0), MiB(4),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0), GiB(512), normal_rw),
			 -VIGIL_EINVAL);
	/* Wrapping va, wrapping pa. */
	assert_int_equal(pt_map(&pt, UINT64_MAX - KiB(4) + 1, pa_init(0),
				KiB(8), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(UINT64_MAX - KiB(4) + 1),
				KiB(8), normal_rw),
			 -VIGIL_EINVAL);
	/* Output addresses beyond the 48 bits an entry holds. */
	assert_int_equal(pt_map(&pt, GiB(1), pa_init((uint64_t)1 << 48),
				KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1),
				pa_init(((uint64_t)1 << 48) - KiB(4)), KiB(8),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_unchanged();
	/* The last page of both spaces is fine. */
	assert_int_equal(pt_map(&pt, GiB(512) - KiB(4),
				pa_init(((uint64_t)1 << 48) - KiB(4)), KiB(4),
				normal_rw),
			 0);
	expect_mapped(&pt, GiB(512) - 1, ((uint64_t)1 << 48) - 1, 3);
}

/*
 * Leaf encodings, each written out from the Arm ARM (DDI 0487) D8.3.1.2
 * "VMSAv8-64 Block descriptor and Page descriptor formats" and the
 * sections cited in hyp/arch/arm64/pte_bits.h.
 */
static void leaf_encodings(void **state)
{
	const struct pt_attrs normal_ro_x = { PT_MEM_NORMAL, false, true };
	const struct pt_attrs normal_ro = { PT_MEM_NORMAL, false, false };
	const struct pt_attrs device_rwx = { PT_MEM_DEVICE, true, true };

	(void)state;
	/*
	 * Stage 2, Normal, read/write, no execute, level-3 page at
	 * 0x40000000:
	 *   [1:0]   0b11   page                       0x003
	 *   [5:2]   0b1111 MemAttr Normal WB/WB        0x03c
	 *   [7:6]   0b11   S2AP read/write             0x0c0
	 *   [9:8]   0b11   SH Inner Shareable          0x300
	 *   [10]    1      AF                          0x400
	 *   [47:12] 0x40000                            0x40000000
	 *   [54]    1      XN                          0x0040000000000000
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x40000000),
				       normal_rw),
			 0x00400000400007ffULL);
	/* Stage 2, Normal RWX, level-2 block: [1:0] = 0b01, no XN. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 2, pa_init(0x40200000),
				       normal_rwx),
			 0x00000000402007fdULL);
	/* Stage 2, Normal read-only exec page: S2AP = 0b01 (0x040). */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x40000000),
				       normal_ro_x),
			 0x000000004000077fULL);
	/*
	 * Stage 2, Device-nGnRE, read/write page at 0x09000000:
	 *   0b11 page 0x003 | MemAttr 0b0001 0x004 | S2AP 0b11 0x0c0 |
	 *   SH 0b00 | AF 0x400 | XN (always, device) bit 54.
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x09000000),
				       device_rw),
			 0x00400000090004c7ULL);
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x09000000),
				       device_rwx),
			 0x00400000090004c7ULL);
	/*
	 * EL2 stage 1, Normal, read/write, executable page at 0x40200000:
	 *   [1:0]   0b11  page                        0x003
	 *   [4:2]   0     AttrIndx -> MAIR Attr0      0x000
	 *   [7:6]   0b01  AP[2] = 0 RW, AP[1] RES1    0x040
	 *   [9:8]   0b11  SH Inner Shareable          0x300
	 *   [10]    1     AF                          0x400
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x40200000),
				       normal_rwx),
			 0x0000000040200743ULL);
	/* EL2, Normal RW, no execute: + XN bit 54. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x40200000),
				       normal_rw),
			 0x0040000040200743ULL);
	/* EL2, Normal read-only, no execute, level-2 block: AP = 0b11 (0x0c0),
	 * [1:0] = 0b01. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 2, pa_init(0x40200000),
				       normal_ro),
			 0x00400000402007c1ULL);
	/*
	 * EL2, Device-nGnRE, read/write page at 0x09000000:
	 *   0b11 page 0x003 | AttrIndx 1 0x004 | AP 0b01 0x040 | SH 0 |
	 *   AF 0x400 | XN (always, device) bit 54.
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x09000000),
				       device_rw),
			 0x0040000009000447ULL);
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x09000000),
				       device_rwx),
			 0x0040000009000447ULL);
	/* A 1 GiB level-1 block: OA 0x80000000, EL2 device. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 1, pa_init(0x80000000),
				       device_rw),
			 0x0040000080000445ULL);
}

static void table_entries_and_decoding(void **state)
{
	(void)state;
	/* Next-level table address | 0b11, both stages. */
	assert_int_equal(arch_pte_table(PT_STAGE_HYP, 1, pa_init(0x12345000)),
			 0x0000000012345003ULL);
	assert_int_equal(arch_pte_table(PT_STAGE_GUEST, 0,
					pa_init(0x0000fffffffff000ULL)),
			 0x0000fffffffff003ULL);

	assert_false(arch_pte_is_valid(0));
	assert_false(arch_pte_is_valid(0x0040000040200742ULL));
	assert_true(arch_pte_is_valid(0x0000000040200741ULL));
	assert_true(arch_pte_is_table(0x12345003ULL, 0));
	assert_true(arch_pte_is_table(0x12345003ULL, 2));
	assert_false(arch_pte_is_table(0x12345003ULL, 3)); /* a page */
	assert_false(arch_pte_is_table(0x00000000402007c1ULL, 2)); /* block */
	assert_int_equal(arch_pte_address(0x00400000400007ffULL).pa,
			 0x40000000);
	assert_int_equal(arch_pte_address(0xfff0fffffffff7ffULL).pa,
			 0x0000fffffffff000ULL);

	/* MAIR_EL2: Attr0 = 0xff Normal WB RW-allocate, Attr1 = 0x04 nGnRE. */
	assert_int_equal(MAIR_EL2_VALUE, 0x04ffULL);
	assert_int_equal(MAIR_IDX_NORMAL, 0);
	assert_int_equal(MAIR_IDX_DEVICE, 1);
}

/* pt_map writes the arch encoding, at the level it chose. */
static void map_writes_arch_entries(void **state)
{
	struct pagetable pt;
	uint64_t l2_pte, *l2, *l3;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, 1, 8);
	assert_int_equal(pt_map(&pt, 0x40200000, pa_init(0x09000000),
				MiB(2) + KiB(4), device_rw),
			 0);
	/* Root (level 1) index 1 -> level-2 table, index 1 -> block. */
	assert_true(arch_pte_is_table(pt.root[1], 1));
	l2 = pa_ptr(arch_pte_address(pt.root[1]));
	assert_ptr_equal(l2, pool_pages[1]);
	l2_pte = l2[1];
	assert_int_equal(l2_pte, 0x0040000009000445ULL);
	/* Index 2 -> level-3 table, index 0 -> page. */
	assert_true(arch_pte_is_table(l2[2], 2));
	l3 = pa_ptr(arch_pte_address(l2[2]));
	assert_int_equal(l3[0], 0x0040000009200447ULL);
	assert_int_equal(valid_entries(l3), 1);
}

static void two_tables_share_a_pool(void **state)
{
	struct pagetable hyp, guest;
	const uint64_t va = 0x40000000;

	(void)state;
	pool_reset(16);
	assert_int_equal(pt_init(&hyp, PT_STAGE_HYP, 1, &pool), 0);
	assert_int_equal(pt_init(&guest, PT_STAGE_GUEST, 1, &pool), 0);
	assert_ptr_not_equal(hyp.root, guest.root);

	/* Interleaved, so their tables alternate in the pool. */
	assert_int_equal(pt_map(&hyp, va, pa_init(0x80000000), KiB(8),
				normal_rw),
			 0);
	assert_int_equal(pt_map(&guest, va, pa_init(0x90000000), KiB(8),
				normal_rwx),
			 0);
	assert_int_equal(pt_map(&hyp, va + KiB(8), pa_init(0x80002000),
				KiB(4), normal_rw),
			 0);
	assert_int_equal(pt_map(&guest, GiB(4), pa_init(0x40000000), MiB(2),
				normal_rwx),
			 0);
	assert_int_equal(pool.used, 2 + 2 + 2 + 1);

	expect_mapped(&hyp, va + 5, 0x80000005, 3);
	expect_mapped(&hyp, va + KiB(8), 0x80002000, 3);
	expect_mapped(&guest, va + 5, 0x90000005, 3);
	expect_unmapped(&guest, va + KiB(8));
	expect_mapped(&guest, GiB(4), 0x40000000, 2);
	expect_unmapped(&hyp, GiB(4));

	/* Busy in one is free in the other. */
	assert_int_equal(pt_map(&guest, va + KiB(8), pa_init(0xa0000000),
				KiB(4), normal_rwx),
			 0);
	assert_int_equal(pt_map(&hyp, va, pa_init(0xa0000000), KiB(4),
				normal_rw),
			 -VIGIL_EBUSY);
	expect_mapped(&guest, va + KiB(8), 0xa0000000, 3);
	expect_mapped(&hyp, va + KiB(8), 0x80002000, 3);

	/* Their leaves carry their own stage's encoding. */
	assert_int_equal(
		pool_pages[3][0],
		arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x80000000), normal_rw));
	assert_int_equal(pool_pages[5][0],
			 arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x90000000),
				       normal_rwx));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(input_sizes),
		cmocka_unit_test(blocks_2m),
		cmocka_unit_test(pages_when_unaligned),
		cmocka_unit_test(blocks_and_pages_mixed),
		cmocka_unit_test(block_1g),
		cmocka_unit_test(root_level_0_top),
		cmocka_unit_test(overlap_is_busy),
		cmocka_unit_test(pool_exhausted),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(leaf_encodings),
		cmocka_unit_test(table_entries_and_decoding),
		cmocka_unit_test(map_writes_arch_entries),
		cmocka_unit_test(two_tables_share_a_pool),
	};
	return cmocka_run_group_tests_name("pagetable", tests, NULL, NULL);
}
