/* SPDX-License-Identifier: MIT */
/*
 * The guest's four paging modes as one walk over a list of levels. Each
 * level takes some bits of the linear address as an index into a table
 * of 4- or 8-byte entries; an entry either maps a page (the last level,
 * or PS = 1 where a large page may be) or gives the next table. Section
 * numbers are of APM vol 2; 5.2 "Legacy-Mode Page Translation" covers
 * both 32-bit and PAE paging, 5.3 "Long-Mode Page Translation" the rest.
 */
#include <vigil/types.h>

#include "guest_paging.h"

/* Control-register bits that choose the mode (3.1.1 "CR0 Register", 3.1.3
 * "CR4 Register", 3.1.7 "Extended Feature Enable Register (EFER)"). */
#define CR0_PG (1ull << 31)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LMA (1ull << 10)

/* Entry bits common to every mode (5.4.1 "Field Definitions"): P, and PS
 * in an entry that may map a large page. */
#define ENTRY_P 0x1ull
#define ENTRY_PS 0x80ull

/* PAE and long-mode entries hold a physical address in bits 51:12; bit
 * 63 is NX and 62:52 are available to software or protection keys, never
 * address (5.2 PAE entry formats; 5.3.3 to 5.3.5; 5.4.1). A large page's
 * address starts at bit 21 or 30, bit 12 being its PAT bit. */
#define ENTRY64_ADDR 0x000ffffffffff000ull

/* 32-bit entries: a table or 4 KiB page at bits 31:12; a 4 MiB page at
 * bits 31:22, with physical-address bits 39:32 in the PDE's bits 20:13
 * (5.2, "4-Mbyte Page Translation": the page-size extension CPUID reports
 * as PSE36, 40 bits wide on AMD). This walk honours those high bits: a
 * guest that sets them means memory above 4 GiB, and the read callback
 * refuses it unless the partition has memory there. */
#define ENTRY32_ADDR 0xfffff000ull
#define ENTRY32_4M_ADDR 0xffc00000ull
#define ENTRY32_4M_HIGH_SHIFT 13
#define ENTRY32_4M_HIGH_MASK 0xffull

/* CR3: the 32-bit page directory is at bits 31:12; the PAE
 * page-directory-pointer table is 32-byte aligned below 4 GiB, at bits
 * 31:5 (5.2 "CR3 Register"); the long-mode PML4 is at bits 51:12, with
 * PWT/PCD or a PCID below (5.3.2 "CR3"). */
#define CR3_PAE_PDPT 0xffffffe0ull
#define CR3_LEGACY_PD 0xfffff000ull
#define CR3_LONG_PML4 ENTRY64_ADDR

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)

/* One level of a walk: the index is linear[shift + bits - 1 : shift]. */
struct level {
	unsigned int shift;
	unsigned int bits;
	bool large; /* PS = 1 here maps a page of 1 << shift bytes */
};

struct walk {
	const struct level *levels;
	unsigned int n;
	unsigned int entry_size; /* 4 or 8 bytes */
	uint64_t table;          /* the first table's guest-physical address */
};

/* 32-bit paging: page directory, page table ("4-Kbyte Page Translation");
 * the directory maps 4 MiB pages only with CR4.PSE ("4-Mbyte Page
 * Translation"). */
static const struct level legacy_levels[] = {
	{ 22, 10, false }, { 12, 10, false },
};
static const struct level legacy_pse_levels[] = {
	{ 22, 10, true }, { 12, 10, false },
};

/* PAE: 4 PDPTEs, then page directory (2 MiB pages) and page table (5.2,
 * "PAE Paging"). PS is reserved in a PAE PDPTE. */
static const struct level pae_levels[] = {
	{ 30, 2, false }, { 21, 9, true }, { 12, 9, false },
};

/* Long mode, 4 levels: PML4, PDPT (1 GiB pages), PD (2 MiB), PT (5.3.3
 * to 5.3.5). Bit 7 of a PML4E is reserved, so no large page there. */
static const struct level long_levels[] = {
	{ 39, 9, false }, { 30, 9, true }, { 21, 9, true }, { 12, 9, false },
};

static int read_entry(x86_guest_read_fn read, void *ctx, uint64_t gpa,
		      unsigned int size, uint64_t *entry)
{
	uint8_t b[8];

	if (read(ctx, gpa, b, size) < 0)
		return X86_PAGING_READ_FAILED;
	*entry = 0;
	for (unsigned int i = 0; i < size; i++) /* entries are little-endian */
		*entry |= (uint64_t)b[i] << (8 * i);
	return 0;
}

/* Where the page an entry maps starts, for a page of 1 << shift bytes. */
static uint64_t page_base(const struct walk *w, uint64_t entry,
			  unsigned int shift)
{
	if (w->entry_size == 8)
		return entry & ENTRY64_ADDR & ~((1ull << shift) - 1);
	if (shift == PAGE_SHIFT)
		return entry & ENTRY32_ADDR;
	return (entry & ENTRY32_4M_ADDR) |
	       ((entry >> ENTRY32_4M_HIGH_SHIFT) & ENTRY32_4M_HIGH_MASK) << 32;
}

static int walk_tables(const struct walk *w, uint64_t linear,
		       x86_guest_read_fn read, void *ctx, uint64_t *gpa)
{
	uint64_t table = w->table;

	for (unsigned int i = 0; i < w->n; i++) {
		const struct level *l = &w->levels[i];
		uint64_t index = (linear >> l->shift) & ((1ull << l->bits) - 1);
		uint64_t entry;
		int err = read_entry(read, ctx, table + index * w->entry_size,
				     w->entry_size, &entry);

		if (err)
			return err;
		if (!(entry & ENTRY_P))
			return X86_PAGING_NOT_PRESENT;
		if (i == w->n - 1 || (l->large && (entry & ENTRY_PS))) {
			*gpa = page_base(w, entry, l->shift) |
			       (linear & ((1ull << l->shift) - 1));
			return 0;
		}
		table = page_base(w, entry, PAGE_SHIFT);
	}
	return X86_PAGING_NOT_PRESENT; /* not reached: the last level maps */
}

/* 4-level long mode translates 48 bits; bits 63:48 must copy bit 47
 * (5.3.1 "Canonical Address Form"). */
static bool canonical48(uint64_t linear)
{
	uint64_t top = linear >> 47;

	return top == 0 || top == 0x1ffff;
}

int x86_guest_translate(const struct x86_guest_paging *paging,
			uint64_t linear, x86_guest_read_fn read, void *ctx,
			uint64_t *gpa)
{
	bool long_mode = paging->efer & EFER_LMA;
	struct walk w;

	if (!(paging->cr0 & CR0_PG)) {
		if (long_mode)
			return X86_PAGING_UNSUPPORTED; /* LMA = LME and PG */
		*gpa = linear & 0xffffffffull;
		return 0;
	}
	if (long_mode) {
		if (paging->cr4 & CR4_LA57)
			return X86_PAGING_UNSUPPORTED;
		if (!canonical48(linear))
			return X86_PAGING_NON_CANONICAL;
		w = (struct walk){ long_levels, ARRAY_SIZE(long_levels), 8,
				   paging->cr3 & CR3_LONG_PML4 };
	} else {
		linear &= 0xffffffffull; /* 32-bit linear addresses */
		if (paging->cr4 & CR4_PAE)
			w = (struct walk){ pae_levels,
					   ARRAY_SIZE(pae_levels), 8,
					   paging->cr3 & CR3_PAE_PDPT };
		else if (paging->cr4 & CR4_PSE)
			w = (struct walk){ legacy_pse_levels,
					   ARRAY_SIZE(legacy_pse_levels), 4,
					   paging->cr3 & CR3_LEGACY_PD };
		else
			w = (struct walk){ legacy_levels,
					   ARRAY_SIZE(legacy_levels), 4,
					   paging->cr3 & CR3_LEGACY_PD };
	}
	return walk_tables(&w, linear, read, ctx, gpa);
}

const char *x86_guest_paging_error(int err)
{
	switch (err) {
	case 0:
		return "translated";
	case X86_PAGING_NOT_PRESENT:
		return "not present in the guest's page tables";
	case X86_PAGING_READ_FAILED:
		return "guest page table outside the partition's memory";
	case X86_PAGING_UNSUPPORTED:
		return "unsupported paging mode";
	case X86_PAGING_NON_CANONICAL:
		return "non-canonical address";
	default:
		return "unknown paging error";
	}
}

unsigned int x86_guest_fetch(const struct x86_guest_paging *paging,
			     uint64_t linear, uint8_t *buf, unsigned int len,
			     x86_guest_read_fn read, void *ctx)
{
	unsigned int done = 0;

	while (done < len) {
		uint64_t at = linear + done, gpa;
		unsigned int chunk =
			PAGE_SIZE - (unsigned int)(at & (PAGE_SIZE - 1));

		if (chunk > len - done)
			chunk = len - done;
		if (x86_guest_translate(paging, at, read, ctx, &gpa) ||
		    read(ctx, gpa, buf + done, chunk) < 0)
			break;
		done += chunk;
	}
	return done;
}
