/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "lapic.h"

#define LAPIC_BASE 0xfee00000ull

/* Long-mode paging (AMD APM vol 2, 5.3-5.4): present, writable, a 2 MiB
 * page in a directory entry, and caching off (PCD, PWT) for a device. */
#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull

/* The directory for the 4th GiB, which start.S leaves unmapped (the
 * guest's memory lies below 2 GiB). */
static uint64_t device_pd[512] __attribute__((aligned(4096)));

void lapic_map(void)
{
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	/* start.S's tables lie in guest memory, mapped to itself. */
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR);
	uint64_t *pdpte = &pdpt[LAPIC_BASE >> 30];
	if (!(*pdpte & PTE_P))
		*pdpte = (uint64_t)(uintptr_t)device_pd | PTE_P | PTE_RW;
	uint64_t *pd = (uint64_t *)(uintptr_t)(*pdpte & PTE_ADDR);
	pd[(LAPIC_BASE >> 21) & 511] = (LAPIC_BASE & ~0x1fffffull) | PTE_P |
				       PTE_RW | PTE_PWT | PTE_PCD | PTE_PS;
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

uint32_t lapic_read(unsigned int offset)
{
	return *(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + offset);
}

void lapic_write(unsigned int offset, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + offset) = value;
}

void lapic_send_ipi(uint32_t dest, uint32_t icr_low)
{
	lapic_write(LAPIC_ICR_HIGH, dest << 24);
	lapic_write(LAPIC_ICR_LOW, icr_low); /* this write sends it */
}

/* A long-mode interrupt gate (AMD APM vol 2, 4.8.4): present, DPL 0,
 * type 0Eh (interrupts off on entry). */
struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t attributes;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

#define GATE_INTERRUPT 0x8e
#define IDT_VECTORS 256

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

void idt_set_handler(unsigned int vector, interrupt_handler handler)
{
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	uint64_t target = (uint64_t)(uintptr_t)handler;
	idt[vector % IDT_VECTORS] = (struct idt_gate){
		.offset_low = (uint16_t)target,
		.selector = cs,
		.attributes = GATE_INTERRUPT,
		.offset_mid = (uint16_t)(target >> 16),
		.offset_high = (uint32_t)(target >> 32),
	};
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}
