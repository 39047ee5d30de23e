/* SPDX-License-Identifier: MIT */
/*
 * Where an application processor (AP) starts: smp.c copies the bytes from
 * x86_ap_trampoline to x86_ap_trampoline_end into a page below 1 MiB and
 * names that page in the startup IPI. Never executed where it is linked.
 *
 * A startup IPI starts the AP in real mode at CS = vector << 8, IP = 0,
 * that is at physical address vector << 12 (AMD APM vol 2, 16.5
 * "Interprocessor Interrupts", StartUp delivery mode; Intel SDM vol 3,
 * 9.4.4 "MP Initialization Example"). From there the code below is the
 * long-mode entry of AMD APM vol 2, 14.6 "Enabling and Activating Long
 * Mode" (and 14.4 for real to protected mode):
 *
 *   real mode    LGDT (this page's GDT), CR0.PE, far jump to 32-bit code
 *   protected    CR4.PAE, CR3 (Vigil's PML4), EFER.LME and NXE (NXE
 *                because Vigil's tables use the NX bit, 5.4.1), CR0.PG and
 *                WP with CD and NW cleared (INIT sets them, Table 14-1);
 *                long mode is active, in compatibility mode
 *   64-bit       far jump to the 64-bit code segment, then Vigil's stack
 *                for this CPU and its C entry (smp.c), index in EDI
 *
 * The page after the code page holds struct ap_boot_data (smp.c), which
 * the boot CPU writes before each AP's startup IPIs. Vigil's map has the
 * code page read-only and executable and the data page writable (mmu.c),
 * as both are used after paging is on. The three far pointers and the
 * GDTR are fixed up by smp.c when it copies the code (the page's address
 * is known only then). The GDT's descriptors have their accessed bit set,
 * so that the CPU need not write them in the read-only page.
 */
#include "ap_trampoline.h"

	.text
	.balign 16
	.globl x86_ap_trampoline
	.hidden x86_ap_trampoline
	.code16
x86_ap_trampoline:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	/* EBX: this page's physical address, CS << 4; kept through the
	 * switches (its upper half is cleared again in 64-bit mode). */
	xorl	%ebx, %ebx
	movw	%ax, %bx
	shll	$4, %ebx
	lgdtl	(ap_gdtr - x86_ap_trampoline)
	movl	%cr0, %eax
	orl	$1, %eax			/* CR0.PE */
	movl	%eax, %cr0
	ljmpl	*(ap_far32 - x86_ap_trampoline)

	.code32
ap_protected:
	movw	$AP_SEL_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$AP_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	(AP_DATA_OFFSET + AP_DATA_CR3)(%ebx), %eax
	movl	%eax, %cr3
	movl	$AP_MSR_EFER, %ecx
	rdmsr
	orl	$(AP_EFER_LME | AP_EFER_NXE), %eax
	wrmsr
	movl	%cr0, %eax
	andl	$~(AP_CR0_CD | AP_CR0_NW), %eax
	orl	$(AP_CR0_PG | AP_CR0_WP | 1), %eax
	movl	%eax, %cr0
	ljmpl	*(ap_far64 - x86_ap_trampoline)(%ebx)

	.code64
ap_long:
	movl	%ebx, %ebx			/* zero-extends */
	movq	(AP_DATA_OFFSET + AP_DATA_STACK)(%rbx), %rsp
	movl	(AP_DATA_OFFSET + AP_DATA_CPU)(%rbx), %edi
	movq	(AP_DATA_OFFSET + AP_DATA_ENTRY)(%rbx), %rax
	xorl	%ebp, %ebp
	pushq	$0				/* as if called: no return */
	jmpq	*%rax

	.balign 8
ap_gdt:
	.quad	0
	.quad	0x00cf9b000000ffff		/* 0x08: 32-bit code, 4 GiB */
	.quad	0x00cf93000000ffff		/* 0x10: data, 4 GiB */
	.quad	0x00af9b000000ffff		/* 0x18: 64-bit code */
ap_gdt_end:

	.balign 8
	.globl x86_ap_gdtr
	.hidden x86_ap_gdtr
x86_ap_gdtr:
ap_gdtr:
	.word	ap_gdt_end - ap_gdt - 1
	.long	ap_gdt - x86_ap_trampoline	/* + the page, by smp.c */

	.balign 8
	.globl x86_ap_far32
	.hidden x86_ap_far32
x86_ap_far32:
ap_far32:
	.long	ap_protected - x86_ap_trampoline /* + the page, by smp.c */
	.word	AP_SEL_CODE32

	.balign 8
	.globl x86_ap_far64
	.hidden x86_ap_far64
x86_ap_far64:
ap_far64:
	.long	ap_long - x86_ap_trampoline	/* + the page, by smp.c */
	.word	AP_SEL_CODE64

	.globl x86_ap_trampoline_end
	.hidden x86_ap_trampoline_end
x86_ap_trampoline_end:

	.section .note.GNU-stack, "", @progbits
