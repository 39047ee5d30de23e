/* SPDX-License-Identifier: MIT */
/*
 * 16550-compatible UART (PC COM ports) in I/O space, for polled output.
 * Register offsets and bits from the National Semiconductor PC16550D data
 * sheet, "Register Summary": THR/RBR at 0, IER at 1, LSR at 5. base.pa is
 * the first I/O port (COM1: 0x3f8). The firmware has already set the line
 * (UEFI's serial console: 115200 8N1); Vigil only masks the UART's
 * interrupts and polls.
 */
#include <vigil/uart.h>

#include "x86.h"

#define UART_THR 0 /* transmit holding register (write) */
#define UART_RBR 0 /* receive buffer register (read) */
#define UART_IER 1 /* interrupt enable */
#define UART_LSR 5 /* line status */
#define UART_LSR_DR (1u << 0)   /* data ready */
#define UART_LSR_THRE (1u << 5) /* transmit holding register empty */

const char uart_driver_compatible[] = "ns16550a";

static uint16_t uart_port;

void uart_init(paddr_t base)
{
	uart_port = (uint16_t)base.pa;
	if (uart_port)
		x86_outb((uint16_t)(uart_port + UART_IER), 0);
}

void uart_putc(char c)
{
	if (!uart_port)
		return;
	while (!(x86_inb((uint16_t)(uart_port + UART_LSR)) & UART_LSR_THRE))
		;
	x86_outb((uint16_t)(uart_port + UART_THR), (uint8_t)c);
}

int uart_getc(void)
{
	if (!uart_port ||
	    !(x86_inb((uint16_t)(uart_port + UART_LSR)) & UART_LSR_DR))
		return -1;
	return x86_inb((uint16_t)(uart_port + UART_RBR));
}
