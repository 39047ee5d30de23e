/* SPDX-License-Identifier: MIT */
/*
 * arch_sha256_blocks on ARM64: the Armv8 Cryptographic Extension's SHA-256
 * instructions (sha256_ce.S) when the CPU has them.
 *
 * Callers: the boot CPU measuring the partitions' images (and the config)
 * before any guest runs, and the attestation hypercalls (quotes, sealing,
 * certificates) on a CPU whose guest's FP/SIMD registers are live;
 * sha256_ce.S saves and restores every vector register it uses, so the
 * guest sees its own. This file itself stays -mgeneral-regs-only: only the
 * .S touches vector registers (mk/arch-arm64.mk, HYP_SIMD_SOURCES).
 */
#include <vigil/arch.h>

#include "sysreg.h"

void sha256_ce_blocks(uint32_t state[8], const uint8_t *blocks, size_t count);

/* ID_AA64ISAR0_EL1.SHA2, bits 15:12 (Arm ARM D19.2, "ID_AA64ISAR0_EL1"):
 * 0 none, 1 SHA256H and the rest of SHA-256, 2 SHA-512 as well. */
#define ID_AA64ISAR0_SHA2_SHIFT 12
#define ID_AA64ISAR0_SHA2_MASK 0xfUL

/* CPTR_EL2.TFP, bit 10 (E2H = 0, D19.2.31): when 1, FP/SIMD instructions
 * trap to EL2 from EL2 as well as from EL1 and EL0. Vigil leaves it 0
 * (vcpu.c, CPTR_EL2_GUEST); the boot CPU's value before that is the
 * firmware's, so it is checked rather than assumed. */
#define CPTR_EL2_TFP (1UL << 10)

bool arch_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	uint64_t sha2 = (read_sysreg(id_aa64isar0_el1) >> ID_AA64ISAR0_SHA2_SHIFT) &
			ID_AA64ISAR0_SHA2_MASK;
	if (sha2 == 0 || (read_sysreg(cptr_el2) & CPTR_EL2_TFP))
		return false;
	sha256_ce_blocks(state, blocks, count);
	return true;
}
