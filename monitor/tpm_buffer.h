/* SPDX-License-Identifier: MIT */
/*
 * Bounds-checked byte writer and reader for the TPM 2.0 structures
 * (big-endian, as TPM 2.0 Library Part 2 marshals every integer)
 * and the TCG event log (little-endian, PC Client PFP 10.2). Internal to
 * monitor/tpm_marshal.c and monitor/event_log.c.
 *
 * The writer never writes past its buffer but keeps counting, so one pass
 * both marshals and, when the buffer is too small, tells how many bytes
 * would have been needed. The reader never reads past its input: a read
 * that does not fit marks the reader bad and returns zeros, so a parser
 * checks once, at the end of a record, instead of before every field.
 */
#ifndef VIGIL_MONITOR_TPM_BUFFER_H
#define VIGIL_MONITOR_TPM_BUFFER_H

#include <stddef.h>
#include <stdint.h>

struct tbuf {
	uint8_t *data; /* may be NULL when size is 0 */
	size_t size;
	size_t len;    /* bytes written, or that would have been */
};

void tbuf_init(struct tbuf *b, uint8_t *data, size_t size);
void tbuf_put(struct tbuf *b, const void *src, size_t n);
void tbuf_put_u8(struct tbuf *b, uint8_t v);
void tbuf_put_be16(struct tbuf *b, uint16_t v);
void tbuf_put_be32(struct tbuf *b, uint32_t v);
void tbuf_put_be64(struct tbuf *b, uint64_t v);
void tbuf_put_le16(struct tbuf *b, uint16_t v);
void tbuf_put_le32(struct tbuf *b, uint32_t v);
/* A TPM2B: big-endian u16 size, then the n bytes. */
void tbuf_put_tpm2b(struct tbuf *b, const void *src, uint16_t n);
/* The length written as a non-negative int, or -VIGIL_ENOSPC with *needed
 * (if not NULL) set to the length the buffer would have needed. */
int tbuf_finish(const struct tbuf *b, size_t *needed);

struct tread {
	const uint8_t *data;
	size_t len;
	size_t off;
	int bad; /* a read went past the end */
};

void tread_init(struct tread *r, const uint8_t *data, size_t len);
/* The next n bytes, or NULL (and the reader bad) if fewer remain. */
const uint8_t *tread_take(struct tread *r, size_t n);
uint8_t tread_u8(struct tread *r);
uint16_t tread_le16(struct tread *r);
uint32_t tread_le32(struct tread *r);

#endif /* VIGIL_MONITOR_TPM_BUFFER_H */
