/* SPDX-License-Identifier: MIT */
/*
 * A partition's event log in the crypto-agile format of the TCG PC Client
 * Platform Firmware Profile (PFP, revision 1.06; section numbers below are
 * its own), SHA-256 bank only. Every integer is little-endian, as UEFI
 * firmware writes these logs, unlike the TPM 2.0 structures of a quote.
 * tpm2_eventlog reads it.
 */
#include <limits.h>

#include <vigil/event_log.h>
#include <vigil/string.h>
#include <vigil/tpm.h>

#include "tpm_buffer.h"

#define SHA1_SIZE 20
#define SPEC_ID_SIGNATURE "Spec ID Event03" /* and its NUL: 16 bytes */
#define SPEC_ID_SIGNATURE_SIZE 16
#define SPEC_VERSION_MAJOR 2 /* PFP 10.4.5.1: 2.0 for TPM 2.0 logs */
#define SPEC_VERSION_MINOR 0
#define SPEC_ERRATA 0        /* tpm2_eventlog 5.4 accepts 0 and 2 alike */
#define UINTN_SIZE_UINT32 1  /* PFP 10.4.5.1 uintnSize: 1 UINT32, 2 UINT64 */
#define UINTN_SIZE_UINT64 2

/* TCG_EfiSpecIDEvent with one algorithm and no vendor info: signature 16,
 * platformClass 4, versions, errata and uintnSize 4 x 1, numberOfAlgorithms
 * 4, {algorithmId 2, digestSize 2}, vendorInfoSize 1. */
#define SPEC_ID_EVENT_SIZE (16 + 4 + 4 + 4 + 4 + 1)
/* TCG_PCR_EVENT2 before its event data: pcrIndex 4, eventType 4,
 * TPML_DIGEST_VALUES {count 4, {hashAlg 2, digest 32}}, eventSize 4. */
#define PCR_EVENT2_HEADER_SIZE (4 + 4 + 4 + 2 + TPM_SHA256_SIZE + 4)

static const uint8_t zero_sha1[SHA1_SIZE];

/*
 * PFP 10.4.5.1 "Specification ID Version Event": a TCG_EfiSpecIDEvent
 * saying the log is crypto-agile ("Spec ID Event03") for PFP 2.0 with
 * 64-bit UINTN and one bank, SHA-256 with 32-byte digests.
 */
static void put_spec_id_event(struct tbuf *b)
{
	tbuf_put(b, SPEC_ID_SIGNATURE, SPEC_ID_SIGNATURE_SIZE);
	tbuf_put_le32(b, 0); /* platformClass: 0 client, 1 server */
	tbuf_put_u8(b, SPEC_VERSION_MINOR);
	tbuf_put_u8(b, SPEC_VERSION_MAJOR);
	tbuf_put_u8(b, SPEC_ERRATA);
	tbuf_put_u8(b, UINTN_SIZE_UINT64);
	tbuf_put_le32(b, 1); /* numberOfAlgorithms */
	tbuf_put_le16(b, TPM_ALG_SHA256);
	tbuf_put_le16(b, TPM_SHA256_SIZE);
	tbuf_put_u8(b, 0); /* vendorInfoSize */
}

/*
 * PFP 10.2.1 TCG_PCR_EVENT, the SHA-1 format every log starts with so that
 * old parsers can read the first record: pcrIndex 0, EV_NO_ACTION, a zero
 * SHA-1 digest (10.4.5: the event is not extended), and as event data the
 * Spec ID event.
 */
int event_log_init(struct event_log *log, uint8_t *buf, size_t capacity)
{
	struct tbuf b;
	tbuf_init(&b, buf, capacity);
	tbuf_put_le32(&b, 0);
	tbuf_put_le32(&b, EV_NO_ACTION);
	tbuf_put(&b, zero_sha1, SHA1_SIZE);
	tbuf_put_le32(&b, SPEC_ID_EVENT_SIZE);
	put_spec_id_event(&b);
	int len = tbuf_finish(&b, NULL);
	if (len < 0)
		return len;
	log->buf = buf;
	log->capacity = capacity;
	log->len = (size_t)len;
	return 0;
}

/*
 * PFP 10.2.2 TCG_PCR_EVENT2: pcrIndex, eventType, digests as a
 * TPML_DIGEST_VALUES (count, then count TPMT_HA {hashAlg, digest}),
 * eventSize, event. Checked for room first, so a refused append leaves
 * not even a partial record behind.
 */
int event_log_append(struct event_log *log, uint32_t pcr, uint32_t type,
		     const uint8_t digest[32], const void *data,
		     uint32_t data_len)
{
	if (pcr >= VIGIL_VPCR_COUNT || type == EV_NO_ACTION ||
	    (data_len != 0 && !data))
		return -VIGIL_EINVAL;
	if (log->len > log->capacity)
		return -VIGIL_ENOSPC;
	size_t room = log->capacity - log->len;
	if (room < PCR_EVENT2_HEADER_SIZE ||
	    data_len > room - PCR_EVENT2_HEADER_SIZE)
		return -VIGIL_ENOSPC;

	struct tbuf b;
	tbuf_init(&b, log->buf + log->len, room);
	tbuf_put_le32(&b, pcr);
	tbuf_put_le32(&b, type);
	tbuf_put_le32(&b, 1);
	tbuf_put_le16(&b, TPM_ALG_SHA256);
	tbuf_put(&b, digest, TPM_SHA256_SIZE);
	tbuf_put_le32(&b, data_len);
	tbuf_put(&b, data, data_len);
	log->len += b.len;
	return 0;
}

/* The Spec ID event, whole: exactly the format event_log_init writes,
 * except that platformClass, specErrata, uintnSize (1 or 2) and vendor
 * info may be anything the spec allows. */
static int check_spec_id_event(const uint8_t *event, uint32_t size)
{
	struct tread r;
	tread_init(&r, event, size);
	const uint8_t *sig = tread_take(&r, SPEC_ID_SIGNATURE_SIZE);
	(void)tread_le32(&r); /* platformClass */
	uint8_t minor = tread_u8(&r);
	uint8_t major = tread_u8(&r);
	(void)tread_u8(&r); /* specErrata */
	uint8_t uintn = tread_u8(&r);
	uint32_t algorithms = tread_le32(&r);
	uint16_t alg = tread_le16(&r);
	uint16_t digest_size = tread_le16(&r);
	uint8_t vendor_size = tread_u8(&r);
	(void)tread_take(&r, vendor_size);
	if (r.bad || r.off != r.len)
		return -VIGIL_EINVAL;
	if (memcmp(sig, SPEC_ID_SIGNATURE, SPEC_ID_SIGNATURE_SIZE) != 0 ||
	    major != SPEC_VERSION_MAJOR || minor != SPEC_VERSION_MINOR ||
	    (uintn != UINTN_SIZE_UINT32 && uintn != UINTN_SIZE_UINT64))
		return -VIGIL_EINVAL;
	/* One bank, SHA-256: every TCG_PCR_EVENT2 then has one digest. */
	if (algorithms != 1 || alg != TPM_ALG_SHA256 ||
	    digest_size != TPM_SHA256_SIZE)
		return -VIGIL_EINVAL;
	return 0;
}

/* The first record, a TCG_PCR_EVENT carrying the Spec ID event. */
static int check_header(struct tread *r)
{
	uint32_t pcr = tread_le32(r);
	uint32_t type = tread_le32(r);
	const uint8_t *sha1 = tread_take(r, SHA1_SIZE);
	uint32_t size = tread_le32(r);
	const uint8_t *event = tread_take(r, size);
	if (r->bad || pcr != 0 || type != EV_NO_ACTION ||
	    memcmp(sha1, zero_sha1, SHA1_SIZE) != 0)
		return -VIGIL_EINVAL;
	return check_spec_id_event(event, size);
}

/* One TCG_PCR_EVENT2; extends pcrs (if not NULL) once it is whole. */
static int replay_event(struct tread *r, uint8_t pcrs[24][32])
{
	uint32_t pcr = tread_le32(r);
	uint32_t type = tread_le32(r);
	uint32_t count = tread_le32(r);
	uint16_t alg = tread_le16(r);
	const uint8_t *digest = tread_take(r, TPM_SHA256_SIZE);
	uint32_t size = tread_le32(r);
	(void)tread_take(r, size);
	if (r->bad || pcr >= VIGIL_VPCR_COUNT || type == EV_NO_ACTION ||
	    count != 1 || alg != TPM_ALG_SHA256)
		return -VIGIL_EINVAL;
	if (pcrs)
		tpm_extend(pcrs[pcr], digest);
	return 0;
}

/* Walks the whole log; extends pcrs only if it is not NULL. */
static int walk(const uint8_t *log, size_t len, uint8_t pcrs[24][32])
{
	struct tread r;
	tread_init(&r, log, len);
	if (check_header(&r) != 0)
		return -VIGIL_EINVAL;
	int events = 0;
	while (r.off < r.len) {
		if (events == INT_MAX || replay_event(&r, pcrs) != 0)
			return -VIGIL_EINVAL;
		events++;
	}
	return events;
}

/* Checks the whole log before touching pcrs, so a malformed log leaves
 * them as they were. */
int event_log_replay(const uint8_t *log, size_t len, uint8_t pcrs[24][32])
{
	if (!log)
		return -VIGIL_EINVAL;
	int events = walk(log, len, NULL);
	if (events < 0)
		return events;
	memset(pcrs, 0, VIGIL_VPCR_COUNT * TPM_SHA256_SIZE);
	return walk(log, len, pcrs);
}
