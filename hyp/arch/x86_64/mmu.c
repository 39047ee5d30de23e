/* SPDX-License-Identifier: MIT */
/*
 * Vigil's own x86-64 translation, replacing the firmware's after
 * ExitBootServices: 1:1, 4-level long-mode paging, the board's RAM (from
 * the UEFI memory map) write-back and the local APIC uncacheable, nothing
 * else (the console UART is in I/O space). Vigil's text and the AP
 * trampoline's code page below 1 MiB (smp.c) are the only executable
 * memory, and they are read-only; everything else is writable and never
 * executable.
 *
 * GNU-EFI's linker script puts .rodata inside .data, beside the GOT the
 * relocation writes, so Vigil's constants stay writable: only the text is
 * split off. References are to the AMD64 APM vol 2; entry bits are in
 * pte_bits.h.
 */
#include <vigil/arch.h>
#include <vigil/log.h>
#include <vigil/pagetable.h>

#include "pte_bits.h"
#include "x86.h"
#include "x86_64.h"

/*
 * QEMU's q35 with 1 GiB of RAM takes 8: the PML4, a PDP, a page directory
 * for the RAM (2 MiB pages where aligned) and one for the local APIC's
 * GiB, and page tables where a range or Vigil's text starts or ends off a
 * 2 MiB boundary, and for the local APIC. Each further GiB of RAM costs a
 * page directory, each such boundary in it a page table.
 */
#define HYP_PT_PAGES 64
#define HYP_ROOT_LEVEL 0 /* the PML4: 48-bit addresses (5.3) */

static uint64_t hyp_pt_pages[HYP_PT_PAGES][PT_ENTRIES]
	__attribute__((aligned(PT_PAGE_SIZE)));
static struct pt_pool hyp_pool = { hyp_pt_pages, HYP_PT_PAGES, 0 };
static struct pagetable hyp_pt;

/* CPUID Fn8000_0001 EDX (APM vol 3, appendix E.4.2): bit 20 NX, bit 26
 * Page1GB (1 GiB pages in PDPEs, vol 2 5.3.5). */
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EDX_NX (1u << 20)
#define CPUID_EDX_PAGE1GB (1u << 26)

/* EFER, MSR C000_0080h, bit 11 NXE: enables the NX bit (3.1.7). */
#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ull << 11)
/* CR0 bit 16 WP: read-only pages hold against CPL 0 too (3.1.1). */
#define CR0_WP (1ull << 16)
/* CR4 bit 7 PGE: global pages; clearing it flushes the whole TLB, the
 * firmware's global entries with it (3.1.3; 5.5 "Translation-Lookaside
 * Buffer"). Vigil does not use global pages. */
#define CR4_PGE (1ull << 7)

/* APIC_BASE, MSR 0000_001Bh: the local APIC's physical page in bits 51:12
 * (16.3.1 "Local APIC Enable"); one 4 KiB page of registers. */
#define MSR_APIC_BASE 0x1bu
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define LAPIC_SIZE 4096

/* GNU-EFI's linker script (elf_x86_64_efi.lds): .text starts on a page,
 * and the next section on the page after _etext. */
extern char _text[] __attribute__((visibility("hidden")));
extern char _etext[] __attribute__((visibility("hidden")));

static bool page_1g;

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static void map_or_panic(uint64_t base, uint64_t size, struct pt_attrs attrs,
			 const char *what)
{
	int rc = pt_map(&hyp_pt, base, pa_init(base), size, attrs);
	if (rc)
		panic("cannot map %s at %#lx (+%#lx) for Vigil: error %d (%u of "
		      "%u table pages used)", what, (unsigned long)base,
		      (unsigned long)size, rc, hyp_pool.used, hyp_pool.count);
}

/*
 * Maps [start, end). pt_map uses a 1 GiB page for any aligned GiB a call
 * covers whole; without Page1GB such a GiB is mapped as its first 2 MiB
 * and then the rest, so that it gets a page directory instead.
 */
static void map_1to1(uint64_t start, uint64_t end, struct pt_attrs attrs,
		     const char *what)
{
	while (start < end) {
		uint64_t next = end;

		if (!page_1g) {
			uint64_t gib = align_up(start + 1, GiB(1));
			if ((start & (GiB(1) - 1)) == 0 && end - start >= GiB(1))
				next = start + MiB(2);
			else if (gib < end)
				next = gib;
		}
		map_or_panic(start, next - start, attrs, what);
		start = next;
	}
}

/* The executable pages: Vigil's text and, if smp.c has one, the AP
 * trampoline's code page; in address order. */
struct exec_range {
	uint64_t base, end;
	const char *what;
};

static uint64_t trampoline_pa;
static bool have_trampoline;

void mmu_set_trampoline(uint64_t pa)
{
	trampoline_pa = pa;
	have_trampoline = true;
}

/* One RAM range; the executable ranges inside it read-only and executable,
 * the rest around them data. */
static void map_ram(const struct mem_range *r, const struct exec_range *x,
		    unsigned int n)
{
	const struct pt_attrs data = { PT_MEM_NORMAL, true, false };
	const struct pt_attrs code = { PT_MEM_NORMAL, false, true };
	uint64_t at = r->base;
	uint64_t end = r->base + r->size;

	for (unsigned int i = 0; i < n; i++) {
		if (!range_contains(r->base, r->size, x[i].base,
				    x[i].end - x[i].base))
			continue;
		map_1to1(at, x[i].base, data, "RAM");
		map_1to1(x[i].base, x[i].end, code, x[i].what);
		at = x[i].end;
	}
	map_1to1(at, end, data, "RAM");
}

static bool text_in_ram(const struct board *board, uint64_t text,
			uint64_t text_end)
{
	for (unsigned int i = 0; i < board->memory_count; i++)
		if (range_contains(board->memory[i].base, board->memory[i].size,
				   text, text_end - text))
			return true;
	return false;
}

static void build_hyp_map(const struct board *board)
{
	uint64_t text = (uintptr_t)_text;
	uint64_t text_end = align_up((uintptr_t)_etext, PT_PAGE_SIZE);
	const struct pt_attrs device = { PT_MEM_DEVICE, true, false };

	if (!text_in_ram(board, text, text_end))
		panic("Vigil's text %#lx-%#lx lies in no RAM range of the UEFI "
		      "memory map", (unsigned long)text, (unsigned long)text_end);
	if (pt_init(&hyp_pt, PT_STAGE_HYP, HYP_ROOT_LEVEL, &hyp_pool))
		panic("no page for Vigil's root table");
	struct exec_range x[2] = { { text, text_end, "Vigil's text" } };
	unsigned int n = 1;
	if (have_trampoline) {
		if (!text_in_ram(board, trampoline_pa,
				 trampoline_pa + PT_PAGE_SIZE))
			panic("the AP trampoline %#lx lies in no RAM range of "
			      "the UEFI memory map",
			      (unsigned long)trampoline_pa);
		if (range_contains(text, text_end - text, trampoline_pa,
				   PT_PAGE_SIZE))
			panic("the AP trampoline %#lx lies in Vigil's text",
			      (unsigned long)trampoline_pa);
		struct exec_range t = { trampoline_pa,
					trampoline_pa + PT_PAGE_SIZE,
					"the AP trampoline" };
		if (t.base < text) {
			x[1] = x[0];
			x[0] = t;
		} else {
			x[1] = t;
		}
		n = 2;
	}
	for (unsigned int i = 0; i < board->memory_count; i++)
		map_ram(&board->memory[i], x, n);
	map_or_panic(x86_rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR_MASK, LAPIC_SIZE,
		     device, "the local APIC");
}

/*
 * The PAT at its reset value, so that PCD:PWT = 00 means WB and 11 UC
 * whatever the firmware did (7.8.1); the caches are written back first,
 * as a memory type may change (7.8).
 */
static void pat_reset(void)
{
	if (x86_rdmsr(MSR_PAT) == PAT_RESET_VALUE)
		return;
	x86_wbinvd();
	x86_wrmsr(MSR_PAT, PAT_RESET_VALUE);
}

void arch_mmu_enable(const struct board *board)
{
	uint32_t features = x86_cpuid(CPUID_EXT_FEATURES, 0).edx;

	if (!(features & CPUID_EDX_NX))
		panic("this CPU has no NX (CPUID 0x80000001 EDX bit 20), "
		      "which Vigil's map needs");
	if (board) {
		page_1g = features & CPUID_EDX_PAGE1GB;
		build_hyp_map(board);
	}
	pat_reset();
	/* NXE before CR3: with NXE clear, bit 63 is reserved (5.4.1). */
	x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | EFER_NXE);
	x86_write_cr0(x86_read_cr0() | CR0_WP);
	x86_write_cr4(x86_read_cr4() & ~CR4_PGE);
	/* PCD = PWT = 0: the PML4 itself is read write-back (5.3.2). */
	x86_write_cr3((uint64_t)(uintptr_t)hyp_pt.root);
}

unsigned int mmu_table_pages(void)
{
	return hyp_pool.used;
}
