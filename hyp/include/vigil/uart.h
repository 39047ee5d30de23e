/* SPDX-License-Identifier: MIT */
/*
 * Console UART contract: each board names one driver in platform.mk
 * (DRIVERS), which implements these. Vigil finds the UART through the board
 * device tree's /chosen stdout-path.
 */
#ifndef VIGIL_UART_H
#define VIGIL_UART_H

#include <vigil/types.h>

/* The "compatible" string this driver handles, e.g. "arm,pl011". */
extern const char uart_driver_compatible[];

/* Prepares the UART at base for polled output. */
void uart_init(paddr_t base);

/* Writes one character, waiting while the transmit FIFO is full. */
void uart_putc(char c);

/* Reads one received character, or returns -1 if none is waiting. */
int uart_getc(void);

#endif /* VIGIL_UART_H */
