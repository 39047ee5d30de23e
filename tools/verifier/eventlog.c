/* SPDX-License-Identifier: MIT */
/* Event log parsing and replay; see eventlog.h. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "eventlog.h"
#include "reader.h"

#define SHA1_SIZE 20 /* the TCG_PCR_EVENT digest field */

/* TCG_EfiSpecIDEvent.signature, NUL included. */
static const uint8_t spec_id_signature[16] = "Spec ID Event03";

static bool fail_at(char *err, size_t err_size, size_t record, size_t offset,
		    const char *what)
{
	snprintf(err, err_size, "record %zu at offset 0x%zx: %s", record,
		 offset, what);
	return false;
}

/* TCG_EfiSpecIDEvent: signature, platformClass, spec version 2.0, errata,
 * uintnSize, the digest sizes of the log's banks, vendor info. */
static const char *parse_spec_id(const uint8_t *data, size_t len)
{
	struct reader r;
	const uint8_t *sig, *vendor;
	uint32_t platform_class, algs;
	uint16_t alg, size;
	uint8_t minor, major, errata, uintn, vendor_size;

	reader_init(&r, data, len);
	if (!read_bytes(&r, sizeof(spec_id_signature), &sig) ||
	    memcmp(sig, spec_id_signature, sizeof(spec_id_signature)) != 0)
		return "first event is not a \"Spec ID Event03\"";
	if (!read_le32(&r, &platform_class) || !read_u8(&r, &minor) ||
	    !read_u8(&r, &major) || !read_u8(&r, &errata) ||
	    !read_u8(&r, &uintn) || !read_le32(&r, &algs))
		return "Spec ID event truncated";
	if (major != 2 || minor != 0)
		return "Spec ID event is not for spec version 2.0";
	if (uintn != 1 && uintn != 2) /* 32-bit or 64-bit UINTN */
		return "Spec ID event uintnSize is neither 1 nor 2";
	if (algs != 1)
		return "Spec ID event lists a bank other than SHA-256 alone";
	if (!read_le16(&r, &alg) || !read_le16(&r, &size))
		return "Spec ID event truncated";
	if (alg != TPM_ALG_SHA256 || size != VIGIL_DIGEST_SIZE)
		return "Spec ID event lists a bank other than SHA-256 alone";
	if (!read_u8(&r, &vendor_size) || !read_bytes(&r, vendor_size, &vendor))
		return "Spec ID event truncated";
	if (reader_left(&r) != 0)
		return "bytes after the Spec ID event's vendor info";
	return NULL;
}

/* The first record, TCG_PCR_EVENT: PCR 0, EV_NO_ACTION, zero SHA-1 digest. */
static bool parse_header(struct reader *r, char *err, size_t err_size)
{
	static const uint8_t zero[SHA1_SIZE];
	uint32_t pcr, type, size;
	const uint8_t *digest, *data;

	if (!read_le32(r, &pcr) || !read_le32(r, &type) ||
	    !read_bytes(r, SHA1_SIZE, &digest) || !read_le32(r, &size) ||
	    !read_bytes(r, size, &data))
		return fail_at(err, err_size, 0, 0, "TCG_PCR_EVENT truncated");
	if (pcr != 0 || type != EV_NO_ACTION ||
	    memcmp(digest, zero, SHA1_SIZE) != 0)
		return fail_at(err, err_size, 0, 0,
			       "not an EV_NO_ACTION on PCR 0 with a zero digest");
	const char *why = parse_spec_id(data, size);
	return why ? fail_at(err, err_size, 0, 0, why) : true;
}

static void extend(uint8_t pcr[VIGIL_DIGEST_SIZE],
		   const uint8_t digest[VIGIL_DIGEST_SIZE])
{
	uint8_t both[2 * VIGIL_DIGEST_SIZE];
	memcpy(both, pcr, VIGIL_DIGEST_SIZE);
	memcpy(both + VIGIL_DIGEST_SIZE, digest, VIGIL_DIGEST_SIZE);
	mbedtls_sha256_ret(both, sizeof(both), pcr, 0);
}

/* What one TCG_PCR_EVENT2 says, before it is replayed. */
struct event2 {
	uint32_t pcr, type, size;
	const uint8_t *digest, *data;
};

static const char *parse_event2(struct reader *r, struct event2 *ev)
{
	uint32_t count;
	uint16_t alg;

	if (!read_le32(r, &ev->pcr) || !read_le32(r, &ev->type) ||
	    !read_le32(r, &count))
		return "TCG_PCR_EVENT2 truncated";
	if (ev->pcr >= VIGIL_VPCR_COUNT)
		return "vPCR index above 23";
	if (ev->type == EV_NO_ACTION)
		return "EV_NO_ACTION after the Spec ID event";
	if (count != 1)
		return "digest count is not 1 (SHA-256 alone)";
	if (!read_le16(r, &alg))
		return "TCG_PCR_EVENT2 truncated";
	if (alg != TPM_ALG_SHA256)
		return "digest is not SHA-256";
	if (!read_bytes(r, VIGIL_DIGEST_SIZE, &ev->digest) ||
	    !read_le32(r, &ev->size) || !read_bytes(r, ev->size, &ev->data))
		return "TCG_PCR_EVENT2 truncated";
	return NULL;
}

static void replay_one(struct evlog *out, const struct event2 *ev)
{
	extend(out->pcr[ev->pcr], ev->digest);
	out->extended_mask |= UINT32_C(1) << ev->pcr;
	if (ev->pcr == VIGIL_VPCR_IMAGE && out->image_events++ == 0)
		memcpy(out->image_digest, ev->digest, VIGIL_DIGEST_SIZE);
	if (ev->pcr < VIGIL_VPCR_FIRST_GUEST && out->kept < EVLOG_KEPT_MAX) {
		struct evlog_event *k = &out->kept_event[out->kept++];
		k->pcr = ev->pcr;
		k->type = ev->type;
		memcpy(k->digest, ev->digest, VIGIL_DIGEST_SIZE);
		k->data_len = ev->size;
		memcpy(k->data, ev->data,
		       ev->size < sizeof(k->data) ? ev->size : sizeof(k->data));
	}
	out->pcr_events[ev->pcr]++;
	out->events++;
}

bool evlog_replay(const uint8_t *log, size_t len, struct evlog *out,
		  char *err, size_t err_size)
{
	struct reader r;

	memset(out, 0, sizeof(*out));
	reader_init(&r, log, len);
	if (!parse_header(&r, err, err_size))
		return false;
	for (size_t record = 1; reader_left(&r) != 0; record++) {
		struct event2 ev;
		size_t offset = r.off;
		const char *why = parse_event2(&r, &ev);
		if (why)
			return fail_at(err, err_size, record, offset, why);
		replay_one(out, &ev);
	}
	return true;
}

void evlog_pcr_digest(const uint8_t pcr[VIGIL_VPCR_COUNT][VIGIL_DIGEST_SIZE],
		      uint32_t mask, uint8_t digest[VIGIL_DIGEST_SIZE])
{
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	for (unsigned i = 0; i < VIGIL_VPCR_COUNT; i++)
		if (mask & (UINT32_C(1) << i))
			mbedtls_sha256_update_ret(&ctx, pcr[i], VIGIL_DIGEST_SIZE);
	mbedtls_sha256_finish_ret(&ctx, digest);
	mbedtls_sha256_free(&ctx);
}
