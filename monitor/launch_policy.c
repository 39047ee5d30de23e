/* SPDX-License-Identifier: MIT */
/*
 * Launch policies. "measure" lets any image run (it is measured and
 * logged either way); "verify" wants the image's SHA-256 among the config's
 * allowed digests, or a detached ECDSA P-256 signature over that SHA-256
 * (DER, as `openssl dgst -sha256 -sign` writes it) by the config's signer.
 */
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>
#include <vigil/format.h>
#include <vigil/launch_policy.h>
#include <vigil/string.h>

#include "attest_internal.h"

#define SIGNATURE_MAX 128

static void hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static bool allowed_digest(const struct partition_config *cfg,
			   const uint8_t digest[VIGIL_DIGEST_SIZE])
{
	for (unsigned int i = 0; i < cfg->allowed_count; i++) {
		if (memcmp(cfg->allowed_digests[i], digest, VIGIL_DIGEST_SIZE) == 0)
			return true;
	}
	return false;
}

/* SHA-256 of the signer's key as DER SubjectPublicKeyInfo, whatever form
 * the config gave it in, so a verifier gets the same value from either. */
static int signer_digest(mbedtls_pk_context *pk, uint8_t out[VIGIL_DIGEST_SIZE])
{
	uint8_t der[PARTITION_SIGNER_MAX];
	int len = mbedtls_pk_write_pubkey_der(pk, der, sizeof(der));
	if (len <= 0)
		return -1;
	/* mbedTLS writes DER at the end of the buffer. */
	mbedtls_sha256_ret(der + sizeof(der) - len, (size_t)len, out, 0);
	return 0;
}

/* Verifies the image signature; on success fills the signer's digest. */
static const char *check_signature(const struct partition_config *cfg,
				   const uint8_t image_digest[VIGIL_DIGEST_SIZE],
				   uint8_t signer[VIGIL_DIGEST_SIZE])
{
	uint8_t key[PARTITION_SIGNER_MAX + 1], sig[SIGNATURE_MAX];
	if (!cfg->signature_size)
		return "the image has no signature";
	/* mbedTLS parses PEM only from a NUL-terminated buffer. */
	memcpy(key, cfg->signer_key, cfg->signer_key_len);
	key[cfg->signer_key_len] = '\0';
	memcpy(sig, pa_ptr(cfg->signature_pa), cfg->signature_size);

	mbedtls_pk_context pk;
	mbedtls_pk_init(&pk);
	const char *why = NULL;
	size_t key_len = cfg->signer_key_len + (key[0] == '-' ? 1 : 0);
	if (mbedtls_pk_parse_public_key(&pk, key, key_len) != 0 ||
	    !mbedtls_pk_can_do(&pk, MBEDTLS_PK_ECDSA) ||
	    mbedtls_pk_ec(pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1)
		why = "vigil,image-signer is not a P-256 public key";
	else if (mbedtls_pk_verify(&pk, MBEDTLS_MD_SHA256, image_digest,
				   VIGIL_DIGEST_SIZE, sig,
				   (size_t)cfg->signature_size) != 0)
		why = "the signature does not verify with vigil,image-signer";
	else if (signer_digest(&pk, signer) != 0)
		why = "the signer's key cannot be encoded";
	mbedtls_pk_free(&pk);
	return why;
}

static void expected_digests(const struct partition_config *cfg, char *out,
			     size_t size)
{
	size_t used = (size_t)format(out, size, "allowed digests:");
	for (unsigned int i = 0; i < cfg->allowed_count && used < size; i++) {
		char h[65];
		hex(cfg->allowed_digests[i], VIGIL_DIGEST_SIZE, h);
		used += (size_t)format(out + used, size - used, " %s", h);
	}
	if (!cfg->allowed_count)
		format(out, size, "no allowed digests");
}

bool launch_policy_check(const struct partition_config *cfg,
			 const uint8_t image_digest[VIGIL_DIGEST_SIZE],
			 struct launch_facts *facts, char *why, size_t why_size)
{
	char h[65];
	facts->has_signer = false;
	if (cfg->launch_policy == LAUNCH_MEASURE) {
		format(facts->policy_event, sizeof(facts->policy_event),
		       "launch policy: measure");
		return true;
	}
	if (allowed_digest(cfg, image_digest)) {
		hex(image_digest, VIGIL_DIGEST_SIZE, h);
		format(facts->policy_event, sizeof(facts->policy_event),
		       "launch policy: verify: allowed digest %s", h);
		return true;
	}
	const char *sig_problem = "no vigil,image-signer";
	if (cfg->signer_key_len) {
		spin_lock(&attest_crypto_lock); /* mbedTLS's arena */
		sig_problem = check_signature(cfg, image_digest,
					      facts->signer_digest);
		spin_unlock(&attest_crypto_lock);
	}
	if (!sig_problem) {
		facts->has_signer = true;
		hex(facts->signer_digest, VIGIL_DIGEST_SIZE, h);
		format(facts->policy_event, sizeof(facts->policy_event),
		       "launch policy: verify: signer %s", h);
		return true;
	}
	char expected[8 * 66 + 32];
	expected_digests(cfg, expected, sizeof(expected));
	hex(image_digest, VIGIL_DIGEST_SIZE, h);
	format(why, why_size, "measured sha256 %s; expected %s; signature: %s",
	       h, expected, sig_problem);
	return false;
}
