/* SPDX-License-Identifier: MIT */
/*
 * Entering a partition on this CPU, and running it: the x86-64 half of
 * arch_vcpu_enter (vigil/arch.h). Each CPU runs one vCPU of one partition
 * for good, so there is one VMCB per CPU, started once. The world switch
 * is svm_run (svm_entry.S); this file is the loop around it, which hands
 * each exit to the generic code (hypercalls) or stops the partition.
 * References are to the AMD APM vol 2, chapter 15, unless another volume
 * is named.
 */
#include <vigil/arch.h>
#include <vigil/format.h>
#include <vigil/hypercall_dispatch.h>
#include <vigil/log.h>
#include <vigil/partition.h>
#include <vigil/string.h>
#include <vigil/vcpu.h>

#include "exception.h"
#include "guest_insn.h"
#include "lapic.h"
#include "svm.h"
#include "svm_detect.h"
#include "vapic.h"
#include "vapic_mmio.h"
#include "x86.h"
#include "x86_64.h"

/* A partition's guest-physical space: 4-level nested tables from the PML4
 * (15.25.5), 48 bits. Generic code builds them with pte.c's encodings. */
uint64_t arch_stage2_ipa_size(void)
{
	return 1ull << 48;
}

unsigned int arch_stage2_root_level(void)
{
	return 0;
}

/*
 * x86 caches are coherent with every access, the guest's included,
 * whatever its paging or cache settings (APM vol 2, 7.1 "Cache
 * Coherency"; a guest's memory is mapped write-back at the nested level):
 * nothing to clean before a guest runs, nothing to discard before Vigil
 * reads what it wrote.
 */
void arch_sync_guest_memory(void *base, uint64_t size)
{
	(void)base;
	(void)size;
}

void arch_dcache_discard_for_read(const void *base, uint64_t size)
{
	(void)base;
	(void)size;
}

/*
 * An idle CPU spins on its mailbox (hyp/core/vcpu.c's idle loop calls
 * this between looks), so waiting is a PAUSE and waking needs nothing: a
 * posted request is seen on the next look, with no IPI. (HLT would need
 * a wake-up IPI and an interrupt handler, which Vigil does not have.)
 */
void arch_cpu_wait(void)
{
	x86_pause();
}

void arch_cpu_wake_all(void)
{
	/* Nothing: every waiting CPU spins on its mailbox. */
}

/*
 * A kick of this CPU needs no interrupt: it is in Vigil, and the exit
 * loop checks partition_is_stopped before it enters the guest again.
 * Another CPU gets an NMI (idt.c): out of its guest (the NMI intercept),
 * out of HLT, or in Vigil, where the handler returns at once.
 */
void arch_cpu_kick(unsigned int cpu_index)
{
	if (cpu_index != arch_cpu_index())
		x86_nmi_kick(cpu_index, x86_cpu_apic_id(cpu_index));
}

/* hvm_start_info, version 1, as Xen's public header
 * arch-x86/hvm/start_info.h lays it out, and its memory map entries. */
#define HVM_START_MAGIC 0x336ec578u
#define HVM_START_VERSION 1
#define HVM_MEMMAP_TYPE_RAM 1
#define HVM_MEMMAP_TYPE_RESERVED 2

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "start_info.h: 56 bytes");
_Static_assert(offsetof(struct hvm_start_info, memmap_paddr) == 40,
	       "start_info.h: memmap_paddr at 40");
_Static_assert(sizeof(struct hvm_memmap_entry) == 24, "start_info.h: 24 bytes");

#define START_INFO_SIZE 4096

/* What each CPU runs with: written only by that CPU. */
struct cpu_svm {
	struct vmcb vmcb;
	_Alignas(4096) uint8_t hsave[4096];     /* VM_HSAVE_PA (15.30.4) */
	_Alignas(4096) uint8_t host_save[4096]; /* svm_run's VMSAVE page */
	struct svm_gprs gprs;
};

static struct cpu_svm cpu_svm[BOARD_MAX_CPUS];
static struct svm_iopm iopm;
static struct svm_msrpm msrpm;

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* Vigil's map is 1:1 */
}

/*
 * Writes the start_info in the last 4 KiB of the memory range the image
 * is loaded in (guest.ld keeps them free), with a memory map of the
 * partition's memory, that page reserved. Returns its guest-physical
 * address, or 0 (with *why set) if the image reaches into the page.
 */
static uint64_t write_start_info(const struct partition_config *cfg,
				 const char **why)
{
	const struct mem_map *home = NULL;
	for (unsigned int i = 0; i < cfg->mem_count; i++)
		if (cfg->load_ipa.ipa >= cfg->mem[i].ipa.ipa &&
		    cfg->load_ipa.ipa - cfg->mem[i].ipa.ipa < cfg->mem[i].size)
			home = &cfg->mem[i];
	if (!home || home->size < 2 * START_INFO_SIZE) {
		*why = "its image's memory range has no room for the start_info";
		return 0;
	}
	uint64_t info_ipa = home->ipa.ipa + home->size - START_INFO_SIZE;
	if (cfg->load_ipa.ipa + cfg->image_size > info_ipa) {
		*why = "its image reaches into the last 4 KiB of its memory, "
		       "where the PVH start_info goes";
		return 0;
	}
	uint8_t *page = pa_ptr(pa_init(home->pa.pa + home->size -
				       START_INFO_SIZE));
	memset(page, 0, START_INFO_SIZE);
	struct hvm_start_info *info = (struct hvm_start_info *)page;
	struct hvm_memmap_entry *map =
		(struct hvm_memmap_entry *)(page + sizeof(*info));
	unsigned int n = 0;
	for (unsigned int i = 0; i < cfg->mem_count; i++) {
		uint64_t size = cfg->mem[i].size;
		if (&cfg->mem[i] == home)
			size -= START_INFO_SIZE;
		map[n++] = (struct hvm_memmap_entry){ cfg->mem[i].ipa.ipa, size,
						      HVM_MEMMAP_TYPE_RAM, 0 };
	}
	map[n++] = (struct hvm_memmap_entry){ info_ipa, START_INFO_SIZE,
					      HVM_MEMMAP_TYPE_RESERVED, 0 };
	info->magic = HVM_START_MAGIC;
	info->version = HVM_START_VERSION;
	info->memmap_paddr = info_ipa + sizeof(*info);
	info->memmap_entries = n;
	return info_ipa;
}

/* CPUID Fn8000_0001 ECX bit 2: SVM (APM vol 3, appendix E.4.2). */
#define CPUID_EXT_ECX_SVM (1u << 2)
#define CPUID_SVM_FEATURES 0x8000000au
#define CPUID_VIGIL_BASE 0x40000000u
#define CPUID_VIGIL_VERSION 0x40000001u
#define CPUID_VIGIL_TSC 0x40000010u
#define CPUID_VIGIL_LAST 0x400000ffu
#define CPUID_HYPERVISOR (1u << 31) /* CPUID 1 ECX (appendix E.3.2) */
#define FOURCC(a, b, c, d)                                              \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 |     \
	 (uint32_t)(d) << 24)

/*
 * What the guest's CPUID says (the leaves the guest library reads are in
 * guests/lib/arch/x86_64/arch.h): Vigil's own leaves from 40000000h, and
 * the host's standard and extended leaves with the hypervisor bit set,
 * the vCPU's index as its initial APIC ID, and SVM hidden (no nested
 * guests: VMRUN is intercepted). Leaves beyond the host's are zero.
 */
static struct cpuid_regs guest_cpuid(uint32_t leaf, uint32_t subleaf,
				     unsigned int vcpu)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };
	uint32_t max_basic = x86_cpuid(0, 0).eax;
	uint32_t max_ext = x86_cpuid(0x80000000u, 0).eax;

	if (leaf >= CPUID_VIGIL_BASE && leaf <= CPUID_VIGIL_LAST) {
		if (leaf == CPUID_VIGIL_BASE)
			r = (struct cpuid_regs){ CPUID_VIGIL_TSC,
						 FOURCC('V', 'i', 'g', 'i'),
						 FOURCC('l', 'V', 'i', 'g'),
						 FOURCC('i', 'l', 'V', 'i') };
		else if (leaf == CPUID_VIGIL_VERSION)
			r.eax = (VIGIL_ABI_VERSION_MAJOR << 16) |
				VIGIL_ABI_VERSION_MINOR;
		else if (leaf == CPUID_VIGIL_TSC)
			r.eax = (uint32_t)(arch_counter_hz() / 1000);
		return r;
	}
	if (leaf > max_basic && (leaf < 0x80000000u || leaf > max_ext))
		return r;
	r = x86_cpuid(leaf, subleaf);
	if (leaf == 1) {
		r.ecx |= CPUID_HYPERVISOR;
		r.ebx = (r.ebx & 0x00ffffffu) | (uint32_t)vcpu << 24;
	} else if (leaf == 0x80000001u) {
		r.ecx &= ~CPUID_EXT_ECX_SVM;
	} else if (leaf == CPUID_SVM_FEATURES) {
		r = (struct cpuid_regs){ 0, 0, 0, 0 };
	}
	return r;
}

/* The opcodes of the intercepted instructions Vigil emulates (APM vol 3,
 * "CPUID", "RDMSR", "WRMSR"); prefixes may come before them. */
static const uint8_t CPUID_OPCODE[] = { 0x0f, 0xa2 };
static const uint8_t RDMSR_OPCODE[] = { 0x0f, 0x32 };
static const uint8_t WRMSR_OPCODE[] = { 0x0f, 0x30 };

/* #UD (vector 6) as an exception event (15.20, Figure 15-5: type 3). */
#define EVENT_TYPE_EXCEPTION (3ull << 8)
#define VECTOR_UD 6

enum exit_result { EXIT_RESUME, EXIT_STOPPED };

/*
 * The length of the intercepted instruction at RIP, whose opcode the exit
 * says, with whatever prefixes the guest put before it: read from the
 * guest (guest_insn.h), as QEMU's TCG saves no next RIP. 0 if it cannot
 * be read or is not that instruction (rewritten by another vCPU since),
 * with why for the stop line: resuming at a guessed length would put the
 * guest inside its own instruction.
 */
static unsigned int intercepted_length(const struct partition *p,
				       const struct vmcb *vmcb,
				       const uint8_t *opcode, unsigned int n,
				       const char *name, char *why,
				       size_t why_size)
{
	uint8_t bytes[X86_INSN_MAX_LENGTH];
	unsigned int got = guest_insn_fetch(p, &vmcb->save, bytes);
	int len = got ? x86_decode_length(bytes, got,
					  guest_insn_mode(&vmcb->save), opcode,
					  n)
		      : 0;
	if (len > 0)
		return (unsigned int)len;
	format(why, why_size, "cannot step past its %s at RIP %#lx: %s", name,
	       (unsigned long)vmcb->save.rip,
	       got ? x86_decode_error(len)
		   : "the instruction is not in its memory");
	return 0;
}

static enum exit_result handle_vmmcall(struct partition *p, unsigned int vcpu,
				       struct vmcb *vmcb, struct svm_gprs *g)
{
	/* Hypercalls are the guest kernel's: from user mode (CPL 3), VMMCALL
	 * is what it is without a hypervisor, #UD (APM vol 3, "VMMCALL"). */
	if (vmcb->save.cpl != 0) {
		vmcb->control.eventinj = VMCB_EVENT_V | EVENT_TYPE_EXCEPTION |
					 VECTOR_UD;
		return EXIT_RESUME;
	}
	struct hypercall call = {
		.nr = vmcb->save.rax,
		.arg = { g->rdi, g->rsi, g->rdx, g->r10, g->r8 },
	};
	hypercall_dispatch(p, vcpu, &call);
	if (call.stop)
		return EXIT_STOPPED;
	vmcb->save.rax = (uint64_t)call.result;
	if (call.has_size_needed)
		g->rsi = call.size_needed;
	svm_skip_instruction(vmcb, svm_guest_ins_len(vmcb));
	return EXIT_RESUME;
}

static enum exit_result handle_cpuid(struct partition *p, unsigned int vcpu,
				     struct vmcb *vmcb, struct svm_gprs *g)
{
	char why[160];
	unsigned int len = intercepted_length(p, vmcb, CPUID_OPCODE,
					      sizeof(CPUID_OPCODE), "CPUID",
					      why, sizeof(why));
	if (!len) {
		partition_stop(p, "%s", why);
		return EXIT_STOPPED;
	}
	struct cpuid_regs r = guest_cpuid((uint32_t)vmcb->save.rax,
					  (uint32_t)g->rcx, vcpu);
	/* CPUID writes the four registers' low halves and zeroes the high
	 * ones. */
	vmcb->save.rax = r.eax;
	g->rbx = r.ebx;
	g->rcx = r.ecx;
	g->rdx = r.edx;
	svm_skip_instruction(vmcb, len);
	return EXIT_RESUME;
}

/* EFER (APM vol 2, 3.1.7): the bits a guest may write. LMA is the
 * processor's (set when paging turns on with LME); SVME is Vigil's: VMRUN
 * requires it in the guest's EFER (15.5.1), and the guest, told by CPUID
 * that there is no SVM, reads it as 0. */
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)
#define EFER_GUEST_WRITABLE (EFER_SCE | EFER_LME | EFER_NXE)

#define VECTOR_GP 13

/* APIC_BASE as the guest has it (vapic.h): it reads where its local APIC
 * is; a write may only say the same (moving or disabling the APIC, or
 * x2APIC mode, is not emulated). */
static bool handle_apic_base(unsigned int vcpu, struct vmcb *vmcb,
			     struct svm_gprs *g, unsigned int len)
{
	uint64_t base = vapic_base_msr(vcpu);
	if (vmcb->control.exitinfo1 == 0) {
		vmcb->save.rax = (uint32_t)base;
		g->rdx = base >> 32;
	} else if ((g->rdx << 32 | (uint32_t)vmcb->save.rax) != base) {
		return false;
	}
	svm_skip_instruction(vmcb, len);
	return true;
}

/*
 * The intercepted MSRs Vigil emulates: EFER, which every long-mode guest
 * reads and writes on its way there, and APIC_BASE. Any other MSR the map
 * intercepts stops the partition (svm_maps.c).
 */
static bool handle_msr(unsigned int vcpu, struct vmcb *vmcb,
		       struct svm_gprs *g, unsigned int len)
{
	if ((uint32_t)g->rcx == MSR_APIC_BASE)
		return handle_apic_base(vcpu, vmcb, g, len);
	if ((uint32_t)g->rcx != MSR_EFER)
		return false;
	struct vmcb_save *s = &vmcb->save;
	if (vmcb->control.exitinfo1 == 0) { /* RDMSR: EDX:EAX */
		uint64_t v = s->efer & ~EFER_SVME;
		s->rax = (uint32_t)v;
		g->rdx = v >> 32;
	} else {
		uint64_t v = g->rdx << 32 | (uint32_t)s->rax;
		/* Reserved bits set, or LMA changed: #GP, as the processor
		 * raises it (APM vol 3, "WRMSR"). */
		if (v & ~(EFER_GUEST_WRITABLE | EFER_LMA) ||
		    (v & EFER_LMA) != (s->efer & EFER_LMA)) {
			vmcb->control.eventinj = VMCB_EVENT_V |
						 EVENT_TYPE_EXCEPTION |
						 VMCB_EVENT_EV | VECTOR_GP;
			return true;
		}
		s->efer = (v & EFER_GUEST_WRITABLE) | (s->efer & EFER_LMA) |
			  EFER_SVME;
	}
	svm_skip_instruction(vmcb, len);
	return true;
}

static enum exit_result stop_on_exit(struct partition *p, struct vmcb *vmcb,
				     const struct svm_gprs *g)
{
	char why[300];
	svm_exit_describe(why, sizeof(why), vmcb, g);
	partition_stop(p, "%s", why);
	return EXIT_STOPPED;
}

/* An intercepted RDMSR or WRMSR: emulated for the MSRs handle_msr knows,
 * a stop for any other (with the exit decoded). */
static enum exit_result handle_msr_exit(struct partition *p,
					unsigned int vcpu, struct vmcb *vmcb,
					struct svm_gprs *g)
{
	uint32_t msr = (uint32_t)g->rcx;
	if (msr != MSR_EFER && msr != MSR_APIC_BASE)
		return stop_on_exit(p, vmcb, g);
	bool write = vmcb->control.exitinfo1 != 0;
	char why[160];
	unsigned int len = intercepted_length(
		p, vmcb, write ? WRMSR_OPCODE : RDMSR_OPCODE,
		sizeof(RDMSR_OPCODE), write ? "WRMSR" : "RDMSR", why,
		sizeof(why));
	if (!len) {
		partition_stop(p, "%s", why);
		return EXIT_STOPPED;
	}
	if (handle_msr(vcpu, vmcb, g, len))
		return EXIT_RESUME;
	return stop_on_exit(p, vmcb, g);
}

/* A nested page fault in the local APIC page is the guest's access to
 * its APIC; anywhere else (outside its memory), it stops the partition. */
static enum exit_result handle_npf(struct partition *p, unsigned int vcpu,
				   struct vmcb *vmcb, struct svm_gprs *g)
{
	if (!vapic_page_contains(vmcb->control.exitinfo2))
		return stop_on_exit(p, vmcb, g);
	char why[200];
	if (vapic_mmio_exit(p, vcpu, vmcb, g, why, sizeof(why)))
		return EXIT_RESUME;
	partition_stop(p, "%s", why);
	return EXIT_STOPPED;
}

/* HLT: the guest waits for its next interrupt on its own CPU; with
 * interrupts masked nothing would ever wake it, so its CPU is off. */
static enum exit_result handle_hlt(struct partition *p, unsigned int vcpu,
				   struct vmcb *vmcb)
{
	if (svm_hlt_wait(vmcb))
		return EXIT_RESUME;
	log_printf("vigil: partition '%s': vCPU %u halted with interrupts "
		   "masked at RIP %#lx: nothing can wake it, so it is off\n",
		   p->cfg->name, vcpu, (unsigned long)vmcb->save.rip);
	vcpu_off(p, vcpu);
}

static enum exit_result handle_exit(struct partition *p, unsigned int vcpu,
				    struct vmcb *vmcb, struct svm_gprs *g)
{
	svm_intercepts_reset(vmcb);
	switch (vmcb->control.exitcode) {
	case SVM_EXIT_HLT:
		return handle_hlt(p, vcpu, vmcb);
	case SVM_EXIT_VMMCALL:
		return handle_vmmcall(p, vcpu, vmcb, g);
	case SVM_EXIT_CPUID:
		return handle_cpuid(p, vcpu, vmcb, g);
	case SVM_EXIT_NPF:
		return handle_npf(p, vcpu, vmcb, g);
	case SVM_EXIT_MSR:
		return handle_msr_exit(p, vcpu, vmcb, g);
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
		/* Taken by svm_stgi (a kick's NMI, idt.c, or an SMI); the
		 * exit loop then sees whether the partition was stopped. */
		return EXIT_RESUME;
	default:
		/* SHUTDOWN, I/O, MSRs, INIT, the SVM instructions and
		 * anything else. */
		return stop_on_exit(p, vmcb, g);
	}
}

static void svm_enable(struct cpu_svm *c)
{
	/* 15.4: EFER.SVME before any SVM instruction; 15.30.4: the page
	 * where VMRUN saves the host's state. */
	x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | EFER_SVME);
	x86_wrmsr(MSR_VM_HSAVE_PA, pa_of(c->hsave));
}

/*
 * Every vCPU starts in the PVH state. vCPU 0, which Vigil starts, gets the
 * start_info in EBX (arg unused); another, started by the partition
 * (VIGIL_HC_VCPU_START), gets arg there instead (so it must fit in 32
 * bits).
 */
_Noreturn void arch_vcpu_enter(struct partition *p, unsigned int vcpu,
			       ipaddr_t entry, uint64_t arg)
{
	struct cpu_svm *c = &cpu_svm[arch_cpu_index()];
	/* The permission maps are shared by every CPU: built once, by the
	 * first to get here, before any VMRUN uses them. */
	static struct spinlock maps_lock;
	static bool maps_built;
	spin_lock(&maps_lock);
	if (!maps_built) {
		svm_iopm_build(&iopm);
		svm_msrpm_build(&msrpm);
		maps_built = true;
	}
	spin_unlock(&maps_lock);
	struct svm_support svm;
	svm_detect(&svm);
	svm_enable(c);

	const struct svm_vcpu_setup setup = {
		.asid = svm_partition_asid(p->id),
		.asid_count = svm.asids,
		.flush_by_asid = x86_cpuid(CPUID_SVM_FEATURES, 0).edx &
				 CPUID_SVM_EDX_FLUSH_BY_ASID,
		.nested_root = pa_init(pa_of(p->stage2.root)),
		.iopm = pa_init(pa_of(&iopm)),
		.msrpm = pa_init(pa_of(&msrpm)),
	};
	const char *why = NULL;
	uint64_t ebx = arg;
	if (vcpu == 0) {
		ebx = write_start_info(p->cfg, &why);
		if (!ebx) {
			partition_stop(p, "cannot start: %s", why);
			arch_cpu_park();
		}
	}
	if (svm_vmcb_init(&c->vmcb, &setup) != 0) {
		partition_stop(p, "cannot start: no valid VMCB (ASID %u of %u)",
			       setup.asid, setup.asid_count);
		arch_cpu_park();
	}
	if (svm_vmcb_pvh_start(&c->vmcb, &c->gprs, entry,
			       (ipaddr_t){ ebx }) != 0) {
		partition_stop(p, "cannot start vCPU %u: its entry %#lx or EBX "
			       "%#lx lies above 4 GiB, out of a 32-bit PVH "
			       "entry's reach", vcpu, (unsigned long)entry.ipa,
			       (unsigned long)ebx);
		arch_cpu_park();
	}

	vapic_start();
	for (;;) {
		svm_run(pa_of(&c->vmcb), &c->gprs, pa_of(c->host_save));
		svm_stgi();
		svm_vmcb_tlb_flushed(&c->vmcb);
		if (handle_exit(p, vcpu, &c->vmcb, &c->gprs) == EXIT_STOPPED ||
		    partition_is_stopped(p)) {
			vapic_stop();
			arch_cpu_park();
		}
	}
}
