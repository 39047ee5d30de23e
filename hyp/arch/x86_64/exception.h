/* SPDX-License-Identifier: MIT */
/*
 * x86-64 exceptions (vectors 0-31) as Vigil reports them: which vectors
 * push an error code, the frame vectors.S builds, and the report that
 * exception_report.c writes (pure, so the host tests run it). Usable from
 * assembly for the constants.
 *
 * References are to the AMD64 Architecture Programmer's Manual, volume 2:
 * 8.2 "Vectors" (Table 8-1 "Interrupt Vector Source and Cause"), 8.4
 * "Error Codes", 8.9 "Long-Mode Interrupt Control Transfers".
 */
#ifndef VIGIL_X86_64_EXCEPTION_H
#define VIGIL_X86_64_EXCEPTION_H

#define X86_EXCEPTION_VECTORS 32

/*
 * The vectors whose exceptions push an error code (8.2, Table 8-1): #DF 8
 * (always zero), #TS 10, #NP 11, #SS 12, #GP 13, #PF 14, #AC 17 (always
 * zero), #CP 21, #VC 29, #SX 30. Bit n set for vector n. The stubs for
 * the others push a zero in its place, so every frame has the same shape.
 */
#define X86_ERROR_CODE_VECTORS 0x60227d00u

/* The interrupt-stack-table slots (8.9, "Interrupt-Stack Table") Vigil
 * gives the exceptions that must not run on a stack that may be broken. */
#define X86_IST_DF 1  /* #DF: the fault may have been a stack overflow */
#define X86_IST_NMI 2 /* NMI: may arrive anywhere, even mid-switch */
#define X86_IST_MC 3  /* #MC: likewise */

/* The bytes of one vector stub in vectors.S; stub n is at n times this. */
#define X86_VECTOR_STUB_SIZE 16

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What vectors.S leaves on the stack for x86_exception: the general
 * registers it pushed (r15 lowest), the vector and error code (zero where
 * the CPU pushes none), then the CPU's own long-mode frame (8.9,
 * "Interrupt Stack Frame": RIP, CS, RFLAGS, RSP, SS, always all five).
 */
struct x86_exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct x86_exception_frame) == 22 * 8,
	       "vectors.S pushes 15 registers, the vector and an error code");
_Static_assert(offsetof(struct x86_exception_frame, rip) == 17 * 8,
	       "the CPU's frame starts after them");
/* In long mode the CPU aligns RSP to 16 bytes before it pushes its frame
 * (8.9), so with this size the C handler gets an ABI-aligned stack. */
_Static_assert(sizeof(struct x86_exception_frame) % 16 == 0,
	       "an ABI-aligned stack for the C handler");

/* The APM's mnemonic and name for vector (8.2), e.g. "#PF Page-Fault";
 * "Reserved" for reserved vectors and those above 31. */
const char *x86_exception_name(unsigned int vector);

/* True if the CPU pushes an error code for this exception vector. */
bool x86_exception_has_error_code(unsigned int vector);

/*
 * Writes what the error code of vector says, or "" if there is nothing to
 * decode: the selector format (8.4.1) for #TS, #NP, #SS and #GP, the
 * page-fault format (8.4.2) for #PF. Returns the length format() would
 * have written.
 */
int x86_error_code_describe(char *buf, size_t size, unsigned int vector,
			    uint64_t error_code);

/*
 * The whole report, without the "vigil: PANIC" prefix:
 *   x86-64 exception #14 (#PF Page-Fault) at RIP 0x..., error code 0x2
 *   (supervisor write, page not present), CR2 0x...
 * and, if RIP lies inside Vigil's loaded image [image_base, image_base +
 * image_size), "; RIP is vigil.so+0x..." for addr2line. Returns the
 * length format() would have written.
 */
int x86_exception_report(char *buf, size_t size,
			 const struct x86_exception_frame *f, uint64_t cr2,
			 uint64_t image_base, uint64_t image_size);

/*
 * idt.c, called by vectors.S: reports the exception and stops, except for
 * an NMI another CPU sent as a kick (x86_nmi_kick), which it consumes and
 * returns from; vectors.S then returns to where the NMI came.
 */
void x86_exception(const struct x86_exception_frame *f);

/*
 * idt.c: kicks CPU cpu_index with an NMI: out of its guest (the NMI
 * intercept exits; svm_run's caller then takes the NMI, and sees why), or
 * out of HLT. Each kick is counted before it is sent, so the NMI handler
 * can tell a kick from an NMI nobody sent, which it still reports.
 */
void x86_nmi_kick(unsigned int cpu_index, uint32_t apic_id);

#endif /* !__ASSEMBLER__ */

#endif /* VIGIL_X86_64_EXCEPTION_H */
