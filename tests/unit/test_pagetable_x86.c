/* SPDX-License-Identifier: MIT */
/*
 * The page-table builder (hyp/core/pagetable.c) with the real x86-64 entry
 * encodings (hyp/arch/x86_64/pte.c): 4-level long-mode paging, so every
 * table here starts at root level 0 (PML4, 48-bit input addresses). Tables
 * live in a static pool whose host addresses stand in for physical
 * addresses, as Vigil's 1:1 map does. Expected entries are written out bit
 * by bit from the AMD APM vol 2 (5.3, 5.4.1, 7.8, 15.25.5); see
 * hyp/arch/x86_64/pte_bits.h.
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

#include "../../hyp/arch/x86_64/pte_bits.h"
#include "pagetable_fixture.h"

#define ROOT 0 /* PML4 */
#define TOP ((uint64_t)1 << 48)
#define PA_TOP ((uint64_t)1 << 52)

static const struct pt_attrs normal_rwx = { PT_MEM_NORMAL, true, true };
static const struct pt_attrs normal_rw = { PT_MEM_NORMAL, true, false };
static const struct pt_attrs normal_rx = { PT_MEM_NORMAL, false, true };
static const struct pt_attrs normal_ro = { PT_MEM_NORMAL, false, false };
static const struct pt_attrs device_rw = { PT_MEM_DEVICE, true, false };
static const struct pt_attrs device_rwx = { PT_MEM_DEVICE, true, true };

/* The table a table entry points to. */
static uint64_t *next_table(uint64_t pte)
{
	return pa_ptr(arch_pte_address(pte));
}

static void input_size_48_bits(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, ROOT, 4);
	assert_int_equal(pt_input_size(&pt), TOP);
	assert_int_equal(valid_entries(pt.root), 0); /* zeroed when taken */
	new_table(&pt, PT_STAGE_GUEST, ROOT, 4);
	assert_int_equal(pt_input_size(&pt), TOP);
}

/*
 * 16 MiB, 2 MiB aligned, straddling the 1 GiB boundary at 0x40000000:
 * PML4 -> one PDP table -> two page directories of four 2 MiB pages each.
 */
static void blocks_2m(void **state)
{
	struct pagetable pt;
	const uint64_t va = GiB(1) - MiB(8), pa = 0x80000000 + MiB(6);

	(void)state;
	new_table(&pt, PT_STAGE_HYP, ROOT, 8);
	assert_int_equal(pt_map(&pt, va, pa_init(pa), MiB(16), normal_rw), 0);
	assert_int_equal(pool.used, 1 + 1 + 2);
	assert_int_equal(valid_entries(pt.root), 1);
	assert_int_equal(valid_entries(pool_pages[1]), 2);
	assert_int_equal(valid_entries(pool_pages[2]), 4);
	assert_int_equal(valid_entries(pool_pages[3]), 4);
	/*
	 * PD entry 508 ((1 GiB - 8 MiB) / 2 MiB), a 2 MiB page at
	 * 0x80600000 (5.3.4, Figure "2-Mbyte PDE-Long Mode"):
	 *   [0]     P    1                        0x001
	 *   [1]     R/W  1 writable               0x002
	 *   [2]     U/S  0 supervisor
	 *   [4:3]   PCD:PWT 00, PAT 0 -> PA0 WB
	 *   [5]     A    1                        0x020
	 *   [6]     D    1                        0x040
	 *   [7]     PS   1 2 MiB page             0x080
	 *   [51:21] 0x80600000 >> 21
	 *   [63]    NX   1                        0x8000000000000000
	 */
	assert_int_equal(pool_pages[2][508], 0x80000000806000e3ULL);

	expect_mapped(&pt, va, pa, 2);
	expect_mapped(&pt, va + MiB(8), pa + MiB(8), 2);
	expect_mapped(&pt, va + MiB(16) - 1, pa + MiB(16) - 1, 2);
	for (uint64_t off = 0; off < MiB(16); off += MiB(2))
		expect_mapped(&pt, va + off + 0x1234, pa + off + 0x1234, 2);
	expect_unmapped(&pt, va - 1);
	expect_unmapped(&pt, va + MiB(16));
	expect_unmapped(&pt, 0);
	expect_unmapped(&pt, TOP - 1);
	expect_unmapped(&pt, TOP);
	expect_unmapped(&pt, UINT64_MAX);
}

static void pages_when_unaligned(void **state)
{
	struct pagetable pt;
	const uint64_t va = 0x40001000, pa = 0x90003000;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, ROOT, 8);
	assert_int_equal(pt_map(&pt, va, pa_init(pa), KiB(20), normal_rw), 0);
	assert_int_equal(pool.used, 1 + 3); /* PDP, PD and PT */
	for (uint64_t off = 0; off < KiB(20); off += KiB(4))
		expect_mapped(&pt, va + off + 8, pa + off + 8, 3);
	expect_unmapped(&pt, va - 1);
	expect_unmapped(&pt, va + KiB(20));
	assert_int_equal(valid_entries(pool_pages[3]), 5);
	/* PT entry 1: a 4 KiB page, P|R/W|A|D = 0x063, PS/PAT 0, NX. */
	assert_int_equal(pool_pages[3][1], 0x8000000090003063ULL);

	/* va 2 MiB aligned but pa only 4 KiB aligned: pages only. */
	new_table(&pt, PT_STAGE_GUEST, ROOT, 8);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x80001000), MiB(2),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 1 + 3);
	assert_int_equal(valid_entries(pool_pages[3]), 512);
	expect_mapped(&pt, 0x40000000, 0x80001000, 3);
	expect_mapped(&pt, 0x40000000 + MiB(2) - 1, 0x80001000 + MiB(2) - 1,
		      3);
}

static void blocks_and_pages_mixed(void **state)
{
	struct pagetable pt;

	(void)state;
	/* A 2 MiB page, then two 4 KiB pages. */
	new_table(&pt, PT_STAGE_GUEST, ROOT, 8);
	assert_int_equal(pt_map(&pt, 0x40200000, pa_init(0x80200000),
				MiB(2) + KiB(8), normal_rwx),
			 0);
	assert_int_equal(pool.used, 1 + 3);
	expect_mapped(&pt, 0x40200000, 0x80200000, 2);
	expect_mapped(&pt, 0x40200000 + MiB(2) - 1, 0x80200000 + MiB(2) - 1, 2);
	expect_mapped(&pt, 0x40400000, 0x80400000, 3);
	expect_mapped(&pt, 0x40401fff, 0x80401fff, 3);
	expect_unmapped(&pt, 0x40402000);
	expect_unmapped(&pt, 0x401fffff);

	/* Two pages up to a 2 MiB boundary, then a 2 MiB page. */
	new_table(&pt, PT_STAGE_HYP, ROOT, 8);
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
	new_table(&pt, PT_STAGE_HYP, ROOT, 8);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(GiB(3)), GiB(1),
				normal_rwx),
			 0);
	assert_int_equal(pool.used, 2); /* the PDP table holds the page */
	expect_mapped(&pt, GiB(1), GiB(3), 1);
	expect_mapped(&pt, GiB(1) + GiB(1) / 2 + 5, GiB(3) + GiB(1) / 2 + 5, 1);
	expect_mapped(&pt, GiB(2) - 1, GiB(4) - 1, 1);
	expect_unmapped(&pt, GiB(2));
	expect_unmapped(&pt, GiB(1) - 1);
	/*
	 * PDPE 1, a 1 GiB page at 0xc0000000 (5.3.5, Figure "1-Gbyte
	 * PDPE-Long Mode"): P 0x001 | R/W 0x002 | A 0x020 | D 0x040 |
	 * PS 0x080 | [51:30] 0xc0000000 >> 30; executable, so NX = 0.
	 */
	assert_true(arch_pte_is_table(pt.root[0], 0));
	assert_int_equal(next_table(pt.root[0])[1], 0x00000000c00000e3ULL);

	/* The same in a nested table: U/S = 1 (0x004) as well. */
	new_table(&pt, PT_STAGE_GUEST, ROOT, 8);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(GiB(3)), GiB(1),
				normal_rwx),
			 0);
	assert_int_equal(pool.used, 2);
	assert_int_equal(next_table(pt.root[0])[1], 0x00000000c00000e7ULL);
	expect_mapped(&pt, GiB(1) + 77, GiB(3) + 77, 1);

	/* A 1 GiB aligned pa but a 2 MiB aligned va: 512 2 MiB pages. */
	new_table(&pt, PT_STAGE_GUEST, ROOT, 8);
	assert_int_equal(pt_map(&pt, GiB(1) + MiB(2), pa_init(GiB(3)), GiB(1),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 1 + 1 + 2);
	expect_mapped(&pt, GiB(1) + MiB(2), GiB(3), 2);
	expect_mapped(&pt, GiB(2) + MiB(2) - 1, GiB(4) - 1, 2);
}

/* The last 2 MiB of the 48-bit space: PML4 entry 511. */
static void top_of_the_input_space(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, ROOT, 8);
	assert_int_equal(pt_map(&pt, TOP - MiB(2), pa_init(0x40000000), MiB(2),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 3); /* PDP and PD tables */
	assert_int_equal(valid_entries(pt.root), 1);
	assert_true(arch_pte_is_valid(pt.root[511]));
	expect_mapped(&pt, TOP - 1, 0x40000000 + MiB(2) - 1, 2);
	expect_unmapped(&pt, TOP);
	take_snapshot();
	assert_int_equal(pt_map(&pt, TOP, pa_init(0), KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, TOP - KiB(4), pa_init(0), KiB(8),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_unchanged();
}

static void overlap_is_busy(void **state)
{
	struct pagetable pt;
	const uint64_t va = 0x40000000;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, ROOT, 16);
	assert_int_equal(pt_map(&pt, va, pa_init(0x80000000), MiB(16),
				normal_rw),
			 0);
	assert_int_equal(pt_map(&pt, va + GiB(1) - KiB(4), pa_init(0x90000000),
				KiB(4), normal_rw),
			 0);
	take_snapshot();

	/* The same range, one page inside a 2 MiB page, the last page. */
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
	/* A 2 MiB page over an existing table holding one page. */
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
	expect_mapped(&pt, va + GiB(1) - 1, 0x90000fff, 3);
}

static void pool_exhausted(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, ROOT, 5);
	take_snapshot();
	/* Pages either side of 1 GiB: a PDP, 2 PDs and 2 PTs; 4 left. */
	assert_int_equal(pt_map(&pt, GiB(1) - KiB(4), pa_init(0x80000000),
				KiB(8), normal_rw),
			 -VIGIL_ENOMEM);
	assert_unchanged();
	/* Exactly enough: a PDP, a PD and a PT. */
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0x80000000), KiB(8),
				normal_rw),
			 0);
	assert_int_equal(pool.used, 4);
	assert_int_equal(pt_map(&pt, GiB(2), pa_init(0x80000000), KiB(4),
				normal_rw),
			 -VIGIL_ENOMEM); /* needs a PD and a PT, 1 left */
	/* Needing no table still works. */
	assert_int_equal(pt_map(&pt, GiB(1) + KiB(8), pa_init(0x90000000),
				KiB(4), normal_rw),
			 0);
	assert_int_equal(pt_map(&pt, GiB(3), pa_init(GiB(3)), GiB(1),
				device_rw),
			 0);
	expect_mapped(&pt, GiB(1) + KiB(8), 0x90000000, 3);
	expect_mapped(&pt, GiB(3) + 5, GiB(3) + 5, 1);
	assert_int_equal(pool.used, 4);
}

static void bad_arguments(void **state)
{
	struct pagetable pt;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, ROOT, 8);
	assert_int_equal(pt_map(&pt, MiB(2), pa_init(MiB(2)), MiB(2),
				normal_rw),
			 0);
	take_snapshot();
	assert_int_equal(pt_map(&pt, GiB(1) + 0x800, pa_init(0), KiB(4),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0x10), KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0), KiB(4) + 1,
				normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(0), 0, normal_rw),
			 -VIGIL_EINVAL);
	/* Beyond the 48-bit input space a PML4 translates (5.3). */
	assert_int_equal(pt_map(&pt, TOP, pa_init(0), KiB(4), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, TOP - MiB(2), pa_init(0), MiB(4),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, UINT64_MAX - KiB(4) + 1, pa_init(0),
				KiB(8), normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(UINT64_MAX - KiB(4) + 1),
				KiB(8), normal_rw),
			 -VIGIL_EINVAL);
	/* Output addresses beyond the 52 bits an entry holds (51:12). */
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(PA_TOP), KiB(4),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_int_equal(pt_map(&pt, GiB(1), pa_init(PA_TOP - KiB(4)), KiB(8),
				normal_rw),
			 -VIGIL_EINVAL);
	assert_unchanged();
	/* The last page of both spaces is fine. */
	assert_int_equal(pt_map(&pt, TOP - KiB(4), pa_init(PA_TOP - KiB(4)),
				KiB(4), normal_rw),
			 0);
	expect_mapped(&pt, TOP - 1, PA_TOP - 1, 3);
}

/*
 * Leaf encodings, each written out from the AMD APM vol 2, 5.3.3-5.3.5
 * (entry formats) and 5.4.1 (fields), memory types from 7.8.2 with the
 * PAT at its reset value (PA0 = WB, PA3 = UC).
 */
static void leaf_encodings_hyp(void **state)
{
	(void)state;
	/*
	 * Vigil's data: Normal, read/write, no execute, 4 KiB page at
	 * 0x40000000:
	 *   [0] P 1 0x001 | [1] R/W 1 0x002 | [2] U/S 0 |
	 *   [3] PWT 0, [4] PCD 0, [7] PAT 0: PA0 = WB |
	 *   [5] A 1 0x020 | [6] D 1 0x040 | [51:12] 0x40000 | [63] NX 1
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x40000000),
				       normal_rw),
			 0x8000000040000063ULL);
	/* Vigil's text: read-only (R/W 0), executable (NX 0), clean
	 * (D 0: writes are not allowed anyway): P|A = 0x021. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0x40000000),
				       normal_rx),
			 0x0000000040000021ULL);
	/* Read-only data, a 2 MiB page: P|A|PS = 0x0a1, NX. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 2, pa_init(0x40200000),
				       normal_ro),
			 0x80000000402000a1ULL);
	/* RWX 2 MiB page: P|R/W|A|D|PS = 0x0e3. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 2, pa_init(0x40200000),
				       normal_rwx),
			 0x00000000402000e3ULL);
	/*
	 * The local APIC page, device memory, 4 KiB at 0xfee00000:
	 *   P 0x001 | R/W 0x002 | PWT 0x008 | PCD 0x010 (PAT index 3: UC) |
	 *   A 0x020 | D 0x040 | NX (always, for a device).
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0xfee00000),
				       device_rw),
			 0x80000000fee0007bULL);
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 3, pa_init(0xfee00000),
				       device_rwx),
			 0x80000000fee0007bULL);
	/* A 1 GiB device page at 0x80000000: + PS 0x080. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_HYP, 1, pa_init(0x80000000),
				       device_rw),
			 0x80000000800000fbULL);
}

static void leaf_encodings_nested(void **state)
{
	(void)state;
	/*
	 * A partition's RAM, RWX, 4 KiB at 0x50000000 (15.25.5: the same
	 * format as the host's tables):
	 *   P 0x001 | R/W 0x002 | U/S 0x004 (nested accesses are user
	 *   accesses) | PCD:PWT 00, PAT 0: host type WB, so the guest's PAT
	 *   type stands (15.25.8) | A 0x020 | D 0x040 | NX 0
	 */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x50000000),
				       normal_rwx),
			 0x0000000050000067ULL);
	/* Read/write, no execute, 2 MiB: + PS 0x080 + NX. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 2, pa_init(0x50200000),
				       normal_rw),
			 0x80000000502000e7ULL);
	/* Read-only, executable: P|U/S|A = 0x025. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0x50000000),
				       normal_rx),
			 0x0000000050000025ULL);
	/* An emulated or passed-through device page: UC (PCD|PWT), NX. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0xfee00000),
				       device_rw),
			 0x80000000fee0007fULL);
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 3, pa_init(0xfee00000),
				       device_rwx),
			 0x80000000fee0007fULL);
	/* A 1 GiB page, RWX. */
	assert_int_equal(arch_pte_leaf(PT_STAGE_GUEST, 1, pa_init(GiB(3)),
				       normal_rwx),
			 0x00000000c00000e7ULL);
}

static void table_entries_and_decoding(void **state)
{
	(void)state;
	/*
	 * Table entries grant everything and let the leaf decide: P 0x001 |
	 * R/W 0x002 | A 0x020, PS 0, NX 0, and U/S 0x004 in nested tables.
	 */
	assert_int_equal(arch_pte_table(PT_STAGE_HYP, 0, pa_init(0x12345000)),
			 0x0000000012345023ULL);
	assert_int_equal(arch_pte_table(PT_STAGE_HYP, 2, pa_init(0x12345000)),
			 0x0000000012345023ULL);
	assert_int_equal(arch_pte_table(PT_STAGE_GUEST, 1,
					pa_init(0x000ffffffffff000ULL)),
			 0x000ffffffffff027ULL);

	assert_false(arch_pte_is_valid(0));
	assert_false(arch_pte_is_valid(0x80000000402000e2ULL)); /* P = 0 */
	assert_true(arch_pte_is_valid(0x0000000000000001ULL));
	/* PML4Es are always tables; PDPEs and PDEs unless PS; PTEs never
	 * (their bit 7 is the PAT bit). */
	assert_true(arch_pte_is_table(0x12345023ULL, 0));
	assert_true(arch_pte_is_table(0x12345023ULL, 1));
	assert_true(arch_pte_is_table(0x12345023ULL, 2));
	assert_false(arch_pte_is_table(0x12345023ULL, 3));
	assert_false(arch_pte_is_table(0x00000000c00000e3ULL, 1));
	assert_false(arch_pte_is_table(0x80000000402000a1ULL, 2));
	assert_false(arch_pte_is_table(0x00000000402000a1ULL, 3));

	/* The address is bits 51:12, whatever NX and the low flags say. */
	assert_int_equal(arch_pte_address(0x8000000040000063ULL).pa,
			 0x40000000);
	assert_int_equal(arch_pte_address(0x80000000402000e7ULL).pa,
			 0x40200000);
	assert_int_equal(arch_pte_address(UINT64_MAX).pa,
			 0x000ffffffffff000ULL);
	assert_int_equal(PTE_ADDR_MASK, 0x000ffffffffff000ULL);

	/* The PAT's reset value: PA0 = 06h WB, PA3 = 00h UC (7.8.1). */
	assert_int_equal(PAT_RESET_VALUE & 0xff, 0x06);
	assert_int_equal((PAT_RESET_VALUE >> 24) & 0xff, 0x00);
	assert_int_equal(PTE_MEM_UC >> 3, 3); /* PCD:PWT = 11b, index 3 */
}

/* pt_map writes the arch encoding, at the level it chose. */
static void map_writes_arch_entries(void **state)
{
	struct pagetable pt;
	uint64_t *pdp, *pd, *ptab;

	(void)state;
	new_table(&pt, PT_STAGE_HYP, ROOT, 8);
	assert_int_equal(pt_map(&pt, 0x40200000, pa_init(0xfee00000),
				MiB(2) + KiB(4), device_rw),
			 0);
	/* PML4 0 -> PDP, PDPE 1 -> PD, PDE 1 -> a 2 MiB page. */
	assert_int_equal(pt.root[0],
			 (uint64_t)(uintptr_t)pool_pages[1] | 0x023);
	pdp = next_table(pt.root[0]);
	assert_true(arch_pte_is_table(pdp[1], 1));
	pd = next_table(pdp[1]);
	assert_ptr_equal(pd, pool_pages[2]);
	assert_int_equal(pd[1], 0x80000000fee000fbULL);
	/* PDE 2 -> PT, PTE 0 -> the 4 KiB page after it. */
	assert_true(arch_pte_is_table(pd[2], 2));
	ptab = next_table(pd[2]);
	assert_int_equal(ptab[0], 0x80000000ff00007bULL);
	assert_int_equal(valid_entries(ptab), 1);
}

/* Every entry, at every level, of a table and the tables below it. */
static void check_every_entry(const uint64_t *table, unsigned int level,
			      uint64_t must_set, uint64_t must_clear,
			      unsigned int *seen)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		uint64_t pte = table[i];

		if (!arch_pte_is_valid(pte))
			continue;
		(*seen)++;
		assert_int_equal(pte & must_set, must_set);
		assert_int_equal(pte & must_clear, 0);
		if (arch_pte_is_table(pte, level))
			check_every_entry(next_table(pte), level + 1, must_set,
					  must_clear, seen);
	}
}

/* 15.25.5: U/S = 1 at every level of a nested table, 0 in Vigil's. */
static void user_bit_at_every_level(void **state)
{
	struct pagetable pt;
	unsigned int seen = 0;

	(void)state;
	new_table(&pt, PT_STAGE_GUEST, ROOT, 16);
	assert_int_equal(pt_map(&pt, GiB(1) - KiB(4), pa_init(0x80000000),
				MiB(4) + KiB(4), normal_rwx),
			 0);
	assert_int_equal(pt_map(&pt, GiB(4), pa_init(GiB(4)), GiB(1),
				device_rw),
			 0);
	check_every_entry(pt.root, 0, PTE_US | PTE_P, 0, &seen);
	assert_true(seen > 5);

	seen = 0;
	new_table(&pt, PT_STAGE_HYP, ROOT, 16);
	assert_int_equal(pt_map(&pt, GiB(1) - KiB(4), pa_init(0x80000000),
				MiB(4) + KiB(4), normal_rwx),
			 0);
	check_every_entry(pt.root, 0, PTE_P, PTE_US, &seen);
	assert_true(seen > 5);
}

static void two_tables_share_a_pool(void **state)
{
	struct pagetable hyp, guest;
	const uint64_t va = 0x40000000;

	(void)state;
	pool_reset(16);
	assert_int_equal(pt_init(&hyp, PT_STAGE_HYP, ROOT, &pool), 0);
	assert_int_equal(pt_init(&guest, PT_STAGE_GUEST, ROOT, &pool), 0);
	assert_ptr_not_equal(hyp.root, guest.root);

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
	assert_int_equal(pool.used, 2 + 3 + 3 + 1);

	expect_mapped(&hyp, va + 5, 0x80000005, 3);
	expect_mapped(&hyp, va + KiB(8), 0x80002000, 3);
	expect_mapped(&guest, va + 5, 0x90000005, 3);
	expect_unmapped(&guest, va + KiB(8));
	expect_mapped(&guest, GiB(4), 0x40000000, 2);
	expect_unmapped(&hyp, GiB(4));

	/* Their leaves carry their own stage's encoding. */
	assert_int_equal(pool_pages[4][0], 0x8000000080000063ULL);
	assert_int_equal(pool_pages[7][0], 0x0000000090000067ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(input_size_48_bits),
		cmocka_unit_test(blocks_2m),
		cmocka_unit_test(pages_when_unaligned),
		cmocka_unit_test(blocks_and_pages_mixed),
		cmocka_unit_test(block_1g),
		cmocka_unit_test(top_of_the_input_space),
		cmocka_unit_test(overlap_is_busy),
		cmocka_unit_test(pool_exhausted),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(leaf_encodings_hyp),
		cmocka_unit_test(leaf_encodings_nested),
		cmocka_unit_test(table_entries_and_decoding),
		cmocka_unit_test(map_writes_arch_entries),
		cmocka_unit_test(user_bit_at_every_level),
		cmocka_unit_test(two_tables_share_a_pool),
	};
	return cmocka_run_group_tests_name("pagetable_x86", tests, NULL, NULL);
}
