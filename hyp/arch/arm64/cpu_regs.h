/* SPDX-License-Identifier: MIT */
/*
 * System register values and fields used by both C and assembly.
 * References are to the Arm Architecture Reference Manual for A-profile
 * (DDI 0487), section D19 (AArch64 system register descriptions).
 */
#ifndef VIGIL_ARM64_CPU_REGS_H
#define VIGIL_ARM64_CPU_REGS_H

#ifdef __ASSEMBLER__
#define UL(x) x
	/* adr_l: PC-relative address of a symbol anywhere within +-4 GiB. */
	.macro	adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm
#else
#define UL(x) x##UL
#endif

/* Image header (Linux booting.rst): load 2 MiB above the DRAM base. */
#define IMAGE_TEXT_OFFSET 0x200000
/* flags: bit 0 = 0 little-endian, bits 2:1 = 1 for 4 KiB pages. */
#define IMAGE_FLAGS (1 << 1)

#define CURRENT_EL_EL2 (2 << 2)

#define CPU_STACK_SIZE 0x4000
#define MAX_CPUS 8

/*
 * SCTLR_EL2 at boot: MMU, caches and alignment checks off; the RES1 bits
 * (4, 5, 11, 16, 18, 22, 23, 28, 29 when HCR_EL2.E2H == 0) set.
 */
#define SCTLR_EL2_RES1 UL(0x30C50830)
#define SCTLR_EL2_BOOT SCTLR_EL2_RES1

#endif /* VIGIL_ARM64_CPU_REGS_H */
