/* SPDX-License-Identifier: MIT */
/*
 * The SVM virtual machine control block (VMCB): one 4 KiB page per vCPU,
 * read by VMRUN and written back by #VMEXIT. Layout, intercept bits and
 * exit codes from the AMD64 Architecture Programmer's Manual, volume 2
 * (publication 24593, revision 3.44 checked):
 *
 *   Appendix B "Layout of VMCB": Table B-1 "VMCB Layout, Control Area"
 *   (offsets 000h-3FFh) and Table B-2 "VMCB Layout, State Save Area"
 *   (offsets relative to 400h, where the save area starts when SEV-ES is
 *   off). Below, every save-area offset is written as the VMCB offset,
 *   i.e. Table B-2's offset plus 400h.
 *   Appendix C "SVM Intercept Exit Codes".
 *
 * Only the fields Vigil uses are named; everything else is a reserved
 * array at its place, so the named fields land at the architectural
 * offsets, which the _Static_asserts at the end pin one by one. Reserved
 * fields are "SBZ": Vigil zeroes the whole page before filling it.
 */
#ifndef VIGIL_X86_64_VMCB_H
#define VIGIL_X86_64_VMCB_H

#include <stddef.h>
#include <stdint.h>

#define VMCB_SIZE 4096

/*
 * A segment register as the VMCB holds it (15.5.1 "Segment State in the
 * VMCB"; Table B-2, 16 bytes each): selector, attributes, limit, base,
 * with the base and limit fully expanded (limit in bytes, so the G bit
 * no longer scales it). The attributes are 12 bits: bits 7:0 are bits
 * 47:40 of the in-memory descriptor (type, S, DPL, P) and bits 11:8 are
 * its bits 55:52 (AVL, L, D/B, G).
 */
struct __attribute__((packed)) vmcb_seg {
	uint16_t selector;
	uint16_t attrib;
	uint32_t limit;
	uint64_t base;
};

/* Segment attributes (15.5.1). The descriptor bits they come from are
 * those of 4.7, Figure 4-13 (a generic legacy-mode segment descriptor)
 * and Table 4-2 "Descriptor Types". */
#define VMCB_ATTR_TYPE_SHIFT 0 /* descriptor bits 43:40 */
#define VMCB_ATTR_S (1u << 4)  /* code/data (1) or system (0) */
#define VMCB_ATTR_DPL_SHIFT 5
#define VMCB_ATTR_P (1u << 7)  /* present; P = 0 marks a null segment */
#define VMCB_ATTR_AVL (1u << 8)
#define VMCB_ATTR_L (1u << 9)  /* 64-bit code segment */
#define VMCB_ATTR_DB (1u << 10) /* default operand size 32 bits */
#define VMCB_ATTR_G (1u << 11) /* granularity (already applied to limit) */

/* Code and data segment types (4.7.2, Table 4-3 "Code-Segment Descriptor
 * Types"; 4.7.3, Table 4-4 "Data-Segment Descriptor Types"; bit 0 is
 * "accessed", which the processor sets when it loads a descriptor). */
#define SEG_TYPE_DATA_RW_ACCESSED 0x3
#define SEG_TYPE_CODE_XR_ACCESSED 0xb
/* System segment types (4.7.4, Table 4-5 "System-Segment Descriptor Types
 * (S=0)-Legacy Mode"): a busy 32-bit TSS. */
#define SEG_TYPE_TSS32_BUSY 0xb

/* Table B-1, control area: 000h-3FFh. */
struct __attribute__((packed)) vmcb_control {
	uint32_t intercept_cr;         /* 000h: 15:0 reads, 31:16 writes of CR0-15 */
	uint32_t intercept_dr;         /* 004h: 15:0 reads, 31:16 writes of DR0-15 */
	uint32_t intercept_exceptions; /* 008h: bit n = exception vector n */
	uint32_t intercept_misc1;      /* 00Ch: vector 3, INTR .. shutdown */
	uint32_t intercept_misc2;      /* 010h: vector 4, VMRUN .. CR write traps */
	uint32_t intercept_misc3;      /* 014h: vector 5, INVLPGB .. */
	uint8_t reserved_018[0x03c - 0x018];
	uint16_t pause_filter_threshold; /* 03Ch */
	uint16_t pause_filter_count;   /* 03Eh */
	uint64_t iopm_base_pa;         /* 040h: bits 11:0 ignored */
	uint64_t msrpm_base_pa;        /* 048h: bits 11:0 ignored */
	uint64_t tsc_offset;           /* 050h */
	uint32_t guest_asid;           /* 058h, bits 31:0 */
	uint8_t tlb_control;           /* 058h, bits 39:32 (byte 05Ch) */
	uint8_t reserved_05d[3];       /* 058h, bits 63:40 */
	uint64_t vintr;                /* 060h: V_TPR, V_IRQ, V_INTR_MASKING, ... */
	uint64_t interrupt_shadow;     /* 068h: bit 0 INTERRUPT_SHADOW */
	uint64_t exitcode;             /* 070h */
	uint64_t exitinfo1;            /* 078h */
	uint64_t exitinfo2;            /* 080h */
	uint64_t exitintinfo;          /* 088h */
	uint64_t np_control;           /* 090h: bit 0 NP_ENABLE */
	uint64_t avic_apic_bar;        /* 098h */
	uint64_t ghcb_pa;              /* 0A0h */
	uint64_t eventinj;             /* 0A8h */
	uint64_t n_cr3;                /* 0B0h: nested page table root */
	uint64_t virt_ext;             /* 0B8h: LBR, VMSAVE/VMLOAD virtualization */
	uint32_t vmcb_clean;           /* 0C0h, bits 31:0 */
	uint32_t reserved_0c4;         /* 0C0h, bits 63:32 */
	uint64_t nrip;                 /* 0C8h: next RIP (NRIP save only) */
	uint8_t insn_bytes_fetched;    /* 0D0h, bits 7:0 (decode assists only) */
	uint8_t insn_bytes[15];        /* 0D0h, bits 127:8 */
	uint8_t reserved_0e0[0x400 - 0x0e0];
};

/* Table B-2, state save area: 400h-FFFh (offsets here are VMCB offsets). */
struct __attribute__((packed)) vmcb_save {
	struct vmcb_seg es;            /* 400h */
	struct vmcb_seg cs;            /* 410h */
	struct vmcb_seg ss;            /* 420h */
	struct vmcb_seg ds;            /* 430h */
	struct vmcb_seg fs;            /* 440h */
	struct vmcb_seg gs;            /* 450h */
	struct vmcb_seg gdtr;          /* 460h: only limit and base used */
	struct vmcb_seg ldtr;          /* 470h */
	struct vmcb_seg idtr;          /* 480h: only limit and base used */
	struct vmcb_seg tr;            /* 490h */
	uint8_t reserved_4a0[0x4cb - 0x4a0];
	uint8_t cpl;                   /* 4CBh */
	uint32_t reserved_4cc;
	uint64_t efer;                 /* 4D0h */
	uint8_t reserved_4d8[0x548 - 0x4d8]; /* PERF_CTLn/CTRn, XSS */
	uint64_t cr4;                  /* 548h */
	uint64_t cr3;                  /* 550h */
	uint64_t cr0;                  /* 558h */
	uint64_t dr7;                  /* 560h */
	uint64_t dr6;                  /* 568h */
	uint64_t rflags;               /* 570h */
	uint64_t rip;                  /* 578h */
	uint8_t reserved_580[0x5d8 - 0x580];
	uint64_t rsp;                  /* 5D8h */
	uint8_t reserved_5e0[0x5f8 - 0x5e0]; /* S_CET, SSP, ISST_ADDR */
	uint64_t rax;                  /* 5F8h */
	uint64_t star;                 /* 600h */
	uint64_t lstar;                /* 608h */
	uint64_t cstar;                /* 610h */
	uint64_t sfmask;               /* 618h */
	uint64_t kernel_gs_base;       /* 620h */
	uint64_t sysenter_cs;          /* 628h */
	uint64_t sysenter_esp;         /* 630h */
	uint64_t sysenter_eip;         /* 638h */
	uint64_t cr2;                  /* 640h */
	uint8_t reserved_648[0x668 - 0x648];
	uint64_t g_pat;                /* 668h: guest PAT, used with nested paging */
	uint64_t dbgctl;               /* 670h */
	uint64_t br_from;              /* 678h */
	uint64_t br_to;                /* 680h */
	uint64_t last_excp_from;       /* 688h */
	uint64_t last_excp_to;         /* 690h */
	uint8_t reserved_698[VMCB_SIZE - 0x698];
};

struct __attribute__((packed, aligned(VMCB_SIZE))) vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
};

/*
 * Intercept vector 3 (offset 00Ch), Table B-1. Bit n of this vector
 * produces exit code 60h + n (Appendix C), so VMCB_INTERCEPT3(x) and
 * SVM_EXIT_x go together.
 */
#define VMCB_INTERCEPT3_INTR (1u << 0)     /* physical maskable interrupt */
#define VMCB_INTERCEPT3_NMI (1u << 1)
#define VMCB_INTERCEPT3_SMI (1u << 2)
#define VMCB_INTERCEPT3_INIT (1u << 3)
#define VMCB_INTERCEPT3_VINTR (1u << 4)
#define VMCB_INTERCEPT3_CR0_SEL_WRITE (1u << 5)
#define VMCB_INTERCEPT3_RDTSC (1u << 14)
#define VMCB_INTERCEPT3_RDPMC (1u << 15)
#define VMCB_INTERCEPT3_CPUID (1u << 18)
#define VMCB_INTERCEPT3_RSM (1u << 19)
#define VMCB_INTERCEPT3_INVD (1u << 22)
#define VMCB_INTERCEPT3_PAUSE (1u << 23)
#define VMCB_INTERCEPT3_HLT (1u << 24)
#define VMCB_INTERCEPT3_INVLPG (1u << 25)
#define VMCB_INTERCEPT3_INVLPGA (1u << 26)
#define VMCB_INTERCEPT3_IOIO_PROT (1u << 27) /* through the IOPM */
#define VMCB_INTERCEPT3_MSR_PROT (1u << 28)  /* through the MSRPM */
#define VMCB_INTERCEPT3_TASK_SWITCH (1u << 29)
#define VMCB_INTERCEPT3_FERR_FREEZE (1u << 30)
#define VMCB_INTERCEPT3_SHUTDOWN (1u << 31)

/* Intercept vector 4 (offset 010h): bit n produces exit code 80h + n. */
#define VMCB_INTERCEPT4_VMRUN (1u << 0)
#define VMCB_INTERCEPT4_VMMCALL (1u << 1)
#define VMCB_INTERCEPT4_VMLOAD (1u << 2)
#define VMCB_INTERCEPT4_VMSAVE (1u << 3)
#define VMCB_INTERCEPT4_STGI (1u << 4)
#define VMCB_INTERCEPT4_CLGI (1u << 5)
#define VMCB_INTERCEPT4_SKINIT (1u << 6)
#define VMCB_INTERCEPT4_RDTSCP (1u << 7)
#define VMCB_INTERCEPT4_ICEBP (1u << 8)
#define VMCB_INTERCEPT4_WBINVD (1u << 9)
#define VMCB_INTERCEPT4_MONITOR (1u << 10)
#define VMCB_INTERCEPT4_MWAIT (1u << 11)
#define VMCB_INTERCEPT4_MWAIT_ARMED (1u << 12)
#define VMCB_INTERCEPT4_XSETBV (1u << 13)
#define VMCB_INTERCEPT4_RDPRU (1u << 14)
#define VMCB_INTERCEPT4_EFER_WRITE_TRAP (1u << 15)

/* TLB_CONTROL (058h bits 39:32), 15.16.1 Table 15-9. Only 00h and 01h
 * exist on every SVM processor; 03h and 07h need CPUID
 * Fn8000_000A_EDX[FlushByAsid]. */
#define VMCB_TLB_NOTHING 0x00
#define VMCB_TLB_FLUSH_ALL 0x01       /* every ASID, global pages too */
#define VMCB_TLB_FLUSH_ASID 0x03      /* this guest's ASID only */
#define VMCB_TLB_FLUSH_ASID_LOCAL 0x07 /* ... its non-global entries */

/* 060h: V_INTR_MASKING, bit 24 (15.21.1): the guest's RFLAGS.IF and CR8
 * then gate only virtual interrupts; the host's RFLAGS.IF at VMRUN
 * gates physical ones. */
#define VMCB_VINTR_MASKING (1ull << 24)

/* 068h bit 0 (15.21.5). */
#define VMCB_INTERRUPT_SHADOW (1ull << 0)

/* 090h bit 0 (15.25.3). */
#define VMCB_NP_ENABLE (1ull << 0)

/* EXITINTINFO (088h) and EVENTINJ (0A8h) share one format (15.7.2
 * Figure 15-1, 15.20 Figure 15-5). */
#define VMCB_EVENT_VECTOR(x) ((unsigned int)((x) & 0xff))
#define VMCB_EVENT_TYPE(x) ((unsigned int)(((x) >> 8) & 7))
#define VMCB_EVENT_EV (1ull << 11) /* error code valid */
#define VMCB_EVENT_V (1ull << 31)  /* valid */
#define VMCB_EVENT_ERRORCODE(x) ((uint32_t)((x) >> 32))

/*
 * Exit codes, Appendix C "SVM Intercept Exit Codes". EXITCODE is 64 bits;
 * VMEXIT_INVALID is -1 (all ones).
 */
#define SVM_EXIT_CR_READ(n) (0x00u + (n))   /* CR0-15 read */
#define SVM_EXIT_CR_WRITE(n) (0x10u + (n))  /* CR0-15 write */
#define SVM_EXIT_DR_READ(n) (0x20u + (n))   /* DR0-15 read */
#define SVM_EXIT_DR_WRITE(n) (0x30u + (n))  /* DR0-15 write */
#define SVM_EXIT_EXCEPTION(v) (0x40u + (v)) /* exception vector 0-31 */
#define SVM_EXIT_INTR 0x60
#define SVM_EXIT_NMI 0x61
#define SVM_EXIT_SMI 0x62
#define SVM_EXIT_INIT 0x63
#define SVM_EXIT_VINTR 0x64
#define SVM_EXIT_CR0_SEL_WRITE 0x65
#define SVM_EXIT_IDTR_READ 0x66
#define SVM_EXIT_GDTR_READ 0x67
#define SVM_EXIT_LDTR_READ 0x68
#define SVM_EXIT_TR_READ 0x69
#define SVM_EXIT_IDTR_WRITE 0x6a
#define SVM_EXIT_GDTR_WRITE 0x6b
#define SVM_EXIT_LDTR_WRITE 0x6c
#define SVM_EXIT_TR_WRITE 0x6d
#define SVM_EXIT_RDTSC 0x6e
#define SVM_EXIT_RDPMC 0x6f
#define SVM_EXIT_PUSHF 0x70
#define SVM_EXIT_POPF 0x71
#define SVM_EXIT_CPUID 0x72
#define SVM_EXIT_RSM 0x73
#define SVM_EXIT_IRET 0x74
#define SVM_EXIT_SWINT 0x75
#define SVM_EXIT_INVD 0x76
#define SVM_EXIT_PAUSE 0x77
#define SVM_EXIT_HLT 0x78
#define SVM_EXIT_INVLPG 0x79
#define SVM_EXIT_INVLPGA 0x7a
#define SVM_EXIT_IOIO 0x7b
#define SVM_EXIT_MSR 0x7c
#define SVM_EXIT_TASK_SWITCH 0x7d
#define SVM_EXIT_FERR_FREEZE 0x7e
#define SVM_EXIT_SHUTDOWN 0x7f
#define SVM_EXIT_VMRUN 0x80
#define SVM_EXIT_VMMCALL 0x81
#define SVM_EXIT_VMLOAD 0x82
#define SVM_EXIT_VMSAVE 0x83
#define SVM_EXIT_STGI 0x84
#define SVM_EXIT_CLGI 0x85
#define SVM_EXIT_SKINIT 0x86
#define SVM_EXIT_RDTSCP 0x87
#define SVM_EXIT_ICEBP 0x88
#define SVM_EXIT_WBINVD 0x89
#define SVM_EXIT_MONITOR 0x8a
#define SVM_EXIT_MWAIT 0x8b
#define SVM_EXIT_MWAIT_CONDITIONAL 0x8c
#define SVM_EXIT_XSETBV 0x8d
#define SVM_EXIT_RDPRU 0x8e
#define SVM_EXIT_EFER_WRITE_TRAP 0x8f
#define SVM_EXIT_CR_WRITE_TRAP(n) (0x90u + (n)) /* CR0-15, after the write */
#define SVM_EXIT_INVLPGB 0xa0
#define SVM_EXIT_INVLPGB_ILLEGAL 0xa1
#define SVM_EXIT_INVPCID 0xa2
#define SVM_EXIT_MCOMMIT 0xa3
#define SVM_EXIT_TLBSYNC 0xa4
#define SVM_EXIT_BUSLOCK 0xa5
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_AVIC_INCOMPLETE_IPI 0x401
#define SVM_EXIT_AVIC_NOACCEL 0x402
#define SVM_EXIT_VMGEXIT 0x403
#define SVM_EXIT_INVALID ((uint64_t)-1)
#define SVM_EXIT_BUSY ((uint64_t)-2)
#define SVM_EXIT_IDLE_REQUIRED ((uint64_t)-3)

/* Nested page fault error code in EXITINFO1 (15.25.6). */
#define NPF_P (1ull << 0)     /* the nested page was present */
#define NPF_RW (1ull << 1)    /* a write */
#define NPF_US (1ull << 2)    /* a user access (every nested access is) */
#define NPF_RSVD (1ull << 3)  /* a reserved bit was set in the nested entry */
#define NPF_ID (1ull << 4)    /* an instruction fetch */
#define NPF_SS (1ull << 6)    /* a shadow-stack access */
#define NPF_FINAL (1ull << 32) /* translating the final guest-physical address */
#define NPF_TABLE (1ull << 33) /* translating a guest page-table access */

/* IOIO EXITINFO1 (15.10.2, Figure 15-2). EXITINFO2 holds the RIP of the
 * instruction after the IN or OUT. */
#define IOIO_TYPE_IN (1u << 0) /* 1 = IN, 0 = OUT */
#define IOIO_STR (1u << 2)
#define IOIO_REP (1u << 3)
#define IOIO_SZ8 (1u << 4)
#define IOIO_SZ16 (1u << 5)
#define IOIO_SZ32 (1u << 6)
#define IOIO_PORT(x) ((unsigned int)(((x) >> 16) & 0xffff))

/* Pinned: Table B-1. */
#define VMCB_AT(field, off) \
	_Static_assert(offsetof(struct vmcb, field) == (off), \
		       "VMCB " #field " is at " #off " (APM vol 2, Appendix B)")
VMCB_AT(control.intercept_cr, 0x000);
VMCB_AT(control.intercept_dr, 0x004);
VMCB_AT(control.intercept_exceptions, 0x008);
VMCB_AT(control.intercept_misc1, 0x00c);
VMCB_AT(control.intercept_misc2, 0x010);
VMCB_AT(control.intercept_misc3, 0x014);
VMCB_AT(control.pause_filter_threshold, 0x03c);
VMCB_AT(control.pause_filter_count, 0x03e);
VMCB_AT(control.iopm_base_pa, 0x040);
VMCB_AT(control.msrpm_base_pa, 0x048);
VMCB_AT(control.tsc_offset, 0x050);
VMCB_AT(control.guest_asid, 0x058);
VMCB_AT(control.tlb_control, 0x05c);
VMCB_AT(control.vintr, 0x060);
VMCB_AT(control.interrupt_shadow, 0x068);
VMCB_AT(control.exitcode, 0x070);
VMCB_AT(control.exitinfo1, 0x078);
VMCB_AT(control.exitinfo2, 0x080);
VMCB_AT(control.exitintinfo, 0x088);
VMCB_AT(control.np_control, 0x090);
VMCB_AT(control.avic_apic_bar, 0x098);
VMCB_AT(control.ghcb_pa, 0x0a0);
VMCB_AT(control.eventinj, 0x0a8);
VMCB_AT(control.n_cr3, 0x0b0);
VMCB_AT(control.virt_ext, 0x0b8);
VMCB_AT(control.vmcb_clean, 0x0c0);
VMCB_AT(control.nrip, 0x0c8);
VMCB_AT(control.insn_bytes_fetched, 0x0d0);
VMCB_AT(control.insn_bytes, 0x0d1);
/* Pinned: Table B-2, plus 400h. */
VMCB_AT(save, 0x400);
VMCB_AT(save.es, 0x400);
VMCB_AT(save.cs, 0x410);
VMCB_AT(save.ss, 0x420);
VMCB_AT(save.ds, 0x430);
VMCB_AT(save.fs, 0x440);
VMCB_AT(save.gs, 0x450);
VMCB_AT(save.gdtr, 0x460);
VMCB_AT(save.ldtr, 0x470);
VMCB_AT(save.idtr, 0x480);
VMCB_AT(save.tr, 0x490);
VMCB_AT(save.cpl, 0x4cb);
VMCB_AT(save.efer, 0x4d0);
VMCB_AT(save.cr4, 0x548);
VMCB_AT(save.cr3, 0x550);
VMCB_AT(save.cr0, 0x558);
VMCB_AT(save.dr7, 0x560);
VMCB_AT(save.dr6, 0x568);
VMCB_AT(save.rflags, 0x570);
VMCB_AT(save.rip, 0x578);
VMCB_AT(save.rsp, 0x5d8);
VMCB_AT(save.rax, 0x5f8);
VMCB_AT(save.star, 0x600);
VMCB_AT(save.lstar, 0x608);
VMCB_AT(save.cstar, 0x610);
VMCB_AT(save.sfmask, 0x618);
VMCB_AT(save.kernel_gs_base, 0x620);
VMCB_AT(save.sysenter_cs, 0x628);
VMCB_AT(save.sysenter_esp, 0x630);
VMCB_AT(save.sysenter_eip, 0x638);
VMCB_AT(save.cr2, 0x640);
VMCB_AT(save.g_pat, 0x668);
VMCB_AT(save.dbgctl, 0x670);
VMCB_AT(save.last_excp_to, 0x690);
#undef VMCB_AT
_Static_assert(sizeof(struct vmcb_seg) == 16, "Table B-2: 16 bytes a segment");
_Static_assert(offsetof(struct vmcb_seg, attrib) == 2 &&
	       offsetof(struct vmcb_seg, limit) == 4 &&
	       offsetof(struct vmcb_seg, base) == 8,
	       "Table B-2: selector, attrib, limit, base");
_Static_assert(sizeof(struct vmcb_control) == 0x400, "control area: 1 KiB");
_Static_assert(sizeof(struct vmcb) == VMCB_SIZE, "one 4 KiB page");
_Static_assert(_Alignof(struct vmcb) == VMCB_SIZE,
	       "VMRUN takes a 4 KiB-aligned page (15.5.1)");

#endif /* VIGIL_X86_64_VMCB_H */
