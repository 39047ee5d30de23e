/* SPDX-License-Identifier: MIT */
/* TPMS_ATTEST and TPMT_SIGNATURE parsing; see quote.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "quote.h"
#include "reader.h"

static bool fail(char *err, size_t err_size, const char *what)
{
	snprintf(err, err_size, "%s", what);
	return false;
}

/* A TPM2B: u16 size, then that many bytes, at most max. */
static bool read_tpm2b(struct reader *r, size_t max, const uint8_t **p,
		       size_t *len)
{
	uint16_t size;
	size_t start = r->off;
	if (!read_be16(r, &size) || size > max || !read_bytes(r, size, p)) {
		r->off = start;
		return false;
	}
	*len = size;
	return true;
}

/* TPMS_CLOCK_INFO and firmwareVersion. */
static bool parse_clock(struct reader *r, struct quote *q, char *err,
			size_t err_size)
{
	if (!read_be64(r, &q->clock) || !read_be32(r, &q->reset_count) ||
	    !read_be32(r, &q->restart_count) || !read_u8(r, &q->safe) ||
	    !read_be64(r, &q->firmware_version))
		return fail(err, err_size, "clockInfo or firmwareVersion truncated");
	if (q->safe > 1) /* TPMI_YES_NO */
		return fail(err, err_size, "clockInfo.safe is neither 0 nor 1");
	return true;
}

/* pcrSelect[i] bit b selects PCR 8 * i + b (Part 2, TPMS_PCR_SELECT). Vigil has 24
 * vPCRs, so any bit beyond is malformed; zero bytes beyond are not. */
static bool selection_mask(const uint8_t *bits, size_t size, uint32_t *mask,
			   char *err, size_t err_size)
{
	uint32_t m = 0;
	for (size_t i = 0; i < size; i++) {
		if (i >= VIGIL_VPCR_COUNT / 8) {
			if (bits[i])
				return fail(err, err_size,
					    "selects a PCR beyond 23");
			continue;
		}
		m |= (uint32_t)bits[i] << (8 * i);
	}
	if (m == 0)
		return fail(err, err_size, "selects no PCR");
	*mask = m;
	return true;
}

/* TPML_PCR_SELECTION: exactly one TPMS_PCR_SELECTION, for SHA-256. */
static bool parse_selection(struct reader *r, struct quote *q, char *err,
			    size_t err_size)
{
	uint32_t count;
	uint16_t hash;
	uint8_t size;
	const uint8_t *bits;
	if (!read_be32(r, &count))
		return fail(err, err_size, "pcrSelect truncated");
	if (count != 1)
		return fail(err, err_size,
			    "pcrSelect does not hold exactly one bank (SHA-256)");
	if (!read_be16(r, &hash) || !read_u8(r, &size) ||
	    !read_bytes(r, size, &bits))
		return fail(err, err_size, "pcrSelect truncated");
	if (hash != TPM_ALG_SHA256)
		return fail(err, err_size, "pcrSelect bank is not SHA-256");
	return selection_mask(bits, size, &q->pcr_mask, err, err_size);
}

static void reset_attest(struct quote *q, const uint8_t *buf, size_t len)
{
	q->attest = buf;
	q->attest_len = len;
	q->attest_ok = false;
	q->magic = 0;
	q->type = 0;
	q->signer = q->extra = NULL;
	q->signer_len = q->extra_len = 0;
	q->clock = q->firmware_version = 0;
	q->reset_count = q->restart_count = 0;
	q->safe = 0;
	q->pcr_mask = 0;
	memset(q->pcr_digest, 0, sizeof(q->pcr_digest));
}

bool quote_parse_attest(const uint8_t *buf, size_t len, struct quote *q,
			char *err, size_t err_size)
{
	struct reader r;
	const uint8_t *digest;
	size_t digest_len;

	reset_attest(q, buf, len);
	reader_init(&r, buf, len);
	if (!read_be32(&r, &q->magic) || !read_be16(&r, &q->type))
		return fail(err, err_size, "TPMS_ATTEST header truncated");
	if (!read_tpm2b(&r, QUOTE_TPM2B_MAX, &q->signer, &q->signer_len))
		return fail(err, err_size,
			    "qualifiedSigner truncated or over 66 bytes");
	if (!read_tpm2b(&r, QUOTE_TPM2B_MAX, &q->extra, &q->extra_len))
		return fail(err, err_size, "extraData truncated or over 66 bytes");
	if (!parse_clock(&r, q, err, err_size) ||
	    !parse_selection(&r, q, err, err_size))
		return false;
	if (!read_tpm2b(&r, UINT16_MAX, &digest, &digest_len))
		return fail(err, err_size, "pcrDigest truncated");
	/* The digest is made with the AK's scheme hash, SHA-256 (Part 3,
	 * TPM2_Quote). */
	if (digest_len != VIGIL_DIGEST_SIZE)
		return fail(err, err_size, "pcrDigest is not 32 bytes");
	memcpy(q->pcr_digest, digest, VIGIL_DIGEST_SIZE);
	if (reader_left(&r) != 0)
		return fail(err, err_size, "bytes after the TPMS_ATTEST");
	q->attest_ok = true;
	return true;
}

/* A TPM2B_ECC_PARAMETER of 1 to 32 bytes, right-aligned into out. */
static bool read_ecc_param(struct reader *r, uint8_t out[QUOTE_ECC_MAX])
{
	const uint8_t *p;
	size_t len;
	if (!read_tpm2b(r, QUOTE_ECC_MAX, &p, &len) || len == 0)
		return false;
	memset(out, 0, QUOTE_ECC_MAX);
	memcpy(out + QUOTE_ECC_MAX - len, p, len);
	return true;
}

bool quote_parse_signature(const uint8_t *buf, size_t len, struct quote *q,
			   size_t *trailing, char *err, size_t err_size)
{
	struct reader r;
	uint16_t sig_alg, hash_alg;

	q->sig_ok = false;
	*trailing = 0;
	reader_init(&r, buf, len);
	if (!read_be16(&r, &sig_alg) || !read_be16(&r, &hash_alg))
		return fail(err, err_size, "TPMT_SIGNATURE truncated");
	if (sig_alg != TPM_ALG_ECDSA || hash_alg != TPM_ALG_SHA256)
		return fail(err, err_size,
			    "TPMT_SIGNATURE is not ECDSA with SHA-256");
	if (!read_ecc_param(&r, q->r) || !read_ecc_param(&r, q->s))
		return fail(err, err_size,
			    "signature r or s truncated, empty or over 32 bytes");
	*trailing = reader_left(&r);
	q->sig_ok = true;
	return true;
}

bool quote_split(const uint8_t *buf, size_t len, const uint8_t **attest,
		 size_t *attest_len, const uint8_t **sig, size_t *sig_len)
{
	struct reader r;
	reader_init(&r, buf, len);
	if (!read_tpm2b(&r, UINT16_MAX, attest, attest_len))
		return false;
	*sig = buf + r.off;
	*sig_len = reader_left(&r);
	return true;
}

bool quote_check_header(const struct quote *q, char *err, size_t err_size)
{
	if (q->attest_len < 6)
		return true; /* not read: the structural parse reports it */
	if (q->magic != TPM_GENERATED_VALUE) {
		snprintf(err, err_size,
			 "magic is 0x%08" PRIx32 ", not TPM_GENERATED_VALUE 0x%08x",
			 q->magic, TPM_GENERATED_VALUE);
		return false;
	}
	if (q->type != TPM_ST_ATTEST_QUOTE) {
		snprintf(err, err_size,
			 "type is 0x%04x, not TPM_ST_ATTEST_QUOTE 0x%04x",
			 q->type, TPM_ST_ATTEST_QUOTE);
		return false;
	}
	return true;
}
