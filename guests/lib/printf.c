/* SPDX-License-Identifier: MIT */
/*
 * A small printf. Characters collect in a line buffer that goes to Vigil in
 * one console write per line: Vigil prefixes each line it prints with the
 * partition's name, so a line should not be split needlessly. No
 * interrupts, so one buffer per vCPU is enough.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vigil.h"

static struct {
	char text[VIGIL_CONSOLE_WRITE_MAX];
	size_t len;
} lines[GUEST_MAX_VCPUS];

void guest_flush(void)
{
	unsigned int me = guest_vcpu_index();
	if (lines[me].len > 0)
		vigil_console_write(lines[me].text, lines[me].len);
	lines[me].len = 0;
}

/* The '\n' is sent too: it is what ends the line on Vigil's side. */
static void put(char c)
{
	unsigned int me = guest_vcpu_index();
	lines[me].text[lines[me].len++] = c;
	if (c == '\n' || lines[me].len == sizeof(lines[me].text))
		guest_flush();
}

/* The format of one conversion: width and flags. */
struct field {
	int width;
	char pad;  /* ' ', or '0' (flag '0') */
	bool left; /* flag '-': pad on the right */
};

/*
 * Prints len characters of s padded to the field's width and returns the
 * number printed. The first prefix_len characters (a sign or "0x") stay in
 * front of zero padding: "%05d" of -42 is "-0042".
 */
static int put_field(const char *s, int len, int prefix_len, struct field f)
{
	int pads = f.width > len ? f.width - len : 0;
	int i = 0;

	if (!f.left && f.pad == '0')
		for (; i < prefix_len; i++)
			put(s[i]);
	for (int p = 0; !f.left && p < pads; p++)
		put(f.pad);
	for (; i < len; i++)
		put(s[i]);
	for (int p = 0; f.left && p < pads; p++)
		put(' ');
	return len + pads;
}

/* prefix: "", "-" or "0x", put before the digits. */
static int put_num(unsigned long long v, unsigned int base, bool upper,
		   const char *prefix, struct field f)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* a prefix and 2^64 - 1's 20 decimal digits */
	int i = sizeof(buf);
	int prefix_len = 0;

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v != 0);
	while (prefix[prefix_len] != '\0')
		prefix_len++;
	i -= prefix_len;
	for (int k = 0; k < prefix_len; k++)
		buf[i + k] = prefix[k];
	return put_field(buf + i, (int)sizeof(buf) - i, prefix_len, f);
}

int guest_vprintf(const char *fmt, va_list ap)
{
	int count = 0;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			put(*fmt);
			count++;
			continue;
		}
		fmt++;

		struct field f = { .width = 0, .pad = ' ', .left = false };
		int longs = 0; /* 0: int, 1: long (or size_t), 2: long long */

		for (;; fmt++) {
			if (*fmt == '0')
				f.pad = '0';
			else if (*fmt == '-')
				f.left = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			f.width = f.width * 10 + (*fmt++ - '0');
		if (*fmt == 'z') {
			longs = 1;
			fmt++;
		}
		while (*fmt == 'l' && longs < 2) {
			longs++;
			fmt++;
		}

		unsigned long long u;
		long long s;
		char c;

		switch (*fmt) {
		case 'd':
		case 'i':
			s = longs == 2 ? va_arg(ap, long long)
			    : longs == 1 ? va_arg(ap, long)
					 : va_arg(ap, int);
			/* Negate as unsigned: -LLONG_MIN does not fit in s. */
			u = s < 0 ? 0ULL - (unsigned long long)s
				  : (unsigned long long)s;
			count += put_num(u, 10, false, s < 0 ? "-" : "", f);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = longs == 2 ? va_arg(ap, unsigned long long)
			    : longs == 1 ? va_arg(ap, unsigned long)
					 : va_arg(ap, unsigned int);
			count += put_num(u, *fmt == 'u' ? 10 : 16, *fmt == 'X',
					 "", f);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			count += put_num(u, 16, false, "0x", f);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;

			if (str == NULL)
				str = "(null)";
			while (str[len] != '\0')
				len++;
			f.pad = ' ';
			count += put_field(str, len, 0, f);
			break;
		}
		case 'c':
			c = (char)va_arg(ap, int);
			f.pad = ' ';
			count += put_field(&c, 1, 0, f);
			break;
		case '%':
			put('%');
			count++;
			break;
		case '\0': /* a lone '%' ends the format */
			return count;
		default: /* unknown: print it as written */
			put('%');
			put(*fmt);
			count += 2;
			break;
		}
	}
	return count;
}

int guest_printf(const char *fmt, ...)
{
	va_list ap;
	int count;

	va_start(ap, fmt);
	count = guest_vprintf(fmt, ap);
	va_end(ap);
	return count;
}
