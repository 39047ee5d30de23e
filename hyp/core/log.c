/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/format.h>
#include <vigil/log.h>
#include <vigil/spinlock.h>
#include <vigil/string.h>
#include <vigil/uart.h>

static struct spinlock console_lock;

static void put_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static void log_v(const char *fmt, va_list ap)
{
	char buf[512];
	int n = format_v(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
	spin_lock(&console_lock);
	put_text(buf, len);
	spin_unlock(&console_lock);
}

void log_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(fmt, ap);
	va_end(ap);
}

void log_line(const char *prefix, const char *text, size_t n)
{
	spin_lock(&console_lock);
	put_text(prefix, strlen(prefix));
	put_text(text, n);
	put_text("\n", 1);
	spin_unlock(&console_lock);
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;
	log_printf("vigil: PANIC on CPU %u: ", arch_cpu_index());
	va_start(ap, fmt);
	log_v(fmt, ap);
	va_end(ap);
	log_printf("\n");
	arch_cpu_park();
}
