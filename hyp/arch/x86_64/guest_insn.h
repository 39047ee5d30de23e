/* SPDX-License-Identifier: MIT */
/*
 * The bytes of the guest instruction an exit stopped at. Without decode
 * assists or NRIP save (QEMU's TCG has neither) an exit gives Vigil only
 * RIP, so to emulate an MMIO access or step past an intercepted
 * instruction Vigil reads it itself, through the guest's own page tables
 * (guest_paging.c) and from the partition's own memory only.
 */
#ifndef VIGIL_X86_64_GUEST_INSN_H
#define VIGIL_X86_64_GUEST_INSN_H

#include <vigil/partition.h>

#include "insn_decode.h"
#include "vmcb.h"

/* The mode the guest runs in, from its EFER, CR0 and CS (APM vol 2,
 * 4.8.1). */
enum x86_cpu_mode guest_insn_mode(const struct vmcb_save *s);

/*
 * Reads up to X86_INSN_MAX_LENGTH bytes at the guest's CS:RIP into bytes.
 * Returns how many it read: fewer where a page does not translate or is
 * not the partition's, 0 if the first byte cannot be read.
 */
unsigned int guest_insn_fetch(const struct partition *p,
			      const struct vmcb_save *s,
			      uint8_t bytes[X86_INSN_MAX_LENGTH]);

#endif /* VIGIL_X86_64_GUEST_INSN_H */
