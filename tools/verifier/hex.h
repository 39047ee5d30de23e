/* SPDX-License-Identifier: MIT */
/* Hexadecimal text to bytes and back (nonces, digests in reports). */
#ifndef VERIFIER_HEX_H
#define VERIFIER_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of one hex digit (either case), or -1. */
int hex_value(char c);

/*
 * Decodes exactly text_len characters of hex (either case, no separators,
 * an even count) into out, at most max bytes. Returns false otherwise.
 */
bool hex_decode(const char *text, size_t text_len, uint8_t *out, size_t max,
		size_t *out_len);

/* Writes 2 * len lower-case hex digits and a NUL into out (size > 2 * len,
 * else truncated at a whole byte). Returns out, for use in printf. */
char *hex_encode(const uint8_t *bytes, size_t len, char *out, size_t size);

#endif /* VERIFIER_HEX_H */
