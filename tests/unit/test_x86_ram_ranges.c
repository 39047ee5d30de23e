/* SPDX-License-Identifier: MIT */
/*
 * From the UEFI memory map's RAM descriptors to the ranges Vigil maps on
 * x86-64 (hyp/arch/x86_64/ram_ranges.c): sorted, touching and overlapping
 * pieces merged, empty ones dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../hyp/arch/x86_64/ram_ranges.h"

#define N(a) ((unsigned int)(sizeof(a) / sizeof((a)[0])))

static void expect_ranges(const struct mem_range *got, unsigned int n,
			  const struct mem_range *want, unsigned int want_n)
{
	assert_int_equal(n, want_n);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(got[i].base, want[i].base);
		assert_int_equal(got[i].size, want[i].size);
	}
}

/* Shaped like the map OVMF gives QEMU's q35 with 1 GiB: many
 * descriptors of different types, out of order, that touch. */
static void q35_like_map(void **state)
{
	struct mem_range r[] = {
		{ 0x100000, 0x700000 },     /* conventional */
		{ 0x0, 0xa0000 },           /* conventional below 640 KiB */
		{ 0x808000, 0x8000 },       /* conventional, after a hole */
		{ 0x800000, 0x8000 },       /* ACPI NVS */
		{ 0x3f76d000, 0x80000 },    /* runtime data */
		{ 0x810000, 0x3eedd000 },   /* boot services, loader, ... */
		{ 0x3f7ed000, 0x813000 },   /* up to 1 GiB */
	};
	const struct mem_range want[] = {
		{ 0x0, 0xa0000 },
		{ 0x100000, 0x3f5ed000 },
		{ 0x3f76d000, 0x893000 },
	};

	(void)state;
	expect_ranges(r, ram_ranges_merge(r, N(r)), want, N(want));
}

static void overlaps_and_containment(void **state)
{
	struct mem_range r[] = {
		{ 0x5000, 0x3000 },   /* 0x5000-0x8000 */
		{ 0x1000, 0x2000 },   /* 0x1000-0x3000 */
		{ 0x6000, 0x1000 },   /* inside the first */
		{ 0x2000, 0x2000 },   /* overlaps 0x1000-0x3000: to 0x4000 */
		{ 0x7000, 0x4000 },   /* overlaps: to 0xb000 */
	};
	const struct mem_range want[] = {
		{ 0x1000, 0x3000 },
		{ 0x5000, 0x6000 },
	};

	(void)state;
	expect_ranges(r, ram_ranges_merge(r, N(r)), want, N(want));
}

static void empty_and_trivial(void **state)
{
	struct mem_range r[] = {
		{ 0x3000, 0 },
		{ 0x1000, 0x1000 },
		{ 0x2000, 0 }, /* empty, even where it touches */
		{ 0x9000, 0x1000 },
	};
	const struct mem_range want[] = {
		{ 0x1000, 0x1000 },
		{ 0x9000, 0x1000 },
	};
	struct mem_range one = { 0x1000, 0x1000 }, none = { 0x1000, 0 };

	(void)state;
	expect_ranges(r, ram_ranges_merge(r, N(r)), want, N(want));
	assert_int_equal(ram_ranges_merge(NULL, 0), 0);
	assert_int_equal(ram_ranges_merge(&one, 1), 1);
	assert_int_equal(one.base, 0x1000);
	assert_int_equal(ram_ranges_merge(&none, 1), 0);
}

/* The top of the address space, reached but not wrapped. */
static void up_to_the_top(void **state)
{
	struct mem_range r[] = {
		{ UINT64_MAX - 0x1fff, 0x1000 },
		{ UINT64_MAX - 0xfff, 0x1000 },
	};

	(void)state;
	assert_int_equal(ram_ranges_merge(r, N(r)), 1);
	assert_int_equal(r[0].base, UINT64_MAX - 0x1fff);
	assert_int_equal(r[0].size, 0x2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(q35_like_map),
		cmocka_unit_test(overlaps_and_containment),
		cmocka_unit_test(empty_and_trivial),
		cmocka_unit_test(up_to_the_top),
	};
	return cmocka_run_group_tests_name("x86_ram_ranges", tests, NULL, NULL);
}
