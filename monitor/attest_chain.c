/* SPDX-License-Identifier: MIT */
/*
 * Vigil's layer of the DICE chain (hyp/include/vigil/dice.h): DeviceID from
 * the device secret alone (stable across Vigil updates); Vigil's CDI from
 * the secret, Vigil's measurement and the config's, and the Alias key from
 * that CDI; the two certificates; and, apart, Vigil's sealing CDI from the
 * secret and Vigil's measurement only (so sealed data survives a config
 * change that leaves the partition's own node alone). The secret is zeroed
 * as soon as all are derived.
 */
#include <mbedtls/sha256.h>
#include <vigil/log.h>
#include <vigil/string.h>
#include <vigil/version.h>

#include "attest_internal.h"

struct spinlock attest_crypto_lock;
struct attest_chain attest_chain;

/* The DeviceID key depends on no measurement: hash nothing. */
static const uint8_t no_measurement[VIGIL_DIGEST_SIZE];

void attestation_measure_vigil(const struct rot_provider *rot)
{
	rot->measure_self(attest_chain.vigil_digest);
}

const uint8_t *attestation_vigil_digest(void)
{
	return attest_chain.vigil_digest;
}

int attest_copy_out(const void *src, size_t len, uint8_t *out, size_t size,
		    size_t *needed)
{
	if (len > size) {
		*needed = len;
		return -VIGIL_ENOSPC;
	}
	memcpy(out, src, len);
	return (int)len;
}

static int write_cert(const struct dice_cert_request *req, uint8_t *out,
		      size_t *len)
{
	size_t needed = 0;
	int rc = dice_cert_write(req, out, ATTEST_CERT_MAX, &needed);
	if (rc < 0)
		return rc;
	*len = (size_t)rc;
	return 0;
}

/* SHA-256(a || b), or of a and a label: a layer's combined measurement. */
static void hash_pair(const uint8_t *a, size_t a_len, const uint8_t *b,
		      size_t b_len, uint8_t out[VIGIL_DIGEST_SIZE])
{
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	mbedtls_sha256_update_ret(&ctx, a, a_len);
	mbedtls_sha256_update_ret(&ctx, b, b_len);
	mbedtls_sha256_finish_ret(&ctx, out);
	mbedtls_sha256_free(&ctx);
}

static int derive_chain(const uint8_t secret[DICE_SECRET_SIZE],
			const uint8_t config_digest[VIGIL_DIGEST_SIZE])
{
	struct attest_chain *c = &attest_chain;
	uint8_t device_seed[DICE_SECRET_SIZE], layer[VIGIL_DIGEST_SIZE];
	static const char seal_label[] = "Vigil sealing";
	dice_derive_cdi(secret, no_measurement, device_seed);
	hash_pair(c->vigil_digest, VIGIL_DIGEST_SIZE, config_digest,
		  VIGIL_DIGEST_SIZE, layer);
	dice_derive_cdi(secret, layer, c->vigil_cdi);
	hash_pair(c->vigil_digest, VIGIL_DIGEST_SIZE,
		  (const uint8_t *)seal_label, sizeof(seal_label) - 1, layer);
	dice_derive_cdi(secret, layer, c->vigil_seal_cdi);
	int rc = dice_derive_keypair(device_seed, "Vigil DeviceID", &c->device_id);
	memset(device_seed, 0, sizeof(device_seed));
	if (!rc)
		rc = dice_derive_keypair(c->vigil_cdi, "Vigil Alias", &c->alias);
	if (rc)
		return rc;

	const struct dice_cert_request device_req = {
		.subject = &c->device_id, .issuer = &c->device_id,
		.subject_cn = "Vigil DeviceID", .issuer_cn = "Vigil DeviceID",
		.is_ca = 1,
	};
	const struct dice_cert_request alias_req = {
		.subject = &c->alias, .issuer = &c->device_id,
		.subject_cn = "Vigil Alias", .issuer_cn = "Vigil DeviceID",
		.is_ca = 1, .fwid = c->vigil_digest, .tcb_vendor = "Vigil",
		.tcb_model = "vigil-" VIGIL_PLATFORM, .tcb_version = VIGIL_VERSION,
		.tcb_layer = 1,
	};
	rc = write_cert(&device_req, c->device_id_cert, &c->device_id_cert_len);
	if (!rc)
		rc = write_cert(&alias_req, c->alias_cert, &c->alias_cert_len);
	return rc;
}

const uint8_t *attestation_device_id_cert(size_t *len)
{
	if (!attest_chain.ready)
		return NULL;
	*len = attest_chain.device_id_cert_len;
	return attest_chain.device_id_cert;
}

int attestation_boot(const struct rot_provider *rot,
		     const struct vigil_config *config,
		     const uint8_t config_digest[VIGIL_DIGEST_SIZE])
{
	uint8_t secret[ROT_SECRET_SIZE];
	int rc = rot->take_device_secret(config, secret);
	if (rc)
		return rc;
	spin_lock(&attest_crypto_lock);
	rc = derive_chain(secret, config_digest);
	spin_unlock(&attest_crypto_lock);
	memset(secret, 0, sizeof(secret));
	if (rc) {
		log_printf("vigil: attestation off: deriving the key chain failed "
			   "(%d)\n", rc);
		return rc;
	}
	attest_chain.ready = true;
	return 0;
}
