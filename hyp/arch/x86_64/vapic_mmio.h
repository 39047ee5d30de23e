/* SPDX-License-Identifier: MIT */
/*
 * A guest's access to its local APIC page, emulated from a nested page
 * fault: fetch the instruction at the guest's RIP through its own page
 * tables (guest_paging.c), decode it (insn_decode.c), check it is one
 * aligned 32-bit access in the direction the fault says, do it
 * (vapic.c), write a loaded value to its register, and step past it.
 */
#ifndef VIGIL_X86_64_VAPIC_MMIO_H
#define VIGIL_X86_64_VAPIC_MMIO_H

#include <stddef.h>

#include <vigil/partition.h>

#include "svm.h"

/*
 * Emulates the access of the nested page fault in vmcb (its guest-physical
 * address inside the APIC page). Returns true if the guest may go on;
 * false with a reason in why[0..why_size) (for the partition's stop line)
 * if the access cannot be emulated: an instruction fetch or page-table
 * walk there, an instruction Vigil cannot fetch or decode, or not one
 * aligned 32-bit access.
 */
bool vapic_mmio_exit(struct partition *p, unsigned int vcpu,
		     struct vmcb *vmcb, struct svm_gprs *gprs, char *why,
		     size_t why_size);

#endif /* VIGIL_X86_64_VAPIC_MMIO_H */
