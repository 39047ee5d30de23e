/* SPDX-License-Identifier: MIT */
/*
 * The quote's signature: ECDSA P-256 over SHA-256 of the TPMS_ATTEST bytes
 * exactly as received (TPM 2.0 Library Part 3, TPM2_Quote: the TPM
 * signs the digest of the marshalled attestation structure).
 */
#ifndef VERIFIER_SIGNATURE_H
#define VERIFIER_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>

#include <mbedtls/pk.h>

#include "quote.h"

/*
 * Returns true if q's parsed signature (q->sig_ok) verifies over
 * q->attest with key, which must be an EC key on P-256. Otherwise false
 * with the reason in err.
 */
bool signature_verify(const struct quote *q, const mbedtls_pk_context *key,
		      char *err, size_t err_size);

/* Parses a public key, PEM or DER SubjectPublicKeyInfo, into key (which the
 * caller has initialised). data must have a NUL byte after len bytes, as
 * file_read gives it, for the PEM case. */
bool signature_load_key(mbedtls_pk_context *key, const uint8_t *data,
			size_t len, char *err, size_t err_size);

#endif /* VERIFIER_SIGNATURE_H */
