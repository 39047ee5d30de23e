/* SPDX-License-Identifier: MIT */
/* Measurements against reference digests; see measure.h. */
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "measure.h"

#define HEX_DIGEST (2 * VIGIL_DIGEST_SIZE + 1)

/* The certificate's one SHA-256 FWID, or NULL with the reason in why. */
static const uint8_t *cert_fwid(const struct chain *c, enum cert_index i,
				const char **why)
{
	const struct cert_tcb *t = &c->tcb[i];
	if (!t->present)
		*why = "has no TcbInfo extension";
	else if (!t->ok)
		*why = t->err;
	else if (t->tcb.sha256_fwids != 1)
		*why = "does not have exactly one SHA-256 FWID";
	else
		return t->tcb.fwid;
	return NULL;
}

void measure_check_vigil(const struct chain *c, const struct refs *refs,
			 struct report *r)
{
	const char *why;
	char hex[HEX_DIGEST];
	if (!c->loaded)
		return; /* the chain failure says it all */
	const uint8_t *fwid = cert_fwid(c, CERT_ALIAS, &why);
	if (!fwid)
		report_fail(r, FAIL_UNKNOWN_VIGIL, "the Alias certificate %s",
			    why);
	else if (!refs_find(refs, REF_VIGIL, fwid))
		report_fail(r, FAIL_UNKNOWN_VIGIL,
			    "Alias FWID %s is not a vigil reference digest",
			    hex_encode(fwid, VIGIL_DIGEST_SIZE, hex, sizeof(hex)));
}

static void check_ak(const struct chain *c, const struct refs *refs,
		     struct report *r)
{
	const char *why;
	char hex[HEX_DIGEST];
	const uint8_t *fwid = cert_fwid(c, CERT_AK, &why);
	if (!fwid)
		report_fail(r, FAIL_UNKNOWN_PARTITION, "the AK certificate %s",
			    why);
	else if (!refs_find(refs, REF_PARTITION, fwid))
		report_fail(r, FAIL_UNKNOWN_PARTITION,
			    "AK FWID %s is not a partition reference digest",
			    hex_encode(fwid, VIGIL_DIGEST_SIZE, hex, sizeof(hex)));
}

static void check_log(const struct chain *c, const struct refs *refs,
		      const struct evlog *log, struct report *r)
{
	const char *why;
	char hex[HEX_DIGEST];
	if (log->image_events != 1) {
		report_fail(r, FAIL_UNKNOWN_PARTITION,
			    "the event log has %zu vPCR 0 events, not one (the image)",
			    log->image_events);
		return;
	}
	hex_encode(log->image_digest, VIGIL_DIGEST_SIZE, hex, sizeof(hex));
	if (!refs_find(refs, REF_PARTITION, log->image_digest)) {
		report_fail(r, FAIL_UNKNOWN_PARTITION,
			    "vPCR 0 event digest %s is not a partition reference digest",
			    hex);
		return;
	}
	const uint8_t *fwid = c->loaded ? cert_fwid(c, CERT_AK, &why) : NULL;
	if (fwid && memcmp(fwid, log->image_digest, VIGIL_DIGEST_SIZE) != 0)
		report_fail(r, FAIL_UNKNOWN_PARTITION,
			    "vPCR 0 event digest %s differs from the AK FWID", hex);
}

void measure_check_partition(const struct chain *c, const struct refs *refs,
			     const struct evlog *log, const struct quote *q,
			     struct report *r)
{
	if (c->loaded)
		check_ak(c, refs, r);
	if (log)
		check_log(c, refs, log, r);
	if (q->attest_ok && !(q->pcr_mask & (UINT32_C(1) << VIGIL_VPCR_IMAGE)))
		report_fail(r, FAIL_UNKNOWN_PARTITION,
			    "the quote does not select vPCR 0, so the image event is not attested");
}

void measure_check_name(const struct chain *c, const char *expected,
			struct report *r)
{
	char cn[256];
	if (!expected || !c->loaded)
		return;
	if (!cert_common_name(chain_cert(c, CERT_AK), cn, sizeof(cn)))
		report_fail(r, FAIL_WRONG_PARTITION,
			    "the AK certificate has no single readable CN");
	else if (strcmp(cn, expected) != 0)
		report_fail(r, FAIL_WRONG_PARTITION,
			    "the AK certificate is for '%.64s', not '%.64s'", cn,
			    expected);
}
