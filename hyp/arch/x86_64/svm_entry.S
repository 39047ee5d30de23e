/* SPDX-License-Identifier: MIT */
/*
 * The world switch: svm_run(vmcb_pa, gprs, host_save_pa) and svm_stgi().
 * Contract in svm.h. References are to the AMD APM vol 2, chapter 15.
 *
 * What switches where:
 *   - VMRUN saves, and #VMEXIT restores, the host's CS, RIP, RFLAGS, RAX,
 *     SS, RSP, CR0, CR3, CR4, EFER, GDTR, IDTR, ES and DS (15.5.1,
 *     "Saving Host State"); VMRUN loads the same guest state, DR6, DR7,
 *     CR2 and the CPL from the VMCB, and #VMEXIT writes it back (15.6).
 *   - Not switched by them: the other general registers, which this code
 *     moves between the CPU and struct svm_gprs; and FS, GS, TR and LDTR
 *     with their hidden parts, KernelGsBase, STAR, LSTAR, CSTAR, SFMASK
 *     and the SYSENTER MSRs, which only VMLOAD and VMSAVE move (15.5.2).
 *
 * So VMLOAD is needed, twice. Before VMRUN, VMLOAD of the guest's VMCB is
 * what gives the guest its TR (the PVH busy TSS), FS and GS at all;
 * without it the guest would run on Vigil's. After #VMEXIT the CPU still
 * holds the guest's: its TR, whose base is a guest address, would then
 * serve Vigil's interrupt-stack-table lookups (the #DF, NMI and #MC
 * stacks), and the guest's LDTR is still loaded (15.6). So svm_run saves
 * the guest's with VMSAVE into its VMCB, and puts the host's back with
 * VMLOAD from host_save_pa, where a VMSAVE before the run kept them.
 *
 * The GIF (15.17): CLGI comes first, before the host's TR is replaced by
 * the guest's, so that nothing (interrupt, NMI, SMI, INIT) is taken on
 * the way in with half-switched state; VMRUN sets GIF to 1 once the guest
 * state is loaded, #VMEXIT clears it again (15.5.1, 15.6), and svm_run
 * returns with it still clear: the event that caused the exit, if any,
 * stays pending until the caller's svm_stgi().
 *
 * RFLAGS.IF: the VMCB sets V_INTR_MASKING, so while the guest runs the
 * host's IF, as VMRUN saved it, decides whether physical interrupts are
 * taken, that is, exit with INTR (15.21.1). Vigil runs with IF = 0, so
 * svm_run sets it just before VMRUN (GIF = 0 holds everything until the
 * guest runs), and clears it again right after #VMEXIT, which restored
 * RFLAGS with IF = 1. svm_run thus returns with IF = 0, as it was called.
 *
 * Guest values left in caller-saved registers are cleared before the
 * return, so none reaches Vigil's code, even speculatively.
 */
#include "svm.h"

	.text
	.global	svm_run
	.type	svm_run, @function
svm_run:	/* %rdi: vmcb_pa, %rsi: gprs, %rdx: host_save_pa */
	/* The host's callee-saved registers (System V x86-64 ABI), which
	 * the guest's replace. */
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rsi			/* 16(%rsp): gprs */
	push	%rdi			/* 8(%rsp): vmcb_pa */
	push	%rdx			/* 0(%rsp): host_save_pa */

	clgi
	mov	%rdx, %rax
	vmsave				/* host FS, GS, TR, LDTR, MSRs */
	mov	%rdi, %rax
	vmload				/* guest FS, GS, TR, LDTR, MSRs */

	/* The guest's registers; RAX stays vmcb_pa (VMRUN's operand, the
	 * guest's RAX is in the VMCB), RSI is loaded last as it is the
	 * base. */
	mov	SVM_GPR_RBX(%rsi), %rbx
	mov	SVM_GPR_RCX(%rsi), %rcx
	mov	SVM_GPR_RDX(%rsi), %rdx
	mov	SVM_GPR_RDI(%rsi), %rdi
	mov	SVM_GPR_RBP(%rsi), %rbp
	mov	SVM_GPR_R8(%rsi), %r8
	mov	SVM_GPR_R9(%rsi), %r9
	mov	SVM_GPR_R10(%rsi), %r10
	mov	SVM_GPR_R11(%rsi), %r11
	mov	SVM_GPR_R12(%rsi), %r12
	mov	SVM_GPR_R13(%rsi), %r13
	mov	SVM_GPR_R14(%rsi), %r14
	mov	SVM_GPR_R15(%rsi), %r15
	mov	SVM_GPR_RSI(%rsi), %rsi

	sti				/* held by GIF = 0 until the guest runs */
	vmrun				/* RAX: the VMCB's physical address */
	/* #VMEXIT: RSP, RAX (vmcb_pa) and RFLAGS are the host's again;
	 * GIF = 0. */
	cli

	push	%rsi			/* the guest's RSI; gprs is now 24(%rsp) */
	mov	24(%rsp), %rsi
	mov	%rbx, SVM_GPR_RBX(%rsi)
	mov	%rcx, SVM_GPR_RCX(%rsi)
	mov	%rdx, SVM_GPR_RDX(%rsi)
	mov	%rdi, SVM_GPR_RDI(%rsi)
	mov	%rbp, SVM_GPR_RBP(%rsi)
	mov	%r8, SVM_GPR_R8(%rsi)
	mov	%r9, SVM_GPR_R9(%rsi)
	mov	%r10, SVM_GPR_R10(%rsi)
	mov	%r11, SVM_GPR_R11(%rsi)
	mov	%r12, SVM_GPR_R12(%rsi)
	mov	%r13, SVM_GPR_R13(%rsi)
	mov	%r14, SVM_GPR_R14(%rsi)
	mov	%r15, SVM_GPR_R15(%rsi)
	popq	SVM_GPR_RSI(%rsi)

	mov	8(%rsp), %rax
	vmsave				/* guest FS, GS, TR, LDTR, MSRs */
	mov	0(%rsp), %rax
	vmload				/* host FS, GS, TR, LDTR, MSRs */

	xor	%eax, %eax
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d

	add	$24, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	svm_run, . - svm_run

	.global	svm_stgi
	.type	svm_stgi, @function
svm_stgi:
	stgi
	ret
	.size	svm_stgi, . - svm_stgi

	.section .note.GNU-stack, "", @progbits
