/* SPDX-License-Identifier: MIT */
/*
 * Mapping a 2 MiB page outside the guest's own memory, to itself, in the
 * page tables start.S built: for a device (the local APIC) or for a probe
 * that must reach Vigil's nested paging rather than fault in its own.
 * Long-mode paging: AMD APM vol 2, 5.3-5.4.
 */
#include <stdint.h>

#include "arch.h"

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_PS 0x80ull /* in a directory entry: a 2 MiB page */
#define PTE_ADDR 0x000ffffffffff000ull
#define GIB_SHIFT 30
#define PAGE_2M_SHIFT 21

/* A directory for each GiB below 4 GiB that start.S left unmapped (it
 * maps the one GiB the guest's memory lies in). */
static uint64_t spare_pd[4][512] __attribute__((aligned(4096)));

void guest_map_2m(uint64_t pa, bool uncached)
{
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	/* start.S's tables lie in guest memory, mapped to itself. */
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR);
	unsigned int gib = (unsigned int)(pa >> GIB_SHIFT) % 4;
	uint64_t *pdpte = &pdpt[gib];
	if (!(*pdpte & PTE_P))
		*pdpte = (uint64_t)(uintptr_t)spare_pd[gib] | PTE_P | PTE_RW;
	uint64_t *pd = (uint64_t *)(uintptr_t)(*pdpte & PTE_ADDR);
	pd[(pa >> PAGE_2M_SHIFT) & 511] =
		(pa & ~0x1fffffull) | PTE_P | PTE_RW | PTE_PS |
		(uncached ? PTE_PWT | PTE_PCD : 0);
	/* Reload CR3: no stale translation of the page survives. */
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}
