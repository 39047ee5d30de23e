/* SPDX-License-Identifier: MIT */
/* Bounded big-endian, little-endian and DER reads; see reader.h. */
#include "reader.h"

bool read_bytes(struct reader *r, size_t n, const uint8_t **out)
{
	if (n > reader_left(r))
		return false;
	*out = r->p + r->off;
	r->off += n;
	return true;
}

/* n bytes as an unsigned number, most significant first or last. */
static bool read_uint(struct reader *r, size_t n, bool big_endian,
		      uint64_t *v)
{
	const uint8_t *b;
	if (!read_bytes(r, n, &b))
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++)
		x = (x << 8) | b[big_endian ? i : n - 1 - i];
	*v = x;
	return true;
}

bool read_u8(struct reader *r, uint8_t *v)
{
	uint64_t x;
	if (!read_uint(r, 1, true, &x))
		return false;
	*v = (uint8_t)x;
	return true;
}

bool read_be16(struct reader *r, uint16_t *v)
{
	uint64_t x;
	if (!read_uint(r, 2, true, &x))
		return false;
	*v = (uint16_t)x;
	return true;
}

bool read_be32(struct reader *r, uint32_t *v)
{
	uint64_t x;
	if (!read_uint(r, 4, true, &x))
		return false;
	*v = (uint32_t)x;
	return true;
}

bool read_be64(struct reader *r, uint64_t *v)
{
	return read_uint(r, 8, true, v);
}

bool read_le16(struct reader *r, uint16_t *v)
{
	uint64_t x;
	if (!read_uint(r, 2, false, &x))
		return false;
	*v = (uint16_t)x;
	return true;
}

bool read_le32(struct reader *r, uint32_t *v)
{
	uint64_t x;
	if (!read_uint(r, 4, false, &x))
		return false;
	*v = (uint32_t)x;
	return true;
}

/* X.690 8.1.3: short form below 0x80, else 0x80 | count of length bytes.
 * DER (X.690 10.1) wants the shortest form, which also rules out 0x80
 * (indefinite) and leading zero bytes. */
static bool read_der_length(struct reader *r, size_t *len)
{
	uint8_t first;
	if (!read_u8(r, &first))
		return false;
	if (first < 0x80) {
		*len = first;
		return true;
	}
	size_t count = first & 0x7f;
	uint64_t v;
	if (count == 0 || count > 4 || !read_uint(r, count, true, &v))
		return false;
	if (v < 0x80 || v >> (8 * (count - 1)) == 0)
		return false; /* not the shortest form */
	*len = (size_t)v;
	return true;
}

bool read_der(struct reader *r, uint8_t *tag, const uint8_t **content,
	      size_t *len)
{
	size_t start = r->off;
	if (!read_u8(r, tag) || (*tag & 0x1f) == 0x1f || !read_der_length(r, len) ||
	    !read_bytes(r, *len, content)) {
		r->off = start;
		return false;
	}
	return true;
}
