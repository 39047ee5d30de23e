/* SPDX-License-Identifier: MIT */
/*
 * isolation-probe: reads one address outside its own memory. Vigil maps
 * nothing there, so it must stop this partition at the read; if the read
 * returns, isolation is broken and the probe says so.
 *
 * Built once per target (mk/guests.mk): PROBE_TARGET is the address read,
 * PROBE_WHAT names what lives there on the host.
 */
#include "vigil.h"

#if !defined(PROBE_TARGET) || !defined(PROBE_WHAT)
#error "PROBE_TARGET and PROBE_WHAT must be defined"
#endif

int main(void)
{
	uintptr_t target = (uintptr_t)PROBE_TARGET;

	guest_printf("reading %s at 0x%lx\n", PROBE_WHAT, (unsigned long)target);

	/* One aligned 64-bit load, not merged or dropped by the compiler. */
	uint64_t value = *(volatile const uint64_t *)target;

	guest_printf("read 0x%lx = 0x%lx: isolation broken\n",
		     (unsigned long)target, (unsigned long)value);
	vigil_halt();
}
