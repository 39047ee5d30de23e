/* SPDX-License-Identifier: MIT */
/*
 * Data cache maintenance by virtual address to the point of coherency
 * (Arm ARM D7.5 "Cache maintenance instructions"), for data that crosses
 * between a CPU with caches on and one with its MMU off: secondary CPUs
 * before their MMU is on, and guests that start with theirs off.
 */
#include <vigil/arch.h>

#include "cache.h"
#include "sysreg.h"

/* CTR_EL0.DminLine (bits 19:16): log2 of the smallest line, in words. */
static uint64_t dcache_line_size(void)
{
	return 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

#define DCACHE_OP_RANGE(name, insn)                                         \
	void name(const void *base, uint64_t size)                          \
	{                                                                   \
		uint64_t line = dcache_line_size();                         \
		uint64_t p = (uintptr_t)base & ~(line - 1);                 \
		for (; p < (uintptr_t)base + size; p += line)               \
			__asm__ volatile(insn ", %0" : : "r"(p) : "memory"); \
		dsb_sy();                                                   \
	}

DCACHE_OP_RANGE(dcache_clean_range, "dc cvac")
DCACHE_OP_RANGE(dcache_invalidate_range, "dc ivac")
DCACHE_OP_RANGE(dcache_clean_invalidate_range, "dc civac")

void arch_dcache_discard_for_read(const void *base, uint64_t size)
{
	dcache_clean_invalidate_range(base, size);
}

void arch_sync_guest_memory(void *base, uint64_t size)
{
	dcache_clean_range(base, size);
	__asm__ volatile("ic iallu" ::: "memory");
	dsb_sy();
	isb();
}
