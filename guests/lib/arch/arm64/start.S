/* SPDX-License-Identifier: MIT */
/*
 * Guest entry. Vigil enters at the link base (guest.ld puts _start there) at
 * EL1h with the MMU off and nothing but PC defined, so this sets up the
 * stack and .bss before any C runs.
 */
#include <vigil/hypercall.h>

#define STACK_SIZE 0x4000 /* 16 KiB */

	.section .text.start, "ax"
	.global _start
_start:
	/* PC-relative: correct wherever the image runs, and no literal pool. */
	adrp	x0, stack_top
	add	x0, x0, :lo12:stack_top
	mov	sp, x0

	/*
	 * Zero .bss (the stack included; it is not in use yet). guest.ld
	 * aligns both ends to 16 bytes, so aligned 16-byte stores cover it:
	 * with the MMU off memory is Device memory, where an unaligned
	 * access faults.
	 */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b

2:	bl	main

	/* main returned: the guest is done. */
	mov	x16, #VIGIL_HC_HALT
	hvc	#VIGIL_HVC_IMM
3:	wfe
	b	3b

/*
 * A vCPU started with PSCI CPU_ON (smp.c) enters here with its stack top as
 * the context ID in x0.
 */
	.text
	.global _secondary_start
_secondary_start:
	mov	sp, x0
	bl	secondary_main
4:	wfe
	b	4b

	/* AAPCS64: SP is 16-byte aligned at every public interface. */
	.section .bss.stack, "aw", %nobits
	.balign	16
	.space	STACK_SIZE
stack_top:
