/* SPDX-License-Identifier: MIT */
/*
 * Test inputs for the verifier, made at test time with the host's mbedTLS:
 * P-256 keys, a DICE-style certificate chain with TcbInfo extensions,
 * TPM 2.0 quotes signed like Vigil signs them, and TCG crypto-agile event
 * logs. Written here from the specifications, separately from Vigil's own
 * code, so that the verifier's tests do not inherit Vigil's mistakes.
 *
 * Every function asserts (cmocka) that it succeeded; sizes are generous
 * fixed buffers, as these are tests.
 */
#ifndef VERIFIER_FIXTURES_H
#define VERIFIER_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/pk.h>

#define FX_CERT_MAX 1024
#define FX_LOG_MAX 4096

/* Deterministic bytes (SHA-256 in counter mode over a seed), so that keys
 * and signatures are the same on every run. */
struct fx_rng {
	uint32_t seed, counter;
};
int fx_rng_bytes(void *rng, unsigned char *out, size_t len);

/* A fresh P-256 key derived from seed, in pk (initialised here). */
void fx_key(mbedtls_pk_context *pk, uint32_t seed);

/* SHA-256 of data; and pcr = SHA-256(pcr || digest). */
void fx_sha256(const void *data, size_t len, uint8_t out[32]);
void fx_extend(uint8_t pcr[32], const uint8_t digest[32]);

/* What goes into a TcbInfo extension. */
struct fx_tcb {
	const char *vendor, *model, *version;
	int layer;              /* < 0: absent */
	const uint8_t *fwid;    /* NULL: no fwids field */
	size_t fwid_len;        /* 32 normally */
	bool second_fwid;       /* a second SHA-256 FWID */
	bool sha384_fwid;       /* an extra FWID of another hash first */
};

/* DER DiceTcbInfo into out; returns its length. */
size_t fx_tcbinfo(const struct fx_tcb *t, uint8_t *out, size_t size);

/* One certificate. */
struct fx_cert {
	mbedtls_pk_context *subject_key, *issuer_key;
	const char *subject, *issuer; /* "CN=...,serialNumber=..." */
	int serial;
	int is_ca;               /* 1, 0, or -1 for no basicConstraints */
	unsigned key_usage;      /* 0: no keyUsage extension */
	const struct fx_tcb *tcb; /* NULL: no TcbInfo */
	bool tcb_critical;
	bool unknown_critical;   /* add a critical extension no one knows */
};

/* DER certificate into out; returns its length. */
size_t fx_cert_der(const struct fx_cert *c, uint8_t *out, size_t size);

/* How the usual three-certificate chain should come out. */
struct fx_chain_spec {
	const uint8_t *vigil_fwid, *image_fwid;
	const char *partition;       /* the AK's CN */
	bool alias_not_ca;
	bool ak_is_ca;
	bool ak_by_device_id;        /* AK issued and signed by DeviceID */
	bool alias_no_tcbinfo;
	bool alias_short_fwid;       /* a SHA-256 FWID of 31 bytes */
	bool ak_two_fwids;           /* two SHA-256 FWIDs in the AK's */
	bool tcb_critical;
	bool ak_unknown_critical;
};

struct fx_chain {
	mbedtls_pk_context device_id, alias, ak;
	uint8_t der[3][FX_CERT_MAX]; /* DeviceID, Alias, AK */
	size_t len[3];
};

void fx_chain_make(struct fx_chain *c, const struct fx_chain_spec *spec);
void fx_chain_free(struct fx_chain *c);

/* What goes into a TPMS_ATTEST; fx_quote_defaults gives a well-formed one. */
struct fx_attest {
	uint32_t magic;
	uint16_t type;
	const uint8_t *nonce;
	size_t nonce_len;
	uint8_t safe;
	uint32_t bank_count;     /* TPML_PCR_SELECTION count */
	uint16_t bank_hash;
	uint8_t select_size;
	uint8_t select[8];
	uint16_t digest_size;
	uint8_t pcr_digest[32];
};

void fx_attest_defaults(struct fx_attest *a, uint32_t mask,
			const uint8_t digest[32]);
size_t fx_attest_bytes(const struct fx_attest *a, uint8_t *out, size_t size);

/* TPMT_SIGNATURE over attest with key, r and s stripped of leading zeros
 * as a TPM may send them. */
size_t fx_sign(mbedtls_pk_context *key, const uint8_t *attest, size_t len,
	       uint8_t *out, size_t size);

/* TPM2B_ATTEST || TPMT_SIGNATURE. */
size_t fx_quote_join(const uint8_t *attest, size_t attest_len,
		     const uint8_t *sig, size_t sig_len, uint8_t *out,
		     size_t size);

/* An event log being written. */
struct fx_log {
	uint8_t buf[FX_LOG_MAX];
	size_t len;
	uint8_t pcr[24][32]; /* what it replays to */
};

/* Starts a log with the Spec ID record (SHA-256 only). */
void fx_log_init(struct fx_log *log);
/* Appends a TCG_PCR_EVENT2 and extends log->pcr. */
void fx_log_event(struct fx_log *log, uint32_t pcr, uint32_t type,
		  const uint8_t digest[32], const char *data);

/* Writes bytes to path. */
void fx_write_file(const char *path, const void *data, size_t len);

/* PEM CERTIFICATE text of der into out (NUL-terminated); returns its
 * length without the NUL. */
size_t fx_pem(const uint8_t *der, size_t len, char *out, size_t size);

#endif /* VERIFIER_FIXTURES_H */
