/* SPDX-License-Identifier: MIT */
/*
 * An instruction is: legacy prefixes, in 64-bit mode a REX prefix, the
 * opcode (0F first for the two-byte map), a ModRM byte, a SIB byte, a
 * displacement and an immediate, each present or not as the opcode and
 * ModRM say (APM vol 3, 1.1 "Instruction Encoding Overview").
 * Section numbers below are of APM vol 3 unless another volume is named.
 */
#include "insn_decode.h"

/* Legacy prefixes (1.2.1 "Summary of Legacy Prefixes"). */
#define PREFIX_OPERAND_SIZE 0x66
#define PREFIX_ADDRESS_SIZE 0x67
#define PREFIX_LOCK 0xf0
#define PREFIX_REPNE 0xf2
#define PREFIX_REP 0xf3

/* REX, 40-4F in 64-bit mode only (1.2.7 "REX Prefixes"): 0100WRXB. */
#define REX_W 0x8
#define REX_R 0x4

#define OPCODE_ESCAPE 0x0f

/* ModRM: mod in bits 7:6, reg 5:3, r/m 2:0; SIB: scale, index, base in
 * the same places (1.4.1 "ModRM Byte Format", 1.4.2 "SIB Byte Format"). */
#define MODRM_MOD(m) ((unsigned int)(m) >> 6)
#define MODRM_REG(m) (((unsigned int)(m) >> 3) & 7)
#define MODRM_RM(m) ((unsigned int)(m) & 7)
#define SIB_BASE(s) ((unsigned int)(s) & 7)
#define MOD_REGISTER 3 /* mod = 11b: r/m names a register, not memory */
#define RM_SIB 4       /* r/m = 100b: a SIB byte follows */
#define RM_DISP32 5    /* mod = 00b, r/m = 101b: disp32 alone (RIP-relative
			  in 64-bit mode), and the same for a SIB base */

/* The instruction's bytes as far as they are read: pos is the next one. */
struct cursor {
	const uint8_t *bytes;
	unsigned int avail;
	unsigned int pos;
};

/*
 * Reserves the next n bytes. Past the 15-byte limit the instruction is
 * too long whatever the buffer holds; short of it, the buffer may simply
 * end too soon.
 */
static int take(struct cursor *c, unsigned int n)
{
	if (c->pos + n > X86_INSN_MAX_LENGTH)
		return X86_DECODE_TOO_LONG;
	if (c->pos + n > c->avail)
		return X86_DECODE_TRUNCATED;
	c->pos += n;
	return 0;
}

static int next_byte(struct cursor *c, uint8_t *b)
{
	int err = take(c, 1);

	if (err)
		return err;
	*b = c->bytes[c->pos - 1];
	return 0;
}

/* Little-endian, as displacements and immediates are (1.5, 1.6). */
static int next_le(struct cursor *c, unsigned int n, uint64_t *v)
{
	int err = take(c, n);

	if (err)
		return err;
	*v = 0;
	for (unsigned int i = 0; i < n; i++)
		*v |= (uint64_t)c->bytes[c->pos - n + i] << (8 * i);
	return 0;
}

struct prefixes {
	bool operand_size;
	bool address_size;
	uint8_t rex; /* 0 if none applies */
};

/*
 * Reads prefixes up to and including the opcode's first byte. A REX
 * prefix counts only directly before the opcode: one followed by a
 * legacy prefix (or by another REX) is ignored, as the CPU ignores it
 * (1.2.7). Segment overrides change which segment the address is in, and
 * the nested page fault has already given the guest-physical address, so
 * they are skipped (1.2.4 "Segment-Override Prefixes"). LOCK on a MOV is
 * #UD anyway, and REP/REPNE turn some opcodes into other instructions
 * (1.2.5, 1.2.6): all three are refused rather than guessed at, unless
 * the caller knows the opcode (any_prefix).
 */
static int read_prefixes(struct cursor *c, enum x86_cpu_mode mode,
			 bool any_prefix, struct prefixes *p, uint8_t *opcode)
{
	*p = (struct prefixes){ 0 };
	for (;;) {
		uint8_t b;
		int err = next_byte(c, &b);

		if (err)
			return err;
		switch (b) {
		case PREFIX_OPERAND_SIZE:
			p->operand_size = true;
			break;
		case PREFIX_ADDRESS_SIZE:
			p->address_size = true;
			break;
		case 0x26: case 0x2e: case 0x36: /* ES, CS, SS overrides */
		case 0x3e: case 0x64: case 0x65: /* DS, FS, GS overrides */
			break;
		case PREFIX_LOCK:
		case PREFIX_REPNE:
		case PREFIX_REP:
			if (!any_prefix)
				return X86_DECODE_BAD_PREFIX;
			break;
		default:
			if (mode == X86_MODE_64 && (b & 0xf0) == 0x40) {
				p->rex = b;
				continue; /* the one prefix that is not reset */
			}
			*opcode = b;
			return 0;
		}
		p->rex = 0;
	}
}

/*
 * Skips what follows ModRM for a memory operand with 32- or 64-bit
 * addressing (1.4 "ModRM and SIB Bytes", 1.5 "Displacement Bytes"): a SIB
 * byte when r/m is 100b; disp8 for mod 01b, disp32 for mod 10b, and
 * disp32 with no base for mod 00b with r/m (or the SIB's base) 101b.
 * REX.B changes none of these: r/m 100b with REX.B (R12) still has a SIB,
 * r/m 101b with REX.B (R13) and mod 00b is still disp32 (1.8.2 "Special
 * Cases"). Mod 00b r/m 101b is RIP-relative in 64-bit mode (1.7
 * "RIP-Relative Addressing"), which changes the address, not the length.
 */
static int skip_memory_operand(struct cursor *c, uint8_t modrm)
{
	unsigned int mod = MODRM_MOD(modrm), rm = MODRM_RM(modrm);
	unsigned int disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;

	if (mod == MOD_REGISTER)
		return X86_DECODE_NOT_MEMORY;
	if (rm == RM_SIB) {
		uint8_t sib;
		int err = next_byte(c, &sib);

		if (err)
			return err;
		if (mod == 0 && SIB_BASE(sib) == RM_DISP32)
			disp = 4;
	} else if (mod == 0 && rm == RM_DISP32) {
		disp = 4;
	}
	return take(c, disp);
}

/* What the opcode says about the access, before ModRM is read. */
struct access {
	bool has_modrm;
	bool moffs;        /* A0-A3: an address-sized offset, no ModRM */
	bool group_0;      /* C6, C7: ModRM.reg is part of the opcode, /0 */
	unsigned int imm;  /* bytes of immediate */
};

/*
 * The operand size of a non-byte operation: REX.W makes it 8 bytes and
 * then 66 is ignored; otherwise 66 makes it 2 (1.2.2 "Operand-Size
 * Override Prefix"; 1.2.7, REX.W). The default is 4 in both
 * 32- and 64-bit mode for these opcodes (Appendix B, Table B-1, MOV and
 * MOVZX).
 */
static unsigned int operand_size(const struct prefixes *p)
{
	if (p->rex & REX_W)
		return 8;
	return p->operand_size ? 2 : 4;
}

/*
 * Fills in what the opcode alone decides (the MOV and MOVZX pages of
 * chapter 3; the one-byte and 0F opcode maps of Appendix A). Reads the
 * second opcode byte after 0F. Returns 0 or a negative decode error.
 */
static int decode_opcode(struct cursor *c, uint8_t opcode,
			 const struct prefixes *p, struct x86_mmio_insn *out,
			 struct access *a)
{
	unsigned int osize = operand_size(p);

	*a = (struct access){ .has_modrm = true };
	switch (opcode) {
	case 0x88: /* MOV r/m8, r8 */
	case 0x89: /* MOV r/m16/32/64, r16/32/64 */
	case 0x8a: /* MOV r8, r/m8 */
	case 0x8b: /* MOV r16/32/64, r/m16/32/64 */
		out->size = opcode & 1 ? osize : 1;
		out->is_write = opcode <= 0x89;
		return 0;
	case 0xc6: /* MOV r/m8, imm8 */
	case 0xc7: /* MOV r/m16/32/64, imm16/32 (imm32 sign-extended) */
		out->size = opcode & 1 ? osize : 1;
		out->is_write = true;
		out->has_imm = true;
		a->group_0 = true;
		a->imm = out->size > 4 ? 4 : out->size;
		return 0;
	case 0xa0: /* MOV AL, moffs8 */
	case 0xa1: /* MOV rAX, moffs16/32/64 */
	case 0xa2: /* MOV moffs8, AL */
	case 0xa3: /* MOV moffs16/32/64, rAX */
		out->size = opcode & 1 ? osize : 1;
		out->is_write = opcode >= 0xa2;
		a->has_modrm = false;
		a->moffs = true;
		return 0;
	case OPCODE_ESCAPE: {
		uint8_t second;
		int err = next_byte(c, &second);

		if (err)
			return err;
		if (second != 0xb6 && second != 0xb7)
			return X86_DECODE_BAD_OPCODE;
		/* MOVZX r16/32/64, r/m8 (B6) or r/m16 (B7) */
		out->size = second == 0xb6 ? 1 : 2;
		out->zero_extend = true;
		out->dest_size = osize;
		return 0;
	}
	default:
		return X86_DECODE_BAD_OPCODE;
	}
}

/*
 * The register operand from ModRM.reg and REX.R. Without any REX prefix
 * a byte operation's registers 4-7 are AH, CH, DH, BH, bits 15:8 of RAX,
 * RCX, RDX, RBX; with one they are SPL, BPL, SIL, DIL (1.8.1 "Byte
 * Register Addressing"). MOVZX's register is 16 bits or wider, never a
 * byte.
 */
static void set_register(struct x86_mmio_insn *out, const struct prefixes *p,
			 uint8_t modrm)
{
	out->reg = MODRM_REG(modrm) | (p->rex & REX_R ? 8 : 0);
	if (out->size == 1 && !out->zero_extend && !p->rex && out->reg >= 4) {
		out->reg_high_byte = true;
		out->reg -= 4;
	}
}

/* The immediate as the CPU uses it: imm32 sign-extended to 64 bits for a
 * 64-bit operand (Appendix B.1 "Immediates"). */
static int read_immediate(struct cursor *c, struct x86_mmio_insn *out,
			  unsigned int bytes)
{
	int err = next_le(c, bytes, &out->imm);

	if (err)
		return err;
	if (out->size == 8 && (out->imm & 0x80000000u))
		out->imm |= 0xffffffff00000000ull;
	return 0;
}

int x86_decode_mmio(const uint8_t *bytes, unsigned int avail,
		    enum x86_cpu_mode mode, struct x86_mmio_insn *out)
{
	struct cursor c = { bytes, avail, 0 };
	struct prefixes p;
	struct access a;
	uint8_t opcode, modrm = 0;
	int err;

	*out = (struct x86_mmio_insn){ 0 };
	if (mode == X86_MODE_16)
		return X86_DECODE_ADDR16;
	err = read_prefixes(&c, mode, false, &p, &opcode);
	if (!err)
		err = decode_opcode(&c, opcode, &p, out, &a);
	if (err)
		return err;
	/* In 32-bit mode 67 selects 16-bit addressing; in 64-bit mode, 32-bit
	 * addressing, whose ModRM forms are 64-bit addressing's (1.2.3
	 * "Address-Size Override Prefix"). */
	if (mode == X86_MODE_32 && p.address_size)
		return X86_DECODE_ADDR16;
	if (a.has_modrm) {
		err = next_byte(&c, &modrm);
		if (err)
			return err;
		if (a.group_0 && MODRM_REG(modrm) != 0)
			return X86_DECODE_BAD_OPCODE; /* C6/C7 /1-/7 */
		err = skip_memory_operand(&c, modrm);
		if (err)
			return err;
		if (!a.group_0)
			set_register(out, &p, modrm);
	} else if (a.moffs) {
		/* The offset is address-sized: 8 bytes in 64-bit mode, 4 with
		 * 67 there and in 32-bit mode (the MOV page, "moffs"). */
		err = take(&c, mode == X86_MODE_64 && !p.address_size ? 8 : 4);
		if (err)
			return err;
	}
	if (a.imm) {
		err = read_immediate(&c, out, a.imm);
		if (err)
			return err;
	}
	if (!out->is_write && !out->zero_extend)
		out->dest_size = out->size;
	out->length = c.pos;
	return 0;
}

int x86_decode_length(const uint8_t *bytes, unsigned int avail,
		      enum x86_cpu_mode mode, const uint8_t *opcode,
		      unsigned int opcode_len)
{
	struct cursor c = { bytes, avail, 0 };
	struct prefixes p;
	uint8_t b;
	/* The exit says which instruction ran: what a prefix would have
	 * made of another opcode does not matter (LOCK is #UD before any
	 * intercept, REP and REPNE are ignored by these). */
	int err = read_prefixes(&c, mode, true, &p, &b);

	for (unsigned int i = 0; !err && i < opcode_len; i++) {
		if (i > 0)
			err = next_byte(&c, &b);
		if (!err && b != opcode[i])
			err = X86_DECODE_OTHER_OPCODE;
	}
	return err ? err : (int)c.pos;
}

const char *x86_decode_error(int err)
{
	switch (err) {
	case 0:
		return "decoded";
	case X86_DECODE_TRUNCATED:
		return "truncated (its bytes could not all be read)";
	case X86_DECODE_TOO_LONG:
		return "instruction longer than 15 bytes";
	case X86_DECODE_BAD_OPCODE:
		return "not a MOV or MOVZX to or from memory";
	case X86_DECODE_BAD_PREFIX:
		return "LOCK, REP or REPNE prefix";
	case X86_DECODE_ADDR16:
		return "16-bit addressing";
	case X86_DECODE_NOT_MEMORY:
		return "register operand where memory was touched";
	case X86_DECODE_OTHER_OPCODE:
		return "not the instruction that exited";
	default:
		return "unknown decode error";
	}
}

/* The low n bytes of v (n = 1, 2, 4 or 8). */
static uint64_t low_bytes(uint64_t v, unsigned int n)
{
	return n >= 8 ? v : v & ((1ull << (8 * n)) - 1);
}

uint64_t x86_mmio_load_merge(uint64_t old, uint64_t value,
			     const struct x86_mmio_insn *insn)
{
	unsigned int dest = insn->dest_size ? insn->dest_size : insn->size;

	value = low_bytes(value, insn->size);
	if (insn->reg_high_byte)
		return (old & ~0xff00ull) | value << 8;
	if (dest >= 4)
		return value; /* 32-bit results are zero-extended to 64 */
	return (old & ~low_bytes(~0ull, dest)) | value;
}

uint64_t x86_mmio_store_value(uint64_t reg_value,
			      const struct x86_mmio_insn *insn)
{
	if (insn->has_imm)
		return low_bytes(insn->imm, insn->size);
	if (insn->reg_high_byte)
		return (reg_value >> 8) & 0xff;
	return low_bytes(reg_value, insn->size);
}
