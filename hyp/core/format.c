/* SPDX-License-Identifier: MIT */
#include <vigil/format.h>

#include <stdbool.h>
#include <stdint.h>

struct sink {
	char *buf;
	size_t size;
	size_t len; /* characters the full output needs, written or not */
};

static void sink_put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void sink_pad(struct sink *s, char c, int count)
{
	while (count-- > 0)
		sink_put(s, c);
}

struct spec {
	bool left;
	bool zero;
	bool alternate; /* '#': 0x before non-zero hexadecimal */
	int width;
	int precision; /* -1: none */
	int length;    /* 0: int, 1: long, 2: long long, 3: size_t */
};

static void put_string(struct sink *s, const struct spec *sp, const char *str)
{
	if (!str)
		str = "(null)";
	int n = 0;
	while (str[n] && (sp->precision < 0 || n < sp->precision))
		n++;
	if (!sp->left)
		sink_pad(s, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		sink_put(s, str[i]);
	if (sp->left)
		sink_pad(s, ' ', sp->width - n);
}

static void put_number(struct sink *s, const struct spec *sp, uint64_t mag,
		       bool negative, unsigned base, bool upper,
		       const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[mag % base];
		mag /= base;
	} while (mag);

	int prefix_len = negative ? 1 : 0;
	for (const char *p = prefix; p && *p; p++)
		prefix_len++;
	int pad = sp->width - n - prefix_len;

	if (!sp->left && !sp->zero)
		sink_pad(s, ' ', pad);
	if (negative)
		sink_put(s, '-');
	for (const char *p = prefix; p && *p; p++)
		sink_put(s, *p);
	if (!sp->left && sp->zero)
		sink_pad(s, '0', pad);
	while (n)
		sink_put(s, tmp[--n]);
	if (sp->left)
		sink_pad(s, ' ', pad);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '#')
			sp->alternate = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	if (*f == 'z') {
		sp->length = 3;
		f++;
	}
	while (*f == 'l' && sp->length < 2) {
		sp->length++;
		f++;
	}
	return f;
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, long long);
	}
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

int format_v(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct sink s = { buf, size, 0 };
	va_list ap;
	va_copy(ap, ap_in);

	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			sink_put(&s, *f);
			continue;
		}
		const char *start = f;
		struct spec sp;
		f = parse_spec(f + 1, &sp, &ap);
		switch (*f) {
		case 'd':
		case 'i': {
			int64_t v = arg_signed(&sp, &ap);
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			put_number(&s, &sp, mag, v < 0, 10, false, NULL);
			break;
		}
		case 'u':
			put_number(&s, &sp, arg_unsigned(&sp, &ap), false, 10,
				   false, NULL);
			break;
		case 'x':
		case 'X': {
			uint64_t v = arg_unsigned(&sp, &ap);
			const char *prefix = NULL;
			if (sp.alternate && v)
				prefix = *f == 'X' ? "0X" : "0x";
			put_number(&s, &sp, v, false, 16, *f == 'X', prefix);
			break;
		}
		case 'p':
			put_number(&s, &sp, (uintptr_t)va_arg(ap, void *),
				   false, 16, false, "0x");
			break;
		case 'c':
			sp.precision = 1;
			put_string(&s, &sp, (char[]){ (char)va_arg(ap, int), 0 });
			break;
		case 's':
			put_string(&s, &sp, va_arg(ap, const char *));
			break;
		case '%':
			sink_put(&s, '%');
			break;
		default: /* unknown: copy the directive through */
			for (const char *p = start; p <= f && *p; p++)
				sink_put(&s, *p);
			if (!*f)
				f--;
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_v(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
