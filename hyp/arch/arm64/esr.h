/* SPDX-License-Identifier: MIT */
/*
 * ESR_EL2 fields and exception classes, Arm ARM (DDI 0487) D19.2.37
 * "ESR_EL2, Exception Syndrome Register (EL2)".
 */
#ifndef VIGIL_ARM64_ESR_H
#define VIGIL_ARM64_ESR_H

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP_ACCESS 0x07
#define EC_ILLEGAL_STATE 0x0e
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_SVE 0x19
#define EC_IABT_LOWER 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOWER 0x24
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_BREAKPOINT_LOWER 0x30
#define EC_SOFTSTEP_LOWER 0x32
#define EC_WATCHPOINT_LOWER 0x34
#define EC_BRK 0x3c
#define EC_COUNT 0x40

/* Instruction and data aborts: ISS (D19.2.37, ISS encoding for an
 * exception from a Data Abort). */
#define ISS_ABORT_FSC(iss) ((iss) & 0x3f)
#define ISS_DABT_WNR (1u << 6)

/* MSR/MRS/system instruction traps (EC 0x18): ISS fields. */
#define ISS_SYSREG_OP0(iss) (((iss) >> 20) & 0x3)
#define ISS_SYSREG_OP2(iss) (((iss) >> 17) & 0x7)
#define ISS_SYSREG_OP1(iss) (((iss) >> 14) & 0x7)
#define ISS_SYSREG_CRN(iss) (((iss) >> 10) & 0xf)
#define ISS_SYSREG_CRM(iss) (((iss) >> 1) & 0xf)
#define ISS_SYSREG_READ(iss) ((iss) & 1)

/* HVC and SMC: the instruction's 16-bit immediate. */
#define ISS_IMM16(iss) ((iss) & 0xffff)

#endif /* VIGIL_ARM64_ESR_H */
