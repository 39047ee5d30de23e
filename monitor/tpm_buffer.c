/* SPDX-License-Identifier: MIT */
#include <vigil/hypercall.h>
#include <vigil/string.h>

#include "tpm_buffer.h"

void tbuf_init(struct tbuf *b, uint8_t *data, size_t size)
{
	b->data = data;
	b->size = data ? size : 0;
	b->len = 0;
}

/* Writes only what fits whole; once something did not fit, len > size and
 * nothing later is written either, so the buffer never holds a torn item. */
void tbuf_put(struct tbuf *b, const void *src, size_t n)
{
	if (b->len <= b->size && n <= b->size - b->len && n != 0)
		memcpy(b->data + b->len, src, n);
	b->len = n <= SIZE_MAX - b->len ? b->len + n : SIZE_MAX;
}

void tbuf_put_u8(struct tbuf *b, uint8_t v)
{
	tbuf_put(b, &v, 1);
}

void tbuf_put_be16(struct tbuf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	tbuf_put(b, x, sizeof(x));
}

void tbuf_put_be32(struct tbuf *b, uint32_t v)
{
	tbuf_put_be16(b, (uint16_t)(v >> 16));
	tbuf_put_be16(b, (uint16_t)v);
}

void tbuf_put_be64(struct tbuf *b, uint64_t v)
{
	tbuf_put_be32(b, (uint32_t)(v >> 32));
	tbuf_put_be32(b, (uint32_t)v);
}

void tbuf_put_le16(struct tbuf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	tbuf_put(b, x, sizeof(x));
}

void tbuf_put_le32(struct tbuf *b, uint32_t v)
{
	tbuf_put_le16(b, (uint16_t)v);
	tbuf_put_le16(b, (uint16_t)(v >> 16));
}

void tbuf_put_tpm2b(struct tbuf *b, const void *src, uint16_t n)
{
	tbuf_put_be16(b, n);
	tbuf_put(b, src, n);
}

int tbuf_finish(const struct tbuf *b, size_t *needed)
{
	if (b->len > b->size) {
		if (needed)
			*needed = b->len;
		return -VIGIL_ENOSPC;
	}
	return (int)b->len; /* every structure here is far below INT_MAX */
}

void tread_init(struct tread *r, const uint8_t *data, size_t len)
{
	r->data = data;
	r->len = data ? len : 0;
	r->off = 0;
	r->bad = 0;
}

const uint8_t *tread_take(struct tread *r, size_t n)
{
	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		return NULL;
	}
	const uint8_t *p = r->data + r->off;
	r->off += n;
	return p;
}

uint8_t tread_u8(struct tread *r)
{
	const uint8_t *p = tread_take(r, 1);
	return p ? p[0] : 0;
}

uint16_t tread_le16(struct tread *r)
{
	const uint8_t *p = tread_take(r, 2);
	return p ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

uint32_t tread_le32(struct tread *r)
{
	const uint8_t *p = tread_take(r, 4);
	return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			   (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		 : 0;
}
