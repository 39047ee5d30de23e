/* SPDX-License-Identifier: MIT */
/*
 * The I/O permission map (AMD APM vol 2, 15.10.1) and the MSR permission
 * map (15.11) every partition runs under. One of each serves all vCPUs:
 * the processor only reads them, and the policy is the same everywhere.
 * Both must lie in write-back memory, 4 KiB aligned, below the top of
 * physical memory (else VMRUN fails with VMEXIT_INVALID).
 *
 * I/O: nothing. A partition owns no device port; its console is the
 * hypercall one. Every IN, OUT, INS and OUTS exits and, with no port
 * emulated, stops the partition.
 *
 * MSRs: only what a guest can own without touching anything of Vigil's
 * or another partition's, both read and write:
 *
 *   FS_BASE, GS_BASE, KernelGSbase, STAR, LSTAR, CSTAR, SFMASK,
 *   SYSENTER_CS, SYSENTER_ESP, SYSENTER_EIP
 *       exactly the MSR state VMLOAD and VMSAVE switch (15.5.2), with FS
 *       and GS whose bases the first two are: the guest's values live in
 *       its VMCB, and svm_run puts the host's back after every exit.
 *   TSC_AUX
 *       only read by RDTSCP and RDPID, which Vigil does not use. The
 *       guest's value is left in the physical MSR, which is harmless:
 *       each CPU runs one partition for good.
 *   PAT
 *       with nested paging the guest has a PAT of its own, the VMCB's
 *       G_PAT: its RDMSR and WRMSR of the PAT reach that copy, not the
 *       host's (15.25.2 "Replicated State", 15.25.4), and the host's PAT
 *       still applies through the nested tables, combined with the
 *       guest's (15.25.8, Table 15-19), so the guest can only change how
 *       its own memory is cached. Linux writes the PAT early in boot; an
 *       intercept would have to emulate it for no gain. (QEMU's TCG does
 *       not model memory types and keeps one PAT for host and guest; the
 *       pass-through is harmless there too.)
 *
 * Everything else exits, reads included: EFER (the guest must not clear
 * SVME, and must read it back as it wrote it), the APIC base, the MTRRs,
 * SPEC_CTRL, the SVM and SMM MSRs, performance counters, machine-check
 * banks, microcode. The exit handler emulates the few it knows and stops
 * the partition on any other, as ARM64 stops on an unemulated system
 * register. MSRs outside the three ranges the map covers always exit
 * (15.11).
 */
#include <vigil/string.h>

#include "pte_bits.h" /* MSR_PAT */
#include "svm.h"

/* MSR numbers (APM vol 2, Appendix A "MSR Cross-Reference"). */
#define MSR_SYSENTER_CS 0x00000174u
#define MSR_SYSENTER_ESP 0x00000175u
#define MSR_SYSENTER_EIP 0x00000176u
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_CSTAR 0xc0000083u
#define MSR_SFMASK 0xc0000084u
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define MSR_TSC_AUX 0xc0000103u

static const uint32_t guest_owned[] = {
	MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP, MSR_PAT,
	MSR_STAR,        MSR_LSTAR,        MSR_CSTAR,        MSR_SFMASK,
	MSR_FS_BASE,     MSR_GS_BASE,      MSR_KERNEL_GS_BASE, MSR_TSC_AUX,
};

/*
 * Table 15-8: three ranges of 8K MSRs, each with a 2 KiB vector of two
 * bits per MSR (read in the lower, write in the upper); 1800h-1FFFh is
 * reserved.
 */
#define MSRPM_RANGE_MSRS 0x2000u
static const struct {
	uint32_t first_msr;
	uint32_t offset;
} msrpm_ranges[] = {
	{ 0x00000000u, 0x0000 },
	{ 0xc0000000u, 0x0800 },
	{ 0xc0010000u, 0x1000 },
};

void svm_iopm_build(struct svm_iopm *iopm)
{
	/* 15.10.1: a set bit intercepts the port. All 64K + 3 bits are
	 * set, and the rest of the third page with them (the processor
	 * never reads it). */
	memset(iopm->bits, 0xff, sizeof(iopm->bits));
}

bool svm_iopm_intercepts(const struct svm_iopm *iopm, uint16_t port,
			 unsigned int size)
{
	/* 15.10.2: every byte's bit is checked; a 4-byte access at FFFFh
	 * reaches bit 10002h, the last of the map. */
	for (unsigned int i = 0; i < size; i++) {
		uint32_t bit = (uint32_t)port + i;
		if (iopm->bits[bit / 8] & (1u << (bit % 8)))
			return true;
	}
	return false;
}

bool svm_msrpm_locate(uint32_t msr, bool write, size_t *byte,
		      unsigned int *bit)
{
	for (size_t r = 0; r < ARRAY_SIZE(msrpm_ranges); r++) {
		uint32_t index = msr - msrpm_ranges[r].first_msr;
		if (msr < msrpm_ranges[r].first_msr || index >= MSRPM_RANGE_MSRS)
			continue;
		uint32_t n = index * 2 + (write ? 1 : 0);
		*byte = msrpm_ranges[r].offset + n / 8;
		*bit = n % 8;
		return true;
	}
	return false;
}

bool svm_msr_guest_owned(uint32_t msr)
{
	for (size_t i = 0; i < ARRAY_SIZE(guest_owned); i++)
		if (guest_owned[i] == msr)
			return true;
	return false;
}

static void allow(struct svm_msrpm *msrpm, uint32_t msr, bool write)
{
	size_t byte;
	unsigned int bit;
	if (svm_msrpm_locate(msr, write, &byte, &bit))
		msrpm->bits[byte] &= (uint8_t)~(1u << bit);
}

void svm_msrpm_build(struct svm_msrpm *msrpm)
{
	/* 15.11: a set bit intercepts. Start from all set, the reserved
	 * vector included, and clear the guest-owned MSRs' two bits. */
	memset(msrpm->bits, 0xff, sizeof(msrpm->bits));
	for (size_t i = 0; i < ARRAY_SIZE(guest_owned); i++) {
		allow(msrpm, guest_owned[i], false);
		allow(msrpm, guest_owned[i], true);
	}
}

bool svm_msrpm_intercepts(const struct svm_msrpm *msrpm, uint32_t msr,
			  bool write)
{
	size_t byte;
	unsigned int bit;
	if (!svm_msrpm_locate(msr, write, &byte, &bit))
		return true; /* not covered: always intercepted (15.11) */
	return (msrpm->bits[byte] >> bit) & 1;
}
