/* SPDX-License-Identifier: MIT */
/*
 * Bounded reading of untrusted bytes: every read checks what is left first,
 * so a truncated or lying length field ends the parse instead of reading
 * past the buffer. Big-endian reads are for TPM 2.0 structures (Part 1,
 * 9.2 "Endianness"), little-endian ones for the TCG PC Client event log and
 * tpm2_quote's host-endian PCR file, DER TLVs for X.509 extensions.
 */
#ifndef VERIFIER_READER_H
#define VERIFIER_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reader {
	const uint8_t *p;
	size_t len;
	size_t off;
};

static inline void reader_init(struct reader *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

static inline size_t reader_left(const struct reader *r)
{
	return r->len - r->off;
}

/* Each returns false, consuming nothing, if fewer bytes are left. */
bool read_bytes(struct reader *r, size_t n, const uint8_t **out);
bool read_u8(struct reader *r, uint8_t *v);
bool read_be16(struct reader *r, uint16_t *v);
bool read_be32(struct reader *r, uint32_t *v);
bool read_be64(struct reader *r, uint64_t *v);
bool read_le16(struct reader *r, uint16_t *v);
bool read_le32(struct reader *r, uint32_t *v);

/*
 * One DER TLV (X.690 8.1): a one-byte tag (tag numbers up to 30, all that
 * X.509 and TcbInfo use), a definite length in the shortest form, at most
 * four length bytes. Returns false, consuming nothing, on anything else
 * or on truncation.
 */
bool read_der(struct reader *r, uint8_t *tag, const uint8_t **content,
	      size_t *len);

#endif /* VERIFIER_READER_H */
