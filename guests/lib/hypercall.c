/* SPDX-License-Identifier: MIT */
/* Hypercalls: HVC #VIGIL_HVC_IMM, number in x16, arguments in x0..x4. */
#include "vigil.h"

#define STR(x) STR_(x)
#define STR_(x) #x

/*
 * Vigil preserves every register but x0, and x1 when it reports the size
 * an output buffer needs (-VIGIL_ENOSPC). "memory": Vigil reads and writes
 * guest buffers, so pending stores must be done before the call and nothing
 * cached across it.
 */
long vigil_hypercall_x1(unsigned long nr, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4,
			unsigned long *x1_out)
{
	register unsigned long x16 __asm__("x16") = nr;
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;
	register unsigned long x4 __asm__("x4") = a4;

	__asm__ volatile("hvc #" STR(VIGIL_HVC_IMM)
			 : "+r"(x0), "+r"(x1)
			 : "r"(x16), "r"(x2), "r"(x3), "r"(x4)
			 : "memory");
	if (x1_out)
		*x1_out = x1;
	return (long)x0;
}

long vigil_hypercall(unsigned long nr, unsigned long a0, unsigned long a1,
		     unsigned long a2, unsigned long a3, unsigned long a4)
{
	return vigil_hypercall_x1(nr, a0, a1, a2, a3, a4, NULL);
}

long vigil_version(void)
{
	return vigil_hypercall(VIGIL_HC_VERSION, 0, 0, 0, 0, 0);
}

long vigil_console_write(const void *buf, unsigned long len)
{
	return vigil_hypercall(VIGIL_HC_CONSOLE_WRITE, (uintptr_t)buf, len, 0,
			       0, 0);
}

_Noreturn void vigil_halt(void)
{
	vigil_hypercall(VIGIL_HC_HALT, 0, 0, 0, 0, 0);
	/* Not reached unless Vigil refuses the halt; stay here quietly. */
	for (;;)
		__asm__ volatile("wfe");
}
