/* SPDX-License-Identifier: MIT */
/*
 * ARM64 primitives of the guest library: the HVC that enters Vigil, the
 * generic timer's counter and the idle instruction. The generic files
 * (hypercall.c, timer.c) include this header (mk/guests.mk puts
 * guests/lib/arch/$(ARCH) on the include path); static inline, so each
 * compiles to the same code as if it were written there.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <stdint.h>

#include <vigil/hypercall.h>

#define ARCH_STR(x) ARCH_STR_(x)
#define ARCH_STR_(x) #x

/*
 * HVC #VIGIL_HVC_IMM, number in x16, arguments in x0..x4, result in x0.
 * Vigil preserves every register but x0, and x1 when it reports the size
 * an output buffer needs (-VIGIL_ENOSPC). "memory": Vigil reads and writes
 * guest buffers, so pending stores must be done before the call and nothing
 * cached across it.
 */
static inline __attribute__((always_inline)) long
arch_hypercall(unsigned long nr, unsigned long a0, unsigned long a1,
	       unsigned long a2, unsigned long a3, unsigned long a4,
	       unsigned long *x1_out)
{
	register unsigned long x16 __asm__("x16") = nr;
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;
	register unsigned long x4 __asm__("x4") = a4;

	__asm__ volatile("hvc #" ARCH_STR(VIGIL_HVC_IMM)
			 : "+r"(x0), "+r"(x1)
			 : "r"(x16), "r"(x2), "r"(x3), "r"(x4)
			 : "memory");
	if (x1_out)
		*x1_out = x1;
	return (long)x0;
}

/* Waits for an event: where a vCPU with nothing left to do stays. */
static inline __attribute__((always_inline)) void arch_idle(void)
{
	__asm__ volatile("wfe");
}

/*
 * The generic timer (Arm ARM D11, "The Generic Timer"): EL1 may read the
 * virtual count CNTVCT_EL0 and its frequency CNTFRQ_EL0.
 */
static inline __attribute__((always_inline)) uint64_t arch_timer_count(void)
{
	uint64_t count;

	/*
	 * Reads of CNTVCT_EL0 may be performed speculatively and out of order
	 * (Arm ARM D11, "The Generic Timer"); the ISB keeps the read after the
	 * instructions before it, so a delay cannot end early.
	 */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(count) : : "memory");
	return count;
}

static inline __attribute__((always_inline)) uint64_t
arch_timer_frequency(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	/* Bits [63:32] of CNTFRQ_EL0 are RES0. */
	return freq & 0xffffffffu;
}

#endif /* GUEST_ARCH_H */
