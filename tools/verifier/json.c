/* SPDX-License-Identifier: MIT */
/* The strict JSON reader; see json.h. */
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "json.h"

struct parser {
	const char *s;
	size_t len, pos;
	struct json_doc *d;
	uint32_t stack[JSON_DEPTH_MAX]; /* the open objects and arrays */
	size_t depth;
	bool overflow; /* the strings buffer was too small: cannot happen */
	const char *why; /* set on failure */
};

static bool fail(struct parser *p, const char *why)
{
	p->why = why;
	return false;
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

/* The next byte, or -1 at the end of the text. */
static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static struct json_token *new_token(struct parser *p, enum json_type type)
{
	if (p->d->count == JSON_TOKENS_MAX) {
		fail(p, "more than 1024 values");
		return NULL;
	}
	struct json_token *t = &p->d->tok[p->d->count++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->end = (uint32_t)p->d->count;
	return t;
}

/* Appends bytes to the strings buffer, which is as large as the text can
 * be and never holds more than the text: no escape decodes longer than it
 * is written, a string's quotes make room for its NUL, and the ',' or
 * bracket that must follow a number for its. */
static void put(struct parser *p, const void *bytes, size_t n)
{
	if (n > sizeof(p->d->strings) - p->d->strings_used) {
		p->overflow = true;
		return;
	}
	memcpy(p->d->strings + p->d->strings_used, bytes, n);
	p->d->strings_used += n;
}

/* Four hex digits after "\u"; -1 if they are not there. */
static long read_u16(struct parser *p)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int d = p->pos < p->len ? hex_value(p->s[p->pos]) : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
		p->pos++;
	}
	return v;
}

/* Writes code point cp (<= 0x10ffff, not a surrogate) as UTF-8. */
static void put_utf8(struct parser *p, unsigned long cp)
{
	uint8_t b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xc0 | cp >> 6);
		b[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xe0 | cp >> 12);
		b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xf0 | cp >> 18);
		b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	put(p, b, n);
}

/* After the backslash of "\u": one code point, a surrogate pair whole. */
static bool unicode_escape(struct parser *p)
{
	long hi = read_u16(p), lo;
	if (hi < 0)
		return fail(p, "\\u is not followed by four hex digits");
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(p, "a lone low surrogate");
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (p->len - p->pos < 2 || p->s[p->pos] != '\\' ||
		    p->s[p->pos + 1] != 'u')
			return fail(p, "a high surrogate without its low one");
		p->pos += 2;
		lo = read_u16(p);
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(p, "a high surrogate without its low one");
		put_utf8(p, 0x10000 + ((unsigned long)(hi - 0xd800) << 10) +
				    (unsigned long)(lo - 0xdc00));
		return true;
	}
	if (hi == 0)
		return fail(p, "\\u0000 in a string");
	put_utf8(p, (unsigned long)hi);
	return true;
}

static bool escape(struct parser *p)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	int c = peek(p);
	if (c < 0)
		return fail(p, "the text ends in a string");
	p->pos++;
	if (c == 'u')
		return unicode_escape(p);
	const char *at = c ? strchr(from, c) : NULL;
	if (!at)
		return fail(p, "an unknown escape in a string");
	put(p, &to[at - from], 1);
	return true;
}

/* One UTF-8 sequence starting with lead (>= 0x80), copied; Unicode's
 * well-formed sequences only (no overlong forms, surrogates, > U+10FFFF). */
static bool utf8(struct parser *p, int lead)
{
	size_t n;
	int lo = 0x80, hi = 0xbf;
	if (lead >= 0xc2 && lead <= 0xdf)
		n = 1;
	else if (lead >= 0xe0 && lead <= 0xef)
		n = 2;
	else if (lead >= 0xf0 && lead <= 0xf4)
		n = 3;
	else
		return fail(p, "invalid UTF-8 in a string");
	if (lead == 0xe0)
		lo = 0xa0;
	else if (lead == 0xed)
		hi = 0x9f;
	else if (lead == 0xf0)
		lo = 0x90;
	else if (lead == 0xf4)
		hi = 0x8f;
	if (p->len - p->pos < n + 1)
		return fail(p, "the text ends in a string");
	for (size_t i = 1; i <= n; i++) {
		int c = (unsigned char)p->s[p->pos + i];
		if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xbf))
			return fail(p, "invalid UTF-8 in a string");
	}
	put(p, p->s + p->pos, n + 1);
	p->pos += n + 1;
	return true;
}

/* A string at pos (its opening quote), decoded into the strings buffer. */
static bool string(struct parser *p, struct json_token *t)
{
	p->pos++;
	t->str = (uint32_t)p->d->strings_used;
	for (;;) {
		int c = peek(p);
		if (c < 0)
			return fail(p, "the text ends in a string");
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(p, "a control character in a string");
		if (c == '\\') {
			p->pos++;
			if (!escape(p))
				return false;
		} else if (c >= 0x80) {
			if (!utf8(p, c))
				return false;
		} else {
			put(p, p->s + p->pos, 1);
			p->pos++;
		}
	}
	p->pos++;
	t->len = (uint32_t)(p->d->strings_used - t->str);
	put(p, "", 1);
	return true;
}

static size_t digits(struct parser *p)
{
	size_t n = 0;
	while (peek(p) >= '0' && peek(p) <= '9') {
		p->pos++;
		n++;
	}
	return n;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as text. */
static bool number(struct parser *p, struct json_token *t)
{
	size_t start = p->pos;
	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0')
		p->pos++;
	else if (!digits(p))
		return fail(p, "a malformed number");
	if (peek(p) == '.') {
		p->pos++;
		if (!digits(p))
			return fail(p, "a malformed number");
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!digits(p))
			return fail(p, "a malformed number");
	}
	if (peek(p) >= '0' && peek(p) <= '9')
		return fail(p, "a number with a leading zero");
	if (p->pos - start > JSON_NUMBER_MAX)
		return fail(p, "a number longer than 32 characters");
	t->str = (uint32_t)p->d->strings_used;
	t->len = (uint32_t)(p->pos - start);
	put(p, p->s + start, p->pos - start);
	put(p, "", 1);
	return true;
}

static bool literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	size_t left = p->len - p->pos;
	if (left < n && memcmp(p->s + p->pos, word, left) == 0)
		return fail(p, "the text ends in a literal");
	if (left < n || memcmp(p->s + p->pos, word, n) != 0)
		return fail(p, "an unexpected character");
	p->pos += n;
	return true;
}

/* A value at pos: a scalar whole, or the opening of an object or array.
 * Returns 1 for a scalar, 2 for an opening, 0 on failure. */
static int open_value(struct parser *p)
{
	skip_space(p);
	int c = peek(p);
	enum json_type type = c == '{' ? JSON_OBJECT : c == '[' ? JSON_ARRAY :
			      c == '"' ? JSON_STRING : c == 't' ? JSON_TRUE :
			      c == 'f' ? JSON_FALSE : c == 'n' ? JSON_NULL :
			      JSON_NUMBER;
	if (c < 0)
		return fail(p, "the text ends where a value should be");
	if (type == JSON_NUMBER && c != '-' && !(c >= '0' && c <= '9'))
		return fail(p, "an unexpected character");
	if (p->depth && p->d->tok[p->stack[p->depth - 1]].type == JSON_ARRAY)
		p->d->tok[p->stack[p->depth - 1]].count++;
	struct json_token *t = new_token(p, type);
	if (!t)
		return 0;
	switch (type) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (p->depth == JSON_DEPTH_MAX)
			return fail(p, "nested more than 4 deep");
		p->stack[p->depth++] = (uint32_t)(p->d->count - 1);
		p->pos++;
		return 2;
	case JSON_STRING:
		return string(p, t);
	case JSON_NUMBER:
		return number(p, t);
	default:
		return literal(p, type == JSON_TRUE ? "true" :
				  type == JSON_FALSE ? "false" : "null");
	}
}

/* In an object: a key that none before it has, then the colon. */
static bool member_key(struct parser *p)
{
	uint32_t obj = p->stack[p->depth - 1];
	skip_space(p);
	if (peek(p) != '"')
		return fail(p, peek(p) < 0 ? "the text ends in an object" :
					     "an object key is not a string");
	struct json_token *t = new_token(p, JSON_STRING);
	if (!t || !string(p, t))
		return false;
	uint32_t key = (uint32_t)(p->d->count - 1);
	for (uint32_t k = obj + 1; k < key; k = p->d->tok[k + 1].end)
		if (p->d->tok[k].len == t->len &&
		    memcmp(json_str(p->d, k), json_str(p->d, key), t->len) == 0)
			return fail(p, "a key that the object already has");
	p->d->tok[obj].count++;
	skip_space(p);
	if (peek(p) != ':')
		return fail(p, "an object key is not followed by ':'");
	p->pos++;
	return true;
}

static char closing(const struct parser *p)
{
	return p->d->tok[p->stack[p->depth - 1]].type == JSON_OBJECT ? '}' : ']';
}

static void close_top(struct parser *p)
{
	p->pos++;
	p->d->tok[p->stack[--p->depth]].end = (uint32_t)p->d->count;
}

/* After an opening: an empty container's close, or its first member. */
static int first_member(struct parser *p)
{
	skip_space(p);
	if (peek(p) == closing(p)) {
		close_top(p);
		return 1;
	}
	if (closing(p) == '}' && !member_key(p))
		return 0;
	return open_value(p);
}

/* After a value inside a container: a comma and the next member, or the
 * container's close. */
static int next_member(struct parser *p)
{
	skip_space(p);
	if (peek(p) == ',') {
		p->pos++;
		if (closing(p) == '}' && !member_key(p))
			return 0;
		return open_value(p);
	}
	if (peek(p) == closing(p)) {
		close_top(p);
		return 1;
	}
	return fail(p, peek(p) < 0 ? "the text ends inside an object or array" :
				     "expected ',' or the closing bracket");
}

static bool parse(struct parser *p)
{
	skip_space(p);
	if (peek(p) != '{')
		return fail(p, "the text is not a JSON object");
	int r = open_value(p);
	while (r && (r == 2 || p->depth))
		r = r == 2 ? first_member(p) : next_member(p);
	if (!r)
		return false;
	skip_space(p);
	if (p->overflow)
		return fail(p, "the strings do not fit");
	return p->pos == p->len || fail(p, "text after the object");
}

bool json_parse(const char *text, size_t len, struct json_doc *doc, char *err,
		size_t err_size)
{
	struct parser p = { .s = text, .len = len, .d = doc };
	doc->count = 0;
	doc->strings_used = 0;
	if (len > JSON_TEXT_MAX) {
		snprintf(err, err_size, "larger than %u bytes", JSON_TEXT_MAX);
		return false;
	}
	if (parse(&p))
		return true;
	snprintf(err, err_size, "offset %zu: %s", p.pos, p.why);
	doc->count = 0;
	return false;
}

const char *json_str(const struct json_doc *doc, uint32_t tok)
{
	return doc->strings + doc->tok[tok].str;
}

uint32_t json_get(const struct json_doc *doc, uint32_t obj, const char *key)
{
	size_t n = strlen(key);
	if (doc->tok[obj].type != JSON_OBJECT)
		return 0;
	for (uint32_t k = obj + 1; k < doc->tok[obj].end; k = doc->tok[k + 1].end)
		if (doc->tok[k].len == n && memcmp(json_str(doc, k), key, n) == 0)
			return k + 1;
	return 0;
}

uint32_t json_first(const struct json_doc *doc, uint32_t container)
{
	(void)doc;
	return container + 1;
}

uint32_t json_next(const struct json_doc *doc, uint32_t tok)
{
	return doc->tok[tok].end;
}
