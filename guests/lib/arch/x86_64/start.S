/* SPDX-License-Identifier: MIT */
/*
 * Guest entry on x86-64. A guest starts the way Xen's PVH boot starts one
 * (Xen's public arch-x86/hvm/start_info.h): in 32-bit protected mode with
 * paging off, flat 4 GiB code and data segments, interrupts off, and EBX
 * holding the guest-physical address of a struct hvm_start_info (memory
 * map, command line). There is no stack, and nothing else is defined.
 *
 * From there to C: zero .bss (the page tables and the stack are in it),
 * identity-map the guest's own memory, [GUEST_BASE, GUEST_BASE +
 * GUEST_MEM_SIZE), with 2 MiB pages and nothing else, enter long mode
 * (AMD APM vol 2, 14.6 "Enabling and Activating Long Mode": CR4.PAE, CR3,
 * EFER.LME, then CR0.PG), load a GDT with a 64-bit code segment and
 * far-jump to it, then set up the stack and call main(start_info). When
 * main returns, the guest halts (VIGIL_HC_HALT).
 *
 * The IDT is empty (limit 0): an exception cannot be delivered, so it
 * becomes a triple fault, which shuts the partition down rather than let
 * it run on in an undefined state.
 *
 * The ELF note XEN_ELFNOTE_PHYS32_ENTRY names _start as the 32-bit entry,
 * so loaders of PVH kernels (QEMU's -kernel among them) start this image
 * the same way.
 *
 * GUEST_BASE and GUEST_MEM_SIZE are link-time symbols (mk/guests.mk), so
 * this file, compiled once for every guest, takes them as addresses; the
 * linker script checks what the code below relies on (2 MiB alignment, one
 * 1 GiB region, below 2 GiB).
 */
#include <vigil/hypercall.h>

#define STACK_SIZE 0x4000 /* 16 KiB */

/* xen/include/public/elfnote.h: "Physical entry point into the kernel". */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* AMD APM vol 2: CR0 and CR4 (3.1), EFER (3.1.7). */
#define CR0_PE (1 << 0)
#define CR0_ET (1 << 4)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)

/* Long-mode page-table entries (AMD APM vol 2, 5.3 and 5.4). */
#define PTE_P (1 << 0)
#define PTE_RW (1 << 1)
#define PTE_PS (1 << 7) /* in a page-directory entry: a 2 MiB page */
#define PAGE_2M 0x200000
#define GIB_SHIFT 30
#define PAGE_2M_SHIFT 21
#define PT_INDEX_MASK 511

/* Segment descriptors (AMD APM vol 2, 4.7 and 4.8). */
#define DESC_ACCESSED (1 << 40) /* set, so the CPU never writes the GDT */
#define DESC_RW (1 << 41)       /* code: readable; data: writable */
#define DESC_CODE (1 << 43)
#define DESC_S (1 << 44)        /* code or data, not system */
#define DESC_P (1 << 47)
#define DESC_L (1 << 53)        /* 64-bit code */
#define DESC_DB (1 << 54)
#define DESC_G (1 << 55)
#define DESC_LIMIT_4G (0xffff | (0xf << 48))
/* In 64-bit mode a code segment's base and limit are not used. */
#define DESC_CODE64 (DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_ACCESSED | DESC_L)
#define DESC_DATA (DESC_P | DESC_S | DESC_RW | DESC_ACCESSED | DESC_G | DESC_DB | DESC_LIMIT_4G)
#define SEL_CODE64 0x08
#define SEL_DATA 0x10

	.section .text.start, "ax"
	.code32
	.global _start
_start:
	/* EBX holds the start_info until main gets it: nothing uses EBX. */
	cli
	cld

	/*
	 * Zero .bss, page tables and stack included; guest.ld aligns both
	 * ends to 16 bytes. Whoever starts the guest puts the start_info
	 * outside the image and its .bss (Vigil: in the last 4 KiB of the
	 * partition's memory, which guest.ld keeps free).
	 */
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	/*
	 * One PML4 entry (the memory lies below 512 GiB), one PDPT entry (it
	 * lies in one 1 GiB region, below 4 GiB), and a 2 MiB page-directory
	 * entry for each 2 MiB of it, mapped to itself. Upper halves stay 0.
	 */
	movl	$(pdpt + PTE_P + PTE_RW), pml4
	movl	$GUEST_BASE, %edx
	movl	%edx, %ecx
	shrl	$GIB_SHIFT, %ecx
	movl	$(pd + PTE_P + PTE_RW), pdpt(, %ecx, 8)
	shrl	$PAGE_2M_SHIFT, %edx
	andl	$PT_INDEX_MASK, %edx		/* first page-directory index */
	movl	$GUEST_MEM_SIZE, %ecx
	shrl	$PAGE_2M_SHIFT, %ecx		/* number of 2 MiB pages */
	movl	$GUEST_BASE, %eax
	orl	$(PTE_P | PTE_RW | PTE_PS), %eax
1:	movl	%eax, pd(, %edx, 8)
	addl	$PAGE_2M, %eax
	incl	%edx
	decl	%ecx
	jnz	1b
	xorl	%esi, %esi			/* vCPU 0: on to main */

	/*
	 * Long mode: PAE paging (and no other CR4 feature), the page tables,
	 * EFER.LME (read-modify-write: EFER's other bits are not ours), then
	 * paging on, which activates long mode (EFER.LMA), in compatibility
	 * mode until the far jump loads the 64-bit code segment. CR0 gets
	 * protection, paging and nothing else: caches on, no FPU use.
	 * ESI (kept throughout) says which way to go from there.
	 */
enter_long_mode:
	movl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	lgdt	gdt_ptr
	movl	$(CR0_PG | CR0_ET | CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$SEL_CODE64, $long_mode

	.code64
long_mode:
	movl	$SEL_DATA, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	lidt	idt_ptr(%rip)
	testl	%esi, %esi
	jnz	secondary_long_mode

	/* SysV ABI: RSP 16-byte aligned at the call; the argument in RDI. */
	leaq	stack_top(%rip), %rsp
	movl	%ebx, %edi
	call	main

	/* main returned: the guest is done. */
	movl	$VIGIL_HC_HALT, %eax
	vmmcall
2:	hlt
	jmp	2b

	/* The stack guest_cpu_on chose, 16-byte aligned; secondary_main
	 * (smp.c) runs the vCPU's function. When it returns, the vCPU turns
	 * itself off. */
secondary_long_mode:
	movl	%ebx, %esp			/* zero-extends into RSP */
	call	secondary_main
	movl	$VIGIL_HC_VCPU_OFF, %eax
	vmmcall
3:	hlt
	jmp	3b

	/*
	 * Another vCPU (VIGIL_HC_VCPU_START, guest_cpu_on in smp.c) starts
	 * here in the same PVH state as vCPU 0, with EBX = the top of its
	 * stack. vCPU 0 built the page tables: it only has to enter long
	 * mode on them.
	 */
	.code32
	.global _secondary_start
_secondary_start:
	cli
	cld
	movl	$1, %esi
	jmp	enter_long_mode

	.section .rodata
	.balign 8
gdt:
	.quad	0
	.quad	DESC_CODE64	/* SEL_CODE64 */
	.quad	DESC_DATA	/* SEL_DATA */
gdt_end:

	/* lgdt in 32-bit mode reads the limit and 4 bytes of the base. */
	.balign 8
gdt_ptr:
	.word	gdt_end - gdt - 1
	.quad	gdt

	.balign 8
idt_ptr:
	.word	0
	.quad	0

	/* Page tables: zeroed with the rest of .bss, then filled in. */
	.section .bss.pagetables, "aw", @nobits
	.balign	4096
pml4:	.space	4096
pdpt:	.space	4096
pd:	.space	4096

	/* SysV ABI: RSP is 16-byte aligned before a call. */
	.section .bss.stack, "aw", @nobits
	.balign	16
	.space	STACK_SIZE
stack_top:

	/*
	 * The PVH entry note (xen/include/public/elfnote.h: in a PT_NOTE
	 * segment, name "Xen"). The descriptor is 8 bytes, which Xen accepts
	 * ("4 or 8 bytes") and which QEMU reads from an ELF64 note. 4-byte
	 * alignment: QEMU pads the name to the segment's alignment.
	 */
	.section .note.Xen, "a", @note
	.balign	4
	.long	4			/* name size: "Xen" and its NUL */
	.long	8			/* descriptor size */
	.long	XEN_ELFNOTE_PHYS32_ENTRY
	.asciz	"Xen"
	.balign	4
	.quad	_start

	/* No executable stack wanted (the linker asks). */
	.section .note.GNU-stack, "", @progbits
