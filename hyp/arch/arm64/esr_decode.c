/* SPDX-License-Identifier: MIT */
/* Human-readable names for exception classes and fault status codes. */
#include "esr_decode.h"
#include "esr.h"

const char *esr_class_name(unsigned int ec)
{
	switch (ec) {
	case EC_UNKNOWN: return "unknown instruction";
	case EC_WFX: return "WFI/WFE";
	case EC_FP_ACCESS: return "FP/SIMD access";
	case EC_ILLEGAL_STATE: return "illegal execution state";
	case EC_SVC64: return "SVC";
	case EC_HVC64: return "HVC";
	case EC_SMC64: return "SMC";
	case EC_SYSREG: return "system register access";
	case EC_SVE: return "SVE access";
	case EC_IABT_LOWER: return "instruction abort";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOWER: return "data abort";
	case EC_SP_ALIGN: return "SP alignment fault";
	case EC_SERROR: return "SError";
	case EC_BREAKPOINT_LOWER: return "breakpoint";
	case EC_SOFTSTEP_LOWER: return "software step";
	case EC_WATCHPOINT_LOWER: return "watchpoint";
	case EC_BRK: return "BRK instruction";
	default: return "unexpected exception";
	}
}

/* Fault status codes, D19.2.37 (DFSC/IFSC). */
const char *esr_fault_name(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	default: break;
	}
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	return "other fault";
}
