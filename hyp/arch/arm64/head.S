/* SPDX-License-Identifier: MIT */
/*
 * Entry points. The image starts with the Linux arm64 Image header
 * (Linux Documentation/arch/arm64/booting.rst), so QEMU's -kernel and
 * U-Boot's booti load it at DRAM base + text_offset and enter it at EL2 with
 * the board DTB in x0.
 */
#include "cpu_regs.h"

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	IMAGE_TEXT_OFFSET		/* text_offset */
	.quad	_image_end - _start		/* image_size, including bss */
	.quad	IMAGE_FLAGS			/* little-endian, 4 KiB pages */
	.quad	0, 0, 0				/* res2..res4 */
	.long	0x644d5241			/* magic "ARM\x64" */
	.long	0				/* res5 (PE/COFF offset) */

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* board DTB */

	/* Vigil runs only at EL2 and only where it was linked (1:1 map). */
	mrs	x1, CurrentEL
	cmp	x1, #CURRENT_EL_EL2
	b.ne	park
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	park

	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	isb

	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:
	mov	x0, #0
	bl	set_cpu_stack_and_vectors
	mov	x0, x19
	bl	vigil_main
	b	park

/*
 * Secondary CPUs arrive here from PSCI CPU_ON, at EL2 with the MMU off and
 * their Vigil CPU index as the context id in x0.
 */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	isb
	bl	set_cpu_stack_and_vectors
	mov	x0, x19
	bl	secondary_main
	b	park

/* x0: CPU index. Sets SP_EL2 to the top of that CPU's stack. Keeps x0. */
set_cpu_stack_and_vectors:
	msr	tpidr_el2, x0
	adr_l	x1, cpu_stacks
	add	x2, x0, #1
	mov	x3, #CPU_STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	isb
	ret

/*
 * arch_cpu_restart(fn, arg): drops this CPU's stack and calls fn(arg) on
 * a fresh one. fn does not return.
 */
	.global arch_cpu_restart
arch_cpu_restart:
	mov	x19, x0
	mrs	x0, tpidr_el2
	mov	x20, x1
	bl	set_cpu_stack_and_vectors
	mov	x0, x20
	blr	x19
	b	park

	.global park
park:
	msr	daifset, #0xf
1:	wfi
	b	1b
