/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors (ARM ARM D1.10.2: 16 entries of 0x80 bytes, table
 * aligned to 2 KiB). Every entry saves the general registers in a struct
 * trap_frame on the EL2 stack and calls a C handler with it; the frame
 * layout is pinned in trap_frame.h.
 */
#include "cpu_regs.h"
#include "trap_frame.h"

	.macro	save_frame
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, spsr_el2
	str	x0, [sp, #TRAP_FRAME_SPSR]
	.endm

	.macro	vector, handler
	.balign	0x80
	save_frame
	mov	x0, sp
	bl	\handler
	b	restore_frame_and_return
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: Vigil never uses SP_EL0. */
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	/* Current EL with SP_ELx: a fault in Vigil itself. */
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	/* Lower EL using AArch64: the partition running on this CPU. */
	vector	trap_guest_sync
	vector	trap_guest_irq
	vector	trap_guest_irq
	vector	trap_guest_serror
	/* Lower EL using AArch32: never allowed (HCR_EL2.RW = 1). */
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected
	vector	trap_el2_unexpected

restore_frame_and_return:
	ldr	x0, [sp, #TRAP_FRAME_SPSR]
	msr	spsr_el2, x0
	ldp	x30, x0, [sp, #16 * 15]
	msr	elr_el2, x0
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
