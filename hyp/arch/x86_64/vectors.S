/* SPDX-License-Identifier: MIT */
/*
 * The 32 exception vector stubs the IDT points at (idt.c), and the common
 * path that saves the general registers and calls x86_exception (idt.c),
 * which reports the exception and stops. It returns only for an NMI that
 * was another CPU's kick: then this restores the registers and returns to
 * the interrupted code with IRETQ (which also ends the NMI's blocking of
 * further NMIs, APM vol 2, 8.2.3).
 *
 * On entry the CPU has pushed SS, RSP, RFLAGS, CS and RIP, and for some
 * vectors an error code (AMD APM vol 2, 8.9 "Long-Mode Interrupt Control
 * Transfers"; which vectors, X86_ERROR_CODE_VECTORS from 8.2 Table 8-1).
 * Each stub pushes a zero where the CPU pushed no error code, then its
 * vector, so every frame has the shape of struct x86_exception_frame.
 */
#include "exception.h"

	.text
	.hidden x86_exception

/*
 * Stub n lies at x86_vector_stubs + n * X86_VECTOR_STUB_SIZE: at most
 * 2 + 2 + 5 bytes (push imm8, push imm8, jmp rel32) padded to 16.
 */
.macro vector_stub n
	.balign X86_VECTOR_STUB_SIZE, 0xcc
	.if ((X86_ERROR_CODE_VECTORS >> \n) & 1) == 0
	pushq	$0
	.endif
	pushq	$\n
	jmp	exception_common
.endm

	.balign X86_VECTOR_STUB_SIZE
	.globl x86_vector_stubs
	.hidden x86_vector_stubs
	.type x86_vector_stubs, @function
x86_vector_stubs:
	.altmacro
	.set vector, 0
	.rept X86_EXCEPTION_VECTORS
	vector_stub %vector
	.set vector, vector + 1
	.endr
	.noaltmacro
	/* Fails to assemble ("moving .org backwards") if a stub outgrew
	 * the stride and pushed the ones after it out of place. */
	.org x86_vector_stubs + X86_EXCEPTION_VECTORS * X86_VECTOR_STUB_SIZE, 0xcc
	.size x86_vector_stubs, . - x86_vector_stubs

/* Pushed so that r15 ends lowest, as struct x86_exception_frame lists. */
exception_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld			/* the C ABI's direction flag */
	movq	%rsp, %rdi	/* the frame; RSP is 16-byte aligned here */
	call	x86_exception
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp	/* the vector and error code */
	iretq

	.section .note.GNU-stack, "", @progbits
