/* SPDX-License-Identifier: MIT */
/* Host stand-ins for the architecture and the UART, for unit tests. */
#ifndef VIGIL_TEST_FAKE_ARCH_H
#define VIGIL_TEST_FAKE_ARCH_H

/* CPUs arch_cpu_kick was called for, in order. */
extern unsigned int fake_kicks[64];
extern unsigned int fake_kick_count;

/* What uart_getc returns next, then -1. */
void fake_uart_input(const char *text);

#endif
