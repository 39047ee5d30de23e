/* SPDX-License-Identifier: MIT */
/*
 * This CPU's local APIC, as Vigil itself uses it: its registers by xAPIC
 * offset, in whichever mode the firmware left it (xAPIC: the page the
 * APIC_BASE MSR names, mapped 1:1 by mmu.c; x2APIC: MSR 800h + offset/16,
 * Intel SDM vol 3, 11.12.1.2), and sending an IPI. Register offsets and
 * ICR fields from the AMD APM vol 2, 16.3 "Local APIC" and 16.5
 * "Interprocessor Interrupts" (Intel SDM vol 3, Table 11-1 and 11.6.1).
 */
#ifndef VIGIL_X86_64_LAPIC_H
#define VIGIL_X86_64_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_APIC_BASE 0x1bu
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
/* Where a PC's local APIC page is after reset: the address a guest
 * finds its own at. */
#define APIC_DEFAULT_BASE 0xfee00000ull
#define APIC_PAGE_SIZE 0x1000ull

/* Register offsets (each register is 32 bits at a 16-byte-aligned offset). */
#define APIC_ID 0x020
#define APIC_VERSION 0x030
#define APIC_TPR 0x080
#define APIC_APR 0x090
#define APIC_PPR 0x0a0
#define APIC_EOI 0x0b0
#define APIC_RRD 0x0c0
#define APIC_LDR 0x0d0
#define APIC_DFR 0x0e0
#define APIC_SVR 0x0f0
#define APIC_ISR0 0x100 /* ISR 100h-170h, TMR 180h-1F0h, IRR 200h-270h */
#define APIC_IRR7 0x270
#define APIC_ESR 0x280
#define APIC_LVT_CMCI 0x2f0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0

#define APIC_SVR_ENABLE (1u << 8) /* software enable */
#define APIC_LVT_MASKED (1u << 16)

/* ICR low word. */
#define ICR_VECTOR(icr) ((icr) & 0xffu)
#define ICR_DELIVERY_MODE(icr) (((icr) >> 8) & 7u)
#define ICR_DELIVERY_FIXED 0u
#define ICR_DELIVERY_LOWEST 1u
#define ICR_DELIVERY_SMI 2u
#define ICR_DELIVERY_NMI 4u
#define ICR_DELIVERY_INIT 5u
#define ICR_DELIVERY_STARTUP 6u
#define ICR_DELIVERY_EXTINT 7u
#define ICR_MODE(mode) ((uint32_t)(mode) << 8)
#define ICR_LOGICAL (1u << 11)
#define ICR_DELIVERY_STATUS (1u << 12) /* xAPIC: not yet accepted */
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_TRIGGER_LEVEL (1u << 15)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3u)
#define ICR_SHORTHAND_NONE 0u
#define ICR_SHORTHAND_SELF 1u
#define ICR_SHORTHAND_ALL 2u
#define ICR_SHORTHAND_OTHERS 3u
/* ICR high word (xAPIC): the destination's APIC ID in bits 31:24. */
#define ICR_DEST_SHIFT 24

uint32_t lapic_read(unsigned int offset);
void lapic_write(unsigned int offset, uint32_t value);

/*
 * Sends an IPI with ICR low word icr_low (no shorthand) to the CPU with
 * local APIC ID apic_id. Returns 0 once the local APIC has sent it, -1 if
 * an xAPIC still says pending after 1 ms.
 */
int lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);

#endif /* VIGIL_X86_64_LAPIC_H */
