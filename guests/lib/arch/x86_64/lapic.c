/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "arch.h"
#include "lapic.h"

#define LAPIC_BASE 0xfee00000ull

/* A device: mapped with caching off. */
void lapic_map(void)
{
	guest_map_2m(LAPIC_BASE, true);
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
