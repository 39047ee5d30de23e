/* SPDX-License-Identifier: MIT */
/* ECDSA P-256 check of a quote; see signature.h. */
#include <stdio.h>

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include "file.h"
#include "signature.h"

static bool fail(char *err, size_t err_size, const char *what)
{
	snprintf(err, err_size, "%s", what);
	return false;
}

/* The key's EC context if it is a P-256 key usable for ECDSA, else NULL. */
static mbedtls_ecp_keypair *p256_key(const mbedtls_pk_context *key)
{
	if (!mbedtls_pk_can_do(key, MBEDTLS_PK_ECDSA))
		return NULL;
	mbedtls_ecp_keypair *ec = mbedtls_pk_ec(*key);
	if (!ec || ec->grp.id != MBEDTLS_ECP_DP_SECP256R1)
		return NULL;
	return ec;
}

static bool ecdsa_check(mbedtls_ecp_keypair *ec,
			const uint8_t hash[VIGIL_DIGEST_SIZE],
			const struct quote *q)
{
	mbedtls_mpi r, s;
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	bool ok = mbedtls_mpi_read_binary(&r, q->r, sizeof(q->r)) == 0 &&
		  mbedtls_mpi_read_binary(&s, q->s, sizeof(q->s)) == 0 &&
		  mbedtls_ecdsa_verify(&ec->grp, hash, VIGIL_DIGEST_SIZE, &ec->Q,
				       &r, &s) == 0;
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	return ok;
}

bool signature_verify(const struct quote *q, const mbedtls_pk_context *key,
		      char *err, size_t err_size)
{
	uint8_t hash[VIGIL_DIGEST_SIZE];

	if (!q->sig_ok)
		return fail(err, err_size, "no usable TPMT_SIGNATURE");
	mbedtls_ecp_keypair *ec = p256_key(key);
	if (!ec)
		return fail(err, err_size, "the AK is not an ECDSA P-256 key");
	if (mbedtls_sha256_ret(q->attest, q->attest_len, hash, 0) != 0)
		return fail(err, err_size, "SHA-256 failed");
	if (!ecdsa_check(ec, hash, q))
		return fail(err, err_size,
			    "ECDSA P-256 signature over the TPMS_ATTEST does not verify with the AK");
	return true;
}

bool signature_load_key(mbedtls_pk_context *key, const uint8_t *data,
			size_t len, char *err, size_t err_size)
{
	/* mbedtls takes PEM only NUL-terminated, with the NUL counted. */
	size_t n = file_is_pem(data, len) ? len + 1 : len;
	if (mbedtls_pk_parse_public_key(key, data, n) != 0)
		return fail(err, err_size, "not a PEM or DER public key");
	if (!p256_key(key))
		return fail(err, err_size, "not an ECDSA P-256 public key");
	return true;
}
