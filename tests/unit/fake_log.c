/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_log.h"
#include <vigil/format.h>
#include <vigil/log.h>

char fake_log_text[16384];
static size_t fake_log_len;

void fake_log_clear(void)
{
	fake_log_len = 0;
	fake_log_text[0] = '\0';
}

static void append(const char *s, size_t n)
{
	if (fake_log_len + n >= sizeof(fake_log_text))
		abort(); /* a test printing this much is itself broken */
	memcpy(fake_log_text + fake_log_len, s, n);
	fake_log_len += n;
	fake_log_text[fake_log_len] = '\0';
}

int fake_log_count(const char *needle)
{
	int n = 0;
	for (const char *p = fake_log_text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

void log_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = format_v(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	append(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void log_line(const char *prefix, const char *text, size_t n)
{
	append(prefix, strlen(prefix));
	append(text, n);
	append("\n", 1);
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

