/* SPDX-License-Identifier: MIT */
/*
 * A partition's local APIC. Each vCPU runs alone on its physical CPU, so
 * the guest gets that CPU's own local APIC for what concerns only that
 * CPU: its timer, task priority, end of interrupt, the in-service and
 * request registers; interrupts it raises arrive straight through the
 * guest's IDT (svm_setup.c: no INTR intercept, no V_INTR_MASKING). Vigil
 * keeps to itself what reaches other CPUs or names them: the ICR (IPIs go
 * through vapic_icr.c's policy), the APIC ID (a vCPU reads its index), the
 * logical destination registers, and the local vector table entries that
 * wire in NMI, SMI and ExtINT sources (LINT0, LINT1, thermal, performance
 * counters, CMCI), which the guest reads back but does not program.
 *
 * The guest reaches it at guest-physical 0xFEE00000, the PC default,
 * which its nested page tables leave unmapped: each access is a nested
 * page fault that vapic_mmio.c decodes and hands here.
 */
#ifndef VIGIL_X86_64_VAPIC_H
#define VIGIL_X86_64_VAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <vigil/partition.h>

/* True if guest-physical gpa lies in the local APIC page. */
bool vapic_page_contains(uint64_t gpa);

/* Before a vCPU first runs on this CPU: the APIC in its reset state as
 * the guest sees it (timer stopped, LVT entries masked), its software
 * enable on. */
void vapic_start(void);

/* When the vCPU on this CPU stops for good: its timer stopped and masked,
 * so that the parked CPU takes no more of its interrupts. */
void vapic_stop(void);

/* The guest's 32-bit read or write of the register at offset (16-byte
 * aligned, below 4 KiB). A refused IPI is logged, once per kind per
 * partition, and not sent; the guest goes on. */
uint32_t vapic_read(unsigned int vcpu, unsigned int offset);
void vapic_write(struct partition *p, unsigned int vcpu, unsigned int offset,
		 uint32_t value);

/* The APIC_BASE MSR as the guest reads it: the default page, enabled,
 * xAPIC mode, BSP for vCPU 0 (AMD APM vol 2, 16.3.1). */
uint64_t vapic_base_msr(unsigned int vcpu);

#endif /* VIGIL_X86_64_VAPIC_H */
