/* SPDX-License-Identifier: MIT */
/*
 * Vigil's console log. Each call prints whole lines under the console lock,
 * so messages from different CPUs never interleave mid-line.
 */
#ifndef VIGIL_LOG_H
#define VIGIL_LOG_H

#include <stdarg.h>
#include <stddef.h>

/* Formats and prints one message (format.h conversions). */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints prefix, then the n bytes of text, then a newline, as one unit. */
void log_line(const char *prefix, const char *text, size_t n);

/*
 * For Vigil's own broken invariants only, never for guest input: prints
 * "vigil: PANIC: ..." and stops every CPU that reaches it.
 */
_Noreturn void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif /* VIGIL_LOG_H */
