/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "fake_arch.h"
#include <vigil/arch.h>
#include <vigil/uart.h>

unsigned int fake_kicks[64];
unsigned int fake_kick_count;

/* Kicks are recorded, not sent: the host has no other CPUs. */
void arch_cpu_kick(unsigned int cpu_index)
{
	if (fake_kick_count < 64)
		fake_kicks[fake_kick_count++] = cpu_index;
}

/* The host's caches are coherent: nothing to maintain. */
void arch_sync_guest_memory(void *base, uint64_t size)
{
	(void)base;
	(void)size;
}

void arch_dcache_discard_for_read(const void *base, uint64_t size)
{
	(void)base;
	(void)size;
}

/* A counter that moves 1 ms per read, at 1 MHz. */
static uint64_t ticks;

uint64_t arch_counter_ticks(void)
{
	return ticks += 1000;
}

uint64_t arch_counter_hz(void)
{
	return 1000000;
}

static char uart_text[256];
static size_t uart_pos, uart_len;

void fake_uart_input(const char *text)
{
	uart_len = strlen(text) < sizeof(uart_text) ? strlen(text) : sizeof(uart_text);
	memcpy(uart_text, text, uart_len);
	uart_pos = 0;
}

int uart_getc(void)
{
	return uart_pos < uart_len ? (unsigned char)uart_text[uart_pos++] : -1;
}
