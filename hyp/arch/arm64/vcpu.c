/* SPDX-License-Identifier: MIT */
/*
 * Entering a partition on this CPU. Each CPU runs exactly one vCPU of one
 * partition and never switches, so EL1 state needs no saving: Vigil only
 * sets the EL2 controls that confine the guest. Register fields from the
 * Arm ARM (DDI 0487) D19.2.
 */
#include <vigil/arch.h>
#include <vigil/partition.h>

#include "arm64.h"
#include "cpu_regs.h"
#include "sysreg.h"

/* HCR_EL2, D19.2.48. */
#define HCR_VM (1UL << 0)    /* stage-2 translation on */
#define HCR_SWIO (1UL << 1)  /* set/way invalidate becomes clean+invalidate */
#define HCR_FMO (1UL << 3)   /* physical FIQ, IRQ, SError to EL2; also */
#define HCR_IMO (1UL << 4)   /* traps ICC_SGI*R_EL1 writes (GICv3 12.1.9) */
#define HCR_AMO (1UL << 5)
#define HCR_TSC (1UL << 19)  /* trap SMC */
#define HCR_TIDCP (1UL << 20) /* trap IMPLEMENTATION DEFINED registers */
#define HCR_TACR (1UL << 21) /* trap ACTLR_EL1 */
#define HCR_RW (1UL << 31)   /* EL1 is AArch64 */
#define HCR_TLOR (1UL << 35) /* trap LORegion registers */

#define HCR_GUEST                                                        \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC |     \
	 HCR_TIDCP | HCR_TACR | HCR_RW | HCR_TLOR)

/* CPTR_EL2 (E2H = 0), D19.2.31: RES1 13:12, 9:0; TZ (8) traps SVE; TTA
 * (20) traps trace registers; TAM (30) traps activity monitors. FP/SIMD
 * stays with the guest (TFP = 0). */
#define CPTR_EL2_GUEST (0x33ffUL | (1UL << 20) | (1UL << 30))

/* MDCR_EL2, D19.2.97: trap PMU (TPM 6, TPMCR 5) and debug (TDA 9,
 * TDOSA 10, TDRA 11) accesses; HPMN (4:0) keeps its reset value. */
#define MDCR_EL2_TRAPS ((1UL << 5) | (1UL << 6) | (1UL << 9) | (1UL << 10) | \
			(1UL << 11))

/* CNTHCTL_EL2 (E2H = 0), D19.12.4: EL1PCTEN (0) lets the guest read the
 * physical counter; EL1PCEN (1) = 0 traps the physical timer. */
#define CNTHCTL_EL2_GUEST (1UL << 0)

/* VTCR_EL2, D19.2.163: 39-bit IPA (T0SZ 25), walks start at level 1
 * (SL0 = 1 with 4 KiB granule), write-back walks, inner shareable. */
#define VTCR_T0SZ (64UL - 39)
#define VTCR_SL0_L1 (1UL << 6)
#define VTCR_IRGN0_WBWA (1UL << 8)
#define VTCR_ORGN0_WBWA (1UL << 10)
#define VTCR_SH0_INNER (3UL << 12)
#define VTCR_PS_SHIFT 16
#define VTCR_RES1 (1UL << 31)
#define VTTBR_VMID_SHIFT 48

/* SCTLR_EL1 reset for the guest: MMU and caches off, RES1 bits
 * (11, 20, 22, 23, 28, 29), D19.2.118. */
#define SCTLR_EL1_GUEST_RESET 0x30d00800UL

/* SPSR_EL2 for entry: EL1h (M = 0b0101) with D, A, I, F masked. */
#define SPSR_EL1H_MASKED 0x3c5UL

/* VMPIDR_EL2: RES1 bit 31; Aff0 = the vCPU's index in its partition. */
#define VMPIDR_RES1 (1UL << 31)

uint64_t arch_stage2_ipa_size(void)
{
	return 1UL << 39;
}

unsigned int arch_stage2_root_level(void)
{
	return 1;
}

/* What each CPU runs; written only by that CPU. */
static struct {
	struct partition *partition;
	unsigned int vcpu;
} cpu_runs[MAX_CPUS];

struct partition *current_partition(void)
{
	return cpu_runs[arch_cpu_index()].partition;
}

unsigned int current_vcpu(void)
{
	return cpu_runs[arch_cpu_index()].vcpu;
}

_Noreturn void arch_vcpu_enter(struct partition *p, unsigned int vcpu,
			       ipaddr_t entry, uint64_t arg)
{
	cpu_runs[arch_cpu_index()].partition = p;
	cpu_runs[arch_cpu_index()].vcpu = vcpu;

	write_sysreg(vtcr_el2, VTCR_RES1 | VTCR_T0SZ | VTCR_SL0_L1 |
				       VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
				       VTCR_SH0_INNER |
				       (arm64_pa_range() << VTCR_PS_SHIFT));
	write_sysreg(vttbr_el2, ((uint64_t)(p->id + 1) << VTTBR_VMID_SHIFT) |
					(uint64_t)(uintptr_t)p->stage2.root);
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(cptr_el2, CPTR_EL2_GUEST);
	write_sysreg(mdcr_el2, (read_sysreg(mdcr_el2) & 0x1f) | MDCR_EL2_TRAPS);
	write_sysreg(cnthctl_el2, CNTHCTL_EL2_GUEST);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, VMPIDR_RES1 | vcpu);
	write_sysreg(sctlr_el1, SCTLR_EL1_GUEST_RESET);
	isb();
	/* Nothing cached for this VMID may survive from before. */
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb"
			 ::: "memory");
	vcpu_first_entry(entry.ipa, SPSR_EL1H_MASKED, arg);
}
