/* SPDX-License-Identifier: MIT */
/*
 * Decoding the one guest instruction that touched an emulated MMIO page.
 * QEMU's TCG gives SVM neither decode assists nor NRIP save, so a nested
 * page fault brings only the guest-physical address: Vigil fetches the
 * instruction bytes itself (guest_paging.h) and learns from them how many
 * bytes were accessed, in which direction, with which register or
 * immediate, and how long the instruction is (to advance RIP past it).
 *
 * Only the moves a driver uses on device registers are decoded: MOV
 * (88, 89, 8A, 8B, C6 /0, C7 /0, and the moffs forms A0-A3) and MOVZX
 * (0F B6, 0F B7). Everything else is refused with a reason to log.
 * Pure C, no globals: the host unit tests build this file as it is.
 *
 * References are to the AMD64 Architecture Programmer's Manual, volume 3
 * (publication 24594): chapter 1 "Instruction Encoding" and the MOV and
 * MOVZX pages of chapter 3 "General-Purpose Instruction Reference".
 */
#ifndef VIGIL_X86_64_INSN_DECODE_H
#define VIGIL_X86_64_INSN_DECODE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The mode the guest runs in, from EFER.LMA, CS.L and CS.D (APM vol 2,
 * 4.8.1 "Code-Segment Descriptors"): 64-bit when LMA and CS.L; otherwise
 * 32-bit when CS.D; otherwise 16-bit.
 */
enum x86_cpu_mode { X86_MODE_16, X86_MODE_32, X86_MODE_64 };

/* The longest instruction the CPU accepts (vol 3, 1.1 "Instruction
 * Encoding Overview": 15 bytes, or #GP). */
#define X86_INSN_MAX_LENGTH 15u

struct x86_mmio_insn {
	unsigned int length;    /* bytes of the whole instruction, 1..15 */
	unsigned int size;      /* bytes accessed in memory: 1, 2, 4 or 8 */
	bool is_write;          /* a store to memory */
	bool has_imm;           /* a store of an immediate (the value in imm) */
	uint64_t imm;           /* the immediate: zero-extended from size bytes,
				   or sign-extended from 32 bits for size 8 */
	unsigned int reg;       /* register operand, 0..15 = RAX..R15 in
				   encoding order; 0 for an immediate store */
	bool reg_high_byte;     /* AH, CH, DH or BH: then reg is 0..3 (RAX..RBX)
				   and the byte is that register's bits 15:8 */
	bool zero_extend;       /* MOVZX: size is the memory operand's, the
				   register gets dest_size bytes */
	unsigned int dest_size; /* bytes a load writes to the register: size,
				   or MOVZX's destination width; 0 for a
				   store */
};

/* Why an instruction was not decoded: x86_decode_mmio's negative results. */
enum x86_decode_error {
	X86_DECODE_TRUNCATED = -1,    /* needs more bytes than were given */
	X86_DECODE_TOO_LONG = -2,     /* longer than 15 bytes */
	X86_DECODE_BAD_OPCODE = -3,   /* not one of the moves above */
	X86_DECODE_BAD_PREFIX = -4,   /* LOCK (F0), REPNE (F2) or REP (F3) */
	X86_DECODE_ADDR16 = -5,       /* 16-bit addressing */
	X86_DECODE_NOT_MEMORY = -6,   /* ModRM names a register, not memory */
	X86_DECODE_OTHER_OPCODE = -7, /* not the opcode x86_decode_length
					 was told to expect */
};

/*
 * Decodes the instruction at bytes[0..avail) as a guest running in mode
 * would. Never reads past bytes[avail - 1] nor past the 15th byte.
 * Returns 0 with *out filled, or a negative enum x86_decode_error (then
 * *out is unspecified). 16-bit addressing is refused: all of X86_MODE_16,
 * and the address-size prefix (67) in X86_MODE_32.
 */
int x86_decode_mmio(const uint8_t *bytes, unsigned int avail,
		    enum x86_cpu_mode mode, struct x86_mmio_insn *out);

/*
 * The length of an instruction with no operand bytes whose opcode Vigil
 * knows from the exit (CPUID is 0F A2, RDMSR 0F 32, WRMSR 0F 30): what
 * prefixes precede opcode[0..opcode_len) at bytes[0..avail), plus the
 * opcode. Without NRIP save (QEMU's TCG has none) this is how Vigil steps
 * past such an instruction. Returns the length, or a negative enum
 * x86_decode_error: other bytes than the opcode after the prefixes are
 * X86_DECODE_OTHER_OPCODE.
 */
int x86_decode_length(const uint8_t *bytes, unsigned int avail,
		      enum x86_cpu_mode mode, const uint8_t *opcode,
		      unsigned int opcode_len);

/* A phrase for a log line, for a result of x86_decode_mmio or
 * x86_decode_length. */
const char *x86_decode_error(int err);

/*
 * The register's new value after a load of value (the size bytes read
 * from the device) into it, as the CPU writes a destination register
 * (APM vol 1, 3.1.2 "Zero-Extension of 32-Bit Results"): a 32-bit
 * destination zeroes bits 63:32; an 8- or 16-bit one keeps every other
 * bit; a high-byte register replaces bits 15:8 only. MOVZX zero-extends
 * value to dest_size first.
 */
uint64_t x86_mmio_load_merge(uint64_t old, uint64_t value,
			     const struct x86_mmio_insn *insn);

/*
 * The value a store writes to the device, truncated to size: the
 * immediate for an immediate store (reg_value is then unused), otherwise
 * the register's contents reg_value (bits 15:8 of it for a high-byte
 * register).
 */
uint64_t x86_mmio_store_value(uint64_t reg_value,
			      const struct x86_mmio_insn *insn);

#endif /* VIGIL_X86_64_INSN_DECODE_H */
