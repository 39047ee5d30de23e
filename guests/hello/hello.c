/* SPDX-License-Identifier: MIT */
/*
 * hello: checks that Vigil refuses bad hypercalls with the documented
 * errors, then prints a tick about once a second, forever. It shows the
 * partition keeps running while its neighbour misbehaves.
 */
#include "vigil.h"

/* An unassigned hypercall number. */
#define HC_UNKNOWN 0x7fff

/* Guest-physical address well below this partition's memory. */
#define OUTSIDE_ADDR 0x1000

static char too_long[VIGIL_CONSOLE_WRITE_MAX + 1];

int main(void)
{
	uintptr_t mem_end = (uintptr_t)GUEST_BASE + GUEST_MEM_SIZE;

	/*
	 * Printable contents, so that if Vigil wrongly accepted the write the
	 * line it printed would be visible.
	 */
	for (unsigned int i = 0; i < sizeof(too_long); i++)
		too_long[i] = '.';
	too_long[sizeof(too_long) - 1] = '\n';

	long version = vigil_version();
	long unknown = vigil_hypercall(HC_UNKNOWN, 0, 0, 0, 0, 0);
	long outside = vigil_console_write((const void *)OUTSIDE_ADDR, 8);
	/* Starts inside the last 8 bytes of memory and runs past the end. */
	long straddling = vigil_console_write((const void *)(mem_end - 8), 16);
	long too_long_result = vigil_console_write(too_long, sizeof(too_long));

	guest_printf("hypercall checks: version 0x%08x unknown %ld outside %ld "
		     "straddling %ld too-long %ld\n",
		     (unsigned int)version, unknown, outside, straddling,
		     too_long_result);

	for (unsigned long n = 1;; n++) {
		guest_printf("tick %lu\n", n);
		delay_ms(1000);
	}
}
