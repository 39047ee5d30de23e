/* SPDX-License-Identifier: MIT */
/*
 * A small, strict JSON reader (RFC 8259) for the verifier's reference
 * values: the whole text becomes a flat array of tokens in document order,
 * with every string decoded (escapes resolved, NUL-terminated) into the
 * document's own buffer. Bounded in every way: the text's size, the number
 * of tokens, the nesting depth (JSON_DEPTH_MAX, all the reference-value
 * format needs), a number's length. No recursion.
 *
 * Strict: the top level is one object; no duplicate keys in an object; no
 * trailing commas, comments, leading zeros, control characters in strings,
 * invalid UTF-8, lone surrogates, or \u0000 (strings are C strings); and
 * nothing after the value but white space.
 */
#ifndef VERIFIER_JSON_H
#define VERIFIER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_TEXT_MAX (64u << 10) /* bytes of JSON text */
#define JSON_TOKENS_MAX 1024
#define JSON_DEPTH_MAX 4          /* objects and arrays inside each other */
#define JSON_NUMBER_MAX 32        /* characters of one number */

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
	JSON_OBJECT,
};

/*
 * One value. An object's members follow it as key, value, key, value
 * (each key a JSON_STRING token); an array's elements follow it in order.
 * end is the index just past the token's subtree: the next sibling.
 */
struct json_token {
	enum json_type type;
	uint32_t end;
	uint32_t count; /* object: members; array: elements */
	uint32_t str;   /* string or number: offset of its text in strings */
	uint32_t len;   /* and its length, without the NUL */
};

struct json_doc {
	size_t count;
	struct json_token tok[JSON_TOKENS_MAX];
	size_t strings_used;
	char strings[JSON_TEXT_MAX];
};

/*
 * Parses len bytes of text (no NUL needed) into doc. Returns false with
 * the byte offset and reason in err if the text is not one JSON object
 * within the bounds above.
 */
bool json_parse(const char *text, size_t len, struct json_doc *doc, char *err,
		size_t err_size);

/* The text of a string or number token (NUL-terminated). */
const char *json_str(const struct json_doc *doc, uint32_t tok);

/* The value of key in the object at obj, or 0 (never a value's index: 0 is
 * the top-level object) if it has none. */
uint32_t json_get(const struct json_doc *doc, uint32_t obj, const char *key);

/* The first element of an array (or key of an object) and the next one:
 * for (i = json_first(d, a); i < d->tok[a].end; i = json_next(d, i)). */
uint32_t json_first(const struct json_doc *doc, uint32_t container);
uint32_t json_next(const struct json_doc *doc, uint32_t tok);

#endif /* VERIFIER_JSON_H */
