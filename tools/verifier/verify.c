/* SPDX-License-Identifier: MIT */
/* Running every check; see verify.h. */
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "hex.h"
#include "launch.h"
#include "measure.h"
#include "signature.h"
#include "verify.h"

#define ERR_MAX 160
#define HEX_DIGEST (2 * VIGIL_DIGEST_SIZE + 1)

void verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	report_init(&v->report);
	chain_init(&v->chain);
}

void verdict_free(struct verdict *v)
{
	chain_free(&v->chain);
	verdict_init(v);
}

void pcr_mask_text(uint32_t mask, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (unsigned i = 0; i < VIGIL_VPCR_COUNT && n < size; i++)
		if (mask & (UINT32_C(1) << i))
			n += (size_t)snprintf(out + n, size - n, "%s%u",
					      n ? "," : "", i);
}

/* The signature's part of the quote; the TPMS_ATTEST's is done. */
static void load_signature(const struct blob *sig, struct verdict *v)
{
	char err[ERR_MAX];
	size_t trailing;
	if (!quote_parse_signature(sig->data, sig->len, &v->quote, &trailing,
				   err, sizeof(err)))
		report_fail(&v->report, FAIL_MALFORMED_QUOTE, "%s", err);
	else if (trailing)
		report_fail(&v->report, FAIL_MALFORMED_QUOTE,
			    "%zu bytes after the TPMT_SIGNATURE", trailing);
}

static void load_quote(const struct evidence *ev, struct verdict *v)
{
	struct blob attest = ev->attest, sig = ev->signature;
	char err[ERR_MAX];

	if (ev->quote.data &&
	    !quote_split(ev->quote.data, ev->quote.len, &attest.data,
			 &attest.len, &sig.data, &sig.len)) {
		report_fail(&v->report, FAIL_MALFORMED_QUOTE,
			    "TPM2B_ATTEST size runs past the end of the quote");
		return;
	}
	if (!attest.data || !sig.data) {
		report_fail(&v->report, FAIL_MALFORMED_QUOTE, "no quote given");
		return;
	}
	if (!quote_parse_attest(attest.data, attest.len, &v->quote, err,
				sizeof(err)))
		report_fail(&v->report, FAIL_MALFORMED_QUOTE, "%s", err);
	if (!quote_check_header(&v->quote, err, sizeof(err)))
		report_fail(&v->report, FAIL_MALFORMED_QUOTE, "%s", err);
	load_signature(&sig, v);
}

static void check_nonce(const struct policy *pol, struct verdict *v)
{
	const struct quote *q = &v->quote;
	char got[2 * QUOTE_TPM2B_MAX + 1], want[2 * QUOTE_TPM2B_MAX + 1];
	if (!q->extra)
		return; /* not parsed that far: malformed already */
	if (q->extra_len == pol->nonce_len &&
	    (q->extra_len == 0 || memcmp(q->extra, pol->nonce, q->extra_len) == 0))
		return;
	report_fail(&v->report, FAIL_NONCE_MISMATCH,
		    "extraData is %zu bytes %.40s%s, the nonce %zu bytes %.40s%s",
		    q->extra_len, hex_encode(q->extra, q->extra_len, got, sizeof(got)),
		    q->extra_len > 20 ? "..." : "", pol->nonce_len,
		    hex_encode(pol->nonce, pol->nonce_len, want, sizeof(want)),
		    pol->nonce_len > 20 ? "..." : "");
}

/* Compares the digest of the selected values with the quote's pcrDigest. */
static bool digest_matches(const struct quote *q,
			   const uint8_t pcr[VIGIL_VPCR_COUNT][VIGIL_DIGEST_SIZE],
			   char *detail, size_t size)
{
	uint8_t digest[VIGIL_DIGEST_SIZE];
	char sel[80], a[HEX_DIGEST], b[HEX_DIGEST];
	evlog_pcr_digest(pcr, q->pcr_mask, digest);
	if (memcmp(digest, q->pcr_digest, VIGIL_DIGEST_SIZE) == 0)
		return true;
	pcr_mask_text(q->pcr_mask, sel, sizeof(sel));
	snprintf(detail, size, "vPCRs %s give pcrDigest %.16s..., the quote's is %.16s...",
		 sel, hex_encode(digest, VIGIL_DIGEST_SIZE, a, sizeof(a)),
		 hex_encode(q->pcr_digest, VIGIL_DIGEST_SIZE, b, sizeof(b)));
	return false;
}

static void replay_log(const struct evidence *ev, const struct policy *pol,
		       struct verdict *v)
{
	char err[ERR_MAX];
	if (!ev->log.data) {
		if (pol->device_id)
			report_fail(&v->report, FAIL_LOG_NO_REPLAY,
				    "no event log given");
		return;
	}
	v->log_ok = evlog_replay(ev->log.data, ev->log.len, &v->log, err,
				 sizeof(err));
	if (!v->log_ok)
		report_fail(&v->report, FAIL_LOG_NO_REPLAY, "malformed: %s", err);
	else if (v->quote.attest_ok &&
		 !digest_matches(&v->quote, v->log.pcr, err, sizeof(err)))
		report_fail(&v->report, FAIL_LOG_NO_REPLAY, "replayed %s", err);
}

static void load_chain(const struct evidence *ev, struct verdict *v)
{
	struct cert_list list;
	char err[ERR_MAX];
	bool ok = ev->cert_count > 0;

	if (!ok)
		snprintf(err, sizeof(err), "no certificates given");
	cert_list_init(&list);
	for (size_t i = 0; ok && i < ev->cert_count && i < CERT_CHAIN_LEN; i++)
		ok = cert_list_add(&list, ev->certs[i].data, ev->certs[i].len,
				   err, sizeof(err));
	ok = ok && chain_load(&v->chain, &list, err, sizeof(err));
	cert_list_free(&list);
	if (!ok)
		report_fail(&v->report, FAIL_CHAIN_BROKEN, "%s", err);
}

/* Without a key (no AK certificate) or a parsed signature, another failure
 * is already reported; verify() still makes sure of it. */
static void check_signature(const mbedtls_pk_context *key, struct verdict *v)
{
	char err[ERR_MAX];
	if (!key || !v->quote.sig_ok)
		return;
	v->signature_verified = signature_verify(&v->quote, key, err,
						 sizeof(err));
	if (!v->signature_verified)
		report_fail(&v->report, FAIL_BAD_SIGNATURE, "%s", err);
}

static void full_checks(const struct evidence *ev, const struct policy *pol,
			struct verdict *v)
{
	load_chain(ev, v);
	chain_check(&v->chain, pol->device_id, &v->report);
	check_signature(v->chain.loaded ? &v->chain.path.pk : NULL, v);
	measure_check_vigil(&v->chain, pol->refs, &v->report);
	measure_check_partition(&v->chain, pol->refs,
				v->log_ok ? &v->log : NULL, &v->quote,
				&v->report);
	measure_check_name(&v->chain, pol->partition, &v->report);
	if (pol->refvals && pol->expected)
		launch_check(pol->refvals, pol->expected,
			     v->log_ok ? &v->log : NULL, &v->quote, &v->report);
}

/* The PCR file is unsigned: its selection must be the signed quote's. */
static void check_pcr_values(const struct blob *file, struct verdict *v)
{
	struct pcr_values pcrs;
	char err[ERR_MAX], a[80], b[80];
	if (!file->data)
		return;
	if (!pcrfile_parse(file->data, file->len, &pcrs, err, sizeof(err))) {
		report_fail(&v->report, FAIL_PCR_VALUES, "malformed: %s", err);
		return;
	}
	if (!v->quote.attest_ok)
		return;
	if (pcrs.mask != v->quote.pcr_mask) {
		pcr_mask_text(pcrs.mask, a, sizeof(a));
		pcr_mask_text(v->quote.pcr_mask, b, sizeof(b));
		report_fail(&v->report, FAIL_PCR_VALUES,
			    "the file has PCRs %s, the signed quote selects %s",
			    a, b);
	} else if (!digest_matches(&v->quote, pcrs.value, err, sizeof(err))) {
		report_fail(&v->report, FAIL_PCR_VALUES, "given %s", err);
	}
}

void verify(const struct evidence *ev, const struct policy *pol,
	    struct verdict *v)
{
	verdict_free(v);
	load_quote(ev, v);
	check_nonce(pol, v);
	replay_log(ev, pol, v);
	if (pol->device_id) {
		full_checks(ev, pol, v);
	} else {
		check_signature(pol->ak_key, v);
		check_pcr_values(&ev->pcrs, v);
		/* A quote whose pcrDigest nothing was compared with says
		 * nothing about the platform. */
		if (!ev->pcrs.data && !ev->log.data)
			report_fail(&v->report, FAIL_PCR_VALUES,
				    "no PCR values or event log to check pcrDigest with");
	}
	/* Whatever path led here, nothing passes with an unchecked signature. */
	if (!v->signature_verified && report_ok(&v->report))
		report_fail(&v->report, FAIL_BAD_SIGNATURE,
			    "no AK public key to check the signature with");
}
