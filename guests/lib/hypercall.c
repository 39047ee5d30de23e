/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls: the instruction and its registers are the architecture's
 * (arch/$(ARCH)/arch.h, the convention in include/vigil/hypercall.h); the
 * wrappers are the same everywhere.
 */
#include "vigil.h"

#include "arch.h"

long vigil_hypercall_x1(unsigned long nr, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4,
			unsigned long *x1_out)
{
	return arch_hypercall(nr, a0, a1, a2, a3, a4, x1_out);
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
		arch_idle();
}
