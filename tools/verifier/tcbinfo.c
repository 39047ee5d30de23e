/* SPDX-License-Identifier: MIT */
/* DiceTcbInfo parsing; see tcbinfo.h. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/oid.h>

#include "reader.h"
#include "tcbinfo.h"

#define DER_OID 0x06
#define DER_OCTET_STRING 0x04
#define DER_SEQUENCE 0x30
#define CONTEXT 0x80     /* context-specific class, primitive */
#define CONSTRUCTED 0x20
#define FIELD_FWIDS 6
#define FIELD_LAST 9     /* type [9] */

/* id-sha256, 2.16.840.1.101.3.4.2.1, as DER content bytes. */
#define OID_SHA256 MBEDTLS_OID_DIGEST_ALG_SHA256

static bool fail(char *err, size_t err_size, const char *what)
{
	snprintf(err, err_size, "TcbInfo: %s", what);
	return false;
}

static void copy_text(char out[TCBINFO_TEXT_MAX], const uint8_t *p,
		      size_t len)
{
	if (len > TCBINFO_TEXT_MAX - 1)
		len = TCBINFO_TEXT_MAX - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

/* A non-negative INTEGER's content that fits 32 bits (X.690 8.3: two's
 * complement, shortest form). */
static bool integer_u32(const uint8_t *p, size_t len, uint32_t *v)
{
	if (len == 0 || len > 5 || (p[0] & 0x80) ||
	    (len > 1 && p[0] == 0 && !(p[1] & 0x80)) ||
	    (len == 5 && p[0] != 0))
		return false;
	uint32_t x = 0;
	for (size_t i = 0; i < len; i++)
		x = x << 8 | p[i];
	*v = x;
	return true;
}

/* One FWID: counts and keeps the first SHA-256 digest. */
static const char *parse_fwid(const uint8_t *p, size_t len,
			      struct tcbinfo *out)
{
	struct reader r;
	uint8_t tag;
	const uint8_t *oid, *digest;
	size_t oid_len, digest_len;

	reader_init(&r, p, len);
	if (!read_der(&r, &tag, &oid, &oid_len) || tag != DER_OID ||
	    !read_der(&r, &tag, &digest, &digest_len) ||
	    tag != DER_OCTET_STRING || reader_left(&r) != 0)
		return "an FWID is not { OID, OCTET STRING }";
	if (oid_len != MBEDTLS_OID_SIZE(OID_SHA256) ||
	    memcmp(oid, OID_SHA256, oid_len) != 0)
		return NULL; /* another hash: not Vigil's, not ours to judge */
	if (digest_len != VIGIL_DIGEST_SIZE)
		return "a SHA-256 FWID is not 32 bytes";
	if (out->sha256_fwids++ == 0)
		memcpy(out->fwid, digest, VIGIL_DIGEST_SIZE);
	return NULL;
}

/* fwids [6]: SEQUENCE OF FWID. */
static const char *parse_fwids(const uint8_t *p, size_t len,
			       struct tcbinfo *out)
{
	struct reader r;
	reader_init(&r, p, len);
	while (reader_left(&r) != 0) {
		uint8_t tag;
		const uint8_t *fwid;
		size_t fwid_len;
		if (!read_der(&r, &tag, &fwid, &fwid_len) || tag != DER_SEQUENCE)
			return "fwids is not a SEQUENCE OF FWID";
		const char *why = parse_fwid(fwid, fwid_len, out);
		if (why)
			return why;
	}
	return NULL;
}

/* One field; number is its context tag, already checked to be in order. */
static const char *parse_field(unsigned number, const uint8_t *p, size_t len,
			       struct tcbinfo *out)
{
	switch (number) {
	case 0:
		copy_text(out->vendor, p, len);
		return NULL;
	case 1:
		copy_text(out->model, p, len);
		return NULL;
	case 2:
		copy_text(out->version, p, len);
		return NULL;
	case 4:
		out->has_layer = true;
		return integer_u32(p, len, &out->layer) ? NULL :
			"layer is not a 32-bit non-negative INTEGER";
	case FIELD_FWIDS:
		return parse_fwids(p, len, out);
	default: /* svn, index, flags, vendorInfo, type: not used here */
		return NULL;
	}
}

/* Only fwids is constructed (SEQUENCE OF); every other field primitive. */
static bool field_tag(uint8_t tag, unsigned *number)
{
	unsigned n = tag & 0x1f;
	uint8_t want = (uint8_t)(CONTEXT | (n == FIELD_FWIDS ? CONSTRUCTED : 0) | n);
	*number = n;
	return n <= FIELD_LAST && tag == want;
}

bool tcbinfo_parse(const uint8_t *der, size_t len, struct tcbinfo *out,
		   char *err, size_t err_size)
{
	struct reader outer, r;
	uint8_t tag;
	const uint8_t *body;
	size_t body_len;

	memset(out, 0, sizeof(*out));
	reader_init(&outer, der, len);
	if (!read_der(&outer, &tag, &body, &body_len) || tag != DER_SEQUENCE ||
	    reader_left(&outer) != 0)
		return fail(err, err_size, "not one DER SEQUENCE");
	reader_init(&r, body, body_len);
	int last = -1; /* fields come in ascending tag order, each once */
	while (reader_left(&r) != 0) {
		const uint8_t *p;
		size_t n;
		unsigned number;
		if (!read_der(&r, &tag, &p, &n) || !field_tag(tag, &number) ||
		    (int)number <= last)
			return fail(err, err_size,
				    "a field is malformed, unknown or out of order");
		last = (int)number;
		const char *why = parse_field(number, p, n, out);
		if (why)
			return fail(err, err_size, why);
	}
	return true;
}
