/* SPDX-License-Identifier: MIT */
/*
 * DICE-style keys and certificates (TCG DICE Layering Architecture, as in
 * the Open Profile for DICE): each layer's Compound Device Identifier (CDI)
 * is derived from the one below and the layer's measurement; each layer's
 * key is derived from its CDI; each layer's certificate is signed by the
 * layer below.
 *
 *   UDS ──────────────► DeviceID key     (self-signed certificate)
 *   UDS + Vigil digest ─► Vigil's CDI ─► Alias key (signed by DeviceID)
 *   Vigil's CDI + image digest ─► partition CDI ─► AK (signed by Alias)
 *
 * Built on mbedTLS (Vigil's configuration, monitor/mbedtls_config.h). All
 * derivations are deterministic: the same inputs give the same keys and
 * the same certificate bytes. Key material stays in the caller's memory.
 */
#ifndef VIGIL_DICE_H
#define VIGIL_DICE_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/attest.h>
#include <vigil/hypercall.h>

#define DICE_SECRET_SIZE 32
#define DICE_P256_SIZE 32

struct dice_keypair {
	uint8_t private_key[DICE_P256_SIZE]; /* scalar d, big-endian */
	uint8_t public_x[DICE_P256_SIZE];
	uint8_t public_y[DICE_P256_SIZE];
};

/*
 * Next layer's CDI: HMAC-SHA256 keyed with secret (the UDS or the layer
 * below's CDI) over the measurement, then HKDF-Expand(..., "Vigil CDI").
 */
void dice_derive_cdi(const uint8_t secret[DICE_SECRET_SIZE],
		     const uint8_t measurement[VIGIL_DIGEST_SIZE],
		     uint8_t cdi[DICE_SECRET_SIZE]);

/*
 * A P-256 key pair derived from secret and a label naming its use ("Vigil
 * DeviceID", "Vigil Alias", "Vigil AK"). Returns 0, or a negative VIGIL_E*
 * value if mbedTLS fails.
 */
int dice_derive_keypair(const uint8_t secret[DICE_SECRET_SIZE],
			const char *label, struct dice_keypair *key);

/* Deterministic ECDSA (RFC 6979) over a SHA-256 hash. Returns 0 or < 0. */
int dice_sign(const struct dice_keypair *key,
	      const uint8_t hash[VIGIL_DIGEST_SIZE], uint8_t r[DICE_P256_SIZE],
	      uint8_t s[DICE_P256_SIZE]);

/* What goes into one certificate. */
struct dice_cert_request {
	const struct dice_keypair *subject; /* only the public half is used */
	const struct dice_keypair *issuer;  /* signs; == subject: self-signed */
	const char *subject_cn;             /* e.g. "Vigil DeviceID", a partition's name */
	const char *issuer_cn;
	int is_ca;                          /* 1: cA TRUE with keyCertSign */
	/* TcbInfo (OID 2.23.133.5.4.1), when fwid is non-NULL: */
	const uint8_t *fwid;                /* SHA-256 measurement of the layer */
	const char *tcb_vendor, *tcb_model, *tcb_version;
	unsigned int tcb_layer;
};

/*
 * Writes the DER certificate into out. Subject and issuer are
 * "CN=<cn>, SERIALNUMBER=<hex key id>" with the key id the first 20 bytes
 * of SHA-256 over the uncompressed public point; the serial number, subject
 * and authority key identifiers derive from the same ids. Validity is fixed
 * (not before 2026-01-01, not after 9999-12-31, RFC 5280 4.1.2.5).
 * Returns the DER length, -VIGIL_ENOSPC (*needed set) if size is too
 * small, or another negative VIGIL_E* value if mbedTLS fails.
 */
int dice_cert_write(const struct dice_cert_request *req, uint8_t *out,
		    size_t size, size_t *needed);

#endif /* VIGIL_DICE_H */
