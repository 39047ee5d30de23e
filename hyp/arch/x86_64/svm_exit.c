/* SPDX-License-Identifier: MIT */
/*
 * What a #VMEXIT says, for the exit handler and for the one line logged
 * when it stops a partition. Exit codes from the AMD APM vol 2, Appendix
 * C "SVM Intercept Exit Codes"; EXITINFO formats from 15.10.2 (IOIO),
 * 15.11 (MSR), 15.25.6 (nested page faults) and 15.7.2 (EXITINTINFO); the
 * SVM instructions' operands from vol 3.
 */
#include <vigil/format.h>

#include "svm.h"

/* "CR0 read" ... "CR15 read" and the like, for the 16-wide ranges. */
#define REGS16(prefix, suffix)                                              \
	{ prefix "0" suffix,  prefix "1" suffix,  prefix "2" suffix,        \
	  prefix "3" suffix,  prefix "4" suffix,  prefix "5" suffix,        \
	  prefix "6" suffix,  prefix "7" suffix,  prefix "8" suffix,        \
	  prefix "9" suffix,  prefix "10" suffix, prefix "11" suffix,       \
	  prefix "12" suffix, prefix "13" suffix, prefix "14" suffix,       \
	  prefix "15" suffix }

static const char *const cr_read[16] = REGS16("CR", " read");
static const char *const cr_write[16] = REGS16("CR", " write");
static const char *const dr_read[16] = REGS16("DR", " read");
static const char *const dr_write[16] = REGS16("DR", " write");
static const char *const cr_write_trap[16] = REGS16("CR", " write (trap)");

/* Exception exits 40h-5Fh, by vector (8.2, Table 8-1). */
static const char *const exception_exit[32] = {
	"exception #DE", "exception #DB", "exception 2 (NMI)",
	"exception #BP", "exception #OF", "exception #BR",
	"exception #UD", "exception #NM", "exception #DF",
	"exception 9",   "exception #TS", "exception #NP",
	"exception #SS", "exception #GP", "exception #PF",
	"exception 15",  "exception #MF", "exception #AC",
	"exception #MC", "exception #XF", "exception 20",
	"exception #CP", "exception 22",  "exception 23",
	"exception 24",  "exception 25",  "exception 26",
	"exception 27",  "exception #HV", "exception #VC",
	"exception #SX", "exception 31",
};

/* 60h-A5h, in order. */
static const char *const misc_exit[] = {
	[SVM_EXIT_INTR - 0x60] = "physical interrupt (INTR)",
	[SVM_EXIT_NMI - 0x60] = "NMI",
	[SVM_EXIT_SMI - 0x60] = "SMI",
	[SVM_EXIT_INIT - 0x60] = "INIT",
	[SVM_EXIT_VINTR - 0x60] = "virtual interrupt (VINTR)",
	[SVM_EXIT_CR0_SEL_WRITE - 0x60] = "selective CR0 write",
	[SVM_EXIT_IDTR_READ - 0x60] = "IDTR read",
	[SVM_EXIT_GDTR_READ - 0x60] = "GDTR read",
	[SVM_EXIT_LDTR_READ - 0x60] = "LDTR read",
	[SVM_EXIT_TR_READ - 0x60] = "TR read",
	[SVM_EXIT_IDTR_WRITE - 0x60] = "IDTR write",
	[SVM_EXIT_GDTR_WRITE - 0x60] = "GDTR write",
	[SVM_EXIT_LDTR_WRITE - 0x60] = "LDTR write",
	[SVM_EXIT_TR_WRITE - 0x60] = "TR write",
	[SVM_EXIT_RDTSC - 0x60] = "RDTSC",
	[SVM_EXIT_RDPMC - 0x60] = "RDPMC",
	[SVM_EXIT_PUSHF - 0x60] = "PUSHF",
	[SVM_EXIT_POPF - 0x60] = "POPF",
	[SVM_EXIT_CPUID - 0x60] = "CPUID",
	[SVM_EXIT_RSM - 0x60] = "RSM",
	[SVM_EXIT_IRET - 0x60] = "IRET",
	[SVM_EXIT_SWINT - 0x60] = "software interrupt (INTn)",
	[SVM_EXIT_INVD - 0x60] = "INVD",
	[SVM_EXIT_PAUSE - 0x60] = "PAUSE",
	[SVM_EXIT_HLT - 0x60] = "HLT",
	[SVM_EXIT_INVLPG - 0x60] = "INVLPG",
	[SVM_EXIT_INVLPGA - 0x60] = "INVLPGA",
	[SVM_EXIT_IOIO - 0x60] = "I/O port access",
	[SVM_EXIT_MSR - 0x60] = "MSR access",
	[SVM_EXIT_TASK_SWITCH - 0x60] = "task switch",
	[SVM_EXIT_FERR_FREEZE - 0x60] = "FERR freeze",
	[SVM_EXIT_SHUTDOWN - 0x60] = "shutdown",
	[SVM_EXIT_VMRUN - 0x60] = "VMRUN",
	[SVM_EXIT_VMMCALL - 0x60] = "VMMCALL",
	[SVM_EXIT_VMLOAD - 0x60] = "VMLOAD",
	[SVM_EXIT_VMSAVE - 0x60] = "VMSAVE",
	[SVM_EXIT_STGI - 0x60] = "STGI",
	[SVM_EXIT_CLGI - 0x60] = "CLGI",
	[SVM_EXIT_SKINIT - 0x60] = "SKINIT",
	[SVM_EXIT_RDTSCP - 0x60] = "RDTSCP",
	[SVM_EXIT_ICEBP - 0x60] = "ICEBP",
	[SVM_EXIT_WBINVD - 0x60] = "WBINVD",
	[SVM_EXIT_MONITOR - 0x60] = "MONITOR",
	[SVM_EXIT_MWAIT - 0x60] = "MWAIT",
	[SVM_EXIT_MWAIT_CONDITIONAL - 0x60] = "MWAIT (monitor armed)",
	[SVM_EXIT_XSETBV - 0x60] = "XSETBV",
	[SVM_EXIT_RDPRU - 0x60] = "RDPRU",
	[SVM_EXIT_EFER_WRITE_TRAP - 0x60] = "EFER write (trap)",
	/* 90h-9Fh: cr_write_trap */
	[SVM_EXIT_INVLPGB - 0x60] = "INVLPGB",
	[SVM_EXIT_INVLPGB_ILLEGAL - 0x60] = "illegal INVLPGB",
	[SVM_EXIT_INVPCID - 0x60] = "INVPCID",
	[SVM_EXIT_MCOMMIT - 0x60] = "MCOMMIT",
	[SVM_EXIT_TLBSYNC - 0x60] = "TLBSYNC",
	[SVM_EXIT_BUSLOCK - 0x60] = "bus lock",
};

const char *svm_exit_name(uint64_t code)
{
	const char *name = NULL;
	if (code < 0x10)
		name = cr_read[code];
	else if (code < 0x20)
		name = cr_write[code - 0x10];
	else if (code < 0x30)
		name = dr_read[code - 0x20];
	else if (code < 0x40)
		name = dr_write[code - 0x30];
	else if (code < 0x60)
		name = exception_exit[code - 0x40];
	else if (code >= 0x90 && code < 0xa0)
		name = cr_write_trap[code - 0x90];
	else if (code >= 0x60 && code - 0x60 < ARRAY_SIZE(misc_exit))
		name = misc_exit[code - 0x60];
	else if (code == SVM_EXIT_NPF)
		name = "nested page fault";
	else if (code == SVM_EXIT_AVIC_INCOMPLETE_IPI)
		name = "AVIC incomplete IPI";
	else if (code == SVM_EXIT_AVIC_NOACCEL)
		name = "AVIC unaccelerated access";
	else if (code == SVM_EXIT_VMGEXIT)
		name = "VMGEXIT";
	else if (code == SVM_EXIT_INVALID)
		name = "invalid guest state (VMEXIT_INVALID)";
	else if (code == SVM_EXIT_BUSY)
		name = "busy VMSA (VMEXIT_BUSY)";
	else if (code == SVM_EXIT_IDLE_REQUIRED)
		name = "sibling not idle (VMEXIT_IDLE_REQUIRED)";
	return name ? name : "unknown exit";
}

/* VMMCALL is 0F 01 D9 (APM vol 3, "VMMCALL"). */
#define VMMCALL_LEN 3
/* No x86 instruction is longer (APM vol 3, chapter 1 "Instruction
 * Encoding"). */
#define MAX_INS_LEN 15

unsigned int svm_guest_ins_len(const struct vmcb *vmcb)
{
	switch (vmcb->control.exitcode) {
	case SVM_EXIT_VMMCALL:
		return VMMCALL_LEN;
	case SVM_EXIT_IOIO: {
		uint64_t len = vmcb->control.exitinfo2 - vmcb->save.rip;
		return len >= 1 && len <= MAX_INS_LEN ? (unsigned int)len : 0;
	}
	default:
		/* Without NRIP save (15.7.1) or decode assists (15.8) the
		 * length is not in the exit: prefixes can lengthen even
		 * CPUID, RDMSR and WRMSR, whose lengths vcpu.c reads from
		 * the guest's bytes. */
		return 0;
	}
}

void svm_skip_instruction(struct vmcb *vmcb, unsigned int len)
{
	struct vmcb_save *s = &vmcb->save;
	uint64_t rip = s->rip + len;
	/* 64-bit mode: EFER.LMA (bit 10, 3.1.7) with CS.L (4.8.1); else the
	 * IP is 32 or 16 bits wide, as CS.D says (4.7.2). */
	bool long_mode = (s->efer & (1ull << 10)) && (s->cs.attrib & VMCB_ATTR_L);
	if (!long_mode)
		rip &= (s->cs.attrib & VMCB_ATTR_DB) ? 0xffffffffull : 0xffffull;
	s->rip = rip;
	/* The emulated instruction completed: a shadow it was under (after
	 * STI or MOV SS) ends with it (15.21.5). */
	vmcb->control.interrupt_shadow = 0;
}

/* Appends to buf at *used, format() style, never past size. */
static void add(char *buf, size_t size, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = *used < size ? size - *used : 0;
	*used += (size_t)format_v(room ? buf + *used : NULL, room, fmt, ap);
	va_end(ap);
}

/* EXITINTINFO (15.7.2, Table 15-1): the event the guest was delivering. */
static void add_delivery(char *buf, size_t size, size_t *used,
			 uint64_t exitintinfo)
{
	static const char *const types[8] = {
		[0] = "external interrupt", [2] = "NMI", [3] = "exception",
		[4] = "software interrupt",
	};
	if (!(exitintinfo & VMCB_EVENT_V))
		return;
	const char *type = types[VMCB_EVENT_TYPE(exitintinfo)];
	add(buf, size, used, ", while delivering %s vector %u",
	    type ? type : "event", VMCB_EVENT_VECTOR(exitintinfo));
}

static void describe_npf(char *buf, size_t size, size_t *used,
			 const struct vmcb *vmcb)
{
	uint64_t info = vmcb->control.exitinfo1;
	/* A walk of the guest's page tables is always a data write at the
	 * nested level (15.25.5), so its access kind says nothing. */
	const char *access = (info & NPF_TABLE) ? "guest page-table access"
			     : (info & NPF_ID)  ? "instruction fetch"
			     : (info & NPF_RW)  ? "write"
						: "read";
	add(buf, size, used,
	    "nested page fault on %s at guest-physical %#lx (RIP %#lx, "
	    "EXITINFO1 %#lx: %s, %s, %s", access,
	    (unsigned long)vmcb->control.exitinfo2,
	    (unsigned long)vmcb->save.rip, (unsigned long)info,
	    (info & NPF_P) ? "present" : "not present",
	    (info & NPF_RW) ? "write" : "read",
	    (info & NPF_US) ? "user" : "supervisor");
	if (info & NPF_RSVD)
		add(buf, size, used, ", reserved bit set");
	if (info & NPF_ID)
		add(buf, size, used, ", instruction fetch");
	if (info & NPF_SS)
		add(buf, size, used, ", shadow stack");
	if (info & NPF_FINAL)
		add(buf, size, used, ", final translation");
	if (info & NPF_TABLE)
		add(buf, size, used, ", guest page-table walk");
	add_delivery(buf, size, used, vmcb->control.exitintinfo);
	add(buf, size, used, ")");
}

static void describe_ioio(char *buf, size_t size, size_t *used,
			  const struct vmcb *vmcb)
{
	uint64_t info = vmcb->control.exitinfo1;
	bool in = info & IOIO_TYPE_IN;
	bool string = info & IOIO_STR;
	unsigned int bytes = (info & IOIO_SZ32)   ? 4
			     : (info & IOIO_SZ16) ? 2
						  : 1;
	add(buf, size, used, "%s%s%s of %u byte%s",
	    (info & IOIO_REP) ? "REP " : "", in ? "IN" : "OUT",
	    string ? "S" : "", bytes, bytes == 1 ? "" : "s");
	/* OUT writes AL, AX or EAX (APM vol 3, "OUT"): the value, for the
	 * port it was meant for (a device register, a selector). OUTS
	 * writes from memory, which Vigil does not read to say so. */
	if (!in && !string) {
		uint64_t value = vmcb->save.rax & (~0ull >> (64 - 8 * bytes));
		add(buf, size, used, " (value %#lx)", (unsigned long)value);
	}
	add(buf, size, used, " %s I/O port %#x at RIP %#lx (EXITINFO1 %#lx)",
	    in ? "from" : "to", IOIO_PORT(info),
	    (unsigned long)vmcb->save.rip, (unsigned long)info);
}

static void describe_msr(char *buf, size_t size, size_t *used,
			 const struct vmcb *vmcb, const struct svm_gprs *gprs)
{
	/* 15.11: EXITINFO1 is 0 for RDMSR, 1 for WRMSR; the MSR is in ECX
	 * and a written value in EDX:EAX (APM vol 3, "RDMSR", "WRMSR"). */
	uint32_t msr = (uint32_t)gprs->rcx;
	if (vmcb->control.exitinfo1 == 1) {
		uint64_t value = (gprs->rdx << 32) | (uint32_t)vmcb->save.rax;
		add(buf, size, used, "WRMSR of MSR %#x (value %#lx) at RIP %#lx",
		    msr, (unsigned long)value, (unsigned long)vmcb->save.rip);
	} else {
		add(buf, size, used, "RDMSR of MSR %#x at RIP %#lx", msr,
		    (unsigned long)vmcb->save.rip);
	}
}

/*
 * The SVM instructions, which no guest may run (svm_setup.c says why each
 * is intercepted), with the operand each takes (APM vol 3, their
 * entries): the address a guest aimed it at.
 */
static void describe_svm_insn(char *buf, size_t size, size_t *used,
			      const struct vmcb *vmcb,
			      const struct svm_gprs *gprs)
{
	uint64_t code = vmcb->control.exitcode;
	unsigned long rax = (unsigned long)vmcb->save.rax;
	add(buf, size, used, "forbidden %s at RIP %#lx (", svm_exit_name(code),
	    (unsigned long)vmcb->save.rip);
	switch (code) {
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
		add(buf, size, used, "RAX %#lx: a VMCB's physical address; ",
		    rax);
		break;
	case SVM_EXIT_SKINIT:
		add(buf, size, used, "EAX %#x: a secure loader block's "
		    "physical address; ", (uint32_t)rax);
		break;
	case SVM_EXIT_INVLPGA:
		add(buf, size, used, "RAX %#lx: a virtual address, ECX %#x: an "
		    "ASID; ", rax, (uint32_t)gprs->rcx);
		break;
	default: /* STGI, CLGI: no operand */
		break;
	}
	add(buf, size, used, "EXITCODE %#lx)", (unsigned long)code);
}

int svm_exit_describe(char *buf, size_t size, const struct vmcb *vmcb,
		      const struct svm_gprs *gprs)
{
	size_t used = 0;
	uint64_t code = vmcb->control.exitcode;
	if (size)
		buf[0] = '\0';
	switch (code) {
	case SVM_EXIT_NPF:
		describe_npf(buf, size, &used, vmcb);
		break;
	case SVM_EXIT_IOIO:
		describe_ioio(buf, size, &used, vmcb);
		break;
	case SVM_EXIT_MSR:
		describe_msr(buf, size, &used, vmcb, gprs);
		break;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
		describe_svm_insn(buf, size, &used, vmcb, gprs);
		break;
	case SVM_EXIT_SHUTDOWN:
		/* 15.14.3: the saved state is undefined, so no RIP. */
		add(buf, size, &used, "shutdown (a triple fault, or another "
		    "condition that shuts the processor down)");
		break;
	case SVM_EXIT_INVALID:
		add(buf, size, &used, "VMRUN refused the guest state "
		    "(VMEXIT_INVALID)");
		break;
	default:
		add(buf, size, &used, "unhandled %s at RIP %#lx (EXITCODE %#lx, "
		    "EXITINFO1 %#lx, EXITINFO2 %#lx",
		    svm_exit_name(code), (unsigned long)vmcb->save.rip,
		    (unsigned long)code, (unsigned long)vmcb->control.exitinfo1,
		    (unsigned long)vmcb->control.exitinfo2);
		add_delivery(buf, size, &used, vmcb->control.exitintinfo);
		add(buf, size, &used, ")");
		break;
	}
	return (int)used;
}
