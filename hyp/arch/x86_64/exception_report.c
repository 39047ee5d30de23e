/* SPDX-License-Identifier: MIT */
/*
 * What an x86-64 exception report says: the vector's name, the error code
 * decoded where the APM gives it a format, and where RIP lies in Vigil.
 * Pure functions over the frame, tested on the host.
 *
 * Names and error codes from the AMD64 APM vol 2: 8.2 "Vectors" (Table
 * 8-1), 8.4.1 "Selector-Error Code", 8.4.2 "Page-Fault Error Code".
 */
#include <vigil/format.h>

#include "exception.h"

/* Table 8-1: mnemonic and name; NULL for the reserved vectors. */
static const char *const exception_names[X86_EXCEPTION_VECTORS] = {
	[0] = "#DE Divide-by-Zero-Error",
	[1] = "#DB Debug",
	[2] = "NMI Non-Maskable-Interrupt",
	[3] = "#BP Breakpoint",
	[4] = "#OF Overflow",
	[5] = "#BR Bound-Range",
	[6] = "#UD Invalid-Opcode",
	[7] = "#NM Device-Not-Available",
	[8] = "#DF Double-Fault",
	[9] = "Coprocessor-Segment-Overrun",
	[10] = "#TS Invalid-TSS",
	[11] = "#NP Segment-Not-Present",
	[12] = "#SS Stack",
	[13] = "#GP General-Protection",
	[14] = "#PF Page-Fault",
	[16] = "#MF x87 Floating-Point Exception-Pending",
	[17] = "#AC Alignment-Check",
	[18] = "#MC Machine-Check",
	[19] = "#XF SIMD Floating-Point",
	[21] = "#CP Control-Protection",
	[28] = "#HV Hypervisor Injection Exception",
	[29] = "#VC VMM Communication Exception",
	[30] = "#SX Security Exception",
};

/* Selector error code (8.4.1). */
#define SEL_EXT (1u << 0) /* an event external to the program */
#define SEL_IDT (1u << 1) /* the index is of an IDT gate */
#define SEL_TI (1u << 2)  /* without IDT: 0 = GDT, 1 = LDT */
#define SEL_INDEX_SHIFT 3 /* bits 15:3 */
#define SEL_INDEX_MASK 0x1fffu

/* Page-fault error code (8.4.2). */
#define PF_P (1u << 0)     /* 0: page not present; 1: protection violation */
#define PF_RW (1u << 1)    /* a write */
#define PF_US (1u << 2)    /* at CPL 3 */
#define PF_RSV (1u << 3)   /* a reserved bit set in a table entry */
#define PF_ID (1u << 4)    /* an instruction fetch */
#define PF_PK (1u << 5)    /* a protection-key violation */
#define PF_SS (1u << 6)    /* a shadow-stack access */
#define PF_RMP (1u << 31)  /* an RMP check (SEV-SNP) */

#define VECTOR_TS 10
#define VECTOR_GP 13
#define VECTOR_PF 14

const char *x86_exception_name(unsigned int vector)
{
	if (vector >= X86_EXCEPTION_VECTORS || !exception_names[vector])
		return "Reserved";
	return exception_names[vector];
}

bool x86_exception_has_error_code(unsigned int vector)
{
	return vector < X86_EXCEPTION_VECTORS &&
	       ((X86_ERROR_CODE_VECTORS >> vector) & 1);
}

static int describe_selector(char *buf, size_t size, uint64_t ec)
{
	unsigned int index = (unsigned int)(ec >> SEL_INDEX_SHIFT) &
			     SEL_INDEX_MASK;
	const char *ext = ec & SEL_EXT ? ", external event" : "";

	if (ec & SEL_IDT)
		return format(buf, size, "IDT vector %u%s", index, ext);
	return format(buf, size, "%s selector %#x%s", ec & SEL_TI ? "LDT" : "GDT",
		      (index << SEL_INDEX_SHIFT) | (unsigned int)(ec & SEL_TI),
		      ext);
}

static int describe_page_fault(char *buf, size_t size, uint64_t ec)
{
	const char *access = ec & PF_ID ? "instruction fetch"
				: ec & PF_RW ? "write" : "read";

	return format(buf, size, "%s %s, %s%s%s%s%s",
		      ec & PF_US ? "user" : "supervisor", access,
		      ec & PF_P ? "protection violation" : "page not present",
		      ec & PF_RSV ? ", reserved bit set in a table entry" : "",
		      ec & PF_PK ? ", protection key" : "",
		      ec & PF_SS ? ", shadow stack" : "",
		      ec & PF_RMP ? ", RMP check" : "");
}

int x86_error_code_describe(char *buf, size_t size, unsigned int vector,
			    uint64_t error_code)
{
	if (vector == VECTOR_PF)
		return describe_page_fault(buf, size, error_code);
	/* #TS, #NP, #SS, #GP: a selector, or zero when none is to blame. */
	if (vector >= VECTOR_TS && vector <= VECTOR_GP && error_code != 0)
		return describe_selector(buf, size, error_code);
	return format(buf, size, "%s", "");
}

int x86_exception_report(char *buf, size_t size,
			 const struct x86_exception_frame *f, uint64_t cr2,
			 uint64_t image_base, uint64_t image_size)
{
	unsigned int vector = (unsigned int)f->vector;
	char code[120] = "none";
	char where[48] = "";

	if (x86_exception_has_error_code(vector)) {
		char what[96];
		int n = x86_error_code_describe(what, sizeof(what), vector,
						f->error_code);
		format(code, sizeof(code), n ? "%#lx (%s)" : "%#lx%s",
		       (unsigned long)f->error_code, what);
	}
	if (image_size && f->rip >= image_base &&
	    f->rip - image_base < image_size)
		format(where, sizeof(where), "; RIP is vigil.so+%#lx",
		       (unsigned long)(f->rip - image_base));
	return format(buf, size, "x86-64 exception #%u (%s) at RIP %#lx, error "
		      "code %s, CR2 %#lx%s", vector, x86_exception_name(vector),
		      (unsigned long)f->rip, code, (unsigned long)cr2, where);
}
