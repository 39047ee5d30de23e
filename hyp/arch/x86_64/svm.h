/* SPDX-License-Identifier: MIT */
/*
 * The SVM core of the x86-64 port: what a vCPU's VMCB holds before its
 * first VMRUN (svm_setup.c), the I/O and MSR permission maps every
 * partition shares (svm_maps.c), what an exit says (svm_exit.c) and the
 * world switch itself (svm_entry.S). All but the last are pure and run in
 * the host unit tests. References are to the AMD64 Architecture
 * Programmer's Manual, volume 2 (publication 24593), chapter 15 "Secure
 * Virtual Machine", unless another volume is named.
 *
 * The constants before __ASSEMBLER__ are shared with svm_entry.S.
 */
#ifndef VIGIL_X86_64_SVM_H
#define VIGIL_X86_64_SVM_H

/*
 * struct svm_gprs: the guest's general registers that VMRUN and #VMEXIT
 * do not switch (15.5.1: they load and save only RAX and RSP, in the
 * VMCB). svm_run loads these before VMRUN and stores them after #VMEXIT.
 */
#define SVM_GPR_RBX 0
#define SVM_GPR_RCX 8
#define SVM_GPR_RDX 16
#define SVM_GPR_RSI 24
#define SVM_GPR_RDI 32
#define SVM_GPR_RBP 40
#define SVM_GPR_R8 48
#define SVM_GPR_R9 56
#define SVM_GPR_R10 64
#define SVM_GPR_R11 72
#define SVM_GPR_R12 80
#define SVM_GPR_R13 88
#define SVM_GPR_R14 96
#define SVM_GPR_R15 104
#define SVM_GPRS_SIZE 112

#ifndef __ASSEMBLER__

#include <vigil/types.h>

#include "vmcb.h"

struct svm_gprs {
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

_Static_assert(offsetof(struct svm_gprs, rbx) == SVM_GPR_RBX, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, rcx) == SVM_GPR_RCX, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, rdx) == SVM_GPR_RDX, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, rsi) == SVM_GPR_RSI, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, rdi) == SVM_GPR_RDI, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, rbp) == SVM_GPR_RBP, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r8) == SVM_GPR_R8, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r9) == SVM_GPR_R9, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r10) == SVM_GPR_R10, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r11) == SVM_GPR_R11, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r12) == SVM_GPR_R12, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r13) == SVM_GPR_R13, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r14) == SVM_GPR_R14, "svm_entry.S");
_Static_assert(offsetof(struct svm_gprs, r15) == SVM_GPR_R15, "svm_entry.S");
_Static_assert(sizeof(struct svm_gprs) == SVM_GPRS_SIZE, "svm_entry.S");

/* CPUID Fn8000_000A EDX (APM vol 3, Appendix E, "Function 8000_000Ah -
 * SVM Features"): what the wiring reads besides svm_detect's bits. */
#define CPUID_SVM_EDX_NRIPS (1u << 3)          /* nRIP saved on #VMEXIT */
#define CPUID_SVM_EDX_VMCB_CLEAN (1u << 5)
#define CPUID_SVM_EDX_FLUSH_BY_ASID (1u << 6)  /* TLB_CONTROL 03h, 07h */
#define CPUID_SVM_EDX_DECODE_ASSISTS (1u << 7)

/* MSRs of SVM itself (15.30): EFER.SVME (bit 12) enables SVM, and must
 * also be set in every guest's VMCB (15.5.1, "Canonicalization and
 * Consistency Checks"); VM_HSAVE_PA names the page where VMRUN saves
 * host state (15.30.4). */
#define MSR_EFER 0xc0000080u
#define EFER_SVME (1ull << 12)
#define MSR_VM_HSAVE_PA 0xc0010117u

/* ---- svm_setup.c: a vCPU's VMCB ---- */

/* What svm_vmcb_init needs to know about the vCPU's partition and CPU. */
struct svm_vcpu_setup {
	uint32_t asid;       /* svm_partition_asid(partition id); never 0 */
	uint32_t asid_count; /* CPUID Fn8000_000A EBX: ASIDs 1..count-1 */
	bool flush_by_asid;  /* CPUID Fn8000_000A EDX[FlushByAsid] */
	paddr_t nested_root; /* the partition's nested PML4 (4 KiB aligned) */
	paddr_t iopm;        /* svm_iopm_build's map, 4 KiB aligned */
	paddr_t msrpm;       /* svm_msrpm_build's map, 4 KiB aligned */
};

/*
 * The intercepts every partition runs under (Table B-1 vector 3 at 00Ch
 * and vector 4 at 010h). Nothing else is intercepted: no CR or DR access
 * (with nested paging the guest has its own CR0, CR3, CR4, EFER and PAT,
 * 15.25.2), no exception (a triple fault arrives as SHUTDOWN). Why each
 * is set: svm_setup.c.
 */
#define SVM_GUEST_INTERCEPT3                                              \
	(VMCB_INTERCEPT3_NMI | VMCB_INTERCEPT3_SMI | VMCB_INTERCEPT3_INIT | \
	 VMCB_INTERCEPT3_CPUID | VMCB_INTERCEPT3_INVD |                     \
	 VMCB_INTERCEPT3_HLT | VMCB_INTERCEPT3_INVLPGA |                    \
	 VMCB_INTERCEPT3_IOIO_PROT | VMCB_INTERCEPT3_MSR_PROT |             \
	 VMCB_INTERCEPT3_SHUTDOWN)
#define SVM_GUEST_INTERCEPT4                                              \
	(VMCB_INTERCEPT4_VMRUN | VMCB_INTERCEPT4_VMMCALL |                  \
	 VMCB_INTERCEPT4_VMLOAD | VMCB_INTERCEPT4_VMSAVE |                  \
	 VMCB_INTERCEPT4_STGI | VMCB_INTERCEPT4_CLGI | VMCB_INTERCEPT4_SKINIT)

/* The partition's ASID: its index in the config plus one, since ASID 0
 * is the host's (15.25.1; VMRUN with ASID 0 is VMEXIT_INVALID). */
uint32_t svm_partition_asid(unsigned int partition_id);

/*
 * Zeroes the VMCB and fills its control area: the intercepts above, the
 * two permission maps, nested paging on with N_CR3 = nested_root, the
 * ASID, a TLB flush of that guest on its next VMRUN (TLB_CONTROL 03h
 * with FlushByAsid, else 01h), no V_INTR_MASKING, TSC offset 0, no VMCB
 * clean bits. Returns 0, or -VIGIL_EINVAL (leaving the VMCB untouched) if
 * the ASID is 0 or not below asid_count, or an address is not 4 KiB
 * aligned or beyond 52 bits. Call it, then svm_vmcb_pvh_start, each time
 * the vCPU starts.
 */
int svm_vmcb_init(struct vmcb *vmcb, const struct svm_vcpu_setup *setup);

/*
 * The PVH boot state (Xen's docs/misc/pvh.pandoc, "x86/HVM direct boot
 * ABI", with start_info in EBX as arch-x86/hvm/start_info.h describes):
 * 32-bit protected mode with paging off, flat 4 GiB code and data
 * segments, a busy 32-bit TSS in TR, CR0 = PE|ET, CR4 = 0, EFER = SVME,
 * RFLAGS = 2, RIP = entry, RBX = start_info, every other general register
 * 0, DR6/DR7 and the guest PAT at their reset values. Writes the VMCB's
 * save area and *gprs. Returns 0, or -VIGIL_EINVAL if entry or start_info
 * is at or above 4 GiB (a 32-bit entry cannot reach it).
 */
int svm_vmcb_pvh_start(struct vmcb *vmcb, struct svm_gprs *gprs,
		       ipaddr_t entry, ipaddr_t start_info);

/*
 * A HLT exit (the HLT intercept, svm_setup.c). With the guest's
 * interrupts enabled, clears the HLT intercept for the next VMRUN, RIP
 * still at the HLT, so that the CPU halts in the guest and the guest takes
 * its next interrupt through its own IDT, as it would without Vigil;
 * returns true. (The intercept is back from the next exit on: an EOI, a
 * hypercall, any exit.) With them masked nothing could wake the guest (no
 * NMI reaches one and INIT is Vigil's): returns false and changes nothing.
 */
bool svm_hlt_wait(struct vmcb *vmcb);

/* After any exit: the intercepts of svm_vmcb_init again, HLT's among
 * them after svm_hlt_wait. */
static inline void svm_intercepts_reset(struct vmcb *vmcb)
{
	vmcb->control.intercept_misc1 = SVM_GUEST_INTERCEPT3;
}

/* After the first VMRUN has flushed: later VMRUNs flush nothing. */
static inline void svm_vmcb_tlb_flushed(struct vmcb *vmcb)
{
	vmcb->control.tlb_control = VMCB_TLB_NOTHING;
}

/* ---- svm_maps.c: the I/O and MSR permission maps ---- */

/* 15.10.1: 64K + 3 bits in 12 KiB; 15.11: four 2 KiB vectors in 8 KiB. */
#define SVM_IOPM_SIZE (3 * 4096)
#define SVM_MSRPM_SIZE (2 * 4096)

struct svm_iopm {
	_Alignas(4096) uint8_t bits[SVM_IOPM_SIZE];
};

struct svm_msrpm {
	_Alignas(4096) uint8_t bits[SVM_MSRPM_SIZE];
};

/* Every port intercepted: a partition owns no I/O port (its console is
 * the hypercall one). */
void svm_iopm_build(struct svm_iopm *iopm);

/* True if an access of size bytes (1, 2 or 4) at port exits (15.10.2:
 * any of its bytes' bits set). */
bool svm_iopm_intercepts(const struct svm_iopm *iopm, uint16_t port,
			 unsigned int size);

/* Every MSR intercepted except those svm_msr_guest_owned names. */
void svm_msrpm_build(struct svm_msrpm *msrpm);

/* The allow-list: MSRs a guest reads and writes without an exit. */
bool svm_msr_guest_owned(uint32_t msr);

/*
 * Where the MSRPM bit for a read (write = false) or write of msr is: byte
 * offset and bit in that byte (15.11, Table 15-8). False if the MSRPM
 * does not cover msr: then every access to it exits.
 */
bool svm_msrpm_locate(uint32_t msr, bool write, size_t *byte,
		      unsigned int *bit);

/* True if a guest RDMSR (write = false) or WRMSR of msr exits. */
bool svm_msrpm_intercepts(const struct svm_msrpm *msrpm, uint32_t msr,
			  bool write);

/* ---- svm_exit.c: what an exit says ---- */

/* The exit code's name (Appendix C), e.g. "VMMCALL", "nested page fault",
 * "CR3 write", "exception #GP"; "unknown exit" for a code it lacks. */
const char *svm_exit_name(uint64_t code);

/*
 * The length of the intercepted instruction, if Vigil knows it without
 * decode assists or NRIP save (which QEMU's TCG lacks): 3 for VMMCALL,
 * whose only encoding is 0F 01 D9; for IOIO, EXITINFO2 - RIP (15.10.2
 * saves the next RIP there on every processor). 0 otherwise: Vigil then
 * does not resume the guest past the instruction, it stops the partition.
 */
unsigned int svm_guest_ins_len(const struct vmcb *vmcb);

/*
 * Moves the guest's RIP past an instruction of len bytes that Vigil
 * emulated, wrapping as the guest's mode does (64, 32 or 16-bit IP), and
 * clears the interrupt shadow the instruction might have left.
 */
void svm_skip_instruction(struct vmcb *vmcb, unsigned int len);

/*
 * The one log line for a partition stopped on this exit (partition_stop's
 * reason), e.g. "nested page fault on read at guest-physical 0x50000000
 * (RIP 0x8000006c, EXITINFO1 0x100000004: not present, read, user, final
 * translation)". gprs gives RCX and RDX for MSR exits and RCX (the ASID)
 * for INVLPGA. Returns the length format() would have written.
 */
int svm_exit_describe(char *buf, size_t size, const struct vmcb *vmcb,
		      const struct svm_gprs *gprs);

/* ---- svm_entry.S: the world switch ---- */

/*
 * Runs the guest whose VMCB is at host-physical vmcb_pa, with *gprs in
 * its other general registers, until the next #VMEXIT.
 *
 * Before: IF = 0 and GIF = 1 (Vigil's normal state), EFER.SVME = 1 and
 * VM_HSAVE_PA set on this CPU. host_save_pa is a 4 KiB page of this CPU's
 * own (not the VM_HSAVE_PA page) where svm_run keeps the host's FS, GS,
 * TR, LDTR, KernelGsBase, STAR, LSTAR, CSTAR, SFMASK and SYSENTER MSRs
 * across the run (VMSAVE and VMLOAD, 15.5.2).
 *
 * After: the guest's registers are in the VMCB and *gprs, the host's are
 * back, IF = 0 and GIF = 0: the interrupt, NMI, SMI or INIT that caused
 * the exit, if any, is still pending (15.13, Tables 15-12 to 15-14). The
 * caller reads the exit and then calls svm_stgi(), which lets a pending
 * NMI (through Vigil's IDT, vector 2: its handler must return) or SMI be
 * taken; a pending INIT is taken too and re-initialises the CPU, so on an
 * INIT exit the caller stops the partition (its log line) first. A
 * physical interrupt stays pending (IF = 0) for the caller to take. Not
 * calling svm_stgi() before the next svm_run would exit again at once.
 */
void svm_run(uint64_t vmcb_pa, struct svm_gprs *gprs, uint64_t host_save_pa);

/* STGI (15.17): GIF = 1; with IF = 0 only NMI, SMI and INIT get through. */
void svm_stgi(void);

#endif /* __ASSEMBLER__ */
#endif /* VIGIL_X86_64_SVM_H */
