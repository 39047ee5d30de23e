/* SPDX-License-Identifier: MIT */
/*
 * How Vigil reports an x86-64 exception (hyp/arch/x86_64/exception_report.c):
 * the vector names and error-code vectors of AMD APM vol 2, 8.2 Table 8-1,
 * the selector (8.4.1) and page-fault (8.4.2) error-code decodings, and the
 * whole report line. The path into it (IDT -> vectors.S -> x86_exception)
 * runs on every boot of the x86-64 image; these check what it says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../hyp/arch/x86_64/exception.h"

static void names_from_table_8_1(void **state)
{
	static const char *const expected[X86_EXCEPTION_VECTORS] = {
		"#DE Divide-by-Zero-Error",
		"#DB Debug",
		"NMI Non-Maskable-Interrupt",
		"#BP Breakpoint",
		"#OF Overflow",
		"#BR Bound-Range",
		"#UD Invalid-Opcode",
		"#NM Device-Not-Available",
		"#DF Double-Fault",
		"Coprocessor-Segment-Overrun",
		"#TS Invalid-TSS",
		"#NP Segment-Not-Present",
		"#SS Stack",
		"#GP General-Protection",
		"#PF Page-Fault",
		"Reserved",
		"#MF x87 Floating-Point Exception-Pending",
		"#AC Alignment-Check",
		"#MC Machine-Check",
		"#XF SIMD Floating-Point",
		"Reserved",
		"#CP Control-Protection",
		"Reserved", "Reserved", "Reserved", "Reserved", "Reserved",
		"Reserved",
		"#HV Hypervisor Injection Exception",
		"#VC VMM Communication Exception",
		"#SX Security Exception",
		"Reserved",
	};

	(void)state;
	for (unsigned int v = 0; v < X86_EXCEPTION_VECTORS; v++)
		assert_string_equal(x86_exception_name(v), expected[v]);
	assert_string_equal(x86_exception_name(32), "Reserved");
	assert_string_equal(x86_exception_name(255), "Reserved");
	assert_string_equal(x86_exception_name(~0u), "Reserved");
}

/* Table 8-1's error-code column, and the mask vectors.S uses. */
static void error_code_vectors(void **state)
{
	static const unsigned int with_code[] = { 8, 10, 11, 12, 13, 14, 17,
						  21, 29, 30 };
	uint32_t mask = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(with_code) / sizeof(with_code[0]); i++)
		mask |= 1u << with_code[i];
	assert_int_equal(mask, X86_ERROR_CODE_VECTORS);
	for (unsigned int v = 0; v < X86_EXCEPTION_VECTORS; v++)
		assert_int_equal(x86_exception_has_error_code(v),
				 (mask >> v) & 1);
	assert_false(x86_exception_has_error_code(32));
	assert_false(x86_exception_has_error_code(64));
}

static void expect_decoded(unsigned int vector, uint64_t ec,
			   const char *want)
{
	char buf[128];
	int n = x86_error_code_describe(buf, sizeof(buf), vector, ec);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

/* 8.4.1: EXT bit 0, IDT bit 1, TI bit 2, selector index 15:3. */
static void selector_error_codes(void **state)
{
	(void)state;
	expect_decoded(13, 0x18, "GDT selector 0x18");
	expect_decoded(11, 0x19, "GDT selector 0x18, external event");
	expect_decoded(13, 0x1234, "LDT selector 0x1234");
	expect_decoded(10, 0x28, "GDT selector 0x28");
	expect_decoded(12, 0x10, "GDT selector 0x10");
	/* An interrupt with no IDT gate: vector 0x40 * 8 + IDT. */
	expect_decoded(13, 0x202, "IDT vector 64");
	expect_decoded(13, 0x203, "IDT vector 64, external event");
	expect_decoded(13, 0xfffa, "IDT vector 8191");
	/* Zero: no selector to blame (most #GP and #SS). */
	expect_decoded(13, 0, "");
	expect_decoded(12, 0, "");
}

/* 8.4.2: P 0, R/W 1, U/S 2, RSV 3, I/D 4, PK 5, SS 6, RMP 31. */
static void page_fault_error_codes(void **state)
{
	(void)state;
	expect_decoded(14, 0x0, "supervisor read, page not present");
	expect_decoded(14, 0x2, "supervisor write, page not present");
	expect_decoded(14, 0x3, "supervisor write, protection violation");
	expect_decoded(14, 0x11,
		       "supervisor instruction fetch, protection violation");
	expect_decoded(14, 0x4, "user read, page not present");
	expect_decoded(14, 0x9, "supervisor read, protection violation, "
				"reserved bit set in a table entry");
	expect_decoded(14, 0x80000063,
		       "supervisor write, protection violation, protection "
		       "key, shadow stack, RMP check");
}

/* The other error codes are printed, not decoded. */
static void undecoded_error_codes(void **state)
{
	(void)state;
	expect_decoded(8, 0, "");   /* #DF: always zero */
	expect_decoded(17, 0, "");  /* #AC: always zero */
	expect_decoded(21, 0x3, ""); /* #CP */
	expect_decoded(29, 0x7b, ""); /* #VC: an exit code */
	expect_decoded(6, 0x2, "");  /* no error code at all */
}

static struct x86_exception_frame frame(uint64_t vector, uint64_t ec,
					uint64_t rip)
{
	struct x86_exception_frame f;

	memset(&f, 0x5a, sizeof(f));
	f.vector = vector;
	f.error_code = ec;
	f.rip = rip;
	return f;
}

static void expect_report(const struct x86_exception_frame *f, uint64_t cr2,
			  uint64_t base, uint64_t size, const char *want)
{
	char buf[256];
	int n = x86_exception_report(buf, sizeof(buf), f, cr2, base, size);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void whole_reports(void **state)
{
	struct x86_exception_frame f;
	const uint64_t base = 0x3dcb8000, size = 0xe5000;

	(void)state;
	f = frame(14, 0x2, 0x3dcbb9e9);
	expect_report(&f, 0x80000000, base, size,
		      "x86-64 exception #14 (#PF Page-Fault) at RIP "
		      "0x3dcbb9e9, error code 0x2 (supervisor write, page "
		      "not present), CR2 0x80000000; RIP is vigil.so+0x39e9");
	/* No error code pushed: "none", whatever the frame's slot holds. */
	f = frame(6, 0x5a5a, 0x3dcbb9d9);
	expect_report(&f, 0, base, size,
		      "x86-64 exception #6 (#UD Invalid-Opcode) at RIP "
		      "0x3dcbb9d9, error code none, CR2 0; RIP is "
		      "vigil.so+0x39d9");
	/* A zero error code with nothing to decode; RIP outside Vigil. */
	f = frame(13, 0, 0x7000);
	expect_report(&f, 0, base, size,
		      "x86-64 exception #13 (#GP General-Protection) at RIP "
		      "0x7000, error code 0, CR2 0");
	f = frame(8, 0, base + size);
	expect_report(&f, 0x7ffffff8, base, size,
		      "x86-64 exception #8 (#DF Double-Fault) at RIP "
		      "0x3dd9d000, error code 0, CR2 0x7ffffff8");
	/* The image's bounds not known yet. */
	f = frame(2, 0, base);
	expect_report(&f, 0, 0, 0,
		      "x86-64 exception #2 (NMI Non-Maskable-Interrupt) at "
		      "RIP 0x3dcb8000, error code none, CR2 0");
	f = frame(13, 0x202, base);
	expect_report(&f, 0, base, size,
		      "x86-64 exception #13 (#GP General-Protection) at RIP "
		      "0x3dcb8000, error code 0x202 (IDT vector 64), CR2 0; "
		      "RIP is vigil.so+0");
}

/* A short buffer is cut, NUL-terminated, and the length still full. */
static void truncated_report(void **state)
{
	struct x86_exception_frame f = frame(14, 0x11, 0x1000);
	char full[256], small[20];
	int n;

	(void)state;
	n = x86_exception_report(full, sizeof(full), &f, 0x1000, 0, 0);
	assert_int_equal(x86_exception_report(small, sizeof(small), &f, 0x1000,
					      0, 0),
			 n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, full, sizeof(small) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_from_table_8_1),
		cmocka_unit_test(error_code_vectors),
		cmocka_unit_test(selector_error_codes),
		cmocka_unit_test(page_fault_error_codes),
		cmocka_unit_test(undecoded_error_codes),
		cmocka_unit_test(whole_reports),
		cmocka_unit_test(truncated_report),
	};
	return cmocka_run_group_tests_name("x86_exception", tests, NULL, NULL);
}
