/* SPDX-License-Identifier: MIT */
/*
 * Vigil's own EL2 stage-1 translation: 1:1, RAM as Normal write-back
 * memory, the console UART and the GIC as Device memory, nothing else.
 * Vigil's text is the only executable memory, and it is read-only; its
 * read-only data is read-only; everything else is writable and never
 * executable. Register fields from the Arm ARM (DDI 0487) D19.2 (TCR_EL2,
 * SCTLR_EL2, MAIR_EL2).
 */
#include <vigil/arch.h>
#include <vigil/log.h>
#include <vigil/pagetable.h>

#include "board_dt.h"
#include "cache.h"
#include "cpu_regs.h"
#include "pte_bits.h"
#include "sysreg.h"

#define HYP_PT_PAGES 32
#define HYP_ROOT_LEVEL 1 /* 39-bit VA: T0SZ = 25, walks start at level 1 */

static uint64_t hyp_pt_pages[HYP_PT_PAGES][PT_ENTRIES]
	__attribute__((aligned(PT_PAGE_SIZE)));
static struct pt_pool hyp_pool = { hyp_pt_pages, HYP_PT_PAGES, 0 };
static struct pagetable hyp_pt;

/* TCR_EL2 (E2H = 0), D19.2.136: RES1 bits 31 and 23. */
#define TCR_EL2_RES1 ((1UL << 31) | (1UL << 23))
#define TCR_T0SZ(bits) (64UL - (bits))
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_TG0_4K (0UL << 14)
#define TCR_PS_SHIFT 16

/* SCTLR_EL2: M (MMU), C (data cache), SA (stack alignment check),
 * I (instruction cache), WXN (writable implies execute-never). */
#define SCTLR_EL2_M (1UL << 0)
#define SCTLR_EL2_C (1UL << 2)
#define SCTLR_EL2_SA (1UL << 3)
#define SCTLR_EL2_I (1UL << 12)
#define SCTLR_EL2_WXN (1UL << 19)

extern char _image_start[], _text_end[], _rodata_end[], _image_end[];

static void map_or_panic(uint64_t base, uint64_t size, struct pt_attrs attrs,
			 const char *what)
{
	uint64_t start = base & ~(uint64_t)(PT_PAGE_SIZE - 1);
	uint64_t end = (base + size + PT_PAGE_SIZE - 1) &
		       ~(uint64_t)(PT_PAGE_SIZE - 1);
	int rc = pt_map(&hyp_pt, start, pa_init(start), end - start, attrs);
	if (rc)
		panic("cannot map %s at %#lx (+%#lx) for Vigil: error %d", what,
		      (unsigned long)base, (unsigned long)size, rc);
}

/* Maps [start, end) of a RAM bank, if not empty, as writable data. */
static void map_ram_piece(uint64_t start, uint64_t end)
{
	const struct pt_attrs data = { PT_MEM_NORMAL, true, false };
	if (end > start)
		map_or_panic(start, end - start, data, "RAM");
}

static void map_ram_bank(const struct mem_range *bank)
{
	uint64_t text = (uintptr_t)_image_start;
	uint64_t rodata = (uintptr_t)_text_end;
	uint64_t data = (uintptr_t)_rodata_end;
	uint64_t end = bank->base + bank->size;
	if (!range_contains(bank->base, bank->size, text, data - text)) {
		map_ram_piece(bank->base, end);
		return;
	}
	const struct pt_attrs code = { PT_MEM_NORMAL, false, true };
	const struct pt_attrs constants = { PT_MEM_NORMAL, false, false };
	map_ram_piece(bank->base, text);
	map_or_panic(text, rodata - text, code, "Vigil's text");
	map_or_panic(rodata, data - rodata, constants, "Vigil's read-only data");
	map_ram_piece(data, end);
}

static void build_hyp_map(const struct board *board)
{
	if (pt_init(&hyp_pt, PT_STAGE_HYP, HYP_ROOT_LEVEL, &hyp_pool))
		panic("no page for Vigil's root table");
	const struct pt_attrs device = { PT_MEM_DEVICE, true, false };
	const struct board_dt *dt = board_dt();
	for (unsigned int i = 0; i < board->memory_count; i++)
		map_ram_bank(&board->memory[i]);
	map_or_panic(dt->uart.base, dt->uart.size, device, "the UART");
	map_or_panic(dt->gic_dist.base, dt->gic_dist.size, device,
		     "the GIC distributor");
	map_or_panic(dt->gic_redist.base, dt->gic_redist.size, device,
		     "the GIC redistributors");
}

/* Secondary CPUs read Vigil's table root with their MMU still off. */
void mmu_publish_for_secondaries(void)
{
	dcache_clean_range(&hyp_pt, sizeof(hyp_pt));
}

/* ID_AA64MMFR0_EL1.PARange (D19.2.64), capped at 48 bits (0b101). */
uint64_t arm64_pa_range(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	return parange > 5 ? 5 : parange;
}

void arch_mmu_enable(const struct board *board)
{
	if (board) {
		build_hyp_map(board);
		/*
		 * Everything so far was written with caches off; drop any
		 * stale lines so the cacheable view matches memory.
		 */
		dcache_invalidate_range(_image_start,
					(uintptr_t)_image_end -
						(uintptr_t)_image_start);
	}

	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_RES1 | TCR_T0SZ(39) | TCR_IRGN0_WBWA |
				      TCR_ORGN0_WBWA | TCR_SH0_INNER |
				      TCR_TG0_4K |
				      (arm64_pa_range() << TCR_PS_SHIFT));
	write_sysreg(ttbr0_el2, (uint64_t)(uintptr_t)hyp_pt.root);
	dsb_sy();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb_sy();
	isb();
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C |
					SCTLR_EL2_SA | SCTLR_EL2_I |
					SCTLR_EL2_WXN);
	isb();
}
