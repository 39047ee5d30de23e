/* SPDX-License-Identifier: MIT */
/* QEMU's q35 machine: the console is COM1, which -nographic puts on stdio
 * and which OVMF also uses for its own console. */
#include "x86_plat.h"

#define COM1_PORT 0x3f8 /* the PC's first serial port */

paddr_t plat_console_uart(void)
{
	return pa_init(COM1_PORT);
}
