/* SPDX-License-Identifier: MIT */
/*
 * Just enough of the GICv3 for Vigil to interrupt its own CPUs: SGI 0,
 * Group 1, routed to EL2 because guests run with HCR_EL2.IMO set. Guests
 * never see the physical GIC (it is not in any stage-2 map, and their
 * ICC_* accesses go to the disabled virtual interface).
 * Offsets and fields: GIC Architecture Specification (IHI 0069),
 * 12.9 (distributor), 12.10/12.11 (redistributor), 12.2 (CPU interface).
 */
#include <vigil/arch.h>
#include <vigil/log.h>

#include "board_dt.h"
#include "arm64.h"
#include "sysreg.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_ENABLE_GRP1 (1u << 1) /* EnableGrp1 / EnableGrp1NS */
#define GICD_CTLR_ARE (1u << 4)         /* ARE / ARE_NS */
#define GICD_CTLR_RWP (1u << 31)

#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS (1UL << 1)
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000 /* the SGI/PPI frame follows RD_base */
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_IPRIORITYR0 0x0400

#define KICK_SGI 0
#define KICK_PRIORITY 0x80

/* ICC_* registers by encoding (GICv3 12.2). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SRE_EL2 S3_4_C12_C9_5
/* ICC_SRE_EL2: SRE (0) system-register interface; Enable (3) = 0 traps EL1
 * accesses to ICC_SRE_EL1. */
#define ICC_SRE_EL2_SRE (1UL << 0)
#define INTID_SPURIOUS 1023

static uintptr_t dist_base;
static uintptr_t redist_base;
static uint64_t redist_size;
static uint64_t cpu_hw_id[BOARD_MAX_CPUS];

static inline volatile uint32_t *reg32(uintptr_t base, uint64_t offset)
{
	return (volatile uint32_t *)(base + offset);
}

static inline uint64_t read_reg64(uintptr_t base, uint64_t offset)
{
	return *(volatile uint64_t *)(base + offset);
}

static void init_distributor(const struct board *board)
{
	const struct board_dt *dt = board_dt();
	dist_base = (uintptr_t)dt->gic_dist.base;
	redist_base = (uintptr_t)dt->gic_redist.base;
	redist_size = dt->gic_redist.size;
	for (unsigned int i = 0; i < board->cpu_count; i++)
		cpu_hw_id[i] = board->cpu_hw_id[i];
	*reg32(dist_base, GICD_CTLR) |= GICD_CTLR_ARE;
	*reg32(dist_base, GICD_CTLR) |= GICD_CTLR_ENABLE_GRP1;
	while (*reg32(dist_base, GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/* GICR_TYPER.Affinity (63:32) is Aff3.Aff2.Aff1.Aff0 of its CPU. */
static uint64_t affinity_value(uint64_t mpidr)
{
	return ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	uintptr_t rd = redist_base;
	while (rd < redist_base + redist_size) {
		uint64_t typer = read_reg64(rd, GICR_TYPER);
		if ((typer >> 32) == affinity_value(mpidr))
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		/* Two 64 KiB frames, four with virtual LPIs (GICv4). */
		rd += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	panic("no GIC redistributor for CPU %#lx", (unsigned long)mpidr);
}

static void init_this_cpu(void)
{
	uintptr_t rd = find_redistributor(arch_cpu_hw_id());
	*reg32(rd, GICR_WAKER) &= ~GICR_WAKER_PROCESSOR_SLEEP;
	while (*reg32(rd, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		;
	uintptr_t sgi = rd + GICR_SGI_BASE;
	*reg32(sgi, GICR_IGROUPR0) |= 1u << KICK_SGI;
	((volatile uint8_t *)(sgi + GICR_IPRIORITYR0))[KICK_SGI] = KICK_PRIORITY;
	*reg32(sgi, GICR_ISENABLER0) = 1u << KICK_SGI;

	write_sysreg(ICC_SRE_EL2, ICC_SRE_EL2_SRE);
	isb();
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_CTLR_EL1, 0); /* EOImode 0: EOI also deactivates */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

void arch_irq_init(const struct board *board)
{
	if (board)
		init_distributor(board);
	init_this_cpu();
}

/* ICC_SGI1R_EL1 (GICv3 12.2.23): Aff3 55:48, RS 47:44, Aff2 39:32,
 * INTID 27:24, Aff1 23:16, TargetList 15:0 (Aff0 = RS * 16 + bit). */
void arch_cpu_kick(unsigned int cpu_index)
{
	uint64_t mpidr = cpu_hw_id[cpu_index];
	uint64_t aff0 = mpidr & 0xff;
	uint64_t sgi = ((mpidr >> 32) & 0xff) << 48 | (aff0 >> 4) << 44 |
		       ((mpidr >> 16) & 0xff) << 32 | (uint64_t)KICK_SGI << 24 |
		       ((mpidr >> 8) & 0xff) << 16 | 1UL << (aff0 & 0xf);
	__asm__ volatile("dsb ishst" ::: "memory");
	write_sysreg(ICC_SGI1R_EL1, sgi);
	isb();
}

bool gic_take_kick(void)
{
	uint64_t intid = read_sysreg(ICC_IAR1_EL1) & 0xffffff;
	if (intid == INTID_SPURIOUS)
		return false;
	write_sysreg(ICC_EOIR1_EL1, intid);
	isb();
	return intid == KICK_SGI;
}
