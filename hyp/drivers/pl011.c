/* SPDX-License-Identifier: MIT */
/*
 * Arm PrimeCell UART (PL011) for polled output. Register offsets from the
 * PL011 Technical Reference Manual (DDI 0183), section 3.2. The boot loader
 * or firmware has already set the baud rate; Vigil polls, with no
 * interrupts.
 */
#include <vigil/uart.h>

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTFR_RXFE (1u << 4) /* receive FIFO empty */
#define UARTFR_TXFF (1u << 5) /* transmit FIFO full */

const char uart_driver_compatible[] = "arm,pl011";

static volatile uint32_t *pl011_base;

static inline volatile uint32_t *reg(uint32_t offset)
{
	return pl011_base + offset / 4;
}

void uart_init(paddr_t base)
{
	pl011_base = pa_ptr(base);
}

void uart_putc(char c)
{
	if (!pl011_base)
		return;
	while (*reg(UARTFR) & UARTFR_TXFF)
		;
	*reg(UARTDR) = (uint8_t)c;
}

int uart_getc(void)
{
	if (!pl011_base || (*reg(UARTFR) & UARTFR_RXFE))
		return -1;
	return (int)(*reg(UARTDR) & 0xff); /* bits 11:8 are error flags */
}
