/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's VMCB before its first VMRUN: the controls that confine the
 * partition (intercepts, permission maps, nested paging, ASID) and the
 * PVH boot state it starts in. Pure: the host unit tests run it. Field
 * offsets are in vmcb.h; references are to the AMD APM vol 2, chapter 15.
 *
 * Why each intercept in SVM_GUEST_INTERCEPT3/4 (svm.h) is set:
 *
 *   VMRUN       required: VMRUN with it clear is VMEXIT_INVALID (15.5.1
 *               consistency checks; Table 15-7). No nested guests.
 *   VMLOAD, VMSAVE
 *               they take a host-physical address in RAX: a guest running
 *               them would read or write any memory (15.5.2).
 *   STGI, CLGI  the GIF holds Vigil's interrupts, NMIs and SMIs (15.17):
 *               a guest must not own it.
 *   SKINIT      re-initialises the CPU into a secure loader (15.27).
 *   INVLPGA     invalidates TLB entries of any ASID, another partition's
 *               included (15.16.2).
 *               (The guest runs with EFER.SVME = 1, which VMRUN requires,
 *               so without these intercepts the SVM instructions would
 *               execute, not fault.)
 *   VMMCALL     the hypercall; not intercepted it is #UD (15.18).
 *   NMI         taken in Vigil, not through the guest's IDT (15.21.9,
 *               Table 15-13): the exit leaves it pending until Vigil sets
 *               GIF. Vigil's kick (a partition stopped by one of its
 *               CPUs stops the others) is an NMI IPI (idt.c).
 *   SMI         with every port intercepted too, an SMI exit can only be an
 *               external asynchronous one, which Vigil lets through with
 *               STGI; this is the second of the three SMM choices of
 *               15.22.3.
 *   INIT        an INIT would re-initialise the physical CPU under the
 *               guest (15.21.8, Table 15-12); intercepted, it is held
 *               pending and Vigil decides.
 *   CPUID       what the guest is told about the CPU is Vigil's to decide
 *               (hide SVM, set the hypervisor bit, 15.2.2).
 *   INVD        discards dirty cache lines without writing them back,
 *               Vigil's and other partitions' included (APM vol 3,
 *               "INVD"); the intercept is in Table 15-7.
 *   IOIO_PROT   with a map that intercepts every port (svm_maps.c).
 *   MSR_PROT    with a map that lets through only the guest-owned MSRs.
 *   SHUTDOWN    a triple fault would otherwise shut down (reset) the whole
 *               machine (15.14.3).
 *   HLT         with interrupts masked the guest would sleep for good,
 *               silently: Vigil turns that vCPU off and says so. With them
 *               enabled the guest halts on its own CPU, the intercept off
 *               until the next exit (svm_hlt_wait).
 *
 * Not intercepted, and why:
 *
 *   INTR        each vCPU has its physical CPU to itself, and with it the
 *               interrupts of its local APIC (vapic.h): they are taken
 *               through the guest's IDT, masked by its RFLAGS.IF and TPR,
 *               as without a hypervisor. V_INTR_MASKING is off for the
 *               same reason (15.21.1: with it off, the guest's IF masks
 *               physical interrupts). Vigil needs none of its own there:
 *               it kicks a CPU with an NMI.
 *
 * Left to the guest too: RDTSC and RDTSCP (TSC_OFFSET 0: the guest reads the
 * host's TSC), PAUSE, MONITOR/MWAIT, WBINVD, XSETBV, CR and DR accesses,
 * exceptions, task switches: each acts on state that is the guest's own
 * or the CPU it alone runs on.
 */
#include <vigil/hypercall.h>
#include <vigil/string.h>

#include "pte_bits.h"
#include "svm.h"

/* Physical addresses are at most 52 bits (5.3.3, Figures 5-18 to 5-21). */
#define PA_LIMIT (1ull << 52)
#define PAGE_MASK 0xfffull

/* CR0 (3.1.1): PE, bit 0, protected mode; ET, bit 4, read-only 1. */
#define CR0_PE (1ull << 0)
#define CR0_ET (1ull << 4)

/* RFLAGS bit 1 reads 1 (3.1.6); IF, TF and VM (bits 9, 8, 17) are 0. */
#define RFLAGS_RESERVED1 0x2ull
#define RFLAGS_IF (1ull << 9)

/* Reset values (Table 14-1 "Initial Processor State"): DR6 FFFF_0FF0h,
 * DR7 0000_0400h. */
#define DR6_RESET 0xffff0ff0ull
#define DR7_RESET 0x400ull

/*
 * The PVH state's selectors: pvh.pandoc leaves their values unspecified.
 * These are those of a notional GDT with null, code, data and TSS
 * entries; the guest loads its own GDT before it reloads a segment.
 */
#define PVH_CS 0x08
#define PVH_DS 0x10
#define PVH_TR 0x18

/* A 32-bit TSS is 104 bytes (chapter 12, "Legacy Task-State Segment");
 * PVH gives it base 0 and limit 67h. */
#define TSS32_LIMIT 0x67

#define FLAT_LIMIT 0xffffffffu

uint32_t svm_partition_asid(unsigned int partition_id)
{
	return partition_id + 1;
}

static bool page_address_ok(paddr_t a)
{
	return (a.pa & PAGE_MASK) == 0 && a.pa < PA_LIMIT;
}

int svm_vmcb_init(struct vmcb *vmcb, const struct svm_vcpu_setup *setup)
{
	if (setup->asid == 0 || setup->asid >= setup->asid_count ||
	    !page_address_ok(setup->nested_root) ||
	    !page_address_ok(setup->iopm) || !page_address_ok(setup->msrpm))
		return -VIGIL_EINVAL;

	/* Reserved fields are SBZ (Table B-1); this also clears the
	 * event injection, interrupt shadow and VMCB clean bits, which
	 * must be 0 for a VMCB never run before (15.15.2). */
	memset(vmcb, 0, sizeof(*vmcb));
	struct vmcb_control *c = &vmcb->control;
	c->intercept_misc1 = SVM_GUEST_INTERCEPT3;
	c->intercept_misc2 = SVM_GUEST_INTERCEPT4;
	c->iopm_base_pa = setup->iopm.pa;
	c->msrpm_base_pa = setup->msrpm.pa;
	c->tsc_offset = 0;
	c->guest_asid = setup->asid;
	/*
	 * The guest's TLB entries are flushed on its first VMRUN (15.16,
	 * "Software Rule": Vigil has just set its paging state). 03h flushes
	 * only this ASID but needs FlushByAsid; without it, as under QEMU's
	 * TCG, the only flush there is is 01h, all ASIDs (Table 15-9). Each
	 * CPU runs one vCPU for good, so this costs one flush per start.
	 */
	c->tlb_control = setup->flush_by_asid ? VMCB_TLB_FLUSH_ASID
					      : VMCB_TLB_FLUSH_ALL;
	c->vintr = 0; /* no V_INTR_MASKING: see the list above */
	/* Nested paging (15.25.3): N_CR3 is a CR3 value, PCD = PWT = 0, so
	 * the nested tables are read write-back. */
	c->np_control = VMCB_NP_ENABLE;
	c->n_cr3 = setup->nested_root.pa;
	return 0;
}

static struct vmcb_seg segment(uint16_t selector, uint16_t attrib,
			       uint32_t limit)
{
	return (struct vmcb_seg){ .selector = selector, .attrib = attrib,
				  .limit = limit, .base = 0 };
}

int svm_vmcb_pvh_start(struct vmcb *vmcb, struct svm_gprs *gprs,
		       ipaddr_t entry, ipaddr_t start_info)
{
	if (entry.ipa > UINT32_MAX || start_info.ipa > UINT32_MAX)
		return -VIGIL_EINVAL;

	/* Execute/read code and read/write data, present, DPL 0 (= CPL),
	 * 32-bit (D/B), 4 GiB (G, the limit being already in bytes). */
	const uint16_t code = SEG_TYPE_CODE_XR_ACCESSED | VMCB_ATTR_S |
			      VMCB_ATTR_P | VMCB_ATTR_DB | VMCB_ATTR_G;
	const uint16_t data = SEG_TYPE_DATA_RW_ACCESSED | VMCB_ATTR_S |
			      VMCB_ATTR_P | VMCB_ATTR_DB | VMCB_ATTR_G;
	/* Busy 32-bit TSS, a system segment (S = 0), present: 8Bh. */
	const uint16_t tss = SEG_TYPE_TSS32_BUSY | VMCB_ATTR_P;

	memset(&vmcb->save, 0, sizeof(vmcb->save));
	struct vmcb_save *s = &vmcb->save;
	s->cs = segment(PVH_CS, code, FLAT_LIMIT);
	s->ds = segment(PVH_DS, data, FLAT_LIMIT);
	s->es = segment(PVH_DS, data, FLAT_LIMIT);
	s->ss = segment(PVH_DS, data, FLAT_LIMIT);
	s->fs = segment(PVH_DS, data, FLAT_LIMIT);
	s->gs = segment(PVH_DS, data, FLAT_LIMIT);
	s->tr = segment(PVH_TR, tss, TSS32_LIMIT);
	/* LDTR null (attributes 0, 15.5.1); GDTR and IDTR base 0, limit 0:
	 * the guest sets up its own (pvh.pandoc), and an exception before
	 * it does ends in a triple fault, which exits as SHUTDOWN. */
	s->cpl = 0;
	s->efer = EFER_SVME; /* required in guest state (15.5.1) */
	s->cr0 = CR0_PE | CR0_ET;
	s->cr4 = 0;
	s->cr3 = 0;
	s->cr2 = 0;
	s->dr6 = DR6_RESET;
	s->dr7 = DR7_RESET;
	s->rflags = RFLAGS_RESERVED1;
	s->rip = entry.ipa;
	s->rsp = 0;
	s->rax = 0;
	/* The guest PAT (15.25.4: loaded from G_PAT with nested paging; an
	 * invalid type is VMEXIT_INVALID) at its reset value (7.8.1). */
	s->g_pat = PAT_RESET_VALUE;

	vmcb->control.interrupt_shadow = 0;
	vmcb->control.eventinj = 0;

	*gprs = (struct svm_gprs){ .rbx = start_info.ipa };
	return 0;
}

bool svm_hlt_wait(struct vmcb *vmcb)
{
	if (!(vmcb->save.rflags & RFLAGS_IF))
		return false;
	vmcb->control.intercept_misc1 = SVM_GUEST_INTERCEPT3 &
					 ~VMCB_INTERCEPT3_HLT;
	return true;
}
