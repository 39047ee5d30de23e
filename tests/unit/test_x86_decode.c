/* SPDX-License-Identifier: MIT */
/*
 * The MMIO instruction decoder (hyp/arch/x86_64/insn_decode.c): real
 * encodings, each refusal, the register write-back rules, and a sweep of
 * every 3-byte start that the decoder never reads past what it was given.
 *
 * The table's bytes were written from the encoding rules (APM vol 3,
 * chapter 1) and then checked against GNU objdump, which must disassemble
 * each row's bytes, and no more, to the row's text, and whose text gives
 * the same size, direction, register and immediate as the row's
 * expectation: tests/unit/x86_decode_crosscheck.py does that check again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../hyp/arch/x86_64/insn_decode.h"

#define M32 X86_MODE_32
#define M64 X86_MODE_64

#define BYTES(...) .bytes = { __VA_ARGS__ }, \
	.n = sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Expectations, by kind: a store from a register (ST), from a high-byte
 * register (STH), a load (LD, LDH), a store of an immediate (IMM) and a
 * MOVZX load (ZX). Registers are numbers in encoding order. */
#define ST(sz, r) .want = { .size = (sz), .is_write = true, .reg = (r) }
#define STH(r) .want = { .size = 1, .is_write = true, .reg = (r), \
			 .reg_high_byte = true }
#define LD(sz, r) .want = { .size = (sz), .reg = (r), .dest_size = (sz) }
#define LDH(r) .want = { .size = 1, .reg = (r), .reg_high_byte = true, \
			 .dest_size = 1 }
#define IMM(sz, v) .want = { .size = (sz), .is_write = true, \
			     .has_imm = true, .imm = (v) }
#define ZX(sz, dest, r) .want = { .size = (sz), .reg = (r), \
				  .zero_extend = true, .dest_size = (dest) }

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
       R8, R9, R10, R11, R12, R13, R14, R15 };

struct good {
	const char *text; /* as objdump prints it */
	enum x86_cpu_mode mode;
	uint8_t bytes[X86_INSN_MAX_LENGTH];
	unsigned int n;
	struct x86_mmio_insn want; /* length is n */
};

static const struct good good[] = {
	/* 88: MOV r/m8, r8; high bytes only without REX */
	{ "mov %al,(%rbx)", M64, BYTES(0x88, 0x03), ST(1, RAX) },
	{ "mov %ah,(%rbx)", M64, BYTES(0x88, 0x23), STH(RAX) },
	{ "mov %bh,(%rbx)", M64, BYTES(0x88, 0x3b), STH(RBX) },
	{ "mov %spl,(%rbx)", M64, BYTES(0x40, 0x88, 0x23), ST(1, RSP) },
	{ "mov %dil,(%rbx)", M64, BYTES(0x40, 0x88, 0x3b), ST(1, RDI) },
	{ "mov %r8b,(%rbx)", M64, BYTES(0x44, 0x88, 0x03), ST(1, R8) },
	{ "mov %r12b,(%rbx)", M64, BYTES(0x44, 0x88, 0x23), ST(1, R12) },
	{ "mov %cl,0x12345678(%rip)", M64,
	  BYTES(0x88, 0x0d, 0x78, 0x56, 0x34, 0x12), ST(1, RCX) },
	/* 89: MOV r/m16/32/64, r16/32/64: 66, REX.W, REX.R, REX.B */
	{ "mov %eax,(%rbx)", M64, BYTES(0x89, 0x03), ST(4, RAX) },
	{ "mov %ax,(%rbx)", M64, BYTES(0x66, 0x89, 0x03), ST(2, RAX) },
	{ "mov %rax,(%rbx)", M64, BYTES(0x48, 0x89, 0x03), ST(8, RAX) },
	{ "mov %r8,(%rbx)", M64, BYTES(0x4c, 0x89, 0x03), ST(8, R8) },
	{ "mov %r15w,(%rbx)", M64, BYTES(0x66, 0x44, 0x89, 0x3b), ST(2, R15) },
	{ "data16 mov %rax,(%rbx)", M64, BYTES(0x66, 0x48, 0x89, 0x03),
	  ST(8, RAX) },
	{ "mov %esi,(%r11)", M64, BYTES(0x41, 0x89, 0x33), ST(4, RSI) },
	/* every ModRM/SIB/displacement form */
	{ "mov %eax,0x10(%rbx)", M64, BYTES(0x89, 0x43, 0x10), ST(4, RAX) },
	{ "mov %eax,-0x10(%rbp)", M64, BYTES(0x89, 0x45, 0xf0), ST(4, RAX) },
	{ "mov %eax,0x12345678(%rbx)", M64,
	  BYTES(0x89, 0x83, 0x78, 0x56, 0x34, 0x12), ST(4, RAX) },
	{ "mov %eax,0x0(%rip)", M64,
	  BYTES(0x89, 0x05, 0x00, 0x00, 0x00, 0x00), ST(4, RAX) },
	{ "mov %eax,(%rbx,%rcx,4)", M64, BYTES(0x89, 0x04, 0x8b), ST(4, RAX) },
	{ "mov %eax,0x10(%rbx,%rcx,4)", M64, BYTES(0x89, 0x44, 0x8b, 0x10),
	  ST(4, RAX) },
	{ "mov %eax,0x12345678(%rbx,%rcx,4)", M64,
	  BYTES(0x89, 0x84, 0x8b, 0x78, 0x56, 0x34, 0x12), ST(4, RAX) },
	{ "mov %eax,0x12345678(,%rcx,4)", M64,
	  BYTES(0x89, 0x04, 0x8d, 0x78, 0x56, 0x34, 0x12), ST(4, RAX) },
	{ "mov %eax,0xfffffffffee00000", M64,
	  BYTES(0x89, 0x04, 0x25, 0x00, 0x00, 0xe0, 0xfe), ST(4, RAX) },
	{ "mov %eax,(%rsp)", M64, BYTES(0x89, 0x04, 0x24), ST(4, RAX) },
	{ "mov %eax,0x8(%rbp,%rax,1)", M64, BYTES(0x89, 0x44, 0x05, 0x08),
	  ST(4, RAX) },
	{ "mov %eax,0x100(%rbp,%rax,1)", M64,
	  BYTES(0x89, 0x84, 0x05, 0x00, 0x01, 0x00, 0x00), ST(4, RAX) },
	/* REX.B: R12 still needs a SIB, R13 with mod 00 is still disp32 */
	{ "mov %eax,(%r12)", M64, BYTES(0x41, 0x89, 0x04, 0x24), ST(4, RAX) },
	{ "mov %eax,0x0(%r13)", M64, BYTES(0x41, 0x89, 0x45, 0x00),
	  ST(4, RAX) },
	{ "mov %eax,0x12345678(%rip)", M64,
	  BYTES(0x41, 0x89, 0x05, 0x78, 0x56, 0x34, 0x12), ST(4, RAX) },
	{ "mov %eax,0x0(,%r12,1)", M64,
	  BYTES(0x43, 0x89, 0x04, 0x25, 0x00, 0x00, 0x00, 0x00), ST(4, RAX) },
	{ "mov %r10,0x8(%r9,%r14,8)", M64, BYTES(0x4f, 0x89, 0x54, 0xf1, 0x08),
	  ST(8, R10) },
	/* 67 in 64-bit mode: 32-bit addressing, same lengths */
	{ "mov %eax,(%ebx)", M64, BYTES(0x67, 0x89, 0x03), ST(4, RAX) },
	{ "mov %eax,0x0(%eip)", M64,
	  BYTES(0x67, 0x89, 0x05, 0x00, 0x00, 0x00, 0x00), ST(4, RAX) },
	{ "mov %eax,0x10(%ebx,%ecx,4)", M64,
	  BYTES(0x67, 0x89, 0x44, 0x8b, 0x10), ST(4, RAX) },
	/* segment overrides */
	{ "mov %eax,%fs:(%rbx)", M64, BYTES(0x64, 0x89, 0x03), ST(4, RAX) },
	{ "mov %rax,%gs:0xf0", M64,
	  BYTES(0x65, 0x48, 0x89, 0x04, 0x25, 0xf0, 0x00, 0x00, 0x00),
	  ST(8, RAX) },
	{ "cs mov %eax,(%rbx)", M64, BYTES(0x2e, 0x89, 0x03), ST(4, RAX) },
	{ "ds mov %eax,(%rbx)", M64, BYTES(0x3e, 0x89, 0x03), ST(4, RAX) },
	{ "es mov %eax,(%rbx)", M64, BYTES(0x26, 0x89, 0x03), ST(4, RAX) },
	{ "ss mov %eax,(%rbx)", M64, BYTES(0x36, 0x89, 0x03), ST(4, RAX) },
	/* a REX not right before the opcode is ignored, as the CPU does */
	{ "rex.W mov %ax,(%rbx)", M64, BYTES(0x48, 0x66, 0x89, 0x03),
	  ST(2, RAX) },
	{ "rex.R cs mov %ah,(%rbx)", M64, BYTES(0x44, 0x2e, 0x88, 0x23),
	  STH(RAX) },
	{ "rex.B mov %spl,(%rbx)", M64, BYTES(0x41, 0x40, 0x88, 0x23),
	  ST(1, RSP) },
	/* 8A, 8B: loads */
	{ "mov (%rbx),%al", M64, BYTES(0x8a, 0x03), LD(1, RAX) },
	{ "mov (%rdi),%ah", M64, BYTES(0x8a, 0x27), LDH(RAX) },
	{ "mov (%rdi),%dh", M64, BYTES(0x8a, 0x37), LDH(RDX) },
	{ "mov (%rdi),%sil", M64, BYTES(0x40, 0x8a, 0x37), LD(1, RSI) },
	{ "mov (%rbx),%r9b", M64, BYTES(0x44, 0x8a, 0x0b), LD(1, R9) },
	{ "mov (%rbx),%eax", M64, BYTES(0x8b, 0x03), LD(4, RAX) },
	{ "mov (%rbx),%ax", M64, BYTES(0x66, 0x8b, 0x03), LD(2, RAX) },
	{ "mov (%rbx),%rax", M64, BYTES(0x48, 0x8b, 0x03), LD(8, RAX) },
	{ "mov (%rbx),%r15", M64, BYTES(0x4c, 0x8b, 0x3b), LD(8, R15) },
	{ "mov 0x8(%r13),%r15d", M64, BYTES(0x45, 0x8b, 0x7d, 0x08),
	  LD(4, R15) },
	{ "mov 0xb0(%rip),%edx", M64,
	  BYTES(0x8b, 0x15, 0xb0, 0x00, 0x00, 0x00), LD(4, RDX) },
	/* C6 /0, C7 /0: immediates, imm32 sign-extended for REX.W */
	{ "movb $0x7f,(%rbx)", M64, BYTES(0xc6, 0x03, 0x7f), IMM(1, 0x7f) },
	{ "movb $0xff,0x10(%rbx)", M64, BYTES(0xc6, 0x43, 0x10, 0xff),
	  IMM(1, 0xff) },
	{ "movl $0x12345678,(%rbx)", M64,
	  BYTES(0xc7, 0x03, 0x78, 0x56, 0x34, 0x12), IMM(4, 0x12345678) },
	{ "movl $0x80000000,(%rbx)", M64,
	  BYTES(0xc7, 0x03, 0x00, 0x00, 0x00, 0x80), IMM(4, 0x80000000) },
	{ "movw $0x1234,(%rbx)", M64, BYTES(0x66, 0xc7, 0x03, 0x34, 0x12),
	  IMM(2, 0x1234) },
	{ "movq $0xffffffff80000000,(%rbx)", M64,
	  BYTES(0x48, 0xc7, 0x03, 0x00, 0x00, 0x00, 0x80),
	  IMM(8, 0xffffffff80000000ull) },
	{ "movq $0x7fffffff,(%rbx)", M64,
	  BYTES(0x48, 0xc7, 0x03, 0xff, 0xff, 0xff, 0x7f), IMM(8, 0x7fffffff) },
	{ "movl $0x12345678,0x10(%rip)", M64,
	  BYTES(0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12),
	  IMM(4, 0x12345678) },
	{ "movl $0xdeadbeef,0x12345678(%rbx,%rcx,4)", M64,
	  BYTES(0xc7, 0x84, 0x8b, 0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0xad,
		0xde),
	  IMM(4, 0xdeadbeef) },
	{ "movb $0x1,0x8(%r12)", M64, BYTES(0x41, 0xc6, 0x44, 0x24, 0x08, 0x01),
	  IMM(1, 0x1) },
	/* the longest: 15 bytes */
	{ "es cs ss ds movw $0x1234,%fs:0x12345678(%rbx,%rcx,4)", M64,
	  BYTES(0x26, 0x2e, 0x36, 0x3e, 0x64, 0x66, 0xc7, 0x84, 0x8b, 0x78,
		0x56, 0x34, 0x12, 0x34, 0x12),
	  IMM(2, 0x1234) },
	/* 0F B6, 0F B7: MOVZX */
	{ "movzbl (%rbx),%eax", M64, BYTES(0x0f, 0xb6, 0x03), ZX(1, 4, RAX) },
	{ "movzwl (%rbx),%eax", M64, BYTES(0x0f, 0xb7, 0x03), ZX(2, 4, RAX) },
	{ "movzbq (%rbx),%rax", M64, BYTES(0x48, 0x0f, 0xb6, 0x03),
	  ZX(1, 8, RAX) },
	{ "movzwq (%rbx),%r9", M64, BYTES(0x4c, 0x0f, 0xb7, 0x0b),
	  ZX(2, 8, R9) },
	{ "movzbw (%rbx),%ax", M64, BYTES(0x66, 0x0f, 0xb6, 0x03),
	  ZX(1, 2, RAX) },
	{ "movzbl (%rbx),%esp", M64, BYTES(0x0f, 0xb6, 0x23), ZX(1, 4, RSP) },
	{ "movzwl 0x20(%rip),%ecx", M64,
	  BYTES(0x0f, 0xb7, 0x0d, 0x20, 0x00, 0x00, 0x00), ZX(2, 4, RCX) },
	/* A0-A3: moffs, address-sized */
	{ "movabs 0xfee00020,%eax", M64,
	  BYTES(0xa1, 0x20, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00),
	  LD(4, RAX) },
	{ "movabs 0xfee00020,%al", M64,
	  BYTES(0xa0, 0x20, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00),
	  LD(1, RAX) },
	{ "movabs %rax,0xfee000b0", M64,
	  BYTES(0x48, 0xa3, 0xb0, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00),
	  ST(8, RAX) },
	{ "movabs %al,0xfee000b0", M64,
	  BYTES(0xa2, 0xb0, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00),
	  ST(1, RAX) },
	{ "addr32 mov 0xfee00020,%eax", M64,
	  BYTES(0x67, 0xa1, 0x20, 0x00, 0xe0, 0xfe), LD(4, RAX) },
	/* 32-bit mode */
	{ "mov %eax,(%ebx)", M32, BYTES(0x89, 0x03), ST(4, RAX) },
	{ "mov %ax,(%ebx)", M32, BYTES(0x66, 0x89, 0x03), ST(2, RAX) },
	{ "mov %eax,0xfee000b0", M32, BYTES(0x89, 0x05, 0xb0, 0x00, 0xe0, 0xfe),
	  ST(4, RAX) },
	{ "mov 0x100(%esp),%eax", M32,
	  BYTES(0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00), LD(4, RAX) },
	{ "mov %ah,0x1(%ebx)", M32, BYTES(0x88, 0x63, 0x01), STH(RAX) },
	{ "mov 0xfee00020,%eax", M32, BYTES(0xa1, 0x20, 0x00, 0xe0, 0xfe),
	  LD(4, RAX) },
	{ "mov %al,0xfee00020", M32, BYTES(0xa2, 0x20, 0x00, 0xe0, 0xfe),
	  ST(1, RAX) },
	{ "movl $0x0,0xfee000b0", M32,
	  BYTES(0xc7, 0x05, 0xb0, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00),
	  IMM(4, 0) },
	{ "movzbl 0x10(%ebx),%eax", M32, BYTES(0x0f, 0xb6, 0x43, 0x10),
	  ZX(1, 4, RAX) },
	{ "mov %edi,%fs:(%esi)", M32, BYTES(0x64, 0x89, 0x3e), ST(4, RDI) },
};

/* Names the first field in which a and b differ, or returns NULL. */
static const char *insn_differs(const struct x86_mmio_insn *a,
				const struct x86_mmio_insn *b)
{
	if (a->length != b->length)
		return "length";
	if (a->size != b->size)
		return "size";
	if (a->is_write != b->is_write)
		return "is_write";
	if (a->has_imm != b->has_imm || a->imm != b->imm)
		return "immediate";
	if (a->reg != b->reg || a->reg_high_byte != b->reg_high_byte)
		return "register";
	if (a->zero_extend != b->zero_extend || a->dest_size != b->dest_size)
		return "destination";
	return NULL;
}

static void expect_insn(const struct good *g, const struct x86_mmio_insn *got)
{
	struct x86_mmio_insn want = g->want;
	const char *field;

	want.length = g->n;
	field = insn_differs(got, &want);
	if (field)
		fail_msg("%s: %s differs (length %u size %u reg %u imm %#llx)",
			 g->text, field, got->length, got->size, got->reg,
			 (unsigned long long)got->imm);
}

/* Each row decodes to what it says, from exactly its bytes, from more
 * bytes than it needs, and is truncated one byte short. */
static void real_encodings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct good *g = &good[i];
		uint8_t more[32];
		struct x86_mmio_insn insn;

		if (x86_decode_mmio(g->bytes, g->n, g->mode, &insn) != 0)
			fail_msg("%s: not decoded", g->text);
		expect_insn(g, &insn);

		memset(more, 0x89, sizeof(more));
		memcpy(more, g->bytes, g->n);
		if (x86_decode_mmio(more, sizeof(more), g->mode, &insn) != 0)
			fail_msg("%s: not decoded with more bytes", g->text);
		expect_insn(g, &insn);

		if (x86_decode_mmio(g->bytes, g->n - 1, g->mode, &insn) !=
		    X86_DECODE_TRUNCATED)
			fail_msg("%s: not truncated one byte short", g->text);
	}
}

struct bad {
	const char *what;
	enum x86_cpu_mode mode;
	uint8_t bytes[X86_INSN_MAX_LENGTH + 2];
	unsigned int n;
	int err;
};

static const struct bad bad[] = {
	{ "lock", M64, BYTES(0xf0, 0x89, 0x03), X86_DECODE_BAD_PREFIX },
	{ "rep", M64, BYTES(0xf3, 0x89, 0x03), X86_DECODE_BAD_PREFIX },
	{ "repne", M64, BYTES(0xf2, 0x89, 0x03), X86_DECODE_BAD_PREFIX },
	{ "lock after 66", M32, BYTES(0x66, 0xf0, 0x89, 0x03),
	  X86_DECODE_BAD_PREFIX },
	{ "16-bit mode", X86_MODE_16, BYTES(0x89, 0x07), X86_DECODE_ADDR16 },
	{ "16-bit mode, 67", X86_MODE_16, BYTES(0x67, 0x89, 0x03),
	  X86_DECODE_ADDR16 },
	{ "67 in 32-bit mode", M32, BYTES(0x67, 0x89, 0x07),
	  X86_DECODE_ADDR16 },
	{ "67 moffs in 32-bit mode", M32, BYTES(0x67, 0xa1, 0x20, 0x00),
	  X86_DECODE_ADDR16 },
	{ "mov %eax,%ebx", M64, BYTES(0x89, 0xc3), X86_DECODE_NOT_MEMORY },
	{ "mov %ebx,%eax", M64, BYTES(0x8b, 0xc3), X86_DECODE_NOT_MEMORY },
	{ "mov $0x12,%al", M64, BYTES(0xc6, 0xc0, 0x12),
	  X86_DECODE_NOT_MEMORY },
	{ "movzbl %al,%eax", M64, BYTES(0x0f, 0xb6, 0xc0),
	  X86_DECODE_NOT_MEMORY },
	{ "C7 /1", M64, BYTES(0xc7, 0x4b, 0x10, 0, 0, 0, 0),
	  X86_DECODE_BAD_OPCODE },
	{ "xabort (C6 /7)", M64, BYTES(0xc6, 0xf8, 0x00),
	  X86_DECODE_BAD_OPCODE },
	{ "xbegin (C7 /7)", M64, BYTES(0xc7, 0xf8, 0, 0, 0, 0),
	  X86_DECODE_BAD_OPCODE },
	{ "add %eax,(%rbx)", M64, BYTES(0x01, 0x03), X86_DECODE_BAD_OPCODE },
	{ "xchg %eax,(%rbx)", M64, BYTES(0x87, 0x03), X86_DECODE_BAD_OPCODE },
	{ "movsbl (%rbx),%eax", M64, BYTES(0x0f, 0xbe, 0x03),
	  X86_DECODE_BAD_OPCODE },
	{ "ud2", M64, BYTES(0x0f, 0x0b), X86_DECODE_BAD_OPCODE },
	{ "movsb", M64, BYTES(0xa4), X86_DECODE_BAD_OPCODE },
	{ "mov $imm,%eax (B8)", M64, BYTES(0xb8, 0, 0, 0, 0),
	  X86_DECODE_BAD_OPCODE },
	{ "40 is INC in 32-bit mode", M32, BYTES(0x40, 0x89, 0x03),
	  X86_DECODE_BAD_OPCODE },
	{ "opcode only", M64, BYTES(0x89), X86_DECODE_TRUNCATED },
	{ "REX only", M64, BYTES(0x48), X86_DECODE_TRUNCATED },
	{ "prefixes only", M64, BYTES(0x66, 0x67, 0x2e), X86_DECODE_TRUNCATED },
	{ "escape only", M64, BYTES(0x0f), X86_DECODE_TRUNCATED },
	{ "no SIB", M64, BYTES(0x89, 0x44), X86_DECODE_TRUNCATED },
	{ "short disp8", M64, BYTES(0x89, 0x44, 0x8b), X86_DECODE_TRUNCATED },
	{ "short disp32", M64, BYTES(0x89, 0x05, 0, 0, 0),
	  X86_DECODE_TRUNCATED },
	{ "short SIB disp32", M64, BYTES(0x89, 0x04, 0x25, 0, 0, 0),
	  X86_DECODE_TRUNCATED },
	{ "short imm32", M64, BYTES(0xc7, 0x03, 0x78, 0x56, 0x34),
	  X86_DECODE_TRUNCATED },
	{ "short moffs64", M64, BYTES(0xa1, 0, 0, 0, 0, 0, 0, 0),
	  X86_DECODE_TRUNCATED },
	{ "16 bytes", M64,
	  BYTES(0x66, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x66, 0xc7, 0x84, 0x8b,
		0x78, 0x56, 0x34, 0x12, 0x34, 0x12),
	  X86_DECODE_TOO_LONG },
	{ "15 prefixes", M64,
	  BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x03),
	  X86_DECODE_TOO_LONG },
	{ "14 prefixes, no room for ModRM", M64,
	  BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x89, 0x03),
	  X86_DECODE_TOO_LONG },
};

static void refusals(void **state)
{
	static const uint8_t none[1] = { 0x89 };
	struct x86_mmio_insn insn;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bad *b = &bad[i];
		int err = x86_decode_mmio(b->bytes, b->n, b->mode, &insn);

		if (err != b->err)
			fail_msg("%s: %d (%s), want %d (%s)", b->what, err,
				 x86_decode_error(err), b->err,
				 x86_decode_error(b->err));
	}
	assert_int_equal(x86_decode_mmio(none, 0, M64, &insn),
			 X86_DECODE_TRUNCATED);
	assert_int_equal(x86_decode_mmio(none, 0, M32, &insn),
			 X86_DECODE_TRUNCATED);
}

/* Each error has a phrase of its own. */
static void error_phrases(void **state)
{
	static const int errs[] = {
		X86_DECODE_TRUNCATED, X86_DECODE_TOO_LONG,
		X86_DECODE_BAD_OPCODE, X86_DECODE_BAD_PREFIX,
		X86_DECODE_ADDR16, X86_DECODE_NOT_MEMORY,
		X86_DECODE_OTHER_OPCODE,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(x86_decode_error(errs[i]),
						x86_decode_error(errs[j]));
	assert_string_equal(x86_decode_error(-100), "unknown decode error");
}

static const uint8_t CPUID[] = { 0x0f, 0xa2 };

#define LENGTH(mode, ...) x86_decode_length((const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ }), mode, CPUID, sizeof(CPUID))

/* CPUID's length with and without prefixes, as Vigil steps past it. */
static void lengths_of_a_known_opcode(void **state)
{
	(void)state;
	assert_int_equal(LENGTH(M64, 0x0f, 0xa2, 0x90), 2);
	assert_int_equal(LENGTH(M64, 0x66, 0x0f, 0xa2), 3);
	assert_int_equal(LENGTH(M64, 0x48, 0x0f, 0xa2), 3);           /* REX.W */
	assert_int_equal(LENGTH(M64, 0x2e, 0x66, 0x48, 0x0f, 0xa2), 5);
	assert_int_equal(LENGTH(M32, 0x66, 0x67, 0x0f, 0xa2), 4);
	/* 48 is DEC EAX outside 64-bit mode, not a prefix. */
	assert_int_equal(LENGTH(M32, 0x48, 0x0f, 0xa2),
			 X86_DECODE_OTHER_OPCODE);
	assert_int_equal(LENGTH(M64, 0x0f, 0x32), X86_DECODE_OTHER_OPCODE);
	assert_int_equal(LENGTH(M64, 0x90), X86_DECODE_OTHER_OPCODE);
	/* REP and REPNE are ignored by CPUID: prefixes like the others. */
	assert_int_equal(LENGTH(M64, 0xf3, 0x0f, 0xa2), 3);
	assert_int_equal(LENGTH(M64, 0xf2, 0x66, 0x0f, 0xa2), 4);
	assert_int_equal(LENGTH(M64, 0x66, 0x0f), X86_DECODE_TRUNCATED);
	/* Fourteen prefixes and the opcode: 16 bytes, over the limit. */
	assert_int_equal(LENGTH(M64, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x0f,
				0xa2), X86_DECODE_TOO_LONG);
	assert_int_equal(LENGTH(M64, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x0f, 0xa2),
			 15);
}

static struct x86_mmio_insn decode64(const uint8_t *bytes, unsigned int n)
{
	struct x86_mmio_insn insn;

	assert_int_equal(x86_decode_mmio(bytes, n, M64, &insn), 0);
	return insn;
}

#define DECODE64(...) decode64((const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ }))

#define OLD 0x1111222233334444ull

/* The x86 write-back rules, through decoded instructions. */
static void load_merge(void **state)
{
	struct x86_mmio_insn i;

	(void)state;
	i = DECODE64(0x8b, 0x03); /* mov (%rbx),%eax: bits 63:32 cleared */
	assert_int_equal(x86_mmio_load_merge(OLD, 0xfedcba98, &i), 0xfedcba98);
	i = DECODE64(0x48, 0x8b, 0x03); /* mov (%rbx),%rax */
	assert_int_equal(x86_mmio_load_merge(OLD, 0x8000000000000001ull, &i),
			 0x8000000000000001ull);
	i = DECODE64(0x66, 0x8b, 0x03); /* mov (%rbx),%ax: 63:16 kept */
	assert_int_equal(x86_mmio_load_merge(OLD, 0xabcd, &i),
			 0x111122223333abcdull);
	i = DECODE64(0x8a, 0x03); /* mov (%rbx),%al: 63:8 kept */
	assert_int_equal(x86_mmio_load_merge(OLD, 0xab, &i),
			 0x11112222333344abull);
	i = DECODE64(0x8a, 0x27); /* mov (%rdi),%ah: only 15:8 */
	assert_int_equal(i.reg, RAX);
	assert_int_equal(x86_mmio_load_merge(OLD, 0xab, &i),
			 0x111122223333ab44ull);
	/* bits above the access size in value are not the device's */
	i = DECODE64(0x8a, 0x03);
	assert_int_equal(x86_mmio_load_merge(OLD, 0xffffff12, &i),
			 0x1111222233334412ull);
	i = DECODE64(0x8a, 0x27);
	assert_int_equal(x86_mmio_load_merge(OLD, 0xffffff12, &i),
			 0x1111222233331244ull);
	i = DECODE64(0x8b, 0x03);
	assert_int_equal(x86_mmio_load_merge(OLD, 0xffff000000000001ull, &i),
			 1);
	/* MOVZX: zero-extended to the destination, then its rule */
	i = DECODE64(0x0f, 0xb6, 0x03); /* movzbl */
	assert_int_equal(x86_mmio_load_merge(OLD, 0x1280, &i), 0x80);
	i = DECODE64(0x48, 0x0f, 0xb7, 0x03); /* movzwq */
	assert_int_equal(x86_mmio_load_merge(OLD, 0x12348000, &i), 0x8000);
	i = DECODE64(0x66, 0x0f, 0xb6, 0x03); /* movzbw: 63:16 kept */
	assert_int_equal(x86_mmio_load_merge(OLD, 0xff, &i),
			 0x11112222333300ffull);
	i = DECODE64(0x0f, 0xb6, 0x23); /* movzbl (%rbx),%esp: not AH */
	assert_false(i.reg_high_byte);
	assert_int_equal(x86_mmio_load_merge(OLD, 0x7f, &i), 0x7f);
}

static void store_value(void **state)
{
	struct x86_mmio_insn i;

	(void)state;
	i = DECODE64(0x89, 0x03); /* mov %eax,(%rbx) */
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0x33334444);
	i = DECODE64(0x48, 0x89, 0x03);
	assert_int_equal(x86_mmio_store_value(OLD, &i), OLD);
	i = DECODE64(0x66, 0x89, 0x03);
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0x4444);
	i = DECODE64(0x88, 0x03); /* %al */
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0x44);
	i = DECODE64(0x88, 0x3b); /* %bh: reg is RBX, bits 15:8 */
	assert_int_equal(i.reg, RBX);
	assert_int_equal(x86_mmio_store_value(0x1234, &i), 0x12);
	i = DECODE64(0x40, 0x88, 0x3b); /* %dil */
	assert_int_equal(i.reg, RDI);
	assert_int_equal(x86_mmio_store_value(0x1234, &i), 0x34);
	/* immediates: the register's contents do not matter */
	i = DECODE64(0x48, 0xc7, 0x03, 0x00, 0x00, 0x00, 0x80);
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0xffffffff80000000ull);
	i = DECODE64(0xc7, 0x03, 0x00, 0x00, 0x00, 0x80);
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0x80000000);
	i = DECODE64(0xc6, 0x03, 0x7f);
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0x7f);
	i = DECODE64(0x66, 0xc7, 0x03, 0x34, 0x12);
	assert_int_equal(x86_mmio_store_value(OLD, &i), 0x1234);
}

/* xorshift64: the same sequence on every run. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Decodes bytes[0..avail) from the end of a heap block of exactly 15
 * bytes, so that AddressSanitizer stops the test at any read past avail.
 */
static int decode_at_end(uint8_t *block, const uint8_t *bytes,
			 unsigned int avail, enum x86_cpu_mode mode,
			 struct x86_mmio_insn *insn)
{
	uint8_t *at = block + X86_INSN_MAX_LENGTH - avail;

	memcpy(at, bytes, avail);
	return x86_decode_mmio(at, avail, mode, insn);
}

/*
 * Decodes bytes as they are and from only their first avail bytes, and
 * checks both answers: never past avail (AddressSanitizer), never longer
 * than 15 bytes or than what was given, and fewer bytes only ever turn
 * the answer into "truncated". Returns 1 if the full bytes decoded.
 */
static unsigned int check_start(uint8_t *block, const uint8_t *bytes,
				unsigned int avail, enum x86_cpu_mode mode)
{
	struct x86_mmio_insn full, part;
	int err = decode_at_end(block, bytes, X86_INSN_MAX_LENGTH, mode, &full);
	int err2 = decode_at_end(block, bytes, avail, mode, &part);

	if (err == X86_DECODE_TRUNCATED)
		fail_msg("%02x %02x %02x: 15 bytes were not enough", bytes[0],
			 bytes[1], bytes[2]);
	if (err == 0 && (full.length < 1 || full.length > 15 ||
			 (full.size != 1 && full.size != 2 && full.size != 4 &&
			  full.size != 8) || full.reg > 15))
		fail_msg("%02x %02x %02x: length %u size %u reg %u", bytes[0],
			 bytes[1], bytes[2], full.length, full.size, full.reg);
	if (err2 == 0 && part.length > avail)
		fail_msg("length %u > avail %u", part.length, avail);
	if (err == 0 && avail >= full.length) {
		assert_int_equal(err2, 0);
		assert_null(insn_differs(&part, &full));
	} else if (err == 0) {
		assert_int_equal(err2, X86_DECODE_TRUNCATED);
	} else if (err2 != X86_DECODE_TRUNCATED) {
		assert_int_equal(err2, err);
	}
	return err == 0;
}

/* Every first three bytes, with a pseudo-random tail and a pseudo-random
 * shorter length, in 32- and 64-bit mode. */
static void every_three_byte_start(void **state)
{
	uint8_t *block = malloc(X86_INSN_MAX_LENGTH);
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned long decoded = 0;

	(void)state;
	assert_non_null(block);
	for (uint32_t start = 0; start < (1u << 24); start++) {
		uint8_t bytes[X86_INSN_MAX_LENGTH];
		uint64_t r = rng_next(&seed), r2 = rng_next(&seed);
		unsigned int avail = (unsigned int)(r2 >> 32) % 16;

		bytes[0] = (uint8_t)(start >> 16);
		bytes[1] = (uint8_t)(start >> 8);
		bytes[2] = (uint8_t)start;
		memcpy(bytes + 3, &r, 8);
		memcpy(bytes + 11, &r2, 4);
		decoded += check_start(block, bytes, avail, M32);
		decoded += check_start(block, bytes, avail, M64);
	}
	/* the sweep did reach the supported opcodes, and not only them */
	assert_true(decoded > 500000);
	assert_true(decoded < 2000000);
	free(block);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_encodings),
		cmocka_unit_test(refusals),
		cmocka_unit_test(error_phrases),
		cmocka_unit_test(lengths_of_a_known_opcode),
		cmocka_unit_test(load_merge),
		cmocka_unit_test(store_value),
		cmocka_unit_test(every_three_byte_start),
	};
	return cmocka_run_group_tests_name("x86_decode", tests, NULL, NULL);
}
