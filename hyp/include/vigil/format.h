/* SPDX-License-Identifier: MIT */
/*
 * A small freestanding formatter with snprintf semantics, used by the log
 * and given to mbedTLS as its snprintf.
 *
 * Conversions: %d %i %u %x %X %c %s %p %% with the flags '-', '0' and '#', a
 * field width, a precision for %s (also as .*), and the length modifiers
 * l, ll and z. Anything else is copied through as written.
 */
#ifndef VIGIL_FORMAT_H
#define VIGIL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Writes at most size - 1 characters and a terminating NUL (nothing if size is
 * 0). Returns the length the whole output would have had.
 */
int format_v(char *buf, size_t size, const char *fmt, va_list ap);
int format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* VIGIL_FORMAT_H */
