/* SPDX-License-Identifier: MIT */
/*
 * The partition-config parser's error messages: each one is formatted with
 * the partition and property it concerns, passed to the caller's report
 * function, and counted; and node names are made safe to print in them.
 */
#include <stdarg.h>
#include <vigil/format.h>
#include <vigil/string.h>

#include "config_internal.h"

#define CONFIG_MESSAGE_MAX 256

/*
 * Reports "config: partition '<name>': <what>: <message>", or
 * "config: /: <what>: <message>" if ps is NULL; what may be NULL.
 */
void config_error(struct config_parser *p, const struct part_state *ps,
		  const char *what, const char *fmt, ...)
{
	char msg[CONFIG_MESSAGE_MAX];
	int n;
	if (ps)
		n = format(msg, sizeof(msg), "config: partition '%s': ",
			   ps->shown);
	else
		n = format(msg, sizeof(msg), "config: /: ");
	if (what && n >= 0 && (size_t)n < sizeof(msg))
		n += format(msg + n, sizeof(msg) - (size_t)n, "%s: ", what);
	if (n >= 0 && (size_t)n < sizeof(msg)) {
		va_list ap;
		va_start(ap, fmt);
		format_v(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	p->report(p->ctx, msg);
	p->errors++;
}

/*
 * Copies name[0, len) into dst for a message: bytes other than printable
 * ASCII become '?' (a damaged config must not break or forge log lines),
 * and a name too long for dst ends in "...".
 */
void config_printable(char *dst, size_t size, const char *name, int len)
{
	size_t n = 0;
	for (; n + 1 < size && (int)n < len; n++) {
		char c = name[n];
		dst[n] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	dst[n] = '\0';
	if ((int)n < len && n >= 3)
		memcpy(dst + n - 3, "...", 3);
}
