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
#include "../../tools/verifier/json.h"
#include "../../tools/verifier/pcrfile.h"
#include "../../tools/verifier/quote.h"
#include "../../tools/verifier/refs.h"
#include "../../tools/verifier/refvals.h"
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
		"--verbose", "--help", "--reference-values",
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

/* ---- the JSON reader ---------------------------------------------------- */

static bool parses(const char *text, struct json_doc *d)
{
	char err[ERR];
	size_t len = strlen(text);
	uint8_t *p = exact((const uint8_t *)text, len);
	bool ok = json_parse((const char *)p, len, d, err, sizeof(err));
	free(p);
	return ok;
}

static void json_reads_every_kind_of_value(void **state)
{
	static struct json_doc d;
	(void)state;
	const char *text =
		" {\"s\": \"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\u20ac\\ud83d\\ude00\xc3\xa9\","
		"\r\n\t\"n\": [0, -1, 12.5e-3, 1E+2, -0.0],"
		" \"l\": [true, false, null], \"o\": {}, \"a\": [],"
		" \"deep\": [[[1]]]} ";
	assert_true(parses(text, &d));
	assert_int_equal(d.tok[0].type, JSON_OBJECT);
	assert_int_equal(d.tok[0].count, 6);
	assert_int_equal(d.tok[0].end, d.count);
	uint32_t s = json_get(&d, 0, "s");
	assert_int_equal(d.tok[s].type, JSON_STRING);
	assert_string_equal(json_str(&d, s),
			    "a\"b\\c/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9");
	assert_int_equal(d.tok[s].len, strlen(json_str(&d, s)));
	uint32_t n = json_get(&d, 0, "n");
	assert_int_equal(d.tok[n].type, JSON_ARRAY);
	assert_int_equal(d.tok[n].count, 5);
	static const char *const numbers[] = { "0", "-1", "12.5e-3", "1E+2", "-0.0" };
	size_t k = 0;
	for (uint32_t i = json_first(&d, n); i < d.tok[n].end; i = json_next(&d, i)) {
		assert_int_equal(d.tok[i].type, JSON_NUMBER);
		assert_string_equal(json_str(&d, i), numbers[k++]);
	}
	assert_int_equal(k, 5);
	uint32_t l = json_get(&d, 0, "l");
	assert_int_equal(d.tok[l + 1].type, JSON_TRUE);
	assert_int_equal(d.tok[l + 2].type, JSON_FALSE);
	assert_int_equal(d.tok[l + 3].type, JSON_NULL);
	uint32_t o = json_get(&d, 0, "o");
	assert_int_equal(d.tok[o].type, JSON_OBJECT);
	assert_int_equal(d.tok[o].count, 0);
	assert_int_equal(d.tok[o].end, o + 1);
	assert_int_equal(json_get(&d, o, "x"), 0);
	assert_int_equal(json_get(&d, 0, "missing"), 0);
	assert_int_equal(json_get(&d, s, "s"), 0); /* not an object */
	/* Four deep is all the format needs, and all there may be. */
	assert_true(parses("{\"a\": [[[1]]]}", &d));
	assert_false(parses("{\"a\": [[[[1]]]]}", &d));
	assert_false(parses("{\"a\": {\"b\": {\"c\": {\"d\": {}}}}}", &d));
}

static void json_refuses_what_is_not_strict(void **state)
{
	static struct json_doc d;
	(void)state;
	static const char *const bad[] = {
		"", " ", "[]", "\"s\"", "1", "null", "{", "}", "{}}", "{} {}",
		"{\"a\": 1,}", "{\"a\": [1,]}", "{\"a\" 1}", "{\"a\": }", "{a: 1}",
		"{'a': 1}", "{\"a\": 01}", "{\"a\": -}", "{\"a\": 1.}",
		"{\"a\": .5}", "{\"a\": 1e}", "{\"a\": +1}", "{\"a\": 0x10}",
		"{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": tru}",
		"{\"a\": nul}", "{\"a\": True}", "{\"a\": \"\\x\"}",
		"{\"a\": \"\\u12\"}", "{\"a\": \"\\u12g4\"}", "{\"a\": \"\\u0000\"}",
		"{\"a\": \"\\ud800\"}", "{\"a\": \"\\udc00\"}",
		"{\"a\": \"\\ud800\\u0041\"}", "{\"a\": \"tab\there\"}",
		"{\"a\": \"\x01\"}", "{\"a\": \"\xc0\x80\"}", "{\"a\": \"\xc3\"}",
		"{\"a\": \"\xe0\x80\x80\"}", "{\"a\": \"\xed\xa0\x80\"}",
		"{\"a\": \"\xf4\x90\x80\x80\"}", "{\"a\": \"\xf5\x80\x80\x80\"}",
		"{\"a\": \"\x80\"}", "{\"a\": \"\xff\"}", "\xef\xbb\xbf{}",
		"{/* c */}", "{\"a\": 1} // c", "{\"a\": 1, \"a\": 2}",
		"{\"a\": {\"b\": 1, \"b\": 1}}", "{\"a\": 1, \"b\": 2, \"a\": 3}",
		"{\"\\u0061\": 1, \"a\": 2}", "{\"a\": [1 2]}", "{\"a\": [1}",
		"{\"a\": {\"b\": 1]}", "{\"a\"}", "{\"a\":",
		"{\"a\": 123456789012345678901234567890123}",
		"{\"a\": 1.00000000000000000000000000000000e1}",
		"{\"a\": \"\\\"}", "\v{}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parses(bad[i], &d))
			fail_msg("accepted bad JSON %zu: %s", i, bad[i]);
	/* The limits: 32 characters of a number pass, 33 do not. */
	assert_true(parses("{\"a\": 12345678901234567890123456789012}", &d));
	assert_true(parses("{\"a\": \"\\ud83d\\ude00\", \"\\u00e9\": \"\xf4\x8f\xbf\xbf\"}", &d));
	/* A key is told apart from another by its decoded bytes. */
	assert_true(parses("{\"a\": 1, \"a \": 2, \"A\": 3}", &d));
}

static void json_limits_hold(void **state)
{
	static struct json_doc d;
	static char text[JSON_TEXT_MAX + 16];
	char err[ERR];
	(void)state;
	/* 1024 values fit; 1025 do not. */
	size_t n = (size_t)snprintf(text, sizeof(text), "{\"a\": [");
	for (int i = 0; i < 1021; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s0", i ? "," : "");
	snprintf(text + n, sizeof(text) - n, "]}");
	assert_true(json_parse(text, strlen(text), &d, err, sizeof(err)));
	assert_int_equal(d.count, JSON_TOKENS_MAX);
	snprintf(text + n, sizeof(text) - n, ",0]}");
	assert_false(json_parse(text, strlen(text), &d, err, sizeof(err)));
	assert_non_null(strstr(err, "more than 1024 values"));
	/* A string as long as the text may be, and one byte more. */
	memset(text, 'x', sizeof(text));
	memcpy(text, "{\"a\": \"", 7);
	memcpy(text + JSON_TEXT_MAX - 2, "\"}", 2);
	assert_true(json_parse(text, JSON_TEXT_MAX, &d, err, sizeof(err)));
	assert_int_equal(d.tok[2].len, JSON_TEXT_MAX - 9);
	text[JSON_TEXT_MAX - 2] = 'x';
	memcpy(text + JSON_TEXT_MAX - 1, "\"}", 2);
	assert_false(json_parse(text, JSON_TEXT_MAX + 1, &d, err, sizeof(err)));
	/* Escapes decode shorter than they are written. */
	n = (size_t)snprintf(text, sizeof(text), "{\"a\": \"");
	while (n < JSON_TEXT_MAX - 16)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "\\u20ac\\n");
	n += (size_t)snprintf(text + n, sizeof(text) - n, "\"}");
	assert_true(json_parse(text, n, &d, err, sizeof(err)));
}

/* Every prefix and every byte of a JSON text changed: parsed or refused
 * with a reason, never read beyond. */
static void json_truncations_and_corruptions_are_safe(void **state)
{
	static struct json_doc d;
	char err[ERR];
	(void)state;
	const char *text =
		"{\"s\": \"a\\u00e9\\ud83d\\ude00\xc3\xa9\\n\", \"n\": [-1.5e+3, 0],"
		" \"o\": {\"t\": true, \"f\": false, \"z\": null}}";
	size_t len = strlen(text);
	assert_true(json_parse(text, len, &d, err, sizeof(err)));
	for (size_t i = 0; i < len; i++) {
		uint8_t *p = exact((const uint8_t *)text, i);
		err[0] = '\0';
		assert_false(json_parse((const char *)p, i, &d, err, sizeof(err)));
		assert_non_null(strstr(err, "offset "));
		free(p);
	}
	for (size_t i = 0; i < len; i++) {
		static const uint8_t with[] = { 0x00, '"', '\\', '{', '}', '[',
						']', ',', ':', 0x80, 0xff, 'u' };
		for (size_t w = 0; w < sizeof(with); w++) {
			uint8_t *p = exact((const uint8_t *)text, len);
			p[i] = with[w];
			(void)json_parse((const char *)p, len, &d, err, sizeof(err));
			free(p);
		}
	}
}

/* ---- reference values --------------------------------------------------- */

/* A digest in hex, in one of eight buffers used in turn: enough for one
 * printf's arguments. */
static const char *HEX(const uint8_t *d)
{
	static char buf[8][65];
	static unsigned next;
	return hex_encode(d, 32, buf[next++ % 8], sizeof(buf[0]));
}

/* Writes rv as tools/reference_values.py would (keys sorted), on one line. */
static size_t rv_json(const struct refvals *rv, char *out, size_t size)
{
	size_t n = 0;
#define W(...) (n += (size_t)snprintf(out + n, size - n, __VA_ARGS__))
	W("{\"config\": {\"name\": \"%s\", \"sha256\": \"%s\"}, ",
	  rv->config_name, HEX(rv->config));
	W("\"device_id_cert_pem\": \"");
	for (const char *c = rv->device_id_pem; *c; c++)
		*c == '\n' ? W("\\n") : W("%c", *c);
	W("\", \"format\": \"vigil-reference-values-1\", \"partitions\": [");
	for (size_t i = 0; i < rv->count; i++) {
		const struct refval_partition *p = &rv->part[i];
		W("%s{\"allowed_digests\": [", i ? ", " : "");
		for (size_t j = 0; j < p->allowed_count; j++)
			W("%s\"%s\"", j ? ", " : "", HEX(p->allowed[j]));
		W("], \"config_node_sha256\": \"%s\", ", HEX(p->node));
		W("\"expected_vpcrs\": {\"0\": \"%s\", \"1\": \"%s\", \"2\": ",
		  HEX(p->vpcr[0]), HEX(p->vpcr[1]));
		p->refused ? W("null") : W("\"%s\"", HEX(p->vpcr[2]));
		W("}, \"image_sha256\": \"%s\", \"launch_policy\": \"%s\", ",
		  HEX(p->image), p->verify ? "verify" : "measure");
		W("\"name\": \"%s\", \"policy_event\": ", p->name);
		p->refused ? W("null") : W("\"%s\"", p->policy_event);
		W(", \"refused\": %s, \"signer_sha256\": ",
		  p->refused ? "true" : "false");
		p->has_signer ? W("\"%s\"", HEX(p->signer)) : W("null");
		W("}");
	}
	W("], \"vigil\": {\"image_sha256\": \"%s\"}}", HEX(rv->vigil));
#undef W
	assert_true(n < size);
	return n;
}

/* A partition's expected vPCRs, from its digests and policy event. */
static void rv_expect(struct refval_partition *p, const uint8_t config[32])
{
	uint8_t d[32];
	memset(p->vpcr, 0, sizeof(p->vpcr));
	fx_extend(p->vpcr[0], p->image);
	fx_extend(p->vpcr[1], config);
	fx_extend(p->vpcr[1], p->node);
	if (!p->refused) {
		digest_of(p->policy_event, d);
		fx_extend(p->vpcr[2], d);
	}
}

/* Reference values for a config of two partitions: hello (the scenario's
 * image, measured) and probe (another image, verify by signer). */
static void rv_make(struct refvals *rv, const uint8_t vigil[32],
		    const uint8_t hello_image[32], const char *pem)
{
	memset(rv, 0, sizeof(*rv));
	memcpy(rv->vigil, vigil, 32);
	strcpy(rv->config_name, "demo");
	digest_of("the config blob", rv->config);
	snprintf(rv->device_id_pem, sizeof(rv->device_id_pem), "%s", pem);
	rv->count = 2;
	struct refval_partition *p = &rv->part[0];
	strcpy(p->name, "hello");
	memcpy(p->image, hello_image, 32);
	digest_of("hello's node", p->node);
	strcpy(p->policy_event, "launch policy: measure");
	rv_expect(p, rv->config);
	p = &rv->part[1];
	strcpy(p->name, "probe");
	digest_of("probe image", p->image);
	digest_of("probe's node", p->node);
	p->verify = true;
	p->allowed_count = 2;
	digest_of("an allowed image", p->allowed[0]);
	digest_of("another allowed image", p->allowed[1]);
	p->has_signer = true;
	digest_of("a signer's key", p->signer);
	snprintf(p->policy_event, sizeof(p->policy_event),
		 "launch policy: verify: signer %s", HEX(p->signer));
	rv_expect(p, rv->config);
}

static const char fake_pem[] =
	"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

/* rv_make for made-up digests, unrelated to the scenario. */
static void rv_sample(struct refvals *rv)
{
	uint8_t vigil[32], image[32];
	digest_of("vigil", vigil);
	digest_of("hello", image);
	rv_make(rv, vigil, image, fake_pem);
}

/* Parses text (in a buffer of exactly its length). */
static bool rv_parses(const char *text, size_t len, struct refvals *rv,
		      char *err)
{
	uint8_t *p = exact((const uint8_t *)text, len);
	bool ok = refvals_parse((const char *)p, len, rv, err, ERR);
	free(p);
	return ok;
}

static void reference_values_round_trip(void **state)
{
	static struct refvals rv, got;
	static char text[16384];
	char err[ERR];
	(void)state;
	rv_sample(&rv);
	size_t n = rv_json(&rv, text, sizeof(text));
	if (!rv_parses(text, n, &got, err))
		fail_msg("%s", err);
	assert_memory_equal(&got, &rv, sizeof(rv));
	assert_ptr_equal(refvals_find(&got, "probe"), &got.part[1]);
	assert_null(refvals_find(&got, "prob"));
	assert_null(refvals_find(&got, "hello "));
	/* A refused partition: no policy event, no vPCR 2. */
	rv.part[1].refused = true;
	memset(rv.part[1].policy_event, 0, sizeof(rv.part[1].policy_event));
	rv_expect(&rv.part[1], rv.config);
	n = rv_json(&rv, text, sizeof(text));
	if (!rv_parses(text, n, &got, err))
		fail_msg("%s", err);
	assert_memory_equal(&got, &rv, sizeof(rv));
	/* White space anywhere JSON allows it, as the Python tool writes. */
	static char pretty[16384];
	size_t m = 0;
	for (const char *c = text; *c; c++) {
		pretty[m++] = *c;
		if (*c == '{' || *c == '[' || (*c == ',' && c[1] == ' '))
			m += (size_t)snprintf(pretty + m, sizeof(pretty) - m, "\n  ");
	}
	pretty[m++] = '\n';
	assert_true(rv_parses(pretty, m, &got, err));
	assert_memory_equal(&got, &rv, sizeof(rv));
}

/* Replaces the first occurrence of from in text with to, in out. */
static size_t replaced(const char *text, const char *from, const char *to,
		       char *out, size_t size)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("'%s' is not in the file", from);
	int n = snprintf(out, size, "%.*s%s%s", (int)(at - text), text, to,
			 at + strlen(from));
	assert_true(n > 0 && (size_t)n < size);
	return (size_t)n;
}

static void reference_values_refuse_wrong_shapes(void **state)
{
	static struct refvals rv, got;
	static char text[16384], bad[80000];
	char err[ERR];
	(void)state;
	rv_sample(&rv);
	rv_json(&rv, text, sizeof(text));
	const char *const other_hex =
		"\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"";
	static const struct {
		const char *from, *to, *why;
	} cases[] = {
		/* Wrong types. */
		{ "\"refused\": false", "\"refused\": 0", "refused" },
		{ "\"refused\": false", "\"refused\": null", "refused" },
		{ "\"refused\": false", "\"refused\": \"false\"", "refused" },
		{ "\"name\": \"hello\"", "\"name\": 42", "name" },
		{ "\"name\": \"hello\"", "\"name\": [\"hello\"]", "name" },
		{ "\"name\": \"hello\"", "\"name\": null", "name" },
		{ "\"launch_policy\": \"measure\"", "\"launch_policy\": \"Measure\"", "launch_policy" },
		{ "\"launch_policy\": \"measure\"", "\"launch_policy\": true", "launch_policy" },
		{ "\"signer_sha256\": null", "\"signer_sha256\": \"00\"", "signer_sha256" },
		{ "\"signer_sha256\": null", "\"signer_sha256\": false", "signer_sha256" },
		{ "\"allowed_digests\": []", "\"allowed_digests\": [42]", "allowed_digests" },
		{ "\"allowed_digests\": []", "\"allowed_digests\": {}", "allowed_digests" },
		{ "\"allowed_digests\": []", "\"allowed_digests\": null", "allowed_digests" },
		{ "\"policy_event\": \"launch policy: measure\"", "\"policy_event\": null", "policy_event" },
		{ "\"policy_event\": \"launch policy: measure\"", "\"policy_event\": 1", "policy_event" },
		{ "\"policy_event\": \"launch policy: measure\"", "\"policy_event\": \"\"", "policy_event" },
		{ "\"refused\": false", "\"refused\": true", "policy_event" },
		{ "\"expected_vpcrs\": {", "\"expected_vpcrs\": {\"3\": null, ", "expected_vpcrs" },
		{ "\"expected_vpcrs\": {\"0\": ", "\"expected_vpcrs\": {\"0\": 0, \"x\": ", "expected_vpcrs" },
		{ "\"expected_vpcrs\": {", "\"expected_vpcrs\": [", NULL },
		{ "\"image_sha256\": \"", "\"image_sha256\": \"0", "image_sha256" },
		{ "\"image_sha256\": \"", "\"image_sha256\": \"g", "image_sha256" },
		{ "\"config_node_sha256\": ", "\"config_node_sha256\": 1, \"x\": ", NULL },
		{ "\"sha256\": \"", "\"sha256\": \"00", "config.sha256" },
		{ "\"config\": {", "\"config\": {\"extra\": 1, ", "config" },
		{ "\"vigil\": {\"image_sha256\": ", "\"vigil\": {\"image_sha256\": 1, \"x\": ", NULL },
		{ "\"vigil\": {", "\"vigil\": [], \"v\": {", "unknown key \"v\"" },
		{ "\"format\": \"vigil-reference-values-1\"", "\"format\": \"vigil-reference-values-2\"", "format" },
		{ "\"format\": \"vigil-reference-values-1\"", "\"format\": 1", "format" },
		{ "\"partitions\": [", "\"partitions\": [42, ", "partition" },
		{ "\"partitions\": [", "\"partitions\": [[], ", "partition" },
		{ "\"device_id_cert_pem\": \"", "\"device_id_cert_pem\": 1, \"x\": \"", NULL },
		{ "\"device_id_cert_pem\": \"", "\"device_id_cert_pem\": \"\", \"x\": \"", NULL },
		/* Unknown, missing and duplicate keys. */
		{ "\"refused\": false", "\"refused\": false, \"extra\": 1", "unknown key \"extra\"" },
		{ "{\"config\"", "{\"comment\": \"\", \"config\"", "unknown key" },
		{ "\"refused\": false, ", "", "no \"refused\"" },
		{ "\"allowed_digests\": [], ", "", "no \"allowed_digests\"" },
		{ "\"name\": \"hello\"", "\"name\": \"hello\", \"name\": \"hello\"", "already has" },
		{ "\"refused\": false", "\"refused\": false, \"refused\": false", "already has" },
		/* Names: Vigil's characters, at most 31, each once. */
		{ "\"name\": \"hello\"", "\"name\": \"hel lo\"", "name" },
		{ "\"name\": \"hello\"", "\"name\": \"hello\\n\"", "name" },
		{ "\"name\": \"hello\"", "\"name\": \"h\\u00e9llo\"", "name" },
		{ "\"name\": \"hello\"", "\"name\": \"abcdefghijklmnopqrstuvwxyz01234\"", NULL },
		{ "\"name\": \"hello\"", "\"name\": \"probe\"", "another partition" },
		/* Huge numbers. */
		{ "\"refused\": false", "\"refused\": 1234567890123456789012345678901234567890", "number" },
		{ "\"refused\": false", "\"refused\": 1e999999999", "refused" },
		{ "\"refused\": false", "\"refused\": -0.00000000000000000000000000000000001", "number" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = replaced(text, cases[i].from, cases[i].to, bad, sizeof(bad));
		bool ok = rv_parses(bad, n, &got, err);
		/* The case of 31 characters is the one that must pass. */
		if (strstr(cases[i].to, "abcdefghijklmnopqrstuvwxyz01234")) {
			if (!ok)
				fail_msg("refused a 31-character name: %s", err);
			continue;
		}
		if (ok)
			fail_msg("accepted case %zu (%s)", i, cases[i].to);
		if (cases[i].why && !strstr(err, cases[i].why))
			fail_msg("case %zu: '%s' does not say '%s'", i, err, cases[i].why);
		for (size_t b = 0; b < sizeof(got); b++)
			if (((const uint8_t *)&got)[b])
				fail_msg("case %zu left a partial result", i);
	}
	/* Huge strings: each string key at its limit passes, one byte more
	 * does not; and a file past the JSON reader's size. */
	static const struct {
		const char *key, *value; /* the key and its value in the file */
		size_t max;              /* the longest it may be */
	} long_ones[] = {
		{ "\"name\": \"", "hello\"", REFVALS_NAME_MAX - 1 },
		{ "\"device_id_cert_pem\": \"",
		  "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"",
		  REFVALS_PEM_MAX - 1 },
		{ "\"policy_event\": \"", "launch policy: measure\"",
		  VIGIL_EVENT_DATA_MAX },
		{ "\"config\": {\"name\": \"", "demo\"", REFVALS_CONFIG_NAME_MAX - 1 },
		{ "\"name\": \"", "hello\"", 60000 },
		{ "\"format\": \"", "vigil-reference-values-1\"", 66000 },
	};
	for (size_t i = 0; i < sizeof(long_ones) / sizeof(long_ones[0]); i++) {
		static char from[200], to[70000];
		size_t max = long_ones[i].max;
		for (size_t extra = 0; extra < 2; extra++) {
			snprintf(from, sizeof(from), "%s%s", long_ones[i].key,
				 long_ones[i].value);
			size_t k = (size_t)snprintf(to, sizeof(to), "%s",
						    long_ones[i].key);
			memset(to + k, 'a', max + extra);
			snprintf(to + k + max + extra,
				 sizeof(to) - k - max - extra, "\"");
			size_t n = replaced(text, from, to, bad, sizeof(bad));
			bool ok = rv_parses(bad, n, &got, err);
			/* The 60000 and 66000 cases are past every limit. */
			bool want = extra == 0 && max < 10000;
			if (ok != want)
				fail_msg("%s of %zu bytes: %s", long_ones[i].key,
					 max + extra, ok ? "accepted" : err);
		}
	}
	/* Nine allowed digests; and no partition at all. */
	char nine[9 * 70 + 40];
	size_t n = (size_t)snprintf(nine, sizeof(nine), "\"allowed_digests\": [");
	for (int i = 0; i < 9; i++)
		n += (size_t)snprintf(nine + n, sizeof(nine) - n, "%s%s",
				      i ? ", " : "", other_hex);
	snprintf(nine + n, sizeof(nine) - n, "]");
	n = replaced(text, "\"allowed_digests\": []", nine, bad, sizeof(bad));
	assert_false(rv_parses(bad, n, &got, err));
	assert_non_null(strstr(err, "more than 8"));
	const char *parts = strstr(text, "\"partitions\": [");
	const char *vigil = strstr(text, "], \"vigil\"");
	n = (size_t)snprintf(bad, sizeof(bad), "%.*s\"partitions\": [%s",
			     (int)(parts - text), text, vigil);
	assert_false(rv_parses(bad, n, &got, err));
	assert_non_null(strstr(err, "not 1 to 8 partitions"));
	/* Objects where objects belong. */
	const char *at = strstr(text, "\"vigil\": {");
	n = (size_t)snprintf(bad, sizeof(bad), "%.*s\"vigil\": 42}",
			     (int)(at - text), text);
	assert_false(rv_parses(bad, n, &got, err));
	assert_string_equal(err, "vigil: not an object");
	at = strstr(text, "\"expected_vpcrs\": {");
	const char *after = strstr(at, "}, ");
	n = (size_t)snprintf(bad, sizeof(bad), "%.*s\"expected_vpcrs\": [1, 2, 3]%s",
			     (int)(at - text), text, after + 1);
	assert_false(rv_parses(bad, n, &got, err));
	assert_string_equal(err, "partitions[0].expected_vpcrs: not an object");
}

/* Every prefix of a good file is refused, and read no further than it is. */
static void reference_values_truncations_are_safe(void **state)
{
	static struct refvals rv, got;
	static char text[16384];
	char err[ERR];
	(void)state;
	rv_sample(&rv);
	rv.part[1].refused = true;
	memset(rv.part[1].policy_event, 0, sizeof(rv.part[1].policy_event));
	rv_expect(&rv.part[1], rv.config);
	size_t n = rv_json(&rv, text, sizeof(text));
	assert_true(rv_parses(text, n, &got, err));
	for (size_t len = 0; len < n; len++)
		if (rv_parses(text, len, &got, err))
			fail_msg("accepted the first %zu bytes", len);
	/* And every byte changed to one that matters to JSON. */
	for (size_t i = 0; i < n; i += 7) {
		char *p = (char *)exact((const uint8_t *)text, n);
		p[i] = "\"{}[],:0\\"[i % 9];
		(void)refvals_parse(p, n, &got, err, sizeof(err));
		free(p);
	}
}

/* ---- launch events against reference values ------------------------- */

static struct refvals RV;   /* what the verifier pins */
static struct refvals DEV;  /* what the device launched: its log */

/* Vigil's launch events for p of rv, then one of the guest's. */
static void launch_log(struct fx_log *log, const struct refvals *rv,
		       const struct refval_partition *p)
{
	char text[64];
	uint8_t d[32];
	fx_log_init(log);
	snprintf(text, sizeof(text), "%s image", p->name);
	fx_log_event(log, VIGIL_VPCR_IMAGE, EV_IPL, p->image, text);
	fx_log_event(log, VIGIL_VPCR_CONFIG, EV_IPL, rv->config, "vigil config");
	snprintf(text, sizeof(text), "%s config node", p->name);
	fx_log_event(log, VIGIL_VPCR_CONFIG, EV_IPL, p->node, text);
	digest_of(p->policy_event, d);
	fx_log_event(log, VIGIL_VPCR_POLICY, EV_IPL, d, p->policy_event);
	digest_of("guest config", d);
	fx_log_event(log, 8, EV_IPL, d, "config");
}

static int launch_setup(void **state)
{
	scenario_setup(state);
	S.mask = 0x107; /* vPCRs 0, 1, 2 and 8, as the attester quotes */
	rv_make(&RV, S.vigil_fwid, S.image_fwid, fake_pem);
	DEV = RV;
	S.pol.refvals = &RV;
	S.pol.expected = &RV.part[0];
	return 0;
}

/* The scenario with DEV's launch log for hello, signed, verified. */
static const struct report *launch_run(void)
{
	scenario_run(&S);
	launch_log(&S.log, &DEV, &DEV.part[0]);
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	scenario_sign(&S);
	return scenario_again(&S);
}

/* The log now in S.log, signed and verified. */
static const struct report *launch_again(void)
{
	S.ev.log = (struct blob){ S.log.buf, S.log.len };
	scenario_sign(&S);
	return scenario_again(&S);
}

static void launch_as_expected_verifies(void **state)
{
	(void)state;
	expect(launch_run(), 0);
	assert_memory_equal(S.v.log.pcr[1], RV.part[0].vpcr[1], 32);
	assert_memory_equal(S.v.log.pcr[2], RV.part[0].vpcr[2], 32);
	/* Without reference values, the same evidence passes as before. */
	S.pol.refvals = NULL;
	S.pol.expected = NULL;
	expect(scenario_again(&S), 0);
}

static void another_config_is_a_config_mismatch(void **state)
{
	(void)state;
	digest_of("another config blob", DEV.config);
	expect(launch_run(), BIT(FAIL_CONFIG_MISMATCH));
	assert_non_null(strstr(S.v.report.item[0].detail, "'vigil config'"));
	DEV = RV;
	digest_of("another node", DEV.part[0].node);
	expect(launch_run(), BIT(FAIL_CONFIG_MISMATCH));
	/* The file's own config digest another: the same. */
	DEV = RV;
	digest_of("a config no device has", RV.config);
	expect(launch_run(), BIT(FAIL_CONFIG_MISMATCH));
}

static void config_events_must_be_exactly_the_two(void **state)
{
	const struct refval_partition *p = &RV.part[0];
	uint8_t d[32];
	static const struct {
		struct {
			uint32_t type;
			bool node; /* the node's digest, else the config's */
			const char *data;
		} ev[3];
		size_t count;
	} logs[] = {
		/* The node's event names another partition. */
		{ { { EV_IPL, false, "vigil config" },
		    { EV_IPL, true, "probe config node" } }, 2 },
		/* In the other order. */
		{ { { EV_IPL, true, "hello config node" },
		    { EV_IPL, false, "vigil config" } }, 2 },
		/* One more, one fewer. */
		{ { { EV_IPL, false, "vigil config" },
		    { EV_IPL, true, "hello config node" },
		    { EV_IPL, true, "hello config node" } }, 3 },
		{ { { EV_IPL, false, "vigil config" } }, 1 },
		/* Another event type. */
		{ { { 0x80000001u, false, "vigil config" },
		    { EV_IPL, true, "hello config node" } }, 2 },
	};
	(void)state;
	expect(launch_run(), 0);
#define LOG_START() (fx_log_init(&S.log), \
		     fx_log_event(&S.log, 0, EV_IPL, p->image, "hello image"))
#define POLICY() (digest_of(p->policy_event, d), \
		  fx_log_event(&S.log, 2, EV_IPL, d, p->policy_event))
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		LOG_START();
		for (size_t j = 0; j < logs[i].count; j++)
			fx_log_event(&S.log, 1, logs[i].ev[j].type,
				     logs[i].ev[j].node ? p->node : RV.config,
				     logs[i].ev[j].data);
		POLICY();
		expect(launch_again(), BIT(FAIL_CONFIG_MISMATCH));
	}
	/* Data with a NUL for its last byte. */
	LOG_START();
	fx_log_event(&S.log, 1, EV_IPL, RV.config, "vigil config");
	fx_log_event(&S.log, 1, EV_IPL, p->node, "hello config node");
	S.log.buf[S.log.len - 1] = '\0'; /* "hello config nod\0" */
	POLICY();
	expect(launch_again(), BIT(FAIL_CONFIG_MISMATCH));
	/* Nine events on Vigil's vPCRs before: more than a launch logs. */
	digest_of("x", d);
	LOG_START();
	for (int i = 0; i < 9; i++)
		fx_log_event(&S.log, 3, EV_IPL, d, "x");
	fx_log_event(&S.log, 1, EV_IPL, RV.config, "vigil config");
	fx_log_event(&S.log, 1, EV_IPL, p->node, "hello config node");
	POLICY();
	expect(launch_again(), BIT(FAIL_CONFIG_MISMATCH) | BIT(FAIL_POLICY_MISMATCH));
	assert_non_null(strstr(S.v.report.item[0].detail, "more events on vPCRs 0-7"));
#undef LOG_START
#undef POLICY
}

static void config_must_be_quoted(void **state)
{
	(void)state;
	S.mask = 0x105; /* no vPCR 1 */
	expect(launch_run(), BIT(FAIL_CONFIG_MISMATCH));
	assert_non_null(strstr(S.v.report.item[0].detail, "does not select vPCR 1"));
}

static void another_policy_event_is_a_launch_policy_mismatch(void **state)
{
	(void)state;
	snprintf(DEV.part[0].policy_event, sizeof(DEV.part[0].policy_event),
		 "launch policy: verify: allowed digest %s", HEX(S.image_fwid));
	expect(launch_run(), BIT(FAIL_POLICY_MISMATCH));
	/* The text right but its digest another. */
	DEV = RV;
	expect(launch_run(), 0);
	launch_log(&S.log, &DEV, &DEV.part[0]);
	size_t off = S.log.len - (4 + 4 + 4 + 2 + 32 + 4 + 6); /* the guest's */
	size_t policy_len = strlen(DEV.part[0].policy_event);
	off -= 4 + 4 + 4 + 2 + 32 + 4 + policy_len;
	S.log.buf[off + 14] ^= 1; /* its digest's first byte */
	expect(launch_again(), BIT(FAIL_POLICY_MISMATCH) | BIT(FAIL_LOG_NO_REPLAY));
	/* Two policy events; none. */
	uint8_t d[32];
	launch_log(&S.log, &DEV, &DEV.part[0]);
	digest_of(DEV.part[0].policy_event, d);
	fx_log_event(&S.log, 2, EV_IPL, d, DEV.part[0].policy_event);
	expect(launch_again(), BIT(FAIL_POLICY_MISMATCH));
	fx_log_init(&S.log);
	fx_log_event(&S.log, 0, EV_IPL, DEV.part[0].image, "hello image");
	fx_log_event(&S.log, 1, EV_IPL, DEV.config, "vigil config");
	fx_log_event(&S.log, 1, EV_IPL, DEV.part[0].node, "hello config node");
	expect(launch_again(), BIT(FAIL_POLICY_MISMATCH));
	/* vPCR 2 not quoted. */
	S.mask = 0x103;
	expect(launch_run(), BIT(FAIL_POLICY_MISMATCH));
	assert_non_null(strstr(S.v.report.item[0].detail, "does not select vPCR 2"));
}

static void refused_partition_cannot_pass(void **state)
{
	(void)state;
	RV.part[0].refused = true;
	memset(RV.part[0].policy_event, 0, sizeof(RV.part[0].policy_event));
	rv_expect(&RV.part[0], RV.config);
	expect(launch_run(), BIT(FAIL_POLICY_MISMATCH));
	assert_non_null(strstr(S.v.report.item[0].detail, "refused"));
}

/* Expected vPCRs that contradict the file's own digests. */
static void expected_vpcrs_must_replay(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) {
		RV.part[0].vpcr[i][0] ^= 1;
		expect(launch_run(), BIT(i == 0 ? FAIL_UNKNOWN_PARTITION :
					 i == 1 ? FAIL_CONFIG_MISMATCH :
						  FAIL_POLICY_MISMATCH));
		RV.part[0].vpcr[i][0] ^= 1;
	}
}

/* hello's evidence judged as probe's: another image and node. */
static void another_partition_is_named(void **state)
{
	static struct refs refs;
	char err[ERR], text[300];
	(void)state;
	S.pol.expected = &RV.part[1];
	S.pol.partition = "probe";
	snprintf(text, sizeof(text), "%s vigil V\n%s partition probe\n",
		 HEX(RV.vigil), HEX(RV.part[1].image));
	assert_true(refs_parse(text, strlen(text), &refs, err, sizeof(err)));
	S.pol.refs = &refs;
	expect(launch_run(), BIT(FAIL_WRONG_PARTITION) | BIT(FAIL_CONFIG_MISMATCH) |
			     BIT(FAIL_UNKNOWN_PARTITION) | BIT(FAIL_POLICY_MISMATCH));
}

static void cli_verifies_with_reference_values(void **state)
{
	static char out[4096], text[16384];
	char pem[2048], quote[600], chain[600], log[600], nonce[600], dev[600];
	char rv[600], refs[600];
	(void)state;
	expect(launch_run(), 0);
	write_scenario_files(&S);
	fx_pem(S.chain.der[0], S.chain.len[0], pem, sizeof(pem));
	snprintf(RV.device_id_pem, sizeof(RV.device_id_pem), "%s", pem);
	out_path(quote, sizeof(quote), "quote.bin");
	out_path(chain, sizeof(chain), "chain.der");
	out_path(log, sizeof(log), "log.bin");
	out_path(nonce, sizeof(nonce), "nonce.bin");
	out_path(dev, sizeof(dev), "deviceid.pem");
	out_path(refs, sizeof(refs), "refs.txt");
	out_path(rv, sizeof(rv), "reference-values.json");
	fx_write_file(rv, text, rv_json(&RV, text, sizeof(text)));
#define RVFULL "--quote", quote, "--certs", chain, "--event-log", log, \
	"--nonce-file", nonce, "--reference-values", rv
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, "--partition",
				 "hello", NULL), CLI_VERIFIED);
	assert_string_equal(out, "VERIFIED\n");
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, "--partition",
				 "hello", "-v", NULL), CLI_VERIFIED);
	assert_non_null(strstr(out, "info: reference values: config 'demo', "
				    "partition 'hello' (launch policy measure)\n"));
	assert_non_null(strstr(out, "info: AK (partition image) FWID "));
	assert_non_null(strstr(out, " (hello)\n"));
	/* Judged as probe's: each difference by its name. */
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, "--partition",
				 "probe", NULL), CLI_FAILED);
	assert_non_null(strstr(out, "wrong partition: "));
	assert_non_null(strstr(out, "\nconfig mismatch: "));
	assert_non_null(strstr(out, "\nlaunch policy mismatch: "));
	/* Two partitions: --partition must choose; and it must be one of them. */
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, NULL), CLI_USAGE);
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, "--partition",
				 "nobody", NULL), CLI_USAGE);
	/* --device-id and --refs are what it replaces. */
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, "--partition",
				 "hello", "--device-id", dev, NULL), CLI_USAGE);
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, "--partition",
				 "hello", "--refs", refs, NULL), CLI_USAGE);
	assert_int_equal(run_cli(out, sizeof(out), "--quote-only", "--ak-key",
				 dev, "--pcrs", log, "--quote", quote,
				 "--nonce-file", nonce, "--reference-values", rv,
				 NULL), CLI_USAGE);
	/* One partition: chosen without --partition. */
	RV.count = 1;
	fx_write_file(rv, text, rv_json(&RV, text, sizeof(text)));
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, NULL), CLI_VERIFIED);
	/* A file that is not reference values, or whose PEM is no
	 * certificate: the verifier's input is wrong, not the evidence. */
	fx_write_file(rv, text, rv_json(&RV, text, sizeof(text)) - 1);
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, NULL), CLI_USAGE);
	snprintf(RV.device_id_pem, sizeof(RV.device_id_pem), "%s", fake_pem);
	fx_write_file(rv, text, rv_json(&RV, text, sizeof(text)));
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, NULL), CLI_USAGE);
	/* The pinned DeviceID is the file's: another device's breaks the chain. */
	mbedtls_pk_context other;
	uint8_t der[FX_CERT_MAX];
	fx_key(&other, 43);
	struct fx_cert c = { &other, &other, "CN=Vigil DeviceID,serialNumber=01",
			     "CN=Vigil DeviceID,serialNumber=01", 1, 1,
			     MBEDTLS_X509_KU_KEY_CERT_SIGN, NULL, false, false };
	fx_pem(der, fx_cert_der(&c, der, sizeof(der)), pem, sizeof(pem));
	snprintf(RV.device_id_pem, sizeof(RV.device_id_pem), "%s", pem);
	fx_write_file(rv, text, rv_json(&RV, text, sizeof(text)));
	assert_int_equal(run_cli(out, sizeof(out), RVFULL, NULL), CLI_FAILED);
	assert_true(strncmp(out, "chain broken: ", 14) == 0);
	mbedtls_pk_free(&other);
#undef RVFULL
}

int main(int argc, char **argv)
{
	(void)argc;
	const char *slash = strrchr(argv[0], '/');
	snprintf(out_dir, sizeof(out_dir), "%.*s/verifier-fixtures",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	mkdir(out_dir, 0755);

#define SCENARIO(t) cmocka_unit_test_setup_teardown(t, scenario_setup, scenario_teardown)
#define LAUNCH(t) cmocka_unit_test_setup_teardown(t, launch_setup, scenario_teardown)
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
		cmocka_unit_test(json_reads_every_kind_of_value),
		cmocka_unit_test(json_refuses_what_is_not_strict),
		cmocka_unit_test(json_limits_hold),
		cmocka_unit_test(json_truncations_and_corruptions_are_safe),
		cmocka_unit_test(reference_values_round_trip),
		cmocka_unit_test(reference_values_refuse_wrong_shapes),
		cmocka_unit_test(reference_values_truncations_are_safe),
		LAUNCH(launch_as_expected_verifies),
		LAUNCH(another_config_is_a_config_mismatch),
		LAUNCH(config_events_must_be_exactly_the_two),
		LAUNCH(config_must_be_quoted),
		LAUNCH(another_policy_event_is_a_launch_policy_mismatch),
		LAUNCH(refused_partition_cannot_pass),
		LAUNCH(expected_vpcrs_must_replay),
		LAUNCH(another_partition_is_named),
		LAUNCH(cli_verifies_with_reference_values),
	};
#undef SCENARIO
#undef LAUNCH
	return cmocka_run_group_tests_name("verifier", tests, NULL, NULL);
}
