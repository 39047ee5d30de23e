/* SPDX-License-Identifier: MIT */
/* Reference digests; see refs.h. */
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "refs.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* [*p, end) without leading and trailing blanks. */
static void trim(const char **p, const char **end)
{
	while (*p < *end && is_blank(**p))
		(*p)++;
	while (*end > *p && is_blank((*end)[-1]))
		(*end)--;
}

/* The next blank-separated word of [*p, end), advancing *p past it. */
static size_t next_word(const char **p, const char *end, const char **word)
{
	trim(p, &end);
	*word = *p;
	while (*p < end && !is_blank(**p))
		(*p)++;
	return (size_t)(*p - *word);
}

static const char *parse_kind(const char *w, size_t n, enum ref_kind *kind)
{
	if (n == 5 && memcmp(w, "vigil", 5) == 0)
		*kind = REF_VIGIL;
	else if (n == 9 && memcmp(w, "partition", 9) == 0)
		*kind = REF_PARTITION;
	else
		return "kind is neither vigil nor partition";
	return NULL;
}

/* One non-blank, non-comment line. */
static const char *parse_line(const char *p, const char *end, struct ref *ref)
{
	const char *word;
	size_t n = next_word(&p, end, &word), digest_len;
	if (!hex_decode(word, n, ref->digest, VIGIL_DIGEST_SIZE, &digest_len) ||
	    digest_len != VIGIL_DIGEST_SIZE)
		return "does not start with 64 hex digits";
	n = next_word(&p, end, &word);
	const char *why = parse_kind(word, n, &ref->kind);
	if (why)
		return why;
	trim(&p, &end);
	n = (size_t)(end - p);
	if (n == 0)
		return "has no name";
	if (n >= REFS_NAME_MAX || memchr(p, '\0', n))
		return "name is over 63 bytes or holds a NUL";
	memcpy(ref->name, p, n);
	ref->name[n] = '\0';
	return NULL;
}

static bool fail(char *err, size_t err_size, size_t line, const char *why)
{
	snprintf(err, err_size, "line %zu: %s", line, why);
	return false;
}

bool refs_parse(const char *text, size_t len, struct refs *out, char *err,
		size_t err_size)
{
	const char *p = text, *end = text + len;
	out->count = 0;
	for (size_t line = 1; p < end; line++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end, *stop = eol ? eol : end;
		trim(&p, &stop);
		if (p < stop && *p != '#') {
			if (out->count == REFS_MAX)
				return fail(err, err_size, line,
					    "more than 256 digests");
			const char *why = parse_line(p, stop, &out->item[out->count]);
			if (why)
				return fail(err, err_size, line, why);
			out->count++;
		}
		p = next;
	}
	return true;
}

const struct ref *refs_find(const struct refs *refs, enum ref_kind kind,
			    const uint8_t digest[VIGIL_DIGEST_SIZE])
{
	for (size_t i = 0; refs && i < refs->count; i++)
		if (refs->item[i].kind == kind &&
		    memcmp(refs->item[i].digest, digest, VIGIL_DIGEST_SIZE) == 0)
			return &refs->item[i];
	return NULL;
}
