/* SPDX-License-Identifier: MIT */
/*
 * isolation-probe: tries one thing a partition must not be able to do.
 * Vigil must stop the partition at that instruction; if the probe gets past
 * it, isolation is broken and the probe says so.
 *
 * Built once per attack (mk/guests.mk), chosen by PROBE_ACTION:
 *   PROBE_READ    read PROBE_TARGET, an address outside its own memory
 *                 (PROBE_WHAT names what lives there on the host);
 *   PROBE_SMC     ask, over SMC, to power on a CPU of another partition
 *                 (PSCI CPU_ON), then call the firmware's SiP service;
 *   PROBE_SYSREG  send an interrupt to every other CPU through the GICv3
 *                 ICC_SGI1R_EL1 register (HCR_EL2.IMO traps it).
 */
#include "vigil.h"

#define PROBE_READ 1
#define PROBE_SMC 2
#define PROBE_SYSREG 3

#ifndef PROBE_ACTION
#error "PROBE_ACTION must be defined"
#endif

#if PROBE_ACTION == PROBE_READ
#if defined(__x86_64__)
/*
 * x86-64: start.S maps only the guest's own memory, so a read of anything
 * else would be a guest page fault (a triple fault, with its empty IDT)
 * and never reach nested paging. The probe first maps the target's 2 MiB
 * page to itself in its own page tables; then only Vigil's nested page
 * tables stand between it and the target. (AMD APM vol 2, 5.3-5.4.)
 */
_Static_assert((PROBE_TARGET) < (1ull << 39),
	       "PROBE_TARGET must lie under PML4 entry 0, as start.S's memory");
_Static_assert((PROBE_TARGET) >= GUEST_BASE + GUEST_MEM_SIZE ||
	       (PROBE_TARGET) + 8 <= GUEST_BASE,
	       "PROBE_TARGET must lie outside the probe's own memory");

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull

/* A page directory for a 1 GiB region start.S left unmapped. */
static uint64_t probe_pd[512] __attribute__((aligned(4096)));

static void map_target(uintptr_t target)
{
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	/* The tables lie in the guest's memory, which is mapped to itself. */
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR);
	uint64_t *pde = &pdpt[target >> 30];
	if (!(*pde & PTE_P))
		*pde = (uint64_t)(uintptr_t)probe_pd | PTE_P | PTE_RW;
	uint64_t *pd = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
	pd[(target >> 21) & 511] = (target & ~0x1fffffull) | PTE_P | PTE_RW |
				   PTE_PS;
	/* Reload CR3: no stale translation of the page survives. */
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}
#endif

static void attack(void)
{
	uintptr_t target = (uintptr_t)PROBE_TARGET;
#if defined(__x86_64__)
	map_target(target);
#endif
	guest_printf("reading %s at 0x%lx\n", PROBE_WHAT, (unsigned long)target);
	/* One aligned 64-bit load, not merged or dropped by the compiler. */
	uint64_t value = *(volatile const uint64_t *)target;
	guest_printf("read 0x%lx = 0x%lx: isolation broken\n",
		     (unsigned long)target, (unsigned long)value);
}
#elif PROBE_ACTION == PROBE_SMC
static uint64_t smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : : "memory");
	return x0;
}

static void attack(void)
{
	/* PSCI CPU_ON (DEN0022 5.1.4) of CPU 3, which is not one of this
	 * partition's: Vigil answers it, and only for the partition's own. */
	guest_printf("PSCI CPU_ON of CPU 3 returned %ld\n",
		     (long)smc(0xC4000003, 3, GUEST_BASE, 0));
	/* A SiP service call (SMCCC, DEN0028: owner 2), which on a real
	 * board reaches the SoC's firmware. */
	guest_printf("calling the firmware's SiP service over SMC\n");
	uint64_t r = smc(0xC2000001, 0, 0, 0);
	guest_printf("SMC returned 0x%lx: isolation broken\n", (unsigned long)r);
}
#elif PROBE_ACTION == PROBE_SYSREG
static void attack(void)
{
	/* ICC_SGI1R_EL1 (S3_0_C12_C11_5, GICv3 12.2.23): IRM (bit 40) = 1
	 * sends SGI 0 to every CPU but this one. */
	guest_printf("writing ICC_SGI1R_EL1 to interrupt every other CPU\n");
	__asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(1UL << 40) : "memory");
	guest_printf("SGI write returned: isolation broken\n");
}
#else
#error "unknown PROBE_ACTION"
#endif

int main(void)
{
	attack();
	vigil_halt();
}
