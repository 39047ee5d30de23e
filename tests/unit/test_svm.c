/* SPDX-License-Identifier: MIT */
/*
 * The SVM core of the x86-64 port (hyp/arch/x86_64/svm_*.c). The VMCB is
 * checked as bytes at the offsets the AMD APM vol 2 gives (Appendix B,
 * Tables B-1 and B-2, the latter plus 400h), written out here as numbers,
 * not through the struct: the struct is what is under test. Likewise the
 * permission maps' bits (15.10.1, 15.11 Table 15-8) and the exit codes
 * (Appendix C).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vigil/config.h>
#include <vigil/hypercall.h>

#include "../../hyp/arch/x86_64/svm.h"

static struct vmcb vmcb;
static struct svm_iopm iopm;
static struct svm_msrpm msrpm;

static uint64_t raw(const void *base, size_t off, size_t size)
{
	uint64_t v = 0;
	memcpy(&v, (const uint8_t *)base + off, size); /* little-endian */
	return v;
}

static uint64_t vmcb_u64(size_t off)
{
	return raw(&vmcb, off, 8);
}

static uint64_t vmcb_u32(size_t off)
{
	return raw(&vmcb, off, 4);
}

static uint64_t vmcb_u16(size_t off)
{
	return raw(&vmcb, off, 2);
}

static uint64_t vmcb_u8(size_t off)
{
	return raw(&vmcb, off, 1);
}

/* Only bytes [off, off + size) of the VMCB may be non-zero. */
static void only_bytes_set(size_t off, size_t size)
{
	const uint8_t *b = (const uint8_t *)&vmcb;
	for (size_t i = 0; i < sizeof(vmcb); i++)
		if (i < off || i >= off + size)
			assert_int_equal(b[i], 0);
}

#define PATTERN 0x8877665544332211ull

/* A field written through the struct lands at the APM's offset, whole,
 * and nowhere else. */
#define FIELD_AT(member, off)                                              \
	do {                                                               \
		memset(&vmcb, 0, sizeof(vmcb));                            \
		vmcb.member = (__typeof__(vmcb.member))PATTERN;            \
		size_t n_ = sizeof(vmcb.member);                           \
		assert_int_equal(raw(&vmcb, (off), n_),                    \
				 n_ == 8 ? PATTERN                          \
					 : PATTERN & ((1ull << (8 * n_)) - 1)); \
		only_bytes_set((off), n_);                                 \
	} while (0)

#define SEGMENT_AT(member, off)                                            \
	do {                                                               \
		memset(&vmcb, 0, sizeof(vmcb));                            \
		vmcb.member = (struct vmcb_seg){ 0x1234, 0x0c9b,           \
						 0xaabbccdd, PATTERN };    \
		assert_int_equal(vmcb_u16((off) + 0), 0x1234);             \
		assert_int_equal(vmcb_u16((off) + 2), 0x0c9b);             \
		assert_int_equal(vmcb_u32((off) + 4), 0xaabbccdd);         \
		assert_int_equal(vmcb_u64((off) + 8), PATTERN);            \
		only_bytes_set((off), 16);                                 \
	} while (0)

static void vmcb_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct vmcb), 4096);
	assert_int_equal(_Alignof(struct vmcb), 4096);
	assert_int_equal((uintptr_t)&vmcb % 4096, 0);

	/* Table B-1, control area. */
	FIELD_AT(control.intercept_cr, 0x000);
	FIELD_AT(control.intercept_dr, 0x004);
	FIELD_AT(control.intercept_exceptions, 0x008);
	FIELD_AT(control.intercept_misc1, 0x00c);
	FIELD_AT(control.intercept_misc2, 0x010);
	FIELD_AT(control.intercept_misc3, 0x014);
	FIELD_AT(control.pause_filter_threshold, 0x03c);
	FIELD_AT(control.pause_filter_count, 0x03e);
	FIELD_AT(control.iopm_base_pa, 0x040);
	FIELD_AT(control.msrpm_base_pa, 0x048);
	FIELD_AT(control.tsc_offset, 0x050);
	FIELD_AT(control.guest_asid, 0x058);
	FIELD_AT(control.tlb_control, 0x05c); /* 058h bits 39:32 */
	FIELD_AT(control.vintr, 0x060);
	FIELD_AT(control.interrupt_shadow, 0x068);
	FIELD_AT(control.exitcode, 0x070);
	FIELD_AT(control.exitinfo1, 0x078);
	FIELD_AT(control.exitinfo2, 0x080);
	FIELD_AT(control.exitintinfo, 0x088);
	FIELD_AT(control.np_control, 0x090);
	FIELD_AT(control.eventinj, 0x0a8);
	FIELD_AT(control.n_cr3, 0x0b0);
	FIELD_AT(control.vmcb_clean, 0x0c0);
	FIELD_AT(control.nrip, 0x0c8);
	FIELD_AT(control.insn_bytes_fetched, 0x0d0);
	FIELD_AT(control.insn_bytes[0], 0x0d1);
	FIELD_AT(control.insn_bytes[14], 0x0df);

	/* Table B-2, state save area, plus 400h. */
	SEGMENT_AT(save.es, 0x400);
	SEGMENT_AT(save.cs, 0x410);
	SEGMENT_AT(save.ss, 0x420);
	SEGMENT_AT(save.ds, 0x430);
	SEGMENT_AT(save.fs, 0x440);
	SEGMENT_AT(save.gs, 0x450);
	SEGMENT_AT(save.gdtr, 0x460);
	SEGMENT_AT(save.ldtr, 0x470);
	SEGMENT_AT(save.idtr, 0x480);
	SEGMENT_AT(save.tr, 0x490);
	FIELD_AT(save.cpl, 0x4cb);
	FIELD_AT(save.efer, 0x4d0);
	FIELD_AT(save.cr4, 0x548);
	FIELD_AT(save.cr3, 0x550);
	FIELD_AT(save.cr0, 0x558);
	FIELD_AT(save.dr7, 0x560);
	FIELD_AT(save.dr6, 0x568);
	FIELD_AT(save.rflags, 0x570);
	FIELD_AT(save.rip, 0x578);
	FIELD_AT(save.rsp, 0x5d8);
	FIELD_AT(save.rax, 0x5f8);
	FIELD_AT(save.star, 0x600);
	FIELD_AT(save.lstar, 0x608);
	FIELD_AT(save.cstar, 0x610);
	FIELD_AT(save.sfmask, 0x618);
	FIELD_AT(save.kernel_gs_base, 0x620);
	FIELD_AT(save.sysenter_cs, 0x628);
	FIELD_AT(save.sysenter_esp, 0x630);
	FIELD_AT(save.sysenter_eip, 0x638);
	FIELD_AT(save.cr2, 0x640);
	FIELD_AT(save.g_pat, 0x668);
	FIELD_AT(save.dbgctl, 0x670);
}

/* Each intercept bit's exit code is 60h plus its bit in vector 3, 80h
 * plus its bit in vector 4 (Table B-1 against Appendix C). */
static void intercept_bits_match_exit_codes(void **state)
{
	(void)state;
#define V3(name) assert_int_equal(VMCB_INTERCEPT3_##name, \
				  1u << (SVM_EXIT_##name - 0x60))
#define V4(name) assert_int_equal(VMCB_INTERCEPT4_##name, \
				  1u << (SVM_EXIT_##name - 0x80))
	V3(INTR); V3(NMI); V3(SMI); V3(INIT); V3(VINTR); V3(CR0_SEL_WRITE);
	V3(RDTSC); V3(RDPMC); V3(CPUID); V3(RSM); V3(INVD); V3(PAUSE);
	V3(HLT); V3(INVLPG); V3(INVLPGA); V3(TASK_SWITCH); V3(FERR_FREEZE);
	V3(SHUTDOWN);
	assert_int_equal(VMCB_INTERCEPT3_IOIO_PROT, 1u << (SVM_EXIT_IOIO - 0x60));
	assert_int_equal(VMCB_INTERCEPT3_MSR_PROT, 1u << (SVM_EXIT_MSR - 0x60));
	V4(VMRUN); V4(VMMCALL); V4(VMLOAD); V4(VMSAVE); V4(STGI); V4(CLGI);
	V4(SKINIT); V4(RDTSCP); V4(ICEBP); V4(WBINVD); V4(MONITOR);
	V4(MWAIT); V4(XSETBV); V4(RDPRU); V4(EFER_WRITE_TRAP);
	assert_int_equal(VMCB_INTERCEPT4_MWAIT_ARMED,
			 1u << (SVM_EXIT_MWAIT_CONDITIONAL - 0x80));
#undef V3
#undef V4
}

#define ROOT 0x12345000ull
#define IOPM_PA 0x40000000ull
#define MSRPM_PA 0x40003000ull

static struct svm_vcpu_setup setup_for(uint32_t asid, bool flush_by_asid)
{
	return (struct svm_vcpu_setup){
		.asid = asid, .asid_count = 16, .flush_by_asid = flush_by_asid,
		.nested_root = pa_init(ROOT), .iopm = pa_init(IOPM_PA),
		.msrpm = pa_init(MSRPM_PA),
	};
}

static void control_area(void **state)
{
	(void)state;
	memset(&vmcb, 0xa5, sizeof(vmcb)); /* init must clear every byte */
	struct svm_vcpu_setup s = setup_for(svm_partition_asid(2), false);
	assert_int_equal(svm_vmcb_init(&vmcb, &s), 0);

	assert_int_equal(vmcb_u32(0x000), 0); /* no CR intercepts */
	assert_int_equal(vmcb_u32(0x004), 0); /* no DR intercepts */
	assert_int_equal(vmcb_u32(0x008), 0); /* no exception intercepts */
	/* Vector 3: NMI 1, SMI 2, INIT 3, CPUID 18, INVD 22, HLT 24,
	 * INVLPGA 26, IOIO_PROT 27, MSR_PROT 28, shutdown 31; not INTR 0
	 * (the guest's own interrupts reach it directly). */
	assert_int_equal(vmcb_u32(0x00c),
			 0xeu | 1u << 18 | 1u << 22 | 1u << 24 | 1u << 26 |
			 1u << 27 | 1u << 28 | 1u << 31);
	assert_int_equal(vmcb_u32(0x00c), 0x9d44000e);
	/* Vector 4: VMRUN 0 (required, 15.5.1) to SKINIT 6; RDTSCP (7) and
	 * the rest left to the guest. */
	assert_int_equal(vmcb_u32(0x010), 0x7f);
	assert_int_equal(vmcb_u32(0x014), 0);
	assert_int_equal(vmcb_u64(0x040), IOPM_PA);
	assert_int_equal(vmcb_u64(0x048), MSRPM_PA);
	assert_int_equal(vmcb_u64(0x050), 0);            /* TSC_OFFSET */
	assert_int_equal(vmcb_u32(0x058), 3);            /* partition 2 */
	assert_int_equal(vmcb_u8(0x05c), 0x01);          /* flush all */
	assert_int_equal(raw(&vmcb, 0x05d, 3), 0);       /* 058h 63:40 SBZ */
	assert_int_equal(vmcb_u64(0x060), 0);   /* no V_INTR_MASKING */
	assert_int_equal(vmcb_u64(0x068), 0);            /* no shadow */
	assert_int_equal(vmcb_u64(0x090), 1);            /* NP_ENABLE */
	assert_int_equal(vmcb_u64(0x0a8), 0);            /* no event */
	assert_int_equal(vmcb_u64(0x0b0), ROOT);         /* N_CR3 */
	assert_int_equal(vmcb_u64(0x0b8), 0);
	assert_int_equal(vmcb_u32(0x0c0), 0);            /* VMCB clean */
	/* Everything else in the page is zero. */
	const uint8_t *b = (const uint8_t *)&vmcb;
	for (size_t i = 0x0c8; i < sizeof(vmcb); i++)
		assert_int_equal(b[i], 0);

	/* With FlushByAsid, only this guest's entries (Table 15-9). */
	s = setup_for(1, true);
	assert_int_equal(svm_vmcb_init(&vmcb, &s), 0);
	assert_int_equal(vmcb_u8(0x05c), 0x03);
	svm_vmcb_tlb_flushed(&vmcb);
	assert_int_equal(vmcb_u8(0x05c), 0x00);
}

static void asids(void **state)
{
	(void)state;
	assert_int_equal(svm_partition_asid(0), 1); /* 0 is the host's */
	assert_int_equal(svm_partition_asid(CONFIG_MAX_PARTITIONS - 1),
			 CONFIG_MAX_PARTITIONS);
}

static void refuses_bad_setup(void **state)
{
	(void)state;
	struct svm_vcpu_setup bad[] = {
		setup_for(0, false),  /* the host's ASID */
		setup_for(16, false), /* not below the count of 16 */
		setup_for(1, false), setup_for(1, false), setup_for(1, false),
		setup_for(1, false),
	};
	bad[2].nested_root = pa_init(ROOT + 8);
	bad[3].iopm = pa_init(IOPM_PA + 0x800);
	bad[4].msrpm = pa_init(MSRPM_PA | 1);
	bad[5].nested_root = pa_init(1ull << 52);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&vmcb, 0x5a, sizeof(vmcb));
		assert_int_equal(svm_vmcb_init(&vmcb, &bad[i]), -VIGIL_EINVAL);
		assert_int_equal(vmcb_u64(0x0b0), 0x5a5a5a5a5a5a5a5aull);
	}
	struct svm_vcpu_setup last = setup_for(15, false);
	assert_int_equal(svm_vmcb_init(&vmcb, &last), 0);
}

/*
 * The checks VMRUN makes on guest state before it runs anything (15.5.1
 * "Canonicalization and Consistency Checks", 15.25.4 for nested paging),
 * those that concern what svm_setup.c writes. Returns the first failed.
 */
static const char *vmrun_refuses(void)
{
	uint64_t efer = vmcb_u64(0x4d0), cr0 = vmcb_u64(0x558);
	uint64_t cr4 = vmcb_u64(0x548);
	if (!(efer & (1ull << 12)))
		return "EFER.SVME is zero";
	if (!(cr0 & (1ull << 30)) && (cr0 & (1ull << 29)))
		return "CR0.CD is zero and CR0.NW is set";
	if (cr0 >> 32)
		return "CR0[63:32] are not zero";
	if (vmcb_u64(0x568) >> 32)
		return "DR6[63:32] are not zero";
	if (vmcb_u64(0x560) >> 32)
		return "DR7[63:32] are not zero";
	if ((efer & (1ull << 8)) && (cr0 & (1ull << 31)) && !(cr4 & (1ull << 5)))
		return "EFER.LME and CR0.PG set, CR4.PAE clear";
	if (!(vmcb_u32(0x010) & 1))
		return "the VMRUN intercept bit is clear";
	if (vmcb_u32(0x058) == 0)
		return "ASID is zero";
	if (vmcb_u64(0x0a8) & (1ull << 31))
		return "an event is injected";
	/* G_PAT: each PAn a supported type (0, 1, 4, 5, 6, 7), reserved bits
	 * zero (7.8.1). */
	uint64_t pat = vmcb_u64(0x668);
	for (int i = 0; i < 8; i++) {
		unsigned int t = (pat >> (8 * i)) & 0xff;
		if (t > 7 || t == 2 || t == 3)
			return "G_PAT has an unsupported type";
	}
	return NULL;
}

static struct svm_gprs gprs;

static void pvh_start_state(void **state)
{
	(void)state;
	struct svm_vcpu_setup s = setup_for(1, false);
	assert_int_equal(svm_vmcb_init(&vmcb, &s), 0);
	uint8_t control_before[0x400];
	memcpy(control_before, &vmcb, sizeof(control_before));
	memset(&gprs, 0xee, sizeof(gprs));

	assert_int_equal(svm_vmcb_pvh_start(&vmcb, &gprs, ipa_init(0x100000),
					    ipa_init(0x6000)),
			 0);
	/* The control area is init's alone. */
	assert_memory_equal(&vmcb, control_before, sizeof(control_before));

	/* CS: base 0, limit 4 GiB - 1, execute/read (type B), S, DPL 0, P,
	 * D/B = 1, G = 1: attributes C9Bh. */
	assert_int_equal(vmcb_u16(0x410 + 2), 0xc9b);
	assert_int_equal(vmcb_u32(0x410 + 4), 0xffffffff);
	assert_int_equal(vmcb_u64(0x410 + 8), 0);
	assert_int_not_equal(vmcb_u16(0x410), 0); /* a selector, unspecified */
	/* ES, SS, DS, FS, GS: read/write data (type 3), flat: C93h. */
	static const size_t data_segs[] = { 0x400, 0x420, 0x430, 0x440, 0x450 };
	for (size_t i = 0; i < ARRAY_SIZE(data_segs); i++) {
		assert_int_equal(vmcb_u16(data_segs[i] + 2), 0xc93);
		assert_int_equal(vmcb_u32(data_segs[i] + 4), 0xffffffff);
		assert_int_equal(vmcb_u64(data_segs[i] + 8), 0);
	}
	/* TR: busy 32-bit TSS (type B, S = 0), present: 8Bh; base 0, limit
	 * 67h, as pvh.pandoc asks. */
	assert_int_equal(vmcb_u16(0x490 + 2), 0x8b);
	assert_int_equal(vmcb_u32(0x490 + 4), 0x67);
	assert_int_equal(vmcb_u64(0x490 + 8), 0);
	/* GDTR, LDTR (null), IDTR: all zero. */
	for (size_t off = 0x460; off < 0x490; off += 8)
		assert_int_equal(vmcb_u64(off), 0);

	assert_int_equal(vmcb_u8(0x4cb), 0);                /* CPL = CS.DPL */
	assert_int_equal(vmcb_u64(0x4d0), 1ull << 12);      /* EFER = SVME */
	assert_int_equal(vmcb_u64(0x548), 0);               /* CR4 */
	assert_int_equal(vmcb_u64(0x550), 0);               /* CR3 */
	assert_int_equal(vmcb_u64(0x558), 0x11);            /* CR0 = PE|ET */
	assert_int_equal(vmcb_u64(0x560), 0x400);           /* DR7 reset */
	assert_int_equal(vmcb_u64(0x568), 0xffff0ff0);      /* DR6 reset */
	assert_int_equal(vmcb_u64(0x570), 0x2);             /* RFLAGS */
	assert_int_equal(vmcb_u64(0x578), 0x100000);        /* RIP = entry */
	assert_int_equal(vmcb_u64(0x5d8), 0);               /* RSP */
	assert_int_equal(vmcb_u64(0x5f8), 0);               /* RAX */
	assert_int_equal(vmcb_u64(0x640), 0);               /* CR2 */
	assert_int_equal(vmcb_u64(0x668), 0x0007040600070406ull); /* G_PAT */
	/* The SYSCALL/SYSENTER MSRs and KernelGsBase start at 0. */
	for (size_t off = 0x600; off < 0x640; off += 8)
		assert_int_equal(vmcb_u64(off), 0);

	/* EBX: the start_info address; every other register 0. */
	struct svm_gprs expected = { .rbx = 0x6000 };
	assert_memory_equal(&gprs, &expected, sizeof(gprs));

	assert_null(vmrun_refuses());
}

static void pvh_start_refuses_high_addresses(void **state)
{
	(void)state;
	assert_int_equal(svm_vmcb_pvh_start(&vmcb, &gprs,
					    ipa_init(0x100000000ull),
					    ipa_init(0x6000)),
			 -VIGIL_EINVAL);
	assert_int_equal(svm_vmcb_pvh_start(&vmcb, &gprs, ipa_init(0x100000),
					    ipa_init(0x100000000ull)),
			 -VIGIL_EINVAL);
	assert_int_equal(svm_vmcb_pvh_start(&vmcb, &gprs,
					    ipa_init(0xfffff000ull),
					    ipa_init(0xffffffffull)),
			 0);
}

static void iopm_intercepts_every_port(void **state)
{
	(void)state;
	assert_int_equal(sizeof(iopm), 12 * 1024);
	assert_int_equal((uintptr_t)&iopm % 4096, 0);
	memset(&iopm, 0, sizeof(iopm));
	svm_iopm_build(&iopm);
	for (uint32_t port = 0; port <= 0xffff; port++) {
		assert_true(svm_iopm_intercepts(&iopm, (uint16_t)port, 1));
		assert_true(svm_iopm_intercepts(&iopm, (uint16_t)port, 4));
	}
	/* The 3 bits past 64K, for accesses that start at FFFDh-FFFFh
	 * (15.10.1), are in the third page. */
	assert_int_equal(iopm.bits[0x2000] & 0x7, 0x7);
}

static void iopm_bit_positions(void **state)
{
	(void)state;
	/* Bit n for port n, least significant bit first (15.10.1). */
	memset(&iopm, 0, sizeof(iopm));
	iopm.bits[0x3f8 / 8] = 1u << (0x3f9 % 8); /* port 3F9h only */
	assert_false(svm_iopm_intercepts(&iopm, 0x3f8, 1));
	assert_true(svm_iopm_intercepts(&iopm, 0x3f9, 1));
	assert_true(svm_iopm_intercepts(&iopm, 0x3f8, 2)); /* 3F8h-3F9h */
	assert_false(svm_iopm_intercepts(&iopm, 0x3fa, 4));
	assert_true(svm_iopm_intercepts(&iopm, 0x3f6, 4)); /* 3F6h-3F9h */
	memset(&iopm, 0, sizeof(iopm));
	iopm.bits[0x2000] = 1u << 2; /* bit 10002h */
	assert_false(svm_iopm_intercepts(&iopm, 0xffff, 2));
	assert_true(svm_iopm_intercepts(&iopm, 0xffff, 4)); /* FFFFh-10002h */
}

static void msrpm_bit_positions(void **state)
{
	(void)state;
	/* Table 15-8: byte offset of each range's vector, then two bits per
	 * MSR, read below write. */
	static const struct {
		uint32_t msr;
		size_t byte;
		unsigned int read_bit;
	} at[] = {
		{ 0x00000000u, 0x000, 0 },
		{ 0x00000001u, 0x000, 2 },
		{ 0x00000003u, 0x000, 6 },
		{ 0x00000004u, 0x001, 0 },
		{ 0x00000174u, 0x05d, 0 },          /* SYSENTER_CS */
		{ 0x00000277u, 0x09d, 6 },          /* PAT */
		{ 0x00001fffu, 0x7ff, 6 },          /* last of range 1 */
		{ 0xc0000000u, 0x800, 0 },
		{ 0xc0000080u, 0x820, 0 },          /* EFER */
		{ 0xc0000100u, 0x840, 0 },          /* FS_BASE */
		{ 0xc0001fffu, 0xfff, 6 },          /* last of range 2 */
		{ 0xc0010000u, 0x1000, 0 },
		{ 0xc0010117u, 0x1045, 6 },         /* VM_HSAVE_PA */
		{ 0xc0011fffu, 0x17ff, 6 },         /* last of range 3 */
	};
	for (size_t i = 0; i < ARRAY_SIZE(at); i++) {
		size_t byte = 0;
		unsigned int bit = 0;
		assert_true(svm_msrpm_locate(at[i].msr, false, &byte, &bit));
		assert_int_equal(byte, at[i].byte);
		assert_int_equal(bit, at[i].read_bit);
		assert_true(svm_msrpm_locate(at[i].msr, true, &byte, &bit));
		assert_int_equal(byte, at[i].byte);
		assert_int_equal(bit, at[i].read_bit + 1);
	}
}

static void msrs_outside_the_map_always_exit(void **state)
{
	(void)state;
	static const uint32_t outside[] = {
		0x00002000u, 0x3fffffffu, 0x40000000u /* hypervisor range */,
		0xbfffffffu, 0xc0002000u, 0xc000ffffu, 0xc0012000u,
		0xc0020000u, 0xffffffffu,
	};
	memset(&msrpm, 0, sizeof(msrpm)); /* even a map allowing all */
	for (size_t i = 0; i < ARRAY_SIZE(outside); i++) {
		size_t byte;
		unsigned int bit;
		assert_false(svm_msrpm_locate(outside[i], false, &byte, &bit));
		assert_true(svm_msrpm_intercepts(&msrpm, outside[i], false));
		assert_true(svm_msrpm_intercepts(&msrpm, outside[i], true));
	}
	assert_false(svm_msrpm_intercepts(&msrpm, 0x1fff, true));
}

static void msrpm_allow_list(void **state)
{
	(void)state;
	assert_int_equal(sizeof(msrpm), 8 * 1024);
	assert_int_equal((uintptr_t)&msrpm % 4096, 0);
	memset(&msrpm, 0, sizeof(msrpm));
	svm_msrpm_build(&msrpm);

	static const uint32_t owned[] = {
		0x174, 0x175, 0x176,                 /* SYSENTER_CS/ESP/EIP */
		0x277,                               /* PAT (the guest's G_PAT) */
		0xc0000081u, 0xc0000082u, 0xc0000083u, 0xc0000084u, /* STAR.. */
		0xc0000100u, 0xc0000101u, 0xc0000102u, /* FS, GS, KernelGs */
		0xc0000103u,                         /* TSC_AUX */
	};
	for (size_t i = 0; i < ARRAY_SIZE(owned); i++) {
		assert_true(svm_msr_guest_owned(owned[i]));
		assert_false(svm_msrpm_intercepts(&msrpm, owned[i], false));
		assert_false(svm_msrpm_intercepts(&msrpm, owned[i], true));
	}
	static const uint32_t intercepted[] = {
		0x10,        /* TSC */
		0x1b,        /* APIC_BASE */
		0x48, 0x49,  /* SPEC_CTRL, PRED_CMD */
		0x79, 0x8b,  /* microcode */
		0xfe, 0x2ff, /* MTRRcap, MTRRdefType */
		0x1a0,       /* MISC_ENABLE */
		0x400,       /* MC0_CTL */
		0x802,       /* x2APIC ID */
		0xc0000080u, /* EFER */
		0xc0000104u, /* next to TSC_AUX */
		0xc0010114u, /* VM_CR */
		0xc0010117u, /* VM_HSAVE_PA */
	};
	for (size_t i = 0; i < ARRAY_SIZE(intercepted); i++) {
		assert_false(svm_msr_guest_owned(intercepted[i]));
		assert_true(svm_msrpm_intercepts(&msrpm, intercepted[i], false));
		assert_true(svm_msrpm_intercepts(&msrpm, intercepted[i], true));
	}

	/* As raw bits: PAT at byte 9Dh bits 6-7 (its neighbours 274h-276h
	 * intercepted); byte 820h holds EFER (bits 0-1, intercepted), then
	 * STAR, LSTAR and CSTAR (guest-owned). */
	assert_int_equal(msrpm.bits[0x9d], 0x3f);
	assert_int_equal(msrpm.bits[0x820], 0x03);
	/* Exactly the owned MSRs' 24 bits are clear, and the reserved
	 * vector 1800h-1FFFh is all ones. */
	unsigned int clear = 0;
	for (size_t i = 0; i < sizeof(msrpm.bits); i++)
		clear += 8 - (unsigned int)__builtin_popcount(msrpm.bits[i]);
	assert_int_equal(clear, 2 * ARRAY_SIZE(owned));
	for (size_t i = 0x1800; i < 0x2000; i++)
		assert_int_equal(msrpm.bits[i], 0xff);
}

static void exit_names(void **state)
{
	(void)state;
	assert_string_equal(svm_exit_name(0x00), "CR0 read");
	assert_string_equal(svm_exit_name(0x13), "CR3 write");
	assert_string_equal(svm_exit_name(0x1f), "CR15 write");
	assert_string_equal(svm_exit_name(0x27), "DR7 read");
	assert_string_equal(svm_exit_name(0x3f), "DR15 write");
	assert_string_equal(svm_exit_name(0x40), "exception #DE");
	assert_string_equal(svm_exit_name(0x4d), "exception #GP");
	assert_string_equal(svm_exit_name(0x4e), "exception #PF");
	assert_string_equal(svm_exit_name(0x5e), "exception #SX");
	assert_string_equal(svm_exit_name(0x60), "physical interrupt (INTR)");
	assert_string_equal(svm_exit_name(0x61), "NMI");
	assert_string_equal(svm_exit_name(0x62), "SMI");
	assert_string_equal(svm_exit_name(0x63), "INIT");
	assert_string_equal(svm_exit_name(0x72), "CPUID");
	assert_string_equal(svm_exit_name(0x76), "INVD");
	assert_string_equal(svm_exit_name(0x78), "HLT");
	assert_string_equal(svm_exit_name(0x7a), "INVLPGA");
	assert_string_equal(svm_exit_name(0x7b), "I/O port access");
	assert_string_equal(svm_exit_name(0x7c), "MSR access");
	assert_string_equal(svm_exit_name(0x7f), "shutdown");
	assert_string_equal(svm_exit_name(0x80), "VMRUN");
	assert_string_equal(svm_exit_name(0x81), "VMMCALL");
	assert_string_equal(svm_exit_name(0x82), "VMLOAD");
	assert_string_equal(svm_exit_name(0x83), "VMSAVE");
	assert_string_equal(svm_exit_name(0x84), "STGI");
	assert_string_equal(svm_exit_name(0x85), "CLGI");
	assert_string_equal(svm_exit_name(0x86), "SKINIT");
	assert_string_equal(svm_exit_name(0x87), "RDTSCP");
	assert_string_equal(svm_exit_name(0x8d), "XSETBV");
	assert_string_equal(svm_exit_name(0x8e), "RDPRU");
	assert_string_equal(svm_exit_name(0x8f), "EFER write (trap)");
	assert_string_equal(svm_exit_name(0x94), "CR4 write (trap)");
	assert_string_equal(svm_exit_name(0xa5), "bus lock");
	assert_string_equal(svm_exit_name(0x400), "nested page fault");
	assert_string_equal(svm_exit_name(0x403), "VMGEXIT");
	assert_string_equal(svm_exit_name(SVM_EXIT_INVALID),
			    "invalid guest state (VMEXIT_INVALID)");
	/* Appendix C defines every code from 00h to A5h. */
	for (uint64_t code = 0; code <= 0xa5; code++)
		assert_string_not_equal(svm_exit_name(code), "unknown exit");
	static const uint64_t unknown[] = {
		0xa6, 0xff, 0x3ff, 0x404, 0x1000, (uint64_t)-4,
		0x8000000000000000ull,
	};
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_string_equal(svm_exit_name(unknown[i]), "unknown exit");
}

static void exit_at(uint64_t code, uint64_t info1, uint64_t info2,
		    uint64_t rip)
{
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.control.exitcode = code;
	vmcb.control.exitinfo1 = info1;
	vmcb.control.exitinfo2 = info2;
	vmcb.save.rip = rip;
	/* 32-bit protected mode, as PVH starts. */
	vmcb.save.cs.attrib = 0xc9b;
	vmcb.save.efer = 1ull << 12;
}

static void instruction_lengths(void **state)
{
	(void)state;
	exit_at(SVM_EXIT_VMMCALL, 0, 0, 0x100000);
	assert_int_equal(svm_guest_ins_len(&vmcb), 3); /* 0F 01 D9 */
	/* IOIO: EXITINFO2 is the next RIP (15.10.2). */
	exit_at(SVM_EXIT_IOIO, 0x3f80010, 0x100001, 0x100000);
	assert_int_equal(svm_guest_ins_len(&vmcb), 1); /* OUT DX, AL */
	exit_at(SVM_EXIT_IOIO, 0x3f80010, 0x100003, 0x100000);
	assert_int_equal(svm_guest_ins_len(&vmcb), 3); /* with prefixes */
	exit_at(SVM_EXIT_IOIO, 0x3f80010, 0x0fffff, 0x100000);
	assert_int_equal(svm_guest_ins_len(&vmcb), 0); /* nonsense */
	exit_at(SVM_EXIT_IOIO, 0x3f80010, 0x100000 + 16, 0x100000);
	assert_int_equal(svm_guest_ins_len(&vmcb), 0);
	/* The rest: unknown without decode assists, so Vigil stops. */
	static const uint64_t others[] = {
		SVM_EXIT_CPUID, SVM_EXIT_HLT, SVM_EXIT_MSR, SVM_EXIT_NPF,
		SVM_EXIT_INVD, SVM_EXIT_SHUTDOWN, SVM_EXIT_INVALID,
	};
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		exit_at(others[i], 0, 0x100002, 0x100000);
		assert_int_equal(svm_guest_ins_len(&vmcb), 0);
	}
}

static void skipping_instructions(void **state)
{
	(void)state;
	exit_at(SVM_EXIT_VMMCALL, 0, 0, 0x100000);
	vmcb.control.interrupt_shadow = 1;
	svm_skip_instruction(&vmcb, 3);
	assert_int_equal(vmcb.save.rip, 0x100003);
	assert_int_equal(vmcb.control.interrupt_shadow, 0);
	/* 32-bit: EIP wraps at 4 GiB. */
	exit_at(SVM_EXIT_VMMCALL, 0, 0, 0xfffffffe);
	svm_skip_instruction(&vmcb, 3);
	assert_int_equal(vmcb.save.rip, 1);
	/* 64-bit mode (EFER.LMA, CS.L): no wrap there. */
	exit_at(SVM_EXIT_VMMCALL, 0, 0, 0xfffffffe);
	vmcb.save.efer |= 1ull << 10 | 1ull << 8;
	vmcb.save.cs.attrib = 0xa9b; /* L = 1, D = 0 */
	svm_skip_instruction(&vmcb, 3);
	assert_int_equal(vmcb.save.rip, 0x100000001ull);
	/* Compatibility mode (LMA, CS.L = 0) is 32-bit. */
	exit_at(SVM_EXIT_VMMCALL, 0, 0, 0xfffffffe);
	vmcb.save.efer |= 1ull << 10 | 1ull << 8;
	svm_skip_instruction(&vmcb, 3);
	assert_int_equal(vmcb.save.rip, 1);
	/* 16-bit code (CS.D = 0): IP wraps at 64 KiB. */
	exit_at(SVM_EXIT_IOIO, 0, 0, 0xffff);
	vmcb.save.cs.attrib = 0x09b;
	svm_skip_instruction(&vmcb, 1);
	assert_int_equal(vmcb.save.rip, 0);
}

static char line[256];

#define DESCRIBES(expected)                                                \
	do {                                                               \
		int n_ = svm_exit_describe(line, sizeof(line), &vmcb, &gprs); \
		assert_string_equal(line, expected);                       \
		assert_int_equal(n_, (int)strlen(expected));              \
	} while (0)

static void describes_nested_page_faults(void **state)
{
	(void)state;
	memset(&gprs, 0, sizeof(gprs));
	/* 15.25.6: bit 0 P, 1 RW, 2 US, 3 RSV, 4 ID, 32 final, 33 table. */
	exit_at(SVM_EXIT_NPF, 0x100000004ull, 0x50000000, 0x8000006c);
	DESCRIBES("nested page fault on read at guest-physical 0x50000000 "
		  "(RIP 0x8000006c, EXITINFO1 0x100000004: not present, read, "
		  "user, final translation)");
	exit_at(SVM_EXIT_NPF, 0x100000007ull, 0xfee00300, 0x1234);
	DESCRIBES("nested page fault on write at guest-physical 0xfee00300 "
		  "(RIP 0x1234, EXITINFO1 0x100000007: present, write, user, "
		  "final translation)");
	exit_at(SVM_EXIT_NPF, 0x100000015ull, 0x200000, 0x200000);
	DESCRIBES("nested page fault on instruction fetch at guest-physical "
		  "0x200000 (RIP 0x200000, EXITINFO1 0x100000015: present, "
		  "read, user, instruction fetch, final translation)");
	exit_at(SVM_EXIT_NPF, 0x200000006ull, 0x9000, 0x100020);
	DESCRIBES("nested page fault on guest page-table access at "
		  "guest-physical 0x9000 (RIP 0x100020, EXITINFO1 0x200000006: "
		  "not present, write, user, guest page-table walk)");
	exit_at(SVM_EXIT_NPF, 0x10000000dull, 0x1000, 0x100);
	DESCRIBES("nested page fault on read at guest-physical 0x1000 (RIP "
		  "0x100, EXITINFO1 0x10000000d: present, read, user, reserved "
		  "bit set, final translation)");
	/* During delivery of a #PF through the guest's IDT (15.7.2). */
	exit_at(SVM_EXIT_NPF, 0x100000004ull, 0x7000, 0x100);
	vmcb.control.exitintinfo = 1ull << 31 | 3u << 8 | 14;
	DESCRIBES("nested page fault on read at guest-physical 0x7000 (RIP "
		  "0x100, EXITINFO1 0x100000004: not present, read, user, "
		  "final translation, while delivering exception vector 14)");
}

static void describes_io_and_msrs(void **state)
{
	(void)state;
	memset(&gprs, 0, sizeof(gprs));
	/* 15.10.2: port in 31:16, SZ8 4, SZ16 5, SZ32 6, REP 3, STR 2,
	 * TYPE 0 (1 = IN). */
	exit_at(SVM_EXIT_IOIO, 0x3f8u << 16 | 1u << 4, 0x100011, 0x100010);
	vmcb.save.rax = 0x1234541; /* OUT DX, AL: only AL counts */
	DESCRIBES("OUT of 1 byte (value 0x41) to I/O port 0x3f8 at RIP "
		  "0x100010 (EXITINFO1 0x3f80010)");
	/* fw_cfg's selector: OUT DX, AX of the file directory's key. */
	exit_at(SVM_EXIT_IOIO, 0x510u << 16 | 1u << 5, 0x100013, 0x100011);
	vmcb.save.rax = 0xffffffff00000019ull;
	DESCRIBES("OUT of 2 bytes (value 0x19) to I/O port 0x510 at RIP "
		  "0x100011 (EXITINFO1 0x5100020)");
	exit_at(SVM_EXIT_IOIO, 0xcf8u << 16 | 1u << 6, 0x100011, 0x100010);
	vmcb.save.rax = 0xffffffff80000000ull;
	DESCRIBES("OUT of 4 bytes (value 0x80000000) to I/O port 0xcf8 at RIP "
		  "0x100010 (EXITINFO1 0xcf80040)");
	exit_at(SVM_EXIT_IOIO, 0xcfcu << 16 | 1u << 6 | 1, 0x100011, 0x100010);
	DESCRIBES("IN of 4 bytes from I/O port 0xcfc at RIP 0x100010 "
		  "(EXITINFO1 0xcfc0041)");
	/* OUTS: the value is in memory, not said. */
	exit_at(SVM_EXIT_IOIO, 0x80u << 16 | 1u << 5 | 1u << 3 | 1u << 2,
		0x100012, 0x100010);
	vmcb.save.rax = 0x1234;
	DESCRIBES("REP OUTS of 2 bytes to I/O port 0x80 at RIP 0x100010 "
		  "(EXITINFO1 0x80002c)");

	/* 15.11: EXITINFO1 0 = RDMSR, 1 = WRMSR; ECX the MSR, EDX:EAX. */
	exit_at(SVM_EXIT_MSR, 0, 0, 0x100100);
	gprs.rcx = 0xffffffff00000000ull | 0xc0000080u;
	DESCRIBES("RDMSR of MSR 0xc0000080 at RIP 0x100100");
	exit_at(SVM_EXIT_MSR, 1, 0, 0x100100);
	gprs.rcx = 0x1b;
	gprs.rdx = 0x1;
	vmcb.save.rax = 0xdeadbeeffee00900ull; /* only EAX counts */
	DESCRIBES("WRMSR of MSR 0x1b (value 0x1fee00900) at RIP 0x100100");
}

static void describes_other_exits(void **state)
{
	(void)state;
	memset(&gprs, 0, sizeof(gprs));
	exit_at(SVM_EXIT_CPUID, 0, 0, 0x100000);
	DESCRIBES("unhandled CPUID at RIP 0x100000 (EXITCODE 0x72, EXITINFO1 "
		  "0, EXITINFO2 0)");
	exit_at(SVM_EXIT_HLT, 0, 0, 0x100005);
	DESCRIBES("unhandled HLT at RIP 0x100005 (EXITCODE 0x78, EXITINFO1 0, "
		  "EXITINFO2 0)");
	exit_at(SVM_EXIT_EXCEPTION(13), 0x18, 0, 0x4000);
	vmcb.control.exitintinfo = 1ull << 31 | 0u << 8 | 0x30;
	DESCRIBES("unhandled exception #GP at RIP 0x4000 (EXITCODE 0x4d, "
		  "EXITINFO1 0x18, EXITINFO2 0, while delivering external "
		  "interrupt vector 48)");
	exit_at(SVM_EXIT_SHUTDOWN, 0, 0, 0x4000);
	DESCRIBES("shutdown (a triple fault, or another condition that shuts "
		  "the processor down)");
	exit_at(SVM_EXIT_INVALID, 0, 0, 0x4000);
	DESCRIBES("VMRUN refused the guest state (VMEXIT_INVALID)");
	exit_at(0x777, 0, 0, 0x4000);
	DESCRIBES("unhandled unknown exit at RIP 0x4000 (EXITCODE 0x777, "
		  "EXITINFO1 0, EXITINFO2 0)");
}

static void describes_svm_instructions(void **state)
{
	(void)state;
	memset(&gprs, 0, sizeof(gprs));
	/* APM vol 3: VMRUN, VMLOAD and VMSAVE take a VMCB's physical
	 * address in rAX, SKINIT the SLB's in EAX, INVLPGA a virtual
	 * address in rAX and an ASID in ECX; STGI and CLGI nothing. */
	exit_at(SVM_EXIT_VMRUN, 0, 0, 0x100180);
	vmcb.save.rax = 0x1003000;
	DESCRIBES("forbidden VMRUN at RIP 0x100180 (RAX 0x1003000: a VMCB's "
		  "physical address; EXITCODE 0x80)");
	exit_at(SVM_EXIT_VMLOAD, 0, 0, 0x100180);
	vmcb.save.rax = 0x30000000;
	DESCRIBES("forbidden VMLOAD at RIP 0x100180 (RAX 0x30000000: a VMCB's "
		  "physical address; EXITCODE 0x82)");
	exit_at(SVM_EXIT_VMSAVE, 0, 0, 0x100180);
	vmcb.save.rax = 0x30000000;
	DESCRIBES("forbidden VMSAVE at RIP 0x100180 (RAX 0x30000000: a VMCB's "
		  "physical address; EXITCODE 0x83)");
	exit_at(SVM_EXIT_STGI, 0, 0, 0x100180);
	vmcb.save.rax = 0x1234;
	DESCRIBES("forbidden STGI at RIP 0x100180 (EXITCODE 0x84)");
	exit_at(SVM_EXIT_CLGI, 0, 0, 0x100180);
	DESCRIBES("forbidden CLGI at RIP 0x100180 (EXITCODE 0x85)");
	exit_at(SVM_EXIT_SKINIT, 0, 0, 0x100180);
	vmcb.save.rax = 0xffffffff01000000ull; /* only EAX counts */
	DESCRIBES("forbidden SKINIT at RIP 0x100180 (EAX 0x1000000: a secure "
		  "loader block's physical address; EXITCODE 0x86)");
	exit_at(SVM_EXIT_INVLPGA, 0, 0, 0x100180);
	vmcb.save.rax = 0x1000000;
	gprs.rcx = 0xffffffff00000001ull; /* only ECX counts */
	DESCRIBES("forbidden INVLPGA at RIP 0x100180 (RAX 0x1000000: a virtual "
		  "address, ECX 0x1: an ASID; EXITCODE 0x7a)");
}

static void describe_truncates(void **state)
{
	(void)state;
	exit_at(SVM_EXIT_NPF, 0x100000004ull, 0x50000000, 0x8000006c);
	int full = svm_exit_describe(line, sizeof(line), &vmcb, &gprs);
	char small[24];
	memset(small, 'x', sizeof(small));
	assert_int_equal(svm_exit_describe(small, sizeof(small), &vmcb, &gprs),
			 full);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, line, sizeof(small) - 1);
	char none = 'x';
	assert_int_equal(svm_exit_describe(&none, 0, &vmcb, &gprs), full);
	assert_int_equal(none, 'x');
}

/* A HLT with interrupts enabled: the CPU halts in the guest, the HLT
 * intercept off until the next exit; then the usual intercepts again. */
static void hlt_with_interrupts_enabled_waits(void **state)
{
	(void)state;
	struct svm_vcpu_setup s = setup_for(svm_partition_asid(0), false);
	assert_int_equal(svm_vmcb_init(&vmcb, &s), 0);
	vmcb.save.rip = 0x100005;
	vmcb.save.rflags = 0x202; /* IF */
	assert_true(svm_hlt_wait(&vmcb));
	/* HLT (bit 24) off, INTR (bit 0) still off, the rest as ever. */
	assert_int_equal(vmcb_u32(0x00c), 0x9c44000e);
	assert_int_equal(vmcb.save.rip, 0x100005); /* at the HLT again */
	svm_intercepts_reset(&vmcb);
	assert_int_equal(vmcb_u32(0x00c), 0x9d44000e);
}

/* With interrupts masked nothing would wake it: no wait is set up. */
static void hlt_with_interrupts_masked_does_not_wait(void **state)
{
	(void)state;
	struct svm_vcpu_setup s = setup_for(svm_partition_asid(0), false);
	assert_int_equal(svm_vmcb_init(&vmcb, &s), 0);
	vmcb.save.rflags = 0x2;
	assert_false(svm_hlt_wait(&vmcb));
	assert_int_equal(vmcb_u32(0x00c), 0x9d44000e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vmcb_layout),
		cmocka_unit_test(intercept_bits_match_exit_codes),
		cmocka_unit_test(control_area),
		cmocka_unit_test(hlt_with_interrupts_enabled_waits),
		cmocka_unit_test(hlt_with_interrupts_masked_does_not_wait),
		cmocka_unit_test(asids),
		cmocka_unit_test(refuses_bad_setup),
		cmocka_unit_test(pvh_start_state),
		cmocka_unit_test(pvh_start_refuses_high_addresses),
		cmocka_unit_test(iopm_intercepts_every_port),
		cmocka_unit_test(iopm_bit_positions),
		cmocka_unit_test(msrpm_bit_positions),
		cmocka_unit_test(msrs_outside_the_map_always_exit),
		cmocka_unit_test(msrpm_allow_list),
		cmocka_unit_test(exit_names),
		cmocka_unit_test(instruction_lengths),
		cmocka_unit_test(skipping_instructions),
		cmocka_unit_test(describes_nested_page_faults),
		cmocka_unit_test(describes_io_and_msrs),
		cmocka_unit_test(describes_other_exits),
		cmocka_unit_test(describes_svm_instructions),
		cmocka_unit_test(describe_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
