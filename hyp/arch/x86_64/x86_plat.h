/* SPDX-License-Identifier: MIT */
/*
 * What the x86-64 port asks of a board (platform/<board>/), besides the
 * root of trust (plat_rot_provider, vigil/rot.h). A PC has no device tree
 * to name its console, so the board does.
 */
#ifndef VIGIL_X86_PLAT_H
#define VIGIL_X86_PLAT_H

#include <vigil/types.h>

/* The console UART's base for uart_init: an I/O port (COM1 is 0x3f8). */
paddr_t plat_console_uart(void);

#endif /* VIGIL_X86_PLAT_H */
