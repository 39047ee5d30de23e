/* SPDX-License-Identifier: MIT */
/*
 * Quotes: a TPMS_ATTEST over the selected vPCRs and the verifier's nonce,
 * signed with the partition's AK, in the layout a TPM's TPM2_Quote returns
 * (TPM2B_ATTEST, then TPMT_SIGNATURE), so tpm2_checkquote can check it.
 */
#include <mbedtls/sha256.h>
#include <vigil/arch.h>
#include <vigil/string.h>
#include <vigil/tpm.h>
#include <vigil/version.h>

#include "attest_internal.h"

#define QUOTE_ATTEST_MAX 256
#define QUOTE_SIGNATURE_MAX 80

/* clockInfo.clock: milliseconds since the partition started. */
static uint64_t partition_clock_ms(const struct attestation *a)
{
	return (arch_counter_ticks() - a->start_ticks) * 1000 / arch_counter_hz();
}

/* firmwareVersion: Vigil's version as major << 32 | minor << 16 | patch. */
static uint64_t firmware_version(void)
{
	return ((uint64_t)VIGIL_VERSION_MAJOR << 32) |
	       ((uint64_t)VIGIL_VERSION_MINOR << 16) | VIGIL_VERSION_PATCH;
}

static int build_attest(struct attestation *a, const uint8_t *nonce,
			size_t nonce_len, uint32_t mask, uint8_t *attest)
{
	struct tpm_quote_info q = {
		.extra_data = nonce,
		.extra_data_len = nonce_len,
		.clock = partition_clock_ms(a),
		.reset_count = 0,
		.restart_count = a->restart_count,
		.safe = 1,
		.firmware_version = firmware_version(),
		.pcr_mask = mask,
	};
	memcpy(q.signer_name, a->ak_name, sizeof(q.signer_name));
	tpm_pcr_digest(a->vpcr, mask, q.pcr_digest);
	size_t needed = 0;
	return tpm_marshal_quote(&q, attest, QUOTE_ATTEST_MAX, &needed);
}

static int sign_attest(struct attestation *a, const uint8_t *attest,
		       size_t len, uint8_t *sig)
{
	uint8_t hash[VIGIL_DIGEST_SIZE], r[DICE_P256_SIZE], s[DICE_P256_SIZE];
	mbedtls_sha256_ret(attest, len, hash, 0);
	spin_lock(&attest_crypto_lock);
	int rc = dice_sign(&a->ak, hash, r, s);
	spin_unlock(&attest_crypto_lock);
	if (rc)
		return rc;
	size_t needed = 0;
	return tpm_marshal_ecdsa_signature(r, s, sig, QUOTE_SIGNATURE_MAX,
					   &needed);
}

int attestation_quote(struct attestation *a, const uint8_t *nonce,
		      size_t nonce_len, uint32_t mask, uint8_t *out,
		      size_t size, size_t *needed)
{
	if (nonce_len > VIGIL_NONCE_MAX || mask == 0 ||
	    (mask >> VIGIL_VPCR_COUNT) != 0)
		return -VIGIL_EINVAL;
	uint8_t quote[2 + QUOTE_ATTEST_MAX + QUOTE_SIGNATURE_MAX];
	spin_lock(&a->lock);
	int rc = a->ready ? build_attest(a, nonce, nonce_len, mask, quote + 2)
			  : -VIGIL_ENODEV;
	int sig_len = rc < 0 ? rc : sign_attest(a, quote + 2, (size_t)rc,
						  quote + 2 + rc);
	spin_unlock(&a->lock);
	if (rc < 0)
		return rc;
	if (sig_len < 0)
		return sig_len;
	quote[0] = (uint8_t)(rc >> 8); /* TPM2B_ATTEST.size, big-endian */
	quote[1] = (uint8_t)rc;
	return attest_copy_out(quote, 2 + (size_t)rc + (size_t)sig_len, out,
			       size, needed);
}
