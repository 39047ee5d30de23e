/* SPDX-License-Identifier: MIT */
/*
 * The guest page-table walker (hyp/arch/x86_64/guest_paging.c): small
 * page tables built in a fake guest memory for each paging mode, large
 * pages, a not-present entry at each level, tables outside the partition,
 * and instruction fetches across page boundaries, decoded as the MMIO
 * handler would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../hyp/arch/x86_64/guest_paging.h"
#include "../../hyp/arch/x86_64/insn_decode.h"

/* The partition's memory: 64 pages at guest-physical 1 MiB. */
#define MEM_BASE 0x100000ull
#define MEM_PAGES 64
#define PAGE(n) (MEM_BASE + (uint64_t)(n) * 0x1000)

/* Register and entry bits, written out here rather than taken from the
 * walker, so that a wrong constant there shows (APM vol 2, 3.1 and 5.4). */
#define CR0_PE (1ull << 0)
#define CR0_PG (1ull << 31)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define P 0x1ull
#define RW 0x2ull
#define PS 0x80ull
#define PAT_LARGE (1ull << 12)
#define NX (1ull << 63)
#define PKEY (0xfull << 59) /* bits 62:59, and 58:52 free: never address */

struct fake_guest {
	uint8_t mem[MEM_PAGES * 0x1000];
	unsigned int reads;      /* calls that succeeded */
	unsigned int refused;    /* calls outside mem */
};

static struct fake_guest guest;

/* Refuses anything not wholly inside mem, as Vigil's callback refuses
 * anything outside the partition. */
static int fake_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct fake_guest *g = ctx;

	if (gpa < MEM_BASE || gpa - MEM_BASE > sizeof(g->mem) ||
	    len > sizeof(g->mem) - (gpa - MEM_BASE)) {
		g->refused++;
		return -1;
	}
	memcpy(buf, g->mem + (gpa - MEM_BASE), len);
	g->reads++;
	return 0;
}

static void put(uint64_t gpa, uint64_t v, unsigned int size)
{
	assert_true(gpa >= MEM_BASE &&
		    gpa + size <= MEM_BASE + sizeof(guest.mem));
	for (unsigned int i = 0; i < size; i++)
		guest.mem[gpa - MEM_BASE + i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint64_t table, unsigned int index, uint64_t entry)
{
	put(table + 4ull * index, entry, 4);
}

static void put64(uint64_t table, unsigned int index, uint64_t entry)
{
	put(table + 8ull * index, entry, 8);
}

static int reset(void **state)
{
	(void)state;
	memset(&guest, 0, sizeof(guest));
	return 0;
}

/* Translates and returns the result; *reads gets the table reads made. */
static int translate(const struct x86_guest_paging *pg, uint64_t linear,
		     uint64_t *gpa, unsigned int *reads)
{
	unsigned int before = guest.reads;
	int err;

	*gpa = 0xdead;
	err = x86_guest_translate(pg, linear, fake_read, &guest, gpa);
	*reads = guest.reads - before;
	return err;
}

static void expect_gpa(const struct x86_guest_paging *pg, uint64_t linear,
		       uint64_t want, unsigned int want_reads)
{
	uint64_t gpa;
	unsigned int reads;
	int err = translate(pg, linear, &gpa, &reads);

	if (err || gpa != want || reads != want_reads)
		fail_msg("linear %#llx: %d (%s) gpa %#llx after %u reads; want "
			 "%#llx after %u", (unsigned long long)linear, err,
			 x86_guest_paging_error(err), (unsigned long long)gpa,
			 reads, (unsigned long long)want, want_reads);
}

static void expect_error(const struct x86_guest_paging *pg, uint64_t linear,
			 int want)
{
	uint64_t gpa;
	unsigned int reads;
	int err = translate(pg, linear, &gpa, &reads);

	if (err != want)
		fail_msg("linear %#llx: %d (%s), want %d (%s)",
			 (unsigned long long)linear, err,
			 x86_guest_paging_error(err), want,
			 x86_guest_paging_error(want));
}

static void paging_off(void **state)
{
	struct x86_guest_paging pg = { .cr0 = CR0_PE, .cr4 = CR4_PAE };

	(void)state;
	expect_gpa(&pg, 0x12345678, 0x12345678, 0);
	/* outside long mode linear addresses are 32 bits */
	expect_gpa(&pg, 0xabcdef0012345678ull, 0x12345678, 0);
	/* long mode is active only with paging */
	pg.efer = EFER_LME | EFER_LMA;
	expect_error(&pg, 0x1000, X86_PAGING_UNSUPPORTED);
}

/* 32-bit paging: PD at page 0 (CR3 with PWT and PCD set), PT at page 1. */
static void legacy_32bit(void **state)
{
	struct x86_guest_paging pg = { .cr0 = CR0_PE | CR0_PG,
				       .cr3 = PAGE(0) | 0x18 };

	(void)state;
	put32(PAGE(0), 1, PAGE(1) | P | RW);
	put32(PAGE(1), 1, PAGE(5) | P | PS); /* bit 7 of a PTE is PAT */
	put32(PAGE(1), 3, PAGE(6) | RW);     /* not present */
	put32(PAGE(0), 3, 0x00c00000 | P | PS);
	/* a 4 MiB page with physical bits 39:32 = 0x12 in PDE bits 20:13 */
	put32(PAGE(0), 4, 0x01000000 | (0x12u << 13) | P | PS);

	expect_gpa(&pg, 0x00401234, PAGE(5) + 0x234, 2);
	expect_gpa(&pg, 0xffffffff00401234ull, PAGE(5) + 0x234, 2);
	expect_error(&pg, 0x00800000, X86_PAGING_NOT_PRESENT); /* PDE 2 */
	expect_error(&pg, 0x00402000, X86_PAGING_NOT_PRESENT); /* PTE 2 */
	expect_error(&pg, 0x00403000, X86_PAGING_NOT_PRESENT); /* PTE 3 */

	/* without CR4.PSE, PS is ignored: the entry names a page table at
	 * 0x00c00000, outside the partition */
	expect_error(&pg, 0x00c12345, X86_PAGING_READ_FAILED);
	assert_int_equal(guest.refused, 1);

	pg.cr4 = CR4_PSE;
	expect_gpa(&pg, 0x00c12345, 0x00c12345, 1);
	expect_gpa(&pg, 0x01023456, 0x1201023456ull, 1);
	expect_gpa(&pg, 0x00401234, PAGE(5) + 0x234, 2);
}

/* PAE: PDPT at page 0 + 0x20 (32-byte aligned), PD at page 1, PT at 2. */
static void pae(void **state)
{
	struct x86_guest_paging pg = { .cr0 = CR0_PE | CR0_PG,
				       .cr3 = PAGE(0) + 0x20, .cr4 = CR4_PAE };
	uint64_t pdpt = PAGE(0) + 0x20;

	(void)state;
	put64(pdpt, 2, PAGE(1) | P);
	put64(PAGE(1), 1, PAGE(2) | P | RW);
	put64(PAGE(2), 1, PAGE(6) | P | NX | PKEY);
	put64(PAGE(2), 3, PAGE(7) | NX); /* not present */
	/* a 2 MiB page above 4 GiB; its PAT bit is not address */
	put64(PAGE(1), 2, 0x140600000ull | PAT_LARGE | P | PS | NX);

	expect_gpa(&pg, 0x80201234, PAGE(6) + 0x234, 3);
	expect_gpa(&pg, 0x80412345, 0x140612345ull, 2);
	expect_error(&pg, 0xc0000000, X86_PAGING_NOT_PRESENT); /* PDPTE 3 */
	expect_error(&pg, 0x80600000, X86_PAGING_NOT_PRESENT); /* PDE 3 */
	expect_error(&pg, 0x80202000, X86_PAGING_NOT_PRESENT); /* PTE 2 */
	expect_error(&pg, 0x80203000, X86_PAGING_NOT_PRESENT); /* PTE 3 */
	/* outside long mode, bits 63:32 of the linear address do not count */
	expect_gpa(&pg, 0x1234567880201234ull, PAGE(6) + 0x234, 3);

	/* PSE does not matter under PAE */
	pg.cr4 |= CR4_PSE;
	expect_gpa(&pg, 0x80412345, 0x140612345ull, 2);
}

/*
 * Long mode: PML4 at page 0, PDPT at 1, PD at 2, PT at 3, for the low
 * half; PML4 entry 256 to PDPT at 4 and PD at 5 for the high half.
 */
static void build_long_mode(struct x86_guest_paging *pg)
{
	*pg = (struct x86_guest_paging){
		.cr0 = CR0_PE | CR0_PG, .cr3 = PAGE(0) | 0xabc, /* a PCID */
		.cr4 = CR4_PAE, .efer = EFER_LME | EFER_LMA,
	};
	put64(PAGE(0), 0, PAGE(1) | P | RW);
	put64(PAGE(1), 0, PAGE(2) | P | RW);
	put64(PAGE(2), 2, PAGE(3) | P | RW); /* 0x400000: the code pages */
	put64(PAGE(3), 0, PAGE(10) | P);
	put64(PAGE(3), 1, PAGE(8) | P);      /* below the page before it */
	put64(PAGE(3), 3, PAGE(9) | P);
	put64(PAGE(3), 4, 0x80000000ull | P); /* outside the partition */
	put64(PAGE(3), 5, 0x80000000ull | P);

	put64(PAGE(0), 1, PAGE(11) | P | RW | NX);
	put64(PAGE(11), 1, PAGE(12) | P | RW | PKEY);
	put64(PAGE(12), 1, PAGE(13) | P | RW);
	put64(PAGE(13), 1, PAGE(7) | P | NX | PKEY);
	/* a 1 GiB and a 2 MiB page, with their PAT bits set */
	put64(PAGE(11), 2, 0x4000000000ull | PAT_LARGE | P | PS);
	put64(PAGE(12), 2, 0x100000000ull | PAT_LARGE | P | PS | NX);

	put64(PAGE(0), 256, PAGE(4) | P | RW);
	put64(PAGE(4), 0, PAGE(5) | P | RW);
	put64(PAGE(5), 0, 0x200000ull | P | PS);
}

#define L4(a, b, c, d) (((uint64_t)(a) << 39) | ((uint64_t)(b) << 30) | \
			((uint64_t)(c) << 21) | ((uint64_t)(d) << 12))

static void long_mode(void **state)
{
	struct x86_guest_paging pg;

	(void)state;
	build_long_mode(&pg);
	expect_gpa(&pg, L4(1, 1, 1, 1) + 0x234, PAGE(7) + 0x234, 4);
	expect_gpa(&pg, L4(1, 2, 0, 0) + 0x12345678, 0x4012345678ull, 2);
	expect_gpa(&pg, L4(1, 1, 2, 0) + 0x1abcd, 0x10001abcdull, 3);
	expect_gpa(&pg, 0xffff800000001234ull, 0x201234, 3);
	expect_gpa(&pg, 0x400ffa, PAGE(10) + 0xffa, 4);

	expect_error(&pg, L4(2, 0, 0, 0), X86_PAGING_NOT_PRESENT);
	expect_error(&pg, L4(1, 3, 0, 0), X86_PAGING_NOT_PRESENT);
	expect_error(&pg, L4(1, 1, 3, 0), X86_PAGING_NOT_PRESENT);
	expect_error(&pg, L4(1, 1, 1, 2), X86_PAGING_NOT_PRESENT);
	assert_int_equal(guest.refused, 0);
}

static void long_mode_refusals(void **state)
{
	struct x86_guest_paging pg;
	uint64_t gpa;
	unsigned int reads;

	(void)state;
	build_long_mode(&pg);
	/* 4-level paging translates 48 bits; 63:48 must copy bit 47 */
	expect_error(&pg, 0x0000800000000000ull, X86_PAGING_NON_CANONICAL);
	expect_error(&pg, 0xffff7fffffffffffull, X86_PAGING_NON_CANONICAL);
	expect_error(&pg, 0x0001000000000000ull, X86_PAGING_NON_CANONICAL);
	expect_error(&pg, 0x8000000000000000ull, X86_PAGING_NON_CANONICAL);
	assert_int_equal(guest.reads, 0);

	pg.cr4 |= CR4_LA57;
	expect_error(&pg, 0x1000, X86_PAGING_UNSUPPORTED);
	pg.cr4 &= ~CR4_LA57;

	/* a table outside the partition: CR3, then a PML4 entry */
	pg.cr3 = 0x80000000ull;
	assert_int_equal(translate(&pg, 0x1000, &gpa, &reads),
			 X86_PAGING_READ_FAILED);
	assert_int_equal(reads, 0);
	pg.cr3 = PAGE(0);
	put64(PAGE(0), 3, 0x7ff000ull | P);
	expect_error(&pg, L4(3, 0, 0, 0), X86_PAGING_READ_FAILED);
	assert_int_equal(guest.refused, 2);
}

static void error_phrases(void **state)
{
	static const int errs[] = {
		X86_PAGING_NOT_PRESENT, X86_PAGING_READ_FAILED,
		X86_PAGING_UNSUPPORTED, X86_PAGING_NON_CANONICAL,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(
				x86_guest_paging_error(errs[i]),
				x86_guest_paging_error(errs[j]));
	assert_string_equal(x86_guest_paging_error(-99),
			    "unknown paging error");
}

/* movl $0x12345678,0x10(%rip): 10 bytes */
static const uint8_t movl_imm[] = { 0xc7, 0x05, 0x10, 0x00, 0x00, 0x00,
				    0x78, 0x56, 0x34, 0x12 };

/* The MMIO handler's path: fetch 15 bytes at RIP, decode what came. */
static int fetch_and_decode(const struct x86_guest_paging *pg, uint64_t rip,
			    unsigned int *fetched, struct x86_mmio_insn *insn)
{
	uint8_t buf[X86_INSN_MAX_LENGTH];

	memset(buf, 0xcc, sizeof(buf));
	*fetched = x86_guest_fetch(pg, rip, buf, sizeof(buf), fake_read,
				   &guest);
	return x86_decode_mmio(buf, *fetched, X86_MODE_64, insn);
}

static void fetch_across_pages(void **state)
{
	struct x86_guest_paging pg;
	struct x86_mmio_insn insn;
	unsigned int fetched;
	uint8_t buf[X86_INSN_MAX_LENGTH];

	(void)state;
	build_long_mode(&pg);
	/* 0x400ffa-0x401003: 6 bytes at the end of page 10, 4 at the start of
	 * page 8, which lies before it in guest-physical memory */
	put(PAGE(10) + 0xffa, 0x0000001005c7ull, 6);
	put(PAGE(8), 0x12345678, 4);
	put(PAGE(8) + 4, 0xccccccccccccccccull, 8);
	assert_int_equal(x86_guest_fetch(&pg, 0x400ffa, buf, sizeof(buf),
					 fake_read, &guest), 15);
	assert_memory_equal(buf, movl_imm, sizeof(movl_imm));
	assert_int_equal(fetch_and_decode(&pg, 0x400ffa, &fetched, &insn), 0);
	assert_int_equal(insn.length, 10);
	assert_int_equal(insn.imm, 0x12345678);

	/* the same instruction where the next page is not present: what
	 * there is comes back, and the decoder calls it truncated */
	put(PAGE(8) + 0xffa, 0x0000001005c7ull, 6);
	assert_int_equal(fetch_and_decode(&pg, 0x401ffa, &fetched, &insn),
			 X86_DECODE_TRUNCATED);
	assert_int_equal(fetched, 6);
	/* or where it maps outside the partition */
	put(PAGE(9) + 0xffa, 0x0000001005c7ull, 6);
	assert_int_equal(fetch_and_decode(&pg, 0x403ffa, &fetched, &insn),
			 X86_DECODE_TRUNCATED);
	assert_int_equal(fetched, 6);
	/* an instruction that ends at the page's end needs nothing more */
	put(PAGE(9) + 0xffe, 0x0389, 2); /* mov %eax,(%rbx) */
	assert_int_equal(fetch_and_decode(&pg, 0x403ffe, &fetched, &insn), 0);
	assert_int_equal(fetched, 2);
	assert_int_equal(insn.length, 2);

	/* nothing at all */
	assert_int_equal(x86_guest_fetch(&pg, 0x402000, buf, 15, fake_read,
					 &guest), 0);
	assert_int_equal(x86_guest_fetch(&pg, 0x404ff0, buf, 15, fake_read,
					 &guest), 0);
	assert_int_equal(x86_guest_fetch(&pg, 0x0000800000000000ull, buf, 15,
					 fake_read, &guest), 0);
	assert_int_equal(x86_guest_fetch(&pg, 0x400000, buf, 0, fake_read,
					 &guest), 0);
	/* inside one page: one read */
	guest.reads = 0;
	assert_int_equal(x86_guest_fetch(&pg, 0x400ff0, buf, 15, fake_read,
					 &guest), 15);
	assert_int_equal(guest.reads, 4 + 1);
}

/* Without paging, fetches still go page by page, and the 32-bit linear
 * address wraps. */
static void fetch_without_paging(void **state)
{
	struct x86_guest_paging pg = { .cr0 = CR0_PE };
	uint8_t buf[8];

	(void)state;
	put(PAGE(2) + 0xffc, 0x0807060504030201ull, 8);
	assert_int_equal(x86_guest_fetch(&pg, PAGE(2) + 0xffc, buf, 8,
					 fake_read, &guest), 8);
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[7], 8);
	assert_int_equal(x86_guest_fetch(&pg, 0x100000000ull + PAGE(2) + 0xffc,
					 buf, 8, fake_read, &guest), 8);
	/* the last page of the partition, then none */
	assert_int_equal(x86_guest_fetch(&pg, PAGE(MEM_PAGES) - 3, buf, 8,
					 fake_read, &guest), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(paging_off, reset),
		cmocka_unit_test_setup(legacy_32bit, reset),
		cmocka_unit_test_setup(pae, reset),
		cmocka_unit_test_setup(long_mode, reset),
		cmocka_unit_test_setup(long_mode_refusals, reset),
		cmocka_unit_test_setup(error_phrases, reset),
		cmocka_unit_test_setup(fetch_across_pages, reset),
		cmocka_unit_test_setup(fetch_without_paging, reset),
	};
	return cmocka_run_group_tests_name("x86_guest_paging", tests, NULL,
					   NULL);
}
