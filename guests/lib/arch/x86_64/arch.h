/* SPDX-License-Identifier: MIT */
/*
 * x86-64 primitives of the guest library: the VMMCALL that enters Vigil,
 * CPUID (and through it Vigil's hypervisor leaves), the TSC and the idle
 * instruction. The generic files (hypercall.c, timer.c) include this header
 * (mk/guests.mk puts guests/lib/arch/$(ARCH) on the include path).
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include <vigil/hypercall.h>

/*
 * VMMCALL (AMD APM vol 3, VMMCALL; Vigil intercepts it): number in RAX,
 * arguments in RDI, RSI, RDX, R10, R8, result in RAX; RSI holds the size
 * needed after -VIGIL_ENOSPC (include/vigil/hypercall.h). Vigil preserves
 * every other register.
 * "memory": Vigil reads and writes guest buffers, so pending stores must be
 * done before the call and nothing cached across it. (GCC treats the flags
 * as clobbered by every x86 asm statement.)
 */
static inline __attribute__((always_inline)) long
arch_hypercall(unsigned long nr, unsigned long a0, unsigned long a1,
	       unsigned long a2, unsigned long a3, unsigned long a4,
	       unsigned long *x1_out)
{
	register unsigned long r10 __asm__("r10") = a3;
	register unsigned long r8 __asm__("r8") = a4;
	unsigned long rax = nr;
	unsigned long rsi = a1;

	__asm__ volatile("vmmcall"
			 : "+a"(rax), "+S"(rsi)
			 : "D"(a0), "d"(a2), "r"(r10), "r"(r8)
			 : "memory");
	if (x1_out)
		*x1_out = rsi;
	return (long)rax;
}

/*
 * Halts until an interrupt: with interrupts masked, for good. Where a vCPU
 * with nothing left to do stays.
 */
static inline __attribute__((always_inline)) void arch_idle(void)
{
	__asm__ volatile("hlt");
}

/* CPUID leaf (subleaf 0): EAX, EBX, ECX, EDX into r[0..3]. */
static inline __attribute__((always_inline)) void arch_cpuid(uint32_t leaf,
							     uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

/*
 * Vigil's hypervisor CPUID leaves. Vigil intercepts CPUID and answers
 * these itself (they are Vigil's, not Xen's or KVM's; the guest ABI header
 * is to take them over):
 *
 *   CPUID 1            ECX bit 31 set: running under a hypervisor (AMD APM
 *                      vol 3, appendix E: the bit is reserved for
 *                      hypervisors to set). Leaves 0x4000xxxx mean nothing
 *                      without it.
 *   0x40000000         EAX: the highest Vigil leaf (at least 0x40000010).
 *                      EBX, ECX, EDX: "VigilVigilVi", four characters each,
 *                      first character in the low byte.
 *   0x40000001         EAX: the ABI version, (major << 16) | minor, as
 *                      VIGIL_HC_VERSION returns it. EBX, ECX, EDX: 0.
 *   0x40000010         EAX: the TSC frequency in kHz, as the partition's
 *                      RDTSC counts. EBX, ECX, EDX: 0 (reserved). (The leaf
 *                      and field where VMware's hypervisor CPUID interface
 *                      gives the same value; AMD processors have no
 *                      architectural leaf for the TSC's rate.)
 */
#define GUEST_CPUID_VIGIL_BASE 0x40000000u
#define GUEST_CPUID_VIGIL_VERSION 0x40000001u
#define GUEST_CPUID_VIGIL_TSC 0x40000010u
#define GUEST_CPUID_HYPERVISOR_BIT (1u << 31) /* CPUID 1, ECX */

#define GUEST_FOURCC(a, b, c, d)                                               \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 |            \
	 (uint32_t)(d) << 24)
#define GUEST_CPUID_VIGIL_EBX GUEST_FOURCC('V', 'i', 'g', 'i')
#define GUEST_CPUID_VIGIL_ECX GUEST_FOURCC('l', 'V', 'i', 'g')
#define GUEST_CPUID_VIGIL_EDX GUEST_FOURCC('i', 'l', 'V', 'i')

/*
 * The TSC. RDTSC is not serializing (AMD APM vol 3, RDTSC): LFENCE before
 * it keeps it after the instructions before it wherever LFENCE is dispatch
 * serializing, as on current AMD and Intel processors. A delay cannot then
 * end early by more than a few cycles.
 */
static inline __attribute__((always_inline)) uint64_t arch_timer_count(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* The TSC's frequency in Hz from Vigil's leaf; 0 if not under Vigil. */
static inline __attribute__((always_inline)) uint64_t
arch_timer_frequency(void)
{
	uint32_t r[4];

	arch_cpuid(1, r);
	if (!(r[2] & GUEST_CPUID_HYPERVISOR_BIT))
		return 0;
	arch_cpuid(GUEST_CPUID_VIGIL_BASE, r);
	if (r[1] != GUEST_CPUID_VIGIL_EBX || r[2] != GUEST_CPUID_VIGIL_ECX ||
	    r[3] != GUEST_CPUID_VIGIL_EDX || r[0] < GUEST_CPUID_VIGIL_TSC)
		return 0;
	arch_cpuid(GUEST_CPUID_VIGIL_TSC, r);
	return (uint64_t)r[0] * 1000;
}

/*
 * map.c: maps the 2 MiB page holding physical pa (below 4 GiB) to itself
 * in the guest's page tables, with caching off for a device (uncached).
 */
void guest_map_2m(uint64_t pa, bool uncached);

#endif /* GUEST_ARCH_H */
