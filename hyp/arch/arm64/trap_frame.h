/* SPDX-License-Identifier: MIT */
/* The register frame that vectors.S saves on every exception taken to EL2. */
#ifndef VIGIL_ARM64_TRAP_FRAME_H
#define VIGIL_ARM64_TRAP_FRAME_H

#define TRAP_FRAME_ELR (8 * 31)
#define TRAP_FRAME_SPSR (8 * 32)
#define TRAP_FRAME_SIZE (8 * 34) /* keeps SP 16-byte aligned */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

_Static_assert(offsetof(struct trap_frame, elr) == TRAP_FRAME_ELR, "elr");
_Static_assert(offsetof(struct trap_frame, spsr) == TRAP_FRAME_SPSR, "spsr");
_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "size");
#endif

#endif /* VIGIL_ARM64_TRAP_FRAME_H */
