/* SPDX-License-Identifier: MIT */
/*
 * Sealing keys (VIGIL_HC_SEAL_KEY, vigil/attestation.h): a key the guest
 * can encrypt its secrets with and get back after a restart, as long as
 * what the policy binds to has not changed. As in the Open Profile for
 * DICE, sealing has its own CDI apart from the attestation CDI: Vigil's
 * sealing CDI (attest_chain.vigil_seal_cdi) depends on the device secret
 * and Vigil's measurement but not on the whole config, so that another
 * partition's change in the config leaves this partition's keys alone.
 *
 * The derivation (the README documents the same):
 *
 *   DIGEST:  m   = SHA-256("Vigil seal DIGEST" || image_digest || node_digest)
 *   SIGNER:  m   = SHA-256("Vigil seal SIGNER" || signer_digest || name)
 *            cdi = dice_derive_cdi(vigil_seal_cdi, m)
 *            key = HKDF-SHA256(salt = none, IKM = cdi,
 *                              info = "Vigil seal key" || label, L = 32)
 *
 * image_digest, node_digest and signer_digest are the partition's launch
 * facts (struct launch_facts): SHA-256 of the image as measured, of its
 * config node (canonical form) and of the signer's public key (DER
 * SubjectPublicKeyInfo); name is the partition's name without its NUL.
 * The labels are ASCII without a NUL. Every input but the last of each
 * hash and of the HKDF info has a fixed length, so no two different
 * inputs give the same bytes. dice_derive_cdi is HKDF(salt = the CDI
 * below, IKM = m, info = "Vigil CDI", L = 32) (monitor/dice_keys.c).
 *
 * So a DIGEST key changes with the device, Vigil, the partition's config
 * node (which holds its name) and any byte of its image; a SIGNER key
 * changes with the device, Vigil, the signer and the partition's name, but
 * not with the image: an update that the same signer signed gets the same
 * key. The name keeps two partitions verified by one signer apart.
 *
 * Only the key derived for the caller leaves this file; the CDI and every
 * intermediate are zeroed. Nothing here allocates: the HMAC and HKDF of
 * dice_internal.h run on mbedTLS's SHA-256, which works on the stack, so
 * the crypto lock (which guards the shared allocator arena) is not taken.
 */
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <vigil/string.h>

#include "attest_internal.h"
#include "dice_internal.h"

static const char digest_label[] = "Vigil seal DIGEST";
static const char signer_label[] = "Vigil seal SIGNER";
static const char key_info[] = "Vigil seal key";

#define SEAL_LABEL_LEN (sizeof(digest_label) - 1)
_Static_assert(sizeof(digest_label) == sizeof(signer_label),
	       "the policy labels have one length");

#define KEY_INFO_LEN (sizeof(key_info) - 1)

/* m of the policy (see above) from the partition's launch facts; a->lock
 * held. Returns 0, or an mbedTLS error. */
static int seal_measurement(const struct launch_facts *f, uint32_t policy,
			    uint8_t m[VIGIL_DIGEST_SIZE])
{
	bool digest = policy == VIGIL_SEAL_DIGEST;
	const char *label = digest ? digest_label : signer_label;
	const uint8_t *first = digest ? f->image_digest : f->signer_digest;
	const uint8_t *last = digest ? f->node_digest : (const uint8_t *)f->name;
	size_t last_len = digest ? VIGIL_DIGEST_SIZE
				 : strnlen(f->name, PARTITION_NAME_MAX);
	mbedtls_sha256_context ctx;

	mbedtls_sha256_init(&ctx);
	int ret = mbedtls_sha256_starts_ret(&ctx, 0);
	if (!ret)
		ret = mbedtls_sha256_update_ret(&ctx, (const uint8_t *)label,
						SEAL_LABEL_LEN);
	if (!ret)
		ret = mbedtls_sha256_update_ret(&ctx, first, VIGIL_DIGEST_SIZE);
	if (!ret)
		ret = mbedtls_sha256_update_ret(&ctx, last, last_len);
	if (!ret)
		ret = mbedtls_sha256_finish_ret(&ctx, m);
	mbedtls_sha256_free(&ctx);
	return ret;
}

/* key = HKDF-SHA256(no salt, cdi, "Vigil seal key" || label, 32). */
static int seal_hkdf(const uint8_t cdi[DICE_SECRET_SIZE], const uint8_t *label,
		     size_t label_len, uint8_t key[VIGIL_SEAL_KEY_SIZE])
{
	uint8_t info[KEY_INFO_LEN + VIGIL_SEAL_LABEL_MAX];
	uint8_t prk[VIGIL_DIGEST_SIZE];
	memcpy(info, key_info, KEY_INFO_LEN);
	if (label_len)
		memcpy(info + KEY_INFO_LEN, label, label_len);
	int ret = dice_hkdf_extract(NULL, 0, cdi, DICE_SECRET_SIZE, prk);
	if (!ret)
		ret = dice_hkdf_expand(prk, info, KEY_INFO_LEN + label_len, key,
				       VIGIL_SEAL_KEY_SIZE);
	mbedtls_platform_zeroize(prk, sizeof(prk));
	mbedtls_platform_zeroize(info, sizeof(info));
	return ret;
}

int attestation_seal_key(struct attestation *a, uint32_t policy,
			 const uint8_t *label, size_t label_len,
			 uint8_t key[VIGIL_SEAL_KEY_SIZE])
{
	uint8_t m[VIGIL_DIGEST_SIZE], cdi[DICE_SECRET_SIZE];
	uint8_t okm[VIGIL_SEAL_KEY_SIZE];

	if ((policy != VIGIL_SEAL_DIGEST && policy != VIGIL_SEAL_SIGNER) ||
	    label_len > VIGIL_SEAL_LABEL_MAX)
		return -VIGIL_EINVAL;
	spin_lock(&a->lock);
	int rc = a->ready ? 0 : -VIGIL_ENODEV;
	if (!rc && policy == VIGIL_SEAL_SIGNER && !a->facts.has_signer)
		rc = -VIGIL_EPERM;
	if (!rc)
		rc = dice_mbedtls_error(seal_measurement(&a->facts, policy, m));
	spin_unlock(&a->lock);
	if (rc)
		goto out;
	/* a->ready implies attest_chain.ready: the sealing CDI is set and no
	 * longer changes. */
	dice_derive_cdi(attest_chain.vigil_seal_cdi, m, cdi);
	rc = dice_mbedtls_error(seal_hkdf(cdi, label, label_len, okm));
	if (!rc)
		memcpy(key, okm, VIGIL_SEAL_KEY_SIZE);
out:
	mbedtls_platform_zeroize(m, sizeof(m));
	mbedtls_platform_zeroize(cdi, sizeof(cdi));
	mbedtls_platform_zeroize(okm, sizeof(okm));
	return rc;
}
