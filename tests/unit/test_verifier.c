/* SPDX-License-Identifier: MIT */
/*
 * vigil-verify (tools/verifier): quotes from a real TPM (the reference
 * files, made with swtpm and checked by tpm2_checkquote and Keylime), and
 * Vigil-shaped evidence made here (fixtures.c): a DICE chain with TcbInfo,
 * signed quotes, event logs. Every failure is checked by its stable name;
 * every parser is fed every truncation and corruption of its input, each
 * in a buffer of exactly that size so that ASan sees any overread.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../../tools/verifier/certs.h"
#include "../../tools/verifier/chain.h"
#include "../../tools/verifier/cli.h"
#include "../../tools/verifier/eventlog.h"
#include "../../tools/verifier/file.h"
#include "../../tools/verifier/hex.h"
#include "../../tools/verifier/pcrfile.h"
#include "../../tools/verifier/quote.h"
#include "../../tools/verifier/refs.h"
#include "../../tools/verifier/signature.h"
#include "../../tools/verifier/tcbinfo.h"
#include "../../tools/verifier/verify.h"
#include "verifier-fixtures/fixtures.h"

#define ERR 200
#define BIT(kind) (1u << (kind))

/* ---- helpers ---------------------------------------------------------- */

/* Where test_verifier.c lies, for the committed reference files. */
static void source_path(char *out, size_t size, const char *name)
{
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash ? (int)(slash - __FILE__) : 1;
	snprintf(out, size, "%.*s/verifier-fixtures/%s", dir,
		 slash ? __FILE__ : ".", name);
}

/* Where this run writes its files: next to the test binary, in build/. */
static char out_dir[512];

static void out_path(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", out_dir, name);
}

struct file {
	uint8_t *data;
	size_t len;
};

static struct file ref_file(const char *name)
{
	char path[600], err[ERR];
	struct file f;
	source_path(path, sizeof(path), name);
	if (!file_read(path, &f.data, &f.len, err, sizeof(err)))
		fail_msg("%s", err);
	return f;
}

/* A heap copy of exactly len bytes: reading one byte more is an ASan error. */
static uint8_t *exact(const uint8_t *data, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	assert_non_null(p);
	if (len)
		memcpy(p, data, len);
	return p;
}

/* The set of failure kinds in r must be exactly `want`. */
static void expect(const struct report *r, unsigned want)
{
	unsigned got = 0;
	for (size_t i = 0; i < r->count; i++)
		got |= BIT(r->item[i].kind);
	if (got != want) {
		for (size_t i = 0; i < r->count; i++)
			print_message("  %s: %s\n", failure_name(r->item[i].kind),
				      r->item[i].detail);
		fail_msg("failures 0x%x, expected 0x%x", got, want);
	}
}

static void digest_of(const char *text, uint8_t out[32])
{
	fx_sha256(text, strlen(text), out);
}

/* SHA-256 of the selected values, ascending: computed here on its own. */
static void pcr_digest(uint8_t pcr[24][32], uint32_t mask, uint8_t out[32])
{
	uint8_t all[24 * 32];
	size_t n = 0;
	for (int i = 0; i < 24; i++)
		if (mask & (1u << i)) {
			memcpy(all + n, pcr[i], 32);
			n += 32;
		}
	fx_sha256(all, n, out);
}

static const uint8_t ref_nonce[] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
static const char ascii_nonce[] = "Zq3Kx9LmP2vR7tYw4BnC";
static const char ascii_nonce2[] = "Hx8Lw2Nq5Rt7Vy9Bc3Df";

/* ---- a real TPM's quotes (quote-only mode) ---------------------------- */

struct ref_quote {
	struct file msg, sig, pcrs, key_pem;
	mbedtls_pk_context key;
	struct verdict v;
};

static void ref_load(struct ref_quote *q, const char *dir, const char *stem)
{
	char name[128];
	snprintf(name, sizeof(name), "%s/%s.msg", dir, stem);
	q->msg = ref_file(name);
	snprintf(name, sizeof(name), "%s/%s.sig", dir, stem);
	q->sig = ref_file(name);
	snprintf(name, sizeof(name), "%s/%s.pcrs", dir, stem);
	q->pcrs = ref_file(name);
	snprintf(name, sizeof(name), "%s/ak.pem", dir);
	q->key_pem = ref_file(name);
	char err[ERR];
	mbedtls_pk_init(&q->key);
	assert_true(signature_load_key(&q->key, q->key_pem.data, q->key_pem.len,
				       err, sizeof(err)));
	verdict_init(&q->v);
}

static void ref_free(struct ref_quote *q)
{
	free(q->msg.data);
	free(q->sig.data);
	free(q->pcrs.data);
	free(q->key_pem.data);
	mbedtls_pk_free(&q->key);
	verdict_free(&q->v);
}

/* Quote-only verification of (msg, sig) with the PCR file and a nonce. */
static const struct report *ref_verify(struct ref_quote *q, const uint8_t *msg,
				       size_t msg_len, const uint8_t *sig,
				       size_t sig_len, const void *nonce,
				       size_t nonce_len)
{
	struct evidence ev = { 0 };
	struct policy pol = { 0 };
	ev.attest = (struct blob){ msg, msg_len };
	ev.signature = (struct blob){ sig, sig_len };
	ev.pcrs = (struct blob){ q->pcrs.data, q->pcrs.len };
	pol.nonce = nonce;
	pol.nonce_len = nonce_len;
	pol.ak_key = &q->key;
	verify(&ev, &pol, &q->v);
	return &q->v.report;
}

static void reference_quote_parses(void **state)
{
	struct ref_quote q;
	struct quote parsed;
	char err[ERR];
	size_t trailing;
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	assert_int_equal(q.msg.len, 121);
	assert_true(quote_parse_attest(q.msg.data, q.msg.len, &parsed, err, sizeof(err)));
	assert_true(quote_check_header(&parsed, err, sizeof(err)));
	assert_int_equal(parsed.magic, TPM_GENERATED_VALUE);
	assert_int_equal(parsed.type, TPM_ST_ATTEST_QUOTE);
	assert_int_equal(parsed.signer_len, 34);
	assert_int_equal(parsed.extra_len, sizeof(ref_nonce));
	assert_memory_equal(parsed.extra, ref_nonce, sizeof(ref_nonce));
	assert_int_equal(parsed.safe, 1);
	assert_int_equal(parsed.pcr_mask, 0x7); /* sha256:0,1,2 */
	assert_true(quote_parse_signature(q.sig.data, q.sig.len, &parsed,
					  &trailing, err, sizeof(err)));
	assert_int_equal(trailing, 0);
	assert_true(signature_verify(&parsed, &q.key, err, sizeof(err)));
	ref_free(&q);
}

static void reference_quote_verifies_with_its_nonce_only(void **state)
{
	struct ref_quote q;
	static const uint8_t other[] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x78 };
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	expect(ref_verify(&q, q.msg.data, q.msg.len, q.sig.data, q.sig.len,
			  ref_nonce, sizeof(ref_nonce)), 0);
	expect(ref_verify(&q, q.msg.data, q.msg.len, q.sig.data, q.sig.len,
			  other, sizeof(other)), BIT(FAIL_NONCE_MISMATCH));
	/* A prefix of the nonce, and the nonce as hex text, are not it. */
	expect(ref_verify(&q, q.msg.data, q.msg.len, q.sig.data, q.sig.len,
			  ref_nonce, 7), BIT(FAIL_NONCE_MISMATCH));
	expect(ref_verify(&q, q.msg.data, q.msg.len, q.sig.data, q.sig.len,
			  "0011223344556677", 16), BIT(FAIL_NONCE_MISMATCH));
	ref_free(&q);
}

static void reference_pcr_digest_matches_pcr_file(void **state)
{
	struct ref_quote q;
	struct pcr_values pcrs;
	struct quote parsed;
	uint8_t digest[32];
	char err[ERR];
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	assert_true(quote_parse_attest(q.msg.data, q.msg.len, &parsed, err, sizeof(err)));
	assert_true(pcrfile_parse(q.pcrs.data, q.pcrs.len, &pcrs, err, sizeof(err)));
	assert_int_equal(pcrs.mask, parsed.pcr_mask);
	pcr_digest(pcrs.value, pcrs.mask, digest);
	assert_memory_equal(digest, parsed.pcr_digest, 32);
	evlog_pcr_digest((const uint8_t(*)[32])pcrs.value, pcrs.mask, digest);
	assert_memory_equal(digest, parsed.pcr_digest, 32);
	ref_free(&q);
}

/* PCR 16 of the ASCII-nonce quotes was extended once with SHA-256(m.txt). */
static void ascii_nonce_quotes_verify_and_replay_pcr16(void **state)
{
	struct ref_quote q1, q2;
	struct pcr_values pcrs;
	struct file m = ref_file("tpm2-quote-ascii-nonce/m.txt");
	uint8_t pcr16[32] = { 0 }, digest[32];
	char err[ERR];
	(void)state;
	fx_sha256(m.data, m.len, digest);
	fx_extend(pcr16, digest);
	ref_load(&q1, "tpm2-quote-ascii-nonce", "quote");
	ref_load(&q2, "tpm2-quote-ascii-nonce", "quote2");
	assert_true(pcrfile_parse(q1.pcrs.data, q1.pcrs.len, &pcrs, err, sizeof(err)));
	assert_int_equal(pcrs.mask, 0x10007);
	assert_memory_equal(pcrs.value[16], pcr16, 32);
	/* The nonce is the ASCII bytes themselves, never hex-decoded. */
	expect(ref_verify(&q1, q1.msg.data, q1.msg.len, q1.sig.data, q1.sig.len,
			  ascii_nonce, 20), 0);
	expect(ref_verify(&q2, q2.msg.data, q2.msg.len, q2.sig.data, q2.sig.len,
			  ascii_nonce2, 20), 0);
	expect(ref_verify(&q2, q2.msg.data, q2.msg.len, q2.sig.data, q2.sig.len,
			  ascii_nonce, 20), BIT(FAIL_NONCE_MISMATCH));
	/* quote2's signature is not quote's. */
	expect(ref_verify(&q1, q1.msg.data, q1.msg.len, q2.sig.data, q2.sig.len,
			  ascii_nonce, 20), BIT(FAIL_BAD_SIGNATURE));
	free(m.data);
	ref_free(&q1);
	ref_free(&q2);
}

/* Nothing passes unchecked: no PCR values, or no key, is a failure. */
static void quote_only_needs_values_and_a_key(void **state)
{
	struct ref_quote q;
	struct evidence ev = { 0 };
	struct policy pol = { 0 };
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	ev.attest = (struct blob){ q.msg.data, q.msg.len };
	ev.signature = (struct blob){ q.sig.data, q.sig.len };
	pol.nonce = ref_nonce;
	pol.nonce_len = sizeof(ref_nonce);
	pol.ak_key = &q.key;
	verify(&ev, &pol, &q.v);
	expect(&q.v.report, BIT(FAIL_PCR_VALUES));
	ev.pcrs = (struct blob){ q.pcrs.data, q.pcrs.len };
	pol.ak_key = NULL;
	verify(&ev, &pol, &q.v);
	expect(&q.v.report, BIT(FAIL_BAD_SIGNATURE));
	ref_free(&q);
}

/* The PCR file is unsigned: a selection other than the quote's is refused. */
static void pcr_file_selection_must_be_the_signed_one(void **state)
{
	struct ref_quote q, other;
	(void)state;
	ref_load(&q, "tpm2-quote-ascii-nonce", "quote");
	ref_load(&other, "tpm2-quote", "quote");
	free(q.pcrs.data);
	q.pcrs = other.pcrs; /* PCRs 0,1,2; the quote selects 0,1,2,16 */
	other.pcrs.data = NULL;
	expect(ref_verify(&q, q.msg.data, q.msg.len, q.sig.data, q.sig.len,
			  ascii_nonce, 20), BIT(FAIL_PCR_VALUES));
	/* Values changed under the right selection. */
	struct file pcrs = ref_file("tpm2-quote-ascii-nonce/quote.pcrs");
	free(q.pcrs.data);
	q.pcrs = pcrs;
	q.pcrs.data[140 + 3 * 66 + 2] ^= 1; /* PCR 16's first byte */
	expect(ref_verify(&q, q.msg.data, q.msg.len, q.sig.data, q.sig.len,
			  ascii_nonce, 20), BIT(FAIL_PCR_VALUES));
	ref_free(&q);
	ref_free(&other);
}

static void mutated_reference_quotes_fail_by_name(void **state)
{
	struct ref_quote q;
	uint8_t msg[200], sig[100];
	size_t n = 0, s = 0;
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	n = q.msg.len;
	s = q.sig.len;

	/* One byte of the clock: still well-formed, no longer signed. */
	memcpy(msg, q.msg.data, n);
	msg[0x3a] ^= 0x01;
	expect(ref_verify(&q, msg, n, q.sig.data, s, ref_nonce, 8),
	       BIT(FAIL_BAD_SIGNATURE));
	/* The magic: malformed, and the signature no longer covers it. */
	memcpy(msg, q.msg.data, n);
	msg[0] = 0x00;
	expect(ref_verify(&q, msg, n, q.sig.data, s, ref_nonce, 8),
	       BIT(FAIL_MALFORMED_QUOTE) | BIT(FAIL_BAD_SIGNATURE));
	/* The type. */
	memcpy(msg, q.msg.data, n);
	msg[5] = 0x17; /* TPM_ST_ATTEST_CERTIFY */
	expect(ref_verify(&q, msg, n, q.sig.data, s, ref_nonce, 8),
	       BIT(FAIL_MALFORMED_QUOTE) | BIT(FAIL_BAD_SIGNATURE));
	/* A byte after the TPMS_ATTEST. */
	memcpy(msg, q.msg.data, n);
	msg[n] = 0;
	expect(ref_verify(&q, msg, n + 1, q.sig.data, s, ref_nonce, 8),
	       BIT(FAIL_MALFORMED_QUOTE) | BIT(FAIL_BAD_SIGNATURE));
	/* A byte after the signature: the signature itself still holds. */
	memcpy(sig, q.sig.data, s);
	sig[s] = 0;
	expect(ref_verify(&q, q.msg.data, n, sig, s + 1, ref_nonce, 8),
	       BIT(FAIL_MALFORMED_QUOTE));
	/* s changed. */
	memcpy(sig, q.sig.data, s);
	sig[s - 1] ^= 0x80;
	expect(ref_verify(&q, q.msg.data, n, sig, s, ref_nonce, 8),
	       BIT(FAIL_BAD_SIGNATURE));
	/* Not ECDSA. */
	memcpy(sig, q.sig.data, s);
	sig[1] = 0x14; /* TPM_ALG_RSASSA */
	expect(ref_verify(&q, q.msg.data, n, sig, s, ref_nonce, 8),
	       BIT(FAIL_MALFORMED_QUOTE));
	ref_free(&q);
}

/* Vigil's form, TPM2B_ATTEST || TPMT_SIGNATURE, made of the reference parts. */
static void joined_reference_quote(void **state)
{
	struct ref_quote q;
	uint8_t joined[300];
	struct evidence ev = { 0 };
	struct policy pol = { 0 };
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	size_t n = fx_quote_join(q.msg.data, q.msg.len, q.sig.data, q.sig.len,
				 joined, sizeof(joined) - 1);
	ev.quote = (struct blob){ joined, n };
	ev.pcrs = (struct blob){ q.pcrs.data, q.pcrs.len };
	pol.nonce = ref_nonce;
	pol.nonce_len = sizeof(ref_nonce);
	pol.ak_key = &q.key;
	verify(&ev, &pol, &q.v);
	expect(&q.v.report, 0);
	joined[n] = 0xee; /* a trailing byte */
	ev.quote.len = n + 1;
	verify(&ev, &pol, &q.v);
	expect(&q.v.report, BIT(FAIL_MALFORMED_QUOTE));
	joined[1]++; /* the TPM2B_ATTEST size: one byte of signature moves in */
	ev.quote.len = n;
	verify(&ev, &pol, &q.v);
	assert_true(report_has(&q.v.report, FAIL_MALFORMED_QUOTE));
	ref_free(&q);
}

/* Every prefix of the quote parts fails to parse and reads nothing beyond. */
static void truncated_quotes_never_overread(void **state)
{
	struct ref_quote q;
	struct quote parsed;
	char err[ERR];
	size_t trailing;
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	for (size_t len = 0; len < q.msg.len; len++) {
		uint8_t *p = exact(q.msg.data, len);
		assert_false(quote_parse_attest(p, len, &parsed, err, sizeof(err)));
		expect(ref_verify(&q, p, len, q.sig.data, q.sig.len, ref_nonce, 8),
		       BIT(FAIL_MALFORMED_QUOTE) | BIT(FAIL_BAD_SIGNATURE));
		free(p);
	}
	for (size_t len = 0; len < q.sig.len; len++) {
		uint8_t *p = exact(q.sig.data, len);
		assert_false(quote_parse_signature(p, len, &parsed, &trailing, err,
						   sizeof(err)));
		free(p);
	}
	ref_free(&q);
}

/* Every single-byte corruption of the quote is refused, and safely. */
static void corrupted_quotes_are_refused(void **state)
{
	struct ref_quote q;
	uint8_t joined[300];
	struct evidence ev = { 0 };
	struct policy pol = { 0 };
	(void)state;
	ref_load(&q, "tpm2-quote", "quote");
	size_t n = fx_quote_join(q.msg.data, q.msg.len, q.sig.data, q.sig.len,
				 joined, sizeof(joined));
	ev.pcrs = (struct blob){ q.pcrs.data, q.pcrs.len };
	pol.nonce = ref_nonce;
	pol.nonce_len = sizeof(ref_nonce);
	pol.ak_key = &q.key;
	for (size_t i = 0; i < n; i++) {
		for (unsigned flip = 0x01; flip <= 0x80; flip <<= 7) {
			uint8_t *p = exact(joined, n);
			p[i] ^= (uint8_t)flip;
			ev.quote = (struct blob){ p, n };
			verify(&ev, &pol, &q.v);
			if (report_ok(&q.v.report))
				fail_msg("flipping 0x%x at %zu passed", flip, i);
			free(p);
		}
		/* Every prefix of the joined form, too. */
		uint8_t *p = exact(joined, i);
		ev.quote = (struct blob){ p, i };
		verify(&ev, &pol, &q.v);
		assert_false(report_ok(&q.v.report));
		free(p);
	}
	ref_free(&q);
}

/* ---- TPMS_ATTEST shapes made here ------------------------------------ */

struct made_quote {
	mbedtls_pk_context key;
	struct fx_attest a;
	uint8_t attest[300], sig[100];
	size_t attest_len, sig_len;
	struct fx_log log; /* no events: every vPCR zero */
	struct verdict v;
};

static const struct report *made_verify(struct made_quote *m)
{
	struct evidence ev = { 0 };
	struct policy pol = { 0 };
	m->a.nonce = ref_nonce;
	m->a.nonce_len = sizeof(ref_nonce);
	m->attest_len = fx_attest_bytes(&m->a, m->attest, sizeof(m->attest));
	m->sig_len = fx_sign(&m->key, m->attest, m->attest_len, m->sig, sizeof(m->sig));
	ev.attest = (struct blob){ m->attest, m->attest_len };
	ev.signature = (struct blob){ m->sig, m->sig_len };
	ev.log = (struct blob){ m->log.buf, m->log.len };
	pol.nonce = ref_nonce;
	pol.nonce_len = sizeof(ref_nonce);
	pol.ak_key = &m->key;
	verify(&ev, &pol, &m->v);
	return &m->v.report;
}

static void malformed_selections_are_named(void **state)
{
	static struct made_quote m;
	uint8_t digest[32];
	(void)state;
	fx_key(&m.key, 9);
	verdict_init(&m.v);
	fx_log_init(&m.log);
	pcr_digest(m.log.pcr, 0x101, digest);
#define RESET() fx_attest_defaults(&m.a, 0x101, digest)
	RESET();
	expect(made_verify(&m), 0);
	assert_int_equal(m.v.quote.pcr_mask, 0x101);
	RESET();
	m.a.bank_hash = 0x0004; /* SHA-1 */
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.bank_count = 2;
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.bank_count = 0;
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.select_size = 4;
	m.a.select[3] = 0x01; /* PCR 24 */
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.select_size = 4; /* a fourth byte of zeros selects nothing more */
	expect(made_verify(&m), 0);
	RESET();
	memset(m.a.select, 0, sizeof(m.a.select));
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE)); /* selects no PCR */
	RESET();
	m.a.select_size = 0;
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.digest_size = 20;
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.safe = 2;
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.magic = 0x00544347u; /* signed, but not TPM_GENERATED_VALUE */
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
	RESET();
	m.a.type = 0x8017;
	expect(made_verify(&m), BIT(FAIL_MALFORMED_QUOTE));
#undef RESET
	mbedtls_pk_free(&m.key);
	verdict_free(&m.v);
}

/* ---- event logs ------------------------------------------------------- */

static void event_log_replays_by_extending_from_zero(void **state)
{
	struct fx_log log;
	struct evlog out;
	uint8_t d1[32], d2[32], d3[32], want[32] = { 0 };
	char err[ERR];
	(void)state;
	digest_of("image", d1);
	digest_of("config", d2);
	digest_of("app", d3);
	fx_log_init(&log);
	assert_true(evlog_replay(log.buf, log.len, &out, err, sizeof(err)));
	assert_int_equal(out.events, 0);
	fx_log_event(&log, 0, EV_IPL, d1, "hello");
	fx_log_event(&log, 8, EV_IPL, d2, "");
	fx_log_event(&log, 8, EV_IPL, d3, "app data");
	fx_log_event(&log, 23, 0x80000001u, d1, "x");
	assert_true(evlog_replay(log.buf, log.len, &out, err, sizeof(err)));
	assert_int_equal(out.events, 4);
	assert_int_equal(out.extended_mask, (1u << 0) | (1u << 8) | (1u << 23));
	assert_int_equal(out.image_events, 1);
	assert_memory_equal(out.image_digest, d1, 32);
	fx_extend(want, d2);
	fx_extend(want, d3);
	assert_memory_equal(out.pcr[8], want, 32);
	for (int i = 0; i < 24; i++)
		assert_memory_equal(out.pcr[i], log.pcr[i], 32);
	uint8_t zero[32] = { 0 };
	assert_memory_equal(out.pcr[1], zero, 32);
}

/* Changes one little-endian u32 of a built log. */
static void poke32(struct fx_log *log, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		log->buf[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static bool replays(const struct fx_log *log)
{
	struct evlog out;
	char err[ERR];
	uint8_t *p = exact(log->buf, log->len);
	bool ok = evlog_replay(p, log->len, &out, err, sizeof(err));
	free(p);
	return ok;
}

/* Offsets in fx_log_init's header and the first event after it. */
#define HDR_EVENT 32       /* the Spec ID event data */
#define HDR_LEN (32 + 33)  /* the whole TCG_PCR_EVENT */

static void malformed_event_logs_are_refused(void **state)
{
	struct fx_log log;
	uint8_t d[32];
	(void)state;
	digest_of("image", d);
#define FRESH() (fx_log_init(&log), fx_log_event(&log, 0, EV_IPL, d, "hello"))
	FRESH();
	assert_true(replays(&log));
	FRESH();
	log.buf[HDR_EVENT + 3] = 'X'; /* "SpeX ID Event03" */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, 0, 1); /* header on PCR 1 */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, 4, 4); /* header not EV_NO_ACTION */
	assert_false(replays(&log));
	FRESH();
	log.buf[8] = 1; /* header SHA-1 digest not zero */
	assert_false(replays(&log));
	FRESH();
	log.buf[HDR_EVENT + 21] = 1; /* spec version 1.x */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, HDR_EVENT + 24, 2); /* two algorithms listed */
	assert_false(replays(&log));
	FRESH();
	log.buf[HDR_EVENT + 28] = 0x04; /* SHA-1 listed instead */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, HDR_LEN, 24); /* vPCR 24 */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, HDR_LEN + 4, EV_NO_ACTION); /* a later EV_NO_ACTION */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, HDR_LEN + 8, 2); /* two digests */
	assert_false(replays(&log));
	FRESH();
	log.buf[HDR_LEN + 12] = 0x04; /* a SHA-1 digest */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, HDR_LEN + 46, 6); /* event size past the end */
	assert_false(replays(&log));
	FRESH();
	log.buf[log.len++] = 0; /* a stray byte after the last record */
	assert_false(replays(&log));
	FRESH();
	poke32(&log, 28, 34); /* Spec ID event size: one byte more */
	assert_false(replays(&log));
#undef FRESH
}

static void event_log_truncations_and_corruptions_are_safe(void **state)
{
	struct fx_log log;
	struct evlog out;
	uint8_t d[32];
	char err[ERR];
	size_t ends[4], n_ends = 0;
	(void)state;
	digest_of("x", d);
	fx_log_init(&log);
	ends[n_ends++] = log.len;
	fx_log_event(&log, 0, EV_IPL, d, "hello");
	ends[n_ends++] = log.len;
	fx_log_event(&log, 8, EV_IPL, d, "");
	ends[n_ends++] = log.len;
	fx_log_event(&log, 9, EV_IPL, d, "more");
	ends[n_ends++] = log.len;
	/* A prefix replays exactly when it ends on a record boundary. */
	for (size_t len = 0; len <= log.len; len++) {
		uint8_t *p = exact(log.buf, len);
		bool boundary = false;
		for (size_t i = 0; i < n_ends; i++)
			boundary |= ends[i] == len;
		assert_int_equal(evlog_replay(p, len, &out, err, sizeof(err)), boundary);
		free(p);
	}
	for (size_t i = 0; i < log.len; i++) {
		for (unsigned v = 0; v < 256; v += 0x55) {
			uint8_t *p = exact(log.buf, log.len);
			p[i] = (uint8_t)v;
			(void)evlog_replay(p, log.len, &out, err, sizeof(err));
			free(p);
		}
	}
}

static void pcr_file_truncations_and_corruptions_are_safe(void **state)
{
	struct file f = ref_file("tpm2-quote-ascii-nonce/quote.pcrs");
	struct pcr_values v;
	char err[ERR];
	(void)state;
	for (size_t len = 0; len < f.len; len++) {
		uint8_t *p = exact(f.data, len);
		assert_false(pcrfile_parse(p, len, &v, err, sizeof(err)));
		free(p);
	}
	for (size_t i = 0; i < f.len; i++) {
		uint8_t *p = exact(f.data, f.len);
		p[i] ^= 0xff;
		(void)pcrfile_parse(p, f.len, &v, err, sizeof(err));
		free(p);
	}
	free(f.data);
}

/* ---- TcbInfo ----------------------------------------------------------- */

static void tcbinfo_fields_are_read(void **state)
{
	uint8_t fwid[32], der[512];
	struct tcbinfo t;
	char err[ERR];
	(void)state;
	digest_of("vigil", fwid);
	struct fx_tcb spec = { "Vigil", "hypervisor", "0.1.0", 1, fwid, 32, false, false };
	size_t n = fx_tcbinfo(&spec, der, sizeof(der));
	assert_true(tcbinfo_parse(der, n, &t, err, sizeof(err)));
	assert_string_equal(t.vendor, "Vigil");
	assert_string_equal(t.model, "hypervisor");
	assert_string_equal(t.version, "0.1.0");
	assert_true(t.has_layer);
	assert_int_equal(t.layer, 1);
	assert_int_equal(t.sha256_fwids, 1);
	assert_memory_equal(t.fwid, fwid, 32);

	/* Every truncation fails; nothing is read past the end. */
	for (size_t len = 0; len < n; len++) {
		uint8_t *p = exact(der, len);
		assert_false(tcbinfo_parse(p, len, &t, err, sizeof(err)));
		free(p);
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = exact(der, n);
		p[i] ^= 0xa5;
		(void)tcbinfo_parse(p, n, &t, err, sizeof(err));
		free(p);
	}
	/* Trailing bytes after the SEQUENCE. */
	der[n] = 0;
	assert_false(tcbinfo_parse(der, n + 1, &t, err, sizeof(err)));

	/* Another hash's FWID is skipped; two SHA-256 FWIDs are counted. */
	spec.sha384_fwid = true;
	n = fx_tcbinfo(&spec, der, sizeof(der));
	assert_true(tcbinfo_parse(der, n, &t, err, sizeof(err)));
	assert_int_equal(t.sha256_fwids, 1);
	assert_memory_equal(t.fwid, fwid, 32);
	spec.second_fwid = true;
	n = fx_tcbinfo(&spec, der, sizeof(der));
	assert_true(tcbinfo_parse(der, n, &t, err, sizeof(err)));
	assert_int_equal(t.sha256_fwids, 2);
	/* A SHA-256 FWID of 31 bytes. */
	spec.second_fwid = spec.sha384_fwid = false;
	spec.fwid_len = 31;
	n = fx_tcbinfo(&spec, der, sizeof(der));
	assert_false(tcbinfo_parse(der, n, &t, err, sizeof(err)));
	/* Only the optional fields wanted: an empty SEQUENCE is fine. */
	struct fx_tcb empty = { NULL, NULL, NULL, -1, NULL, 0, false, false };
	n = fx_tcbinfo(&empty, der, sizeof(der));
	assert_true(tcbinfo_parse(der, n, &t, err, sizeof(err)));
	assert_int_equal(t.sha256_fwids, 0);
	/* Fields out of order: vendor [0] after model [1]. */
	static const uint8_t swapped[] = { 0x30, 0x06, 0x81, 0x01, 'm', 0x80, 0x01, 'v' };
	assert_false(tcbinfo_parse(swapped, sizeof(swapped), &t, err, sizeof(err)));
	/* A non-minimal DER length. */
	static const uint8_t long_len[] = { 0x30, 0x81, 0x03, 0x80, 0x01, 'v' };
	assert_false(tcbinfo_parse(long_len, sizeof(long_len), &t, err, sizeof(err)));
}

/* ---- the full chain (Vigil-shaped evidence) --------------------------- */

struct scenario {
	struct fx_chain_spec spec;
	struct fx_chain chain;
	uint8_t vigil_fwid[32], image_fwid[32];
	struct fx_log log;
	uint32_t mask;
	struct fx_attest a;
	uint8_t attest[300], sig[100], quote[400];
	size_t attest_len, sig_len, quote_len;
	uint8_t certs[3 * FX_CERT_MAX];
	size_t certs_len;
	mbedtls_x509_crt pinned;
	struct refs refs;
	struct evidence ev;
	struct policy pol;
	struct verdict v;
};

static struct scenario S;

static void scenario_sign(struct scenario *s)
{
	uint8_t digest[32];
	pcr_digest(s->log.pcr, s->mask, digest);
	fx_attest_defaults(&s->a, s->mask, digest);
	s->a.nonce = (const uint8_t *)ascii_nonce;
	s->a.nonce_len = 20;
	s->attest_len = fx_attest_bytes(&s->a, s->attest, sizeof(s->attest));
	s->sig_len = fx_sign(&s->chain.ak, s->attest, s->attest_len, s->sig,
			     sizeof(s->sig));
	s->quote_len = fx_quote_join(s->attest, s->attest_len, s->sig,
				     s->sig_len, s->quote, sizeof(s->quote));
	s->ev.quote = (struct blob){ s->quote, s->quote_len };
}

static void scenario_certs(struct scenario *s)
{
	s->certs_len = 0;
	for (int i = 0; i < 3; i++) {
		memcpy(s->certs + s->certs_len, s->chain.der[i], s->chain.len[i]);
		s->certs_len += s->chain.len[i];
	}
	s->ev.cert_count = 1;
	s->ev.certs[0] = (struct blob){ s->certs, s->certs_len };
}

static void scenario_refs(struct scenario *s)
{
	char text[600], v[65], p[65], other[65];
	uint8_t d[32];
	char err[ERR];
	digest_of("an older vigil", d);
	hex_encode(d, 32, other, sizeof(other));
	snprintf(text, sizeof(text),
		 "# reference digests\n"
		 "%s vigil Vigil 0.0.9\n"
		 "%s vigil Vigil 0.1.0\n"
		 "\n"
		 "%s partition hello image\n",
		 other, hex_encode(s->vigil_fwid, 32, v, sizeof(v)),
		 hex_encode(s->image_fwid, 32, p, sizeof(p)));
	assert_true(refs_parse(text, strlen(text), &s->refs, err, sizeof(err)));
}

/* Builds everything from s->spec (its digests set here), then verifies. */
static const struct report *scenario_run(struct scenario *s)
{
	char err[ERR];
	uint8_t d[32];
	fx_chain_free(&s->chain);
	fx_chain_make(&s->chain, &s->spec);
	scenario_certs(s);
	fx_log_init(&s->log);
	fx_log_event(&s->log, VIGIL_VPCR_IMAGE, EV_IPL, s->image_fwid, "hello");
	digest_of("guest config", d);
	fx_log_event(&s->log, 8, EV_IPL, d, "config");
	s->ev.log = (struct blob){ s->log.buf, s->log.len };
	scenario_sign(s);
	mbedtls_x509_crt_free(&s->pinned);
	mbedtls_x509_crt_init(&s->pinned);
	assert_true(cert_load_one(&s->pinned, s->chain.der[0], s->chain.len[0],
				  err, sizeof(err)));
	verify(&s->ev, &s->pol, &s->v);
	return &s->v.report;
}

/* Verifies again as the evidence now stands. */
static const struct report *scenario_again(struct scenario *s)
{
	verify(&s->ev, &s->pol, &s->v);
	return &s->v.report;
}

static int scenario_setup(void **state)
{
	struct scenario *s = &S;
	(void)state;
	memset(s, 0, sizeof(*s));
	digest_of("vigil image", s->vigil_fwid);
	digest_of("hello image", s->image_fwid);
	s->spec = (struct fx_chain_spec){ .vigil_fwid = s->vigil_fwid,
					  .image_fwid = s->image_fwid,
					  .partition = "hello" };
	mbedtls_pk_init(&s->chain.device_id); /* scenario_run frees first */
	mbedtls_pk_init(&s->chain.alias);
	mbedtls_pk_init(&s->chain.ak);
	mbedtls_x509_crt_init(&s->pinned);
	verdict_init(&s->v);
	s->mask = (1u << 0) | (1u << 8);
	scenario_refs(s);
	s->pol.nonce = (const uint8_t *)ascii_nonce;
	s->pol.nonce_len = 20;
	s->pol.device_id = &s->pinned;
	s->pol.refs = &s->refs;
	s->pol.partition = "hello";
	return 0;
}

static int scenario_teardown(void **state)
{
	(void)state;
	fx_chain_free(&S.chain);
	mbedtls_x509_crt_free(&S.pinned);
	verdict_free(&S.v);
	return 0;
}

static void good_chain_verifies(void **state)
{
	(void)state;
	expect(scenario_run(&S), 0);
	/* Without an expected name, too; and in tpm2_quote's two-file form. */
	S.pol.partition = NULL;
	expect(scenario_again(&S), 0);
	S.ev.quote = (struct blob){ NULL, 0 };
	S.ev.attest = (struct blob){ S.attest, S.attest_len };
	S.ev.signature = (struct blob){ S.sig, S.sig_len };
	expect(scenario_again(&S), 0);
}

static void other_nonce_is_a_mismatch(void **state)
{
	(void)state;
	S.pol.nonce = (const uint8_t *)ascii_nonce2;
	expect(scenario_run(&S), BIT(FAIL_NONCE_MISMATCH));
}

static void wrong_pinned_device_id_breaks_the_chain(void **state)
{
	struct fx_chain other;
	char err[ERR];
	(void)state;
	expect(scenario_run(&S), 0);
	/* The same names, another key: as a different device would have. */
	fx_key(&other.device_id, 41);
	struct fx_cert c = { &other.device_id, &other.device_id,
			     "CN=Vigil DeviceID,serialNumber=01",
			     "CN=Vigil DeviceID,serialNumber=01", 1, 1,
			     MBEDTLS_X509_KU_KEY_CERT_SIGN, NULL, false, false };
	other.len[0] = fx_cert_der(&c, other.der[0], FX_CERT_MAX);
	mbedtls_x509_crt_free(&S.pinned);
	mbedtls_x509_crt_init(&S.pinned);
	assert_true(cert_load_one(&S.pinned, other.der[0], other.len[0], err, sizeof(err)));
	expect(scenario_again(&S), BIT(FAIL_CHAIN_BROKEN));
	mbedtls_pk_free(&other.device_id);
}

static void device_id_in_chain_must_be_the_pinned_one(void **state)
{
	struct fx_chain other;
	(void)state;
	expect(scenario_run(&S), 0);
	/* The device sends a DeviceID of another key; the pinned one still
	 * certifies its Alias. */
	fx_key(&other.device_id, 42);
	struct fx_cert c = { &other.device_id, &other.device_id,
			     "CN=Other,serialNumber=09", "CN=Other,serialNumber=09",
			     1, 1, MBEDTLS_X509_KU_KEY_CERT_SIGN, NULL, false, false };
	size_t n = fx_cert_der(&c, other.der[0], FX_CERT_MAX);
	S.ev.cert_count = 3;
	S.ev.certs[0] = (struct blob){ other.der[0], n };
	S.ev.certs[1] = (struct blob){ S.chain.der[1], S.chain.len[1] };
	S.ev.certs[2] = (struct blob){ S.chain.der[2], S.chain.len[2] };
	expect(scenario_again(&S), BIT(FAIL_CHAIN_BROKEN));
	mbedtls_pk_free(&other.device_id);
}

static void alias_must_be_a_ca(void **state)
{
	(void)state;
	S.spec.alias_not_ca = true;
	expect(scenario_run(&S), BIT(FAIL_CHAIN_BROKEN));
}

static void ak_must_not_be_a_ca(void **state)
{
	(void)state;
	S.spec.ak_is_ca = true;
	expect(scenario_run(&S), BIT(FAIL_CHAIN_BROKEN));
}

/* An AK certified by DeviceID directly would skip the Alias's TcbInfo. */
static void ak_must_be_certified_by_the_alias(void **state)
{
	(void)state;
	S.spec.ak_by_device_id = true;
	expect(scenario_run(&S), BIT(FAIL_CHAIN_BROKEN));
}

static void unknown_vigil_measurement(void **state)
{
	(void)state;
	digest_of("a vigil no one knows", S.vigil_fwid);
	expect(scenario_run(&S), BIT(FAIL_UNKNOWN_VIGIL));
	S.spec.alias_no_tcbinfo = true;
	expect(scenario_run(&S), BIT(FAIL_UNKNOWN_VIGIL));
	S.spec.alias_no_tcbinfo = false;
	S.spec.alias_short_fwid = true;
	expect(scenario_run(&S), BIT(FAIL_UNKNOWN_VIGIL));
	assert_non_null(strstr(S.v.report.item[0].detail,
			       "has a malformed TcbInfo: "));
}

/* Two FWIDs: which one is the image? Neither is taken. */
static void two_image_fwids_are_refused(void **state)
{
	(void)state;
	S.spec.ak_two_fwids = true;
	expect(scenario_run(&S), BIT(FAIL_UNKNOWN_PARTITION));
}

static void unknown_partition_measurement_in_ak(void **state)
{
	uint8_t unknown[32];
	(void)state;
	/* The AK certificate names an unknown image; the log, the known one. */
	digest_of("a guest no one knows", unknown);
	S.spec.image_fwid = unknown;
	expect(scenario_run(&S), BIT(FAIL_UNKNOWN_PARTITION));
}

static void unknown_partition_measurement_in_log(void **state)
{
	uint8_t other[32];
	(void)state;
	expect(scenario_run(&S), 0);
	/* The log's vPCR 0 event is of another image, and the quote agrees
	 * with that log (signed by the same AK). */
	digest_of("another image", other);
	fx_log_init(&S.log);
	fx_log_event(&S.log, 0, EV_IPL, other, "hello");
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	scenario_sign(&S);
	expect(scenario_again(&S), BIT(FAIL_UNKNOWN_PARTITION));
	/* Two vPCR 0 events, the image twice. */
	fx_log_init(&S.log);
	fx_log_event(&S.log, 0, EV_IPL, S.image_fwid, "hello");
	fx_log_event(&S.log, 0, EV_IPL, S.image_fwid, "hello");
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	scenario_sign(&S);
	expect(scenario_again(&S), BIT(FAIL_UNKNOWN_PARTITION));
	/* No vPCR 0 event at all. */
	fx_log_init(&S.log);
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	scenario_sign(&S);
	expect(scenario_again(&S), BIT(FAIL_UNKNOWN_PARTITION));
}

static void quote_must_select_vpcr0(void **state)
{
	(void)state;
	S.mask = 1u << 8;
	expect(scenario_run(&S), BIT(FAIL_UNKNOWN_PARTITION));
}

static void wrong_partition_name(void **state)
{
	(void)state;
	S.pol.partition = "probe";
	expect(scenario_run(&S), BIT(FAIL_WRONG_PARTITION));
	S.pol.partition = "hell";
	expect(scenario_again(&S), BIT(FAIL_WRONG_PARTITION));
	S.pol.partition = "hello ";
	expect(scenario_again(&S), BIT(FAIL_WRONG_PARTITION));
}

static void log_that_does_not_replay(void **state)
{
	uint8_t d[32];
	(void)state;
	expect(scenario_run(&S), 0);
	/* One event more than the quote saw. */
	digest_of("late", d);
	fx_log_event(&S.log, 8, EV_IPL, d, "late");
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	expect(scenario_again(&S), BIT(FAIL_LOG_NO_REPLAY));
	/* An event on a vPCR the quote does not select changes nothing. */
	scenario_sign(&S);
	fx_log_event(&S.log, 9, EV_IPL, d, "unquoted");
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	expect(scenario_again(&S), 0);
	/* A malformed log. */
	S.log.buf[S.log.len++] = 0xff;
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	expect(scenario_again(&S), BIT(FAIL_LOG_NO_REPLAY));
	/* No log. */
	S.ev.log = (struct blob){ NULL, 0 };
	expect(scenario_again(&S), BIT(FAIL_LOG_NO_REPLAY));
}

static void tampered_quote_is_a_bad_signature(void **state)
{
	(void)state;
	expect(scenario_run(&S), 0);
	/* The clock's last byte: after the TPM2B_ATTEST size, magic, type,
	 * qualifiedSigner (2 + 34) and extraData (2 + 20). */
	S.quote[2 + 4 + 2 + 36 + 22 + 7] ^= 1;
	expect(scenario_again(&S), BIT(FAIL_BAD_SIGNATURE));
}

static void tcbinfo_may_be_critical(void **state)
{
	(void)state;
	S.spec.tcb_critical = true;
	expect(scenario_run(&S), 0);
}

static void unknown_critical_extension_breaks_the_chain(void **state)
{
	(void)state;
	S.spec.ak_unknown_critical = true;
	expect(scenario_run(&S), BIT(FAIL_CHAIN_BROKEN));
}

/* Concatenated DER, three DER files, a PEM bundle, three PEM files. */
static void certificates_in_every_accepted_form(void **state)
{
	static char pem[3][2048], bundle[6144];
	size_t pem_len[3], bundle_len = 0;
	(void)state;
	expect(scenario_run(&S), 0);
	S.ev.cert_count = 3;
	for (int i = 0; i < 3; i++)
		S.ev.certs[i] = (struct blob){ S.chain.der[i], S.chain.len[i] };
	expect(scenario_again(&S), 0);
	for (int i = 0; i < 3; i++) {
		pem_len[i] = fx_pem(S.chain.der[i], S.chain.len[i], pem[i], sizeof(pem[i]));
		memcpy(bundle + bundle_len, pem[i], pem_len[i]);
		bundle_len += pem_len[i];
		S.ev.certs[i] = (struct blob){ (uint8_t *)pem[i], pem_len[i] };
	}
	expect(scenario_again(&S), 0);
	S.ev.cert_count = 1;
	S.ev.certs[0] = (struct blob){ (uint8_t *)bundle, bundle_len };
	expect(scenario_again(&S), 0);
	/* The PEM text in a buffer of exactly its size (no NUL after it). */
	uint8_t *p = exact((uint8_t *)bundle, bundle_len);
	S.ev.certs[0] = (struct blob){ p, bundle_len };
	expect(scenario_again(&S), 0);
	free(p);
}

static void wrong_certificate_counts_break_the_chain(void **state)
{
	(void)state;
	expect(scenario_run(&S), 0);
	S.ev.certs[0].len = S.chain.len[0] + S.chain.len[1]; /* two */
	expect(scenario_again(&S), BIT(FAIL_CHAIN_BROKEN));
	memcpy(S.certs + S.certs_len, S.chain.der[2], S.chain.len[2]); /* four */
	S.ev.certs[0].len = S.certs_len + S.chain.len[2];
	expect(scenario_again(&S), BIT(FAIL_CHAIN_BROKEN));
	S.certs[S.certs_len] = 0x00; /* trailing garbage */
	S.ev.certs[0].len = S.certs_len + 1;
	expect(scenario_again(&S), BIT(FAIL_CHAIN_BROKEN));
	/* In the wrong order: AK, Alias, DeviceID. */
	S.ev.cert_count = 3;
	S.ev.certs[0] = (struct blob){ S.chain.der[2], S.chain.len[2] };
	S.ev.certs[1] = (struct blob){ S.chain.der[1], S.chain.len[1] };
	S.ev.certs[2] = (struct blob){ S.chain.der[0], S.chain.len[0] };
	assert_true(report_has(scenario_again(&S), FAIL_CHAIN_BROKEN));
}

/* Every prefix and many corruptions of the chain: refused, never overread. */
static void truncated_and_corrupted_chains_are_safe(void **state)
{
	struct chain c;
	struct cert_list list;
	char err[ERR];
	(void)state;
	expect(scenario_run(&S), 0);
	chain_init(&c);
	for (size_t len = 0; len < S.certs_len; len++) {
		uint8_t *p = exact(S.certs, len);
		cert_list_init(&list);
		bool ok = cert_list_add(&list, p, len, err, sizeof(err)) &&
			  chain_load(&c, &list, err, sizeof(err));
		assert_false(ok);
		cert_list_free(&list);
		free(p);
	}
	for (size_t i = 0; i < S.certs_len; i += 3) {
		uint8_t *p = exact(S.certs, S.certs_len);
		p[i] ^= 0x41;
		cert_list_init(&list);
		if (cert_list_add(&list, p, S.certs_len, err, sizeof(err)))
			(void)chain_load(&c, &list, err, sizeof(err));
		cert_list_free(&list);
		free(p);
	}
	chain_free(&c);
	/* Through the whole verification, a corrupted byte every 97. */
	for (size_t i = 0; i < S.certs_len; i += 97) {
		uint8_t *p = exact(S.certs, S.certs_len);
		p[i] ^= 0x10;
		S.ev.certs[0] = (struct blob){ p, S.certs_len };
		assert_false(report_ok(scenario_again(&S)));
		free(p);
	}
}

/* ---- reference digests ------------------------------------------------ */

static void reference_file_parsing(void **state)
{
	static struct refs refs;
	char err[ERR];
	uint8_t d[32];
	(void)state;
	const char *good =
		"# comment\r\n"
		"  \n"
		"00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff  vigil   Vigil 0.1.0 \r\n"
		"ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\tpartition\thello";
	assert_true(refs_parse(good, strlen(good), &refs, err, sizeof(err)));
	assert_int_equal(refs.count, 2);
	assert_int_equal(refs.item[0].kind, REF_VIGIL);
	assert_string_equal(refs.item[0].name, "Vigil 0.1.0");
	assert_int_equal(refs.item[1].kind, REF_PARTITION);
	assert_string_equal(refs.item[1].name, "hello");
	assert_int_equal(refs.item[0].digest[10], 0xaa);
	memcpy(d, refs.item[1].digest, 32);
	assert_ptr_equal(refs_find(&refs, REF_PARTITION, d), &refs.item[1]);
	assert_null(refs_find(&refs, REF_VIGIL, d)); /* the kind matters */

	static const char *const bad[] = {
		"0011 vigil short\n",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeffaa vigil long\n",
		"zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff vigil x\n",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff kernel x\n",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff vigil\n",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff vigil "
		"a-name-of-sixty-four-bytes-is-one-byte-more-than-a-name-may-have-\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (refs_parse(bad[i], strlen(bad[i]), &refs, err, sizeof(err)))
			fail_msg("accepted bad line %zu", i);
	/* Every prefix of a good file: parsed or refused, never overread. */
	for (size_t len = 0; len <= strlen(good); len++) {
		uint8_t *p = exact((const uint8_t *)good, len);
		(void)refs_parse((const char *)p, len, &refs, err, sizeof(err));
		free(p);
	}
}

/* ---- the command line -------------------------------------------------- */

/* Runs cli_main on a NULL-terminated argument list; output into out. */
static int run_cli(char *out, size_t size, ...)
{
	char *argv[40];
	int argc = 0;
	va_list ap;
	argv[argc++] = (char *)"vigil-verify";
	va_start(ap, size);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	FILE *o = tmpfile(), *e = tmpfile();
	assert_non_null(o);
	assert_non_null(e);
	int rc = cli_main(argc, argv, o, e);
	rewind(o);
	size_t n = fread(out, 1, size - 1, o);
	out[n] = '\0';
	fclose(o);
	fclose(e);
	return rc;
}

static void help_documents_every_option(void **state)
{
	static char out[8192];
	static const char *const options[] = {
		"--quote ", "--quote-msg", "--quote-sig", "--certs", "--event-log",
		"--nonce-hex", "--nonce-file", "--device-id", "--refs",
		"--partition", "--quote-only", "--ak-key", "--pcrs", "--print-pcrs",
		"--verbose", "--help",
	};
	(void)state;
	assert_int_equal(run_cli(out, sizeof(out), "--help", NULL), CLI_VERIFIED);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (!strstr(out, options[i]))
			fail_msg("--help does not mention %s", options[i]);
	for (int k = 0; k < FAIL_KINDS; k++)
		if (!strstr(out, failure_name((enum failure)k)))
			fail_msg("--help does not name '%s'", failure_name((enum failure)k));
}

static void cli_checks_the_reference_quote(void **state)
{
	static char out[4096];
	char ak[600], msg[600], sig[600], pcrs[600];
	(void)state;
	source_path(ak, sizeof(ak), "tpm2-quote/ak.pem");
	source_path(msg, sizeof(msg), "tpm2-quote/quote.msg");
	source_path(sig, sizeof(sig), "tpm2-quote/quote.sig");
	source_path(pcrs, sizeof(pcrs), "tpm2-quote/quote.pcrs");
	assert_int_equal(run_cli(out, sizeof(out), "--quote-only", "--ak-key", ak,
				 "--quote-msg", msg, "--quote-sig", sig, "--pcrs",
				 pcrs, "--nonce-hex", "0011223344556677", NULL),
			 CLI_VERIFIED);
	assert_string_equal(out, "QUOTE OK (no certificate chain: measurements and partition not checked)\n");
	assert_int_equal(run_cli(out, sizeof(out), "--quote-only", "--ak-key", ak,
				 "--quote-msg", msg, "--quote-sig", sig, "--pcrs",
				 pcrs, "--nonce-hex", "00112233445566", NULL),
			 CLI_FAILED);
	assert_non_null(strstr(out, "nonce mismatch: "));
	assert_null(strstr(out, "OK"));
	/* Usage errors: no quote; both forms; a nonce that is not hex. */
	assert_int_equal(run_cli(out, sizeof(out), "--quote-only", NULL), CLI_USAGE);
	assert_int_equal(run_cli(out, sizeof(out), "--quote-only", "--ak-key", ak,
				 "--quote-msg", msg, "--quote-sig", sig, "--quote",
				 msg, "--pcrs", pcrs, "--nonce-hex", "00", NULL),
			 CLI_USAGE);
	assert_int_equal(run_cli(out, sizeof(out), "--quote-only", "--ak-key", ak,
				 "--quote-msg", msg, "--quote-sig", sig, "--pcrs",
				 pcrs, "--nonce-hex", "0g", NULL),
			 CLI_USAGE);
	assert_int_equal(run_cli(out, sizeof(out), "--quote-msg", msg,
				 "--quote-sig", sig, "--nonce-hex", "00", NULL),
			 CLI_USAGE); /* full mode needs certs and more */
	assert_int_equal(run_cli(out, sizeof(out), "--bogus", NULL), CLI_USAGE);
}

/* Writes the scenario's evidence and policy as files; returns nothing, the
 * paths are out_path(name). */
static void write_scenario_files(struct scenario *s)
{
	char path[600], text[700], hexv[65], hexp[65], pem[2048];
	out_path(path, sizeof(path), "chain.der");
	fx_write_file(path, s->certs, s->certs_len);
	out_path(path, sizeof(path), "deviceid.pem");
	fx_write_file(path, pem, fx_pem(s->chain.der[0], s->chain.len[0], pem, sizeof(pem)));
	out_path(path, sizeof(path), "quote.bin");
	fx_write_file(path, s->quote, s->quote_len);
	out_path(path, sizeof(path), "log.bin");
	fx_write_file(path, s->log.buf, s->log.len);
	out_path(path, sizeof(path), "nonce.bin");
	fx_write_file(path, ascii_nonce, 20);
	snprintf(text, sizeof(text), "%s vigil Vigil\n%s partition hello\n",
		 hex_encode(s->vigil_fwid, 32, hexv, sizeof(hexv)),
		 hex_encode(s->image_fwid, 32, hexp, sizeof(hexp)));
	out_path(path, sizeof(path), "refs.txt");
	fx_write_file(path, text, strlen(text));
}

static void cli_verifies_vigil_evidence(void **state)
{
	static char out[4096];
	char chain[600], dev[600], quote[600], log[600], nonce[600], refs[600];
	char line[100], hex[65];
	(void)state;
	expect(scenario_run(&S), 0);
	write_scenario_files(&S);
	out_path(chain, sizeof(chain), "chain.der");
	out_path(dev, sizeof(dev), "deviceid.pem");
	out_path(quote, sizeof(quote), "quote.bin");
	out_path(log, sizeof(log), "log.bin");
	out_path(nonce, sizeof(nonce), "nonce.bin");
	out_path(refs, sizeof(refs), "refs.txt");
#define FULL "--quote", quote, "--certs", chain, "--event-log", log, \
	"--device-id", dev, "--refs", refs
	assert_int_equal(run_cli(out, sizeof(out), FULL, "--nonce-file", nonce,
				 "--partition", "hello", NULL), CLI_VERIFIED);
	assert_string_equal(out, "VERIFIED\n");
	assert_int_equal(run_cli(out, sizeof(out), FULL, "--nonce-hex",
				 "5a71334b78394c6d503276523774597734426e43",
				 "--print-pcrs", NULL), CLI_VERIFIED);
	snprintf(line, sizeof(line), "vpcr 0: %s\n",
		 hex_encode(S.log.pcr[0], 32, hex, sizeof(hex)));
	assert_non_null(strstr(out, line));
	snprintf(line, sizeof(line), "vpcr 8: %s\n",
		 hex_encode(S.log.pcr[8], 32, hex, sizeof(hex)));
	assert_non_null(strstr(out, line));
	assert_null(strstr(out, "vpcr 1:"));
	assert_non_null(strstr(out, "\nVERIFIED\n"));
	/* Failures come one to a line, each starting with its name. */
	assert_int_equal(run_cli(out, sizeof(out), FULL, "--nonce-hex", "00",
				 "--partition", "probe", NULL), CLI_FAILED);
	assert_true(strncmp(out, "nonce mismatch: ", 16) == 0);
	assert_non_null(strstr(out, "\nwrong partition: the AK certificate is for 'hello', not 'probe'\n"));
	assert_null(strstr(out, "VERIFIED"));
	/* The same certificates as three files; and --verbose. */
	char c0[600], c1[600], c2[600];
	out_path(c0, sizeof(c0), "c0.der");
	out_path(c1, sizeof(c1), "c1.der");
	out_path(c2, sizeof(c2), "c2.der");
	fx_write_file(c0, S.chain.der[0], S.chain.len[0]);
	fx_write_file(c1, S.chain.der[1], S.chain.len[1]);
	fx_write_file(c2, S.chain.der[2], S.chain.len[2]);
	assert_int_equal(run_cli(out, sizeof(out), "--quote", quote, "--certs", c0,
				 "--certs", c1, "--certs", c2, "--event-log", log,
				 "--device-id", c0, "--refs", refs, "--nonce-file",
				 nonce, "-v", NULL), CLI_VERIFIED);
	assert_non_null(strstr(out, "info: AK certificate CN 'hello'\n"));
	assert_non_null(strstr(out, "info: Alias (Vigil) FWID "));
	assert_non_null(strstr(out, " (hello)\n"));
	assert_non_null(strstr(out, "\nVERIFIED\n"));
	/* Two --certs is neither form. */
	assert_int_equal(run_cli(out, sizeof(out), "--quote", quote, "--certs", c0,
				 "--certs", c1, "--event-log", log, "--device-id",
				 c0, "--refs", refs, "--nonce-file", nonce, NULL),
			 CLI_USAGE);
	/* The log alone, printed. */
	assert_int_equal(run_cli(out, sizeof(out), "--event-log", log,
				 "--print-pcrs", NULL), CLI_VERIFIED);
	char hex8[65], both[200];
	snprintf(both, sizeof(both), "vpcr 0: %s\nvpcr 8: %s\n",
		 hex_encode(S.log.pcr[0], 32, hex, sizeof(hex)),
		 hex_encode(S.log.pcr[8], 32, hex8, sizeof(hex8)));
	assert_string_equal(out, both);
	/* An unreadable verifier input is a usage error, not a verdict. */
	assert_int_equal(run_cli(out, sizeof(out), "--quote", quote, "--certs",
				 chain, "--event-log", log, "--device-id",
				 "/nonexistent/deviceid.pem", "--refs", refs,
				 "--nonce-file", nonce, NULL), CLI_USAGE);
#undef FULL
}

int main(int argc, char **argv)
{
	(void)argc;
	const char *slash = strrchr(argv[0], '/');
	snprintf(out_dir, sizeof(out_dir), "%.*s/verifier-fixtures",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	mkdir(out_dir, 0755);

#define SCENARIO(t) cmocka_unit_test_setup_teardown(t, scenario_setup, scenario_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reference_quote_parses),
		cmocka_unit_test(reference_quote_verifies_with_its_nonce_only),
		cmocka_unit_test(reference_pcr_digest_matches_pcr_file),
		cmocka_unit_test(ascii_nonce_quotes_verify_and_replay_pcr16),
		cmocka_unit_test(quote_only_needs_values_and_a_key),
		cmocka_unit_test(pcr_file_selection_must_be_the_signed_one),
		cmocka_unit_test(mutated_reference_quotes_fail_by_name),
		cmocka_unit_test(joined_reference_quote),
		cmocka_unit_test(truncated_quotes_never_overread),
		cmocka_unit_test(corrupted_quotes_are_refused),
		cmocka_unit_test(malformed_selections_are_named),
		cmocka_unit_test(event_log_replays_by_extending_from_zero),
		cmocka_unit_test(malformed_event_logs_are_refused),
		cmocka_unit_test(event_log_truncations_and_corruptions_are_safe),
		cmocka_unit_test(pcr_file_truncations_and_corruptions_are_safe),
		cmocka_unit_test(tcbinfo_fields_are_read),
		SCENARIO(good_chain_verifies),
		SCENARIO(other_nonce_is_a_mismatch),
		SCENARIO(wrong_pinned_device_id_breaks_the_chain),
		SCENARIO(device_id_in_chain_must_be_the_pinned_one),
		SCENARIO(alias_must_be_a_ca),
		SCENARIO(ak_must_not_be_a_ca),
		SCENARIO(ak_must_be_certified_by_the_alias),
		SCENARIO(unknown_vigil_measurement),
		SCENARIO(two_image_fwids_are_refused),
		SCENARIO(unknown_partition_measurement_in_ak),
		SCENARIO(unknown_partition_measurement_in_log),
		SCENARIO(quote_must_select_vpcr0),
		SCENARIO(wrong_partition_name),
		SCENARIO(log_that_does_not_replay),
		SCENARIO(tampered_quote_is_a_bad_signature),
		SCENARIO(tcbinfo_may_be_critical),
		SCENARIO(unknown_critical_extension_breaks_the_chain),
		SCENARIO(certificates_in_every_accepted_form),
		SCENARIO(wrong_certificate_counts_break_the_chain),
		SCENARIO(truncated_and_corrupted_chains_are_safe),
		cmocka_unit_test(reference_file_parsing),
		cmocka_unit_test(help_documents_every_option),
		cmocka_unit_test(cli_checks_the_reference_quote),
		SCENARIO(cli_verifies_vigil_evidence),
	};
#undef SCENARIO
	return cmocka_run_group_tests_name("verifier", tests, NULL, NULL);
}
