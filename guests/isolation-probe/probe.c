/* SPDX-License-Identifier: MIT */
/*
 * isolation-probe: tries one thing a partition must not be able to do.
 * Vigil must stop the partition at that instruction; if the probe gets past
 * it, isolation is broken and the probe says so.
 *
 * Built once per attack (mk/guests.mk), chosen by PROBE_ACTION:
 *   PROBE_READ    read PROBE_TARGET, an address outside its own memory
 *                 (PROBE_WHAT names what lives there on the host);
 *   PROBE_SMC     ask, over SMC, to power on a CPU of another partition
 *                 (PSCI CPU_ON), then call the firmware's SiP service;
 *   PROBE_SYSREG  send an interrupt to every other CPU through the GICv3
 *                 ICC_SGI1R_EL1 register (HCR_EL2.IMO traps it).
 *
 * x86-64 only, each stopped by an SVM intercept (hyp/arch/x86_64:
 * svm_setup.c sets them, svm_maps.c holds the permission maps):
 *   PROBE_WRMSR   point VM_HSAVE_PA at a page of its own;
 *   PROBE_RDMSR   read VM_HSAVE_PA, a host-physical address of Vigil's;
 *   PROBE_OUT     select the fw_cfg file directory, the way to the device
 *                 secret (opt/vigil/uds), through I/O port 0x510;
 *   PROBE_IN      after PROBE_DELAY_MS, read fw_cfg's data port 0x511;
 *   PROBE_SVM     run one SVM instruction, PROBE_INSN (a SVM_INSN_*);
 *   PROBE_TRIPLE_FAULT
 *                 raise an exception with an empty IDT: a triple fault;
 *   PROBE_HALT_MASKED
 *                 halt with interrupts masked, which nothing can end:
 *                 Vigil turns the vCPU off rather than leave it asleep.
 */
#include "vigil.h"
#if defined(__x86_64__)
#include "arch.h" /* arch_cpuid */
#endif

#define PROBE_READ 1
#define PROBE_SMC 2
#define PROBE_SYSREG 3
#define PROBE_WRMSR 4
#define PROBE_RDMSR 5
#define PROBE_OUT 6
#define PROBE_IN 7
#define PROBE_SVM 8
#define PROBE_TRIPLE_FAULT 9
#define PROBE_HALT_MASKED 10

#ifndef PROBE_ACTION
#error "PROBE_ACTION must be defined"
#endif

#if PROBE_ACTION == PROBE_READ
#if defined(__x86_64__)
/*
 * x86-64: start.S maps only the guest's own memory, so a read of anything
 * else would be a guest page fault (a triple fault, with its empty IDT)
 * and never reach nested paging. The probe first maps the target's 2 MiB
 * page to itself in its own page tables; then only Vigil's nested page
 * tables stand between it and the target. (AMD APM vol 2, 5.3-5.4.)
 */
_Static_assert((PROBE_TARGET) < (1ull << 32),
	       "PROBE_TARGET must lie below 4 GiB, as guest_map_2m maps");
_Static_assert((PROBE_TARGET) >= GUEST_BASE + GUEST_MEM_SIZE ||
	       (PROBE_TARGET) + 8 <= GUEST_BASE,
	       "PROBE_TARGET must lie outside the probe's own memory");
#endif

static void attack(void)
{
	uintptr_t target = (uintptr_t)PROBE_TARGET;
#if defined(__x86_64__)
	guest_map_2m(target, false);
#endif
	guest_printf("reading %s at 0x%lx\n", PROBE_WHAT, (unsigned long)target);
	/* One aligned 64-bit load, not merged or dropped by the compiler. */
	uint64_t value = *(volatile const uint64_t *)target;
	guest_printf("read 0x%lx = 0x%lx: isolation broken\n",
		     (unsigned long)target, (unsigned long)value);
}
#elif PROBE_ACTION == PROBE_SMC
static uint64_t smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : : "memory");
	return x0;
}

static void attack(void)
{
	/* PSCI CPU_ON (DEN0022 5.1.4) of CPU 3, which is not one of this
	 * partition's: Vigil answers it, and only for the partition's own. */
	guest_printf("PSCI CPU_ON of CPU 3 returned %ld\n",
		     (long)smc(0xC4000003, 3, GUEST_BASE, 0));
	/* A SiP service call (SMCCC, DEN0028: owner 2), which on a real
	 * board reaches the SoC's firmware. */
	guest_printf("calling the firmware's SiP service over SMC\n");
	uint64_t r = smc(0xC2000001, 0, 0, 0);
	guest_printf("SMC returned 0x%lx: isolation broken\n", (unsigned long)r);
}
#elif PROBE_ACTION == PROBE_SYSREG
static void attack(void)
{
	/* ICC_SGI1R_EL1 (S3_0_C12_C11_5, GICv3 12.2.23): IRM (bit 40) = 1
	 * sends SGI 0 to every CPU but this one. */
	guest_printf("writing ICC_SGI1R_EL1 to interrupt every other CPU\n");
	__asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(1UL << 40) : "memory");
	guest_printf("SGI write returned: isolation broken\n");
}
#elif !defined(__x86_64__)
#error "PROBE_ACTION 4 and above are x86-64 probes"
#elif PROBE_ACTION == PROBE_WRMSR || PROBE_ACTION == PROBE_RDMSR
/*
 * VM_HSAVE_PA (AMD APM vol 2, 15.30.4) names the host-physical page where
 * VMRUN saves the host's state and from which #VMEXIT reloads it: RIP,
 * RSP, CR3, the segments. A partition that could write it would choose
 * where Vigil's state goes at its next VMRUN and what the CPU loads back
 * at the next exit: aimed at its own memory, the machine would be the
 * guest's; aimed elsewhere, Vigil's state lands on whatever lies there.
 * (The probe names a page of its own by its guest-physical address.) Its
 * value, read, is a host-physical address of Vigil's own. Vigil sets it
 * itself (vcpu.c) and the MSR permission map keeps it from every guest.
 */
#define MSR_VM_HSAVE_PA 0xc0010117u

#if PROBE_ACTION == PROBE_WRMSR
static uint8_t own_page[4096] __attribute__((aligned(4096)));

static void attack(void)
{
	uint64_t value = (uint64_t)(uintptr_t)own_page;
	guest_printf("writing MSR 0x%x (VM_HSAVE_PA) with 0x%lx, a page of its "
		     "own\n", MSR_VM_HSAVE_PA, (unsigned long)value);
	/* WRMSR: ECX the MSR, EDX:EAX the value (APM vol 3, "WRMSR"). */
	__asm__ volatile("wrmsr" : : "c"(MSR_VM_HSAVE_PA), "a"((uint32_t)value),
			 "d"((uint32_t)(value >> 32)) : "memory");
	guest_printf("WRMSR returned: isolation broken\n");
}
#else
static void attack(void)
{
	guest_printf("reading MSR 0x%x (VM_HSAVE_PA), where Vigil keeps its "
		     "state\n", MSR_VM_HSAVE_PA);
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_VM_HSAVE_PA));
	guest_printf("read 0x%lx: isolation broken\n",
		     (unsigned long)((uint64_t)hi << 32 | lo));
}
#endif
#elif PROBE_ACTION == PROBE_OUT || PROBE_ACTION == PROBE_IN
/*
 * QEMU's fw_cfg interface (QEMU's docs/specs/fw_cfg.rst): a 16-bit
 * selector at I/O port 0x510, the selected item's bytes at 0x511. Item
 * 0x19 is the file directory, which gives each file's selector; the
 * device secret, opt/vigil/uds, is one of those files, and fw_cfg serves
 * it for as long as the machine runs (Vigil zeroes only its own copy).
 * The I/O permission map intercepts every port (svm_maps.c).
 */
#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_FILE_DIR 0x19

#if PROBE_ACTION == PROBE_OUT
static void attack(void)
{
	guest_printf("selecting fw_cfg's file directory (0x%x) through I/O port "
		     "0x%x\n", FW_CFG_FILE_DIR, FW_CFG_PORT_SEL);
	__asm__ volatile("outw %%ax, %%dx" : : "a"((uint16_t)FW_CFG_FILE_DIR),
			 "d"((uint16_t)FW_CFG_PORT_SEL) : "memory");
	guest_printf("OUT returned: isolation broken\n");
}
#else
static void attack(void)
{
	/* Long enough for a probe that starts with it to be stopped first
	 * (the test checks the order): what it leaves behind is what this
	 * one finds. */
	delay_ms(PROBE_DELAY_MS);
	guest_printf("reading fw_cfg's data port, I/O port 0x%x\n",
		     FW_CFG_PORT_DATA);
	uint8_t byte;
	__asm__ volatile("inb %%dx, %%al" : "=a"(byte)
			 : "d"((uint16_t)FW_CFG_PORT_DATA) : "memory");
	guest_printf("IN returned 0x%x: isolation broken\n", byte);
}
#endif
#elif PROBE_ACTION == PROBE_SVM
/*
 * The SVM instructions (AMD APM vol 3, their entries; vol 2, 15.5-15.27).
 * The guest runs with EFER.SVME set, as VMRUN requires, so without an
 * intercept each would execute, not fault (svm_setup.c says why each is
 * intercepted). CPUID tells the guest there is no SVM; the probe tries
 * anyway. One instruction per build (mk/guests.mk), PROBE_INSN from this
 * table.
 */
#define SVM_INSN_VMRUN 0
#define SVM_INSN_VMLOAD 1
#define SVM_INSN_VMSAVE 2
#define SVM_INSN_STGI 3
#define SVM_INSN_CLGI 4
#define SVM_INSN_SKINIT 5
#define SVM_INSN_INVLPGA 6

/* A VMCB of its own for VMRUN: zeroed, 4 KiB aligned (15.5.1). */
static uint8_t own_vmcb[4096] __attribute__((aligned(4096)));

/* The VMCB address in RAX is host-physical (15.5.1, 15.5.2). */
static void run_vmrun(uint64_t rax)
{
	__asm__ volatile("vmrun" : : "a"(rax) : "memory");
}

static void run_vmload(uint64_t rax)
{
	__asm__ volatile("vmload" : : "a"(rax) : "memory");
}

static void run_vmsave(uint64_t rax)
{
	__asm__ volatile("vmsave" : : "a"(rax) : "memory");
}

static void run_stgi(uint64_t rax)
{
	(void)rax;
	__asm__ volatile("stgi" : : : "memory");
}

static void run_clgi(uint64_t rax)
{
	(void)rax;
	__asm__ volatile("clgi" : : : "memory");
}

/* EAX: the secure loader block's physical address (15.27). */
static void run_skinit(uint64_t rax)
{
	__asm__ volatile("skinit" : : "a"((uint32_t)rax) : "memory");
}

/* RAX: a virtual address; ECX: the ASID whose entry goes (15.16.2).
 * ASID 1 is hello's, the first partition of the probe configs
 * (svm_partition_asid). */
#define HELLO_ASID 1
static void run_invlpga(uint64_t rax)
{
	__asm__ volatile("invlpga" : : "a"(rax), "c"(HELLO_ASID) : "memory");
}

struct svm_insn {
	const char *name;
	const char *aim; /* what it would do, as the probe announces it */
	void (*run)(uint64_t rax);
	uint64_t rax;    /* its operand, if it takes one (else 0) */
};

static const struct svm_insn svm_insns[] = {
	[SVM_INSN_VMRUN] = { "VMRUN", "run a guest of its own on the VMCB at",
			     run_vmrun, (uintptr_t)own_vmcb },
	[SVM_INSN_VMLOAD] = { "VMLOAD", "load its state from hello's host "
			      "memory at", run_vmload, PROBE_TARGET },
	[SVM_INSN_VMSAVE] = { "VMSAVE", "write its state over hello's host "
			      "memory at", run_vmsave, PROBE_TARGET },
	[SVM_INSN_STGI] = { "STGI", "set the global interrupt flag, which is "
			    "Vigil's", run_stgi, 0 },
	[SVM_INSN_CLGI] = { "CLGI", "clear the global interrupt flag, which "
			    "holds off Vigil's interrupts", run_clgi, 0 },
	[SVM_INSN_SKINIT] = { "SKINIT", "restart the CPU into a secure loader "
			      "at", run_skinit, GUEST_BASE },
	[SVM_INSN_INVLPGA] = { "INVLPGA", "drop hello's TLB entry (ASID 1) "
			       "for", run_invlpga, GUEST_BASE },
};
_Static_assert((PROBE_INSN) >= 0 &&
	       (PROBE_INSN) < sizeof(svm_insns) / sizeof(svm_insns[0]),
	       "PROBE_INSN must name an instruction of svm_insns");

/* CPUID Fn8000_0001 ECX bit 2: SVM (APM vol 3, appendix E.4.2). */
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EXT_ECX_SVM (1u << 2)

static void attack(void)
{
	uint32_t r[4];
	arch_cpuid(CPUID_EXT_FEATURES, r);
	const char *svm = (r[2] & CPUID_EXT_ECX_SVM) ? "yes" : "no";
	guest_printf("CPUID says SVM: %s\n", svm);
	const struct svm_insn *insn = &svm_insns[PROBE_INSN];
	if (insn->rax)
		guest_printf("executing %s to %s 0x%lx\n", insn->name, insn->aim,
			     (unsigned long)insn->rax);
	else
		guest_printf("executing %s to %s\n", insn->name, insn->aim);
	insn->run(insn->rax);
	guest_printf("%s returned: isolation broken\n", insn->name);
}
#elif PROBE_ACTION == PROBE_TRIPLE_FAULT
/*
 * With an IDT of limit 0 no exception can be delivered: the #UD of UD2
 * becomes a #GP (the gate lies beyond the limit), the #GP a double fault,
 * and the double fault's own failure shuts the processor down (AMD APM
 * vol 2, 8.2.14 "#GP", 8.2.9 "#DF"). Unintercepted, that would reset the
 * machine; intercepted, it stops the partition (15.14.3).
 */
struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void attack(void)
{
	static const struct idt_pointer empty = { 0, 0 };
	guest_printf("loading an empty IDT and executing UD2: a triple "
		     "fault\n");
	__asm__ volatile("lidt %0\n\tud2" : : "m"(empty) : "memory");
	guest_printf("UD2 returned: isolation broken\n");
}
#elif PROBE_ACTION == PROBE_HALT_MASKED
static void attack(void)
{
	guest_printf("halting with interrupts masked\n");
	__asm__ volatile("cli\n\thlt" : : : "memory");
	guest_printf("HLT returned with interrupts masked: Vigil resumed a "
		     "vCPU that nothing woke\n");
}
#else
#error "unknown PROBE_ACTION"
#endif

int main(void)
{
	attack();
	vigil_halt();
}
