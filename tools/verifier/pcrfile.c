/* SPDX-License-Identifier: MIT */
/* tpm2_quote -o PCR files; see pcrfile.h. */
#include <stdio.h>
#include <string.h>

#include "pcrfile.h"
#include "reader.h"

#define SELECTION_SIZE 132 /* TPML_PCR_SELECTION: 4 + 16 x 8 */
#define SELECTION_ENTRY 8
#define SELECT_MAX 4       /* pcrSelect[] in the struct */
#define DIGEST_LIST_SIZE 532 /* TPML_DIGEST: 4 + 8 x (2 + 64) */
#define DIGESTS_PER_LIST 8
#define DIGEST_ENTRY 66

static bool fail(char *err, size_t err_size, const char *what)
{
	snprintf(err, err_size, "%s", what);
	return false;
}

/* The selection: one SHA-256 entry of PCRs below 24. */
static const char *parse_selection(const uint8_t *p, uint32_t *mask)
{
	struct reader r;
	uint32_t count;
	uint16_t hash;
	uint8_t size;
	const uint8_t *bits;

	reader_init(&r, p, SELECTION_SIZE);
	read_le32(&r, &count); /* cannot fail: the caller checked the size */
	read_le16(&r, &hash);
	read_u8(&r, &size);
	read_bytes(&r, SELECT_MAX, &bits);
	if (count != 1 || hash != TPM_ALG_SHA256)
		return "selection is not one SHA-256 bank";
	if (size > SELECT_MAX)
		return "selection's sizeofSelect is over 4";
	uint32_t m = 0;
	for (unsigned i = 0; i < size; i++)
		m |= (uint32_t)bits[i] << (8 * i);
	if (m == 0 || (m >> VIGIL_VPCR_COUNT) != 0)
		return "selection is empty or beyond PCR 23";
	*mask = m;
	return NULL;
}

/* The next selected PCR at or after *pcr, or VIGIL_VPCR_COUNT. */
static unsigned next_pcr(uint32_t mask, unsigned pcr)
{
	while (pcr < VIGIL_VPCR_COUNT && !(mask & (UINT32_C(1) << pcr)))
		pcr++;
	return pcr;
}

/* One TPML_DIGEST, its values going to the next selected PCRs. */
static const char *parse_list(const uint8_t *p, struct pcr_values *out,
			      unsigned *pcr)
{
	struct reader r;
	uint32_t count;

	reader_init(&r, p, DIGEST_LIST_SIZE);
	read_le32(&r, &count);
	if (count == 0 || count > DIGESTS_PER_LIST)
		return "a digest list holds no or over 8 values";
	for (uint32_t i = 0; i < count; i++) {
		uint16_t size;
		const uint8_t *value;
		read_le16(&r, &size);
		read_bytes(&r, DIGEST_ENTRY - 2, &value);
		if (size != VIGIL_DIGEST_SIZE)
			return "a value is not 32 bytes";
		*pcr = next_pcr(out->mask, *pcr);
		if (*pcr == VIGIL_VPCR_COUNT)
			return "more values than selected PCRs";
		memcpy(out->value[*pcr], value, VIGIL_DIGEST_SIZE);
		(*pcr)++;
	}
	return NULL;
}

bool pcrfile_parse(const uint8_t *buf, size_t len, struct pcr_values *out,
		   char *err, size_t err_size)
{
	struct reader r;
	uint32_t lists;
	const uint8_t *p;

	memset(out, 0, sizeof(*out));
	reader_init(&r, buf, len);
	if (!read_bytes(&r, SELECTION_SIZE, &p) || !read_le32(&r, &lists))
		return fail(err, err_size, "truncated");
	const char *why = parse_selection(p, &out->mask);
	if (why)
		return fail(err, err_size, why);
	/* Dividing first keeps a huge count from overflowing the product. */
	if (reader_left(&r) % DIGEST_LIST_SIZE != 0 ||
	    reader_left(&r) / DIGEST_LIST_SIZE != lists)
		return fail(err, err_size,
			    "size does not match its count of digest lists");
	unsigned pcr = 0;
	for (uint32_t i = 0; i < lists; i++) {
		read_bytes(&r, DIGEST_LIST_SIZE, &p);
		why = parse_list(p, out, &pcr);
		if (why)
			return fail(err, err_size, why);
	}
	if (next_pcr(out->mask, pcr) != VIGIL_VPCR_COUNT)
		return fail(err, err_size, "fewer values than selected PCRs");
	return true;
}
