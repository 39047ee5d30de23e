/* SPDX-License-Identifier: MIT */
/*
 * Which IPIs a partition may send through its local APIC's interrupt
 * command register, and to which physical CPUs. Pure, so the host unit
 * tests run it (tests/unit/test_vapic_icr.c).
 *
 * A partition sees its vCPUs as local APIC IDs 0..n-1 (as CPUID's initial
 * APIC ID says, vcpu.c), whichever physical CPUs run them. It may send a
 * fixed interrupt (vector 16-255) to itself, to one of its own vCPUs by
 * physical destination, or to all of them (with or without itself);
 * Vigil sends it, to each vCPU's physical APIC ID. Everything else is
 * refused and not sent: a destination it does not have (another
 * partition's CPU, or none), a logical destination, and every delivery
 * mode but fixed (lowest priority, SMI, NMI, INIT, startup, ExtINT: they
 * reset, start or take over a CPU, or reach CPUs by arbitration).
 * ICR fields: AMD APM vol 2, 16.5 "Interprocessor Interrupts" (Intel SDM
 * vol 3, 11.6.1 "Interrupt Command Register").
 */
#ifndef VIGIL_X86_64_VAPIC_ICR_H
#define VIGIL_X86_64_VAPIC_ICR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/board.h>

/* Why an IPI was refused: one bit each, so that each is logged once; a
 * refused delivery mode has a bit of its own, VAPIC_REFUSED_MODE(mode). */
enum vapic_refusal {
	VAPIC_REFUSED_NONE = 0,
	VAPIC_REFUSED_DESTINATION = 1u << 0, /* an APIC ID it does not have */
	VAPIC_REFUSED_LOGICAL = 1u << 1,     /* logical destination mode */
	VAPIC_REFUSED_VECTOR = 1u << 2,      /* vectors 0-15 */
	VAPIC_REFUSED_MODE_FIRST = 1u << 8,  /* delivery modes: bits 8-15 */
};
#define VAPIC_REFUSED_MODE(mode) ((uint32_t)VAPIC_REFUSED_MODE_FIRST << (mode))

struct vapic_ipi_route {
	uint32_t icr_low;  /* to send: fixed, the vector, no shorthand */
	unsigned int count;
	uint32_t apic_id[BOARD_MAX_CPUS]; /* physical destinations */
};

/*
 * Routes the IPI a guest asked for with ICR low word icr_low and xAPIC
 * high word icr_high, sent from vCPU self of a partition whose vCPU n runs
 * on the CPU with physical local APIC ID vcpu_apic_id[n] (n < vcpus).
 * Returns VAPIC_REFUSED_NONE with the sends in *route (count may be 0:
 * "all but self" of a one-vCPU partition), or why it is refused (one bit
 * of enum vapic_refusal, or VAPIC_REFUSED_MODE(mode)), with a line for
 * the log in why[0..why_size).
 */
uint32_t vapic_icr_route(uint32_t icr_low, uint32_t icr_high,
				   unsigned int self, unsigned int vcpus,
				   const uint32_t *vcpu_apic_id,
				   struct vapic_ipi_route *route, char *why,
				   size_t why_size);

#endif /* VIGIL_X86_64_VAPIC_ICR_H */
