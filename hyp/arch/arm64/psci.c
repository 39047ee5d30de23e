/* SPDX-License-Identifier: MIT */
/*
 * Calls into the board's PSCI firmware. Vigil owns EL2, so only the SMC
 * conduit can reach firmware; main.c refuses a board that says "hvc".
 */
#include "psci.h"

#include "arm64.h"

/* SMC Calling Convention (DEN0028): function ID in x0, args x1-x3, result x0. */
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return (int64_t)x0;
}
