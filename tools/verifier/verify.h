/* SPDX-License-Identifier: MIT */
/*
 * The whole verification: what the partition handed over (evidence,
 * untrusted bytes) against what the verifier trusts and expects (policy).
 * Every check runs that can; each problem becomes one failure in the
 * verdict's report. The PCR selection always comes from the signed
 * TPMS_ATTEST, never from an unsigned file.
 *
 * Two modes. Full (policy.device_id set): quote, certificate chain,
 * measurements, event log, and with reference values the launch events
 * (config and launch policy). Quote-only (policy.ak_key set instead): a quote
 * from a real TPM, checked against a bare public key, the nonce and PCR
 * values given as a tpm2_quote -o file or an event log; it says nothing
 * about which software runs.
 */
#ifndef VERIFIER_VERIFY_H
#define VERIFIER_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "certs.h"
#include "eventlog.h"
#include "pcrfile.h"
#include "quote.h"
#include "refs.h"
#include "refvals.h"
#include "report.h"

struct blob {
	const uint8_t *data;
	size_t len;
};

struct evidence {
	/* Vigil's form, TPM2B_ATTEST || TPMT_SIGNATURE; or else ... */
	struct blob quote;
	/* ... tpm2_quote's, TPMS_ATTEST (-m) and TPMT_SIGNATURE (-s). */
	struct blob attest, signature;
	/* One buffer holding the chain, or one per certificate, in the order
	 * DeviceID, Alias, AK. */
	size_t cert_count;
	struct blob certs[CERT_CHAIN_LEN];
	struct blob log; /* data NULL: none given */
	/* Quote-only mode: PCR values as tpm2_quote -o writes them (data
	 * NULL: none given). */
	struct blob pcrs;
};

struct policy {
	const uint8_t *nonce;
	size_t nonce_len;
	/* Full mode. */
	mbedtls_x509_crt *device_id; /* pinned: the only trust anchor */
	const struct refs *refs;
	const char *partition;       /* expected AK CN; NULL: any */
	/* With reference values (refvals.h): the partition whose launch
	 * events are checked too (launch.h), one of refvals'; NULL: not. */
	const struct refvals *refvals;
	const struct refval_partition *expected;
	/* Quote-only mode (device_id NULL). */
	const mbedtls_pk_context *ak_key;
};

struct verdict {
	struct report report;
	bool signature_verified;
	struct quote quote;
	bool log_ok;
	struct evlog log;
	struct chain chain; /* full mode; owns mbedTLS contexts */
};

void verdict_init(struct verdict *v);
void verdict_free(struct verdict *v);

/* Fills v (initialised by verdict_init) from scratch; report_ok(&v->report)
 * tells whether everything held. */
void verify(const struct evidence *ev, const struct policy *pol,
	    struct verdict *v);

/* "0,1,2" for the PCRs a mask selects, into out. */
void pcr_mask_text(uint32_t mask, char *out, size_t size);

#endif /* VERIFIER_VERIFY_H */
