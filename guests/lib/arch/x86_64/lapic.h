/* SPDX-License-Identifier: MIT */
/*
 * A guest's local APIC and interrupt table on x86-64: enough to take the
 * APIC's interrupts (its timer, IPIs) in C. The APIC is where a PC has it,
 * at physical 0xFEE00000 (AMD APM vol 2, 16.3.1), registers 32 bits wide
 * at 16-byte offsets (16.3); Vigil emulates it for each partition.
 */
#ifndef GUEST_LAPIC_H
#define GUEST_LAPIC_H

#include <stdint.h>

#define LAPIC_ID 0x020
#define LAPIC_VERSION 0x030
#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_ICR_LOW 0x300
#define LAPIC_ICR_HIGH 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3e0

#define LAPIC_SVR_ENABLE (1u << 8)
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_TIMER_PERIODIC (1u << 17)
#define LAPIC_DIVIDE_16 0x3u /* divide configuration 0011b (16.4.1) */

/* ICR (16.5): delivery mode in bits 10:8, shorthand in 19:18, and the
 * destination APIC ID in bits 31:24 of the high word. */
#define LAPIC_ICR_FIXED (0u << 8)
#define LAPIC_ICR_NMI (4u << 8)
#define LAPIC_ICR_INIT (5u << 8)
#define LAPIC_ICR_STARTUP (6u << 8)
#define LAPIC_ICR_ASSERT (1u << 14)
#define LAPIC_ICR_SELF (1u << 18)
#define LAPIC_ICR_ALL (2u << 18)
#define LAPIC_ICR_OTHERS (3u << 18)

/* Maps the APIC's page (uncached) into the guest's page tables. */
void lapic_map(void);
uint32_t lapic_read(unsigned int offset);
void lapic_write(unsigned int offset, uint32_t value);
/* Sends the IPI icr_low (mode, vector, shorthand) to APIC ID dest. */
void lapic_send_ipi(uint32_t dest, uint32_t icr_low);

/* The frame GCC's interrupt attribute hands a handler; not looked at. */
struct interrupt_frame;
typedef void (*interrupt_handler)(struct interrupt_frame *frame);

/* Points vector's gate at handler (a function with
 * __attribute__((interrupt))), and loads the table on first use. */
void idt_set_handler(unsigned int vector, interrupt_handler handler);

static inline void interrupts_on(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void interrupts_off(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/* Waits for an interrupt with interrupts on: STI's one-instruction shadow
 * keeps one from arriving between the two (AMD APM vol 3, "STI"). */
static inline void wait_for_interrupt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

#endif /* GUEST_LAPIC_H */
