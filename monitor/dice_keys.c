/* SPDX-License-Identifier: MIT */
/*
 * DICE key derivation and deterministic signing (hyp/include/vigil/dice.h).
 *
 * Derivations use HMAC-SHA256 (RFC 2104) and HKDF (RFC 5869) written over
 * mbedTLS's SHA-256 functions rather than mbedTLS's HMAC and HKDF: those
 * allocate an md context, and a CDI derivation that cannot fail is simpler
 * for the boot path (dice_derive_cdi returns nothing). Elliptic-curve work
 * is mbedTLS's and allocates from the crypto arena (crypto_arena.c).
 *
 * Not re-entrant: callers serialise (the monitor's lock).
 */
#include <mbedtls/asn1.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/hmac_drbg.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509.h>
#include <vigil/dice.h>
#include <vigil/log.h>
#include <vigil/string.h>

#include "dice_internal.h"

/* HKDF info of the CDI derivation (dice.h). */
static const char cdi_info[] = "Vigil CDI";

/* Extra bytes beyond the 32 of a P-256 scalar: FIPS 186-4 B.4.1 asks for
 * 64 more bits than the order so that the reduction's bias is < 2^-64. */
#define KEY_SEED_SIZE (DICE_P256_SIZE + 8)

/* ---- HMAC-SHA256 (RFC 2104) and HKDF (RFC 5869) ---- */

int dice_hmac_start(struct dice_hmac *h, const uint8_t *key, size_t key_len)
{
	uint8_t k[DICE_SHA256_BLOCK] = { 0 };
	uint8_t ipad[DICE_SHA256_BLOCK], opad[DICE_SHA256_BLOCK];
	int ret = 0;

	mbedtls_sha256_init(&h->inner);
	mbedtls_sha256_init(&h->outer);
	/* A key longer than a block is replaced by its hash (RFC 2104 2). */
	if (key_len > DICE_SHA256_BLOCK)
		ret = mbedtls_sha256_ret(key, key_len, k, 0);
	else if (key_len)
		memcpy(k, key, key_len);
	for (size_t i = 0; i < DICE_SHA256_BLOCK; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	if (!ret)
		ret = mbedtls_sha256_starts_ret(&h->inner, 0);
	if (!ret)
		ret = mbedtls_sha256_update_ret(&h->inner, ipad, sizeof(ipad));
	if (!ret)
		ret = mbedtls_sha256_starts_ret(&h->outer, 0);
	if (!ret)
		ret = mbedtls_sha256_update_ret(&h->outer, opad, sizeof(opad));
	mbedtls_platform_zeroize(k, sizeof(k));
	mbedtls_platform_zeroize(ipad, sizeof(ipad));
	mbedtls_platform_zeroize(opad, sizeof(opad));
	return ret;
}

int dice_hmac_update(struct dice_hmac *h, const void *data, size_t len)
{
	return mbedtls_sha256_update_ret(&h->inner, data, len);
}

int dice_hmac_finish(struct dice_hmac *h, uint8_t mac[VIGIL_DIGEST_SIZE])
{
	uint8_t inner[VIGIL_DIGEST_SIZE];
	int ret = mbedtls_sha256_finish_ret(&h->inner, inner);
	if (!ret)
		ret = mbedtls_sha256_update_ret(&h->outer, inner, sizeof(inner));
	if (!ret)
		ret = mbedtls_sha256_finish_ret(&h->outer, mac);
	mbedtls_sha256_free(&h->inner);
	mbedtls_sha256_free(&h->outer);
	mbedtls_platform_zeroize(inner, sizeof(inner));
	return ret;
}

/* PRK = HMAC-Hash(salt, IKM); no salt means HashLen zero bytes (2.2). */
int dice_hkdf_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
		      size_t ikm_len, uint8_t prk[VIGIL_DIGEST_SIZE])
{
	static const uint8_t zeros[VIGIL_DIGEST_SIZE];
	struct dice_hmac h;

	if (!salt) {
		salt = zeros;
		salt_len = sizeof(zeros);
	}
	int ret = dice_hmac_start(&h, salt, salt_len);
	if (!ret)
		ret = dice_hmac_update(&h, ikm, ikm_len);
	int fin = dice_hmac_finish(&h, prk);
	return ret ? ret : fin;
}

/* T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = T(1) | T(2) | ... (2.3). */
int dice_hkdf_expand(const uint8_t prk[VIGIL_DIGEST_SIZE], const void *info,
		     size_t info_len, uint8_t *okm, size_t okm_len)
{
	uint8_t t[VIGIL_DIGEST_SIZE];
	size_t t_len = 0;
	int ret = 0;

	if (okm_len > 255 * VIGIL_DIGEST_SIZE)
		return MBEDTLS_ERR_HKDF_BAD_INPUT_DATA;
	for (uint8_t i = 1; !ret && okm_len; i++) {
		struct dice_hmac h;
		ret = dice_hmac_start(&h, prk, VIGIL_DIGEST_SIZE);
		if (!ret)
			ret = dice_hmac_update(&h, t, t_len);
		if (!ret)
			ret = dice_hmac_update(&h, info, info_len);
		if (!ret)
			ret = dice_hmac_update(&h, &i, 1);
		int fin = dice_hmac_finish(&h, t);
		ret = ret ? ret : fin;
		t_len = sizeof(t);
		size_t n = okm_len < t_len ? okm_len : t_len;
		memcpy(okm, t, n);
		okm += n;
		okm_len -= n;
	}
	mbedtls_platform_zeroize(t, sizeof(t));
	return ret;
}

/* ---- CDI ---- */

/*
 * CDI = HKDF-Expand(PRK = HMAC-SHA256(secret, measurement), "Vigil CDI", 32):
 * the HMAC is HKDF-Extract with the secret as salt and the measurement as
 * input keying material (RFC 5869 2.2), so this is HKDF(salt = secret,
 * IKM = measurement, info = "Vigil CDI", L = 32).
 */
void dice_derive_cdi(const uint8_t secret[DICE_SECRET_SIZE],
		     const uint8_t measurement[VIGIL_DIGEST_SIZE],
		     uint8_t cdi[DICE_SECRET_SIZE])
{
	uint8_t prk[VIGIL_DIGEST_SIZE];
	int ret = dice_hkdf_extract(secret, DICE_SECRET_SIZE, measurement,
				    VIGIL_DIGEST_SIZE, prk);
	if (!ret)
		ret = dice_hkdf_expand(prk, cdi_info, sizeof(cdi_info) - 1, cdi,
				       DICE_SECRET_SIZE);
	mbedtls_platform_zeroize(prk, sizeof(prk));
	/* Software SHA-256 cannot fail (no _ALT code in Vigil's config). */
	if (ret)
		panic("dice: SHA-256 failed (%d)", ret);
}

/* ---- mbedTLS glue ---- */

int dice_mbedtls_error(int ret)
{
	if (ret >= 0)
		return ret;
	/* mbedTLS adds a low-level code (bits 0-6) to a high-level one. */
	int low = -ret & 0x7f, high = -ret & ~0x7f;
	/*
	 * Vigil passes the md layer only SHA-256 and set-up contexts, except
	 * through mbedTLS 2.28's deterministic ECDSA, which ignores the result
	 * of seeding its nonce HMAC_DRBG (ecdsa_sign_det_restartable): when
	 * that allocation fails, the DRBG's first use reports bad input.
	 */
	if (ret == MBEDTLS_ERR_MD_BAD_INPUT_DATA)
		return -VIGIL_ENOMEM;
	if (low == -MBEDTLS_ERR_MPI_ALLOC_FAILED ||
	    low == -MBEDTLS_ERR_ASN1_ALLOC_FAILED ||
	    high == -MBEDTLS_ERR_ECP_ALLOC_FAILED ||
	    high == -MBEDTLS_ERR_MD_ALLOC_FAILED ||
	    high == -MBEDTLS_ERR_PK_ALLOC_FAILED ||
	    high == -MBEDTLS_ERR_X509_ALLOC_FAILED)
		return -VIGIL_ENOMEM;
	return -VIGIL_EINVAL;
}

void dice_public_point(const struct dice_keypair *key,
		       uint8_t point[DICE_POINT_SIZE])
{
	point[0] = 0x04;
	memcpy(point + 1, key->public_x, DICE_P256_SIZE);
	memcpy(point + 1 + DICE_P256_SIZE, key->public_y, DICE_P256_SIZE);
}

int dice_load_keypair(mbedtls_ecp_keypair *kp, const struct dice_keypair *key,
		      int with_private)
{
	uint8_t point[DICE_POINT_SIZE];
	dice_public_point(key, point);
	int ret = mbedtls_ecp_group_load(&kp->grp, MBEDTLS_ECP_DP_SECP256R1);
	if (!ret)
		ret = mbedtls_ecp_point_read_binary(&kp->grp, &kp->Q, point,
						    sizeof(point));
	if (!ret)
		ret = mbedtls_ecp_check_pubkey(&kp->grp, &kp->Q);
	if (!ret && with_private)
		ret = mbedtls_mpi_read_binary(&kp->d, key->private_key,
					      DICE_P256_SIZE);
	if (!ret && with_private)
		ret = mbedtls_ecp_check_privkey(&kp->grp, &kp->d);
	return ret;
}

/*
 * mbedTLS wants an RNG for blinding scalar multiplications and the modular
 * inversion of ECDSA (coordinate randomisation against side channels).
 * The blinding values never reach the result: d*G, and RFC 6979's r and s,
 * are the same whatever they are, so the outputs stay deterministic. They
 * need not be fresh or kept anywhere: what they must not be is predictable
 * to whoever watches the computation, and a DRBG seeded from the private
 * key is as unpredictable as that key. The label keeps these bytes apart
 * from RFC 6979's own HMAC_DRBG stream, which mbedTLS seeds from the same
 * key and hash for the nonce.
 */
int dice_drbg_seed(mbedtls_hmac_drbg_context *drbg,
		   const uint8_t private_key[DICE_P256_SIZE], const void *data,
		   size_t len, const char *label)
{
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	int ret = mbedtls_hmac_drbg_seed_buf(drbg, md, private_key,
					     DICE_P256_SIZE);
	if (!ret && len)
		ret = mbedtls_hmac_drbg_update_ret(drbg, data, len);
	if (!ret)
		ret = mbedtls_hmac_drbg_update_ret(drbg, (const uint8_t *)label,
						   strlen(label));
	return ret;
}

/* ---- key pairs ---- */

/*
 * d = (c mod (n - 1)) + 1 with c the 320-bit HKDF output (FIPS 186-4
 * B.4.1, "extra random bits"): always in [1, n-1], so never 0, in one pass
 * with no data-dependent loop; the bias is below 2^-64. Rejection sampling
 * with a counter would also do but repeats work with probability ~2^-32
 * for P-256 and needs the counter in the derivation's definition.
 */
static int scalar_from_seed(mbedtls_ecp_keypair *kp,
			    const uint8_t seed[KEY_SEED_SIZE])
{
	mbedtls_mpi c, n_minus_1;
	mbedtls_mpi_init(&c);
	mbedtls_mpi_init(&n_minus_1);
	int ret = mbedtls_mpi_read_binary(&c, seed, KEY_SEED_SIZE);
	if (!ret)
		ret = mbedtls_mpi_sub_int(&n_minus_1, &kp->grp.N, 1);
	if (!ret)
		ret = mbedtls_mpi_mod_mpi(&kp->d, &c, &n_minus_1);
	if (!ret)
		ret = mbedtls_mpi_add_int(&kp->d, &kp->d, 1);
	mbedtls_mpi_free(&c);
	mbedtls_mpi_free(&n_minus_1);
	return ret;
}

static int point_coordinates(const mbedtls_ecp_keypair *kp,
			     struct dice_keypair *key)
{
	int ret = mbedtls_mpi_write_binary(&kp->d, key->private_key,
					   DICE_P256_SIZE);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&kp->Q.X, key->public_x,
					       DICE_P256_SIZE);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&kp->Q.Y, key->public_y,
					       DICE_P256_SIZE);
	return ret;
}

/*
 * seed = HKDF(salt = none (32 zero bytes), IKM = secret, info = label,
 * L = 40) (RFC 5869), d as in scalar_from_seed, Q = d*G.
 */
static int derive_keypair(mbedtls_ecp_keypair *kp,
			  const uint8_t secret[DICE_SECRET_SIZE],
			  const char *label, struct dice_keypair *key)
{
	uint8_t prk[VIGIL_DIGEST_SIZE], seed[KEY_SEED_SIZE];
	mbedtls_hmac_drbg_context drbg;
	mbedtls_hmac_drbg_init(&drbg);

	int ret = dice_hkdf_extract(NULL, 0, secret, DICE_SECRET_SIZE, prk);
	if (!ret)
		ret = dice_hkdf_expand(prk, label, strlen(label), seed,
				       sizeof(seed));
	if (!ret)
		ret = mbedtls_ecp_group_load(&kp->grp, MBEDTLS_ECP_DP_SECP256R1);
	if (!ret)
		ret = scalar_from_seed(kp, seed);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&kp->d, key->private_key,
					       DICE_P256_SIZE);
	if (!ret)
		ret = dice_drbg_seed(&drbg, key->private_key, NULL, 0,
				     "Vigil public key blinding");
	if (!ret)
		ret = mbedtls_ecp_mul(&kp->grp, &kp->Q, &kp->d, &kp->grp.G,
				      mbedtls_hmac_drbg_random, &drbg);
	if (!ret)
		ret = point_coordinates(kp, key);
	mbedtls_hmac_drbg_free(&drbg);
	mbedtls_platform_zeroize(prk, sizeof(prk));
	mbedtls_platform_zeroize(seed, sizeof(seed));
	return ret;
}

int dice_derive_keypair(const uint8_t secret[DICE_SECRET_SIZE],
			const char *label, struct dice_keypair *key)
{
	if (!secret || !label || !key)
		return -VIGIL_EINVAL;
	mbedtls_ecp_keypair kp;
	mbedtls_ecp_keypair_init(&kp);
	int ret = derive_keypair(&kp, secret, label, key);
	mbedtls_ecp_keypair_free(&kp);
	if (ret)
		mbedtls_platform_zeroize(key, sizeof(*key));
	return dice_mbedtls_error(ret);
}

/* ---- signing ---- */

static int sign(mbedtls_ecp_keypair *kp, const struct dice_keypair *key,
		const uint8_t hash[VIGIL_DIGEST_SIZE], uint8_t r_out[DICE_P256_SIZE],
		uint8_t s_out[DICE_P256_SIZE])
{
	mbedtls_hmac_drbg_context drbg;
	mbedtls_mpi r, s;
	mbedtls_hmac_drbg_init(&drbg);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);

	int ret = dice_load_keypair(kp, key, 1);
	if (!ret)
		ret = dice_drbg_seed(&drbg, key->private_key, hash,
				     VIGIL_DIGEST_SIZE, "Vigil ECDSA blinding");
	/* The nonce is RFC 6979's (3.2), from d and the hash only. */
	if (!ret)
		ret = mbedtls_ecdsa_sign_det_ext(&kp->grp, &r, &s, &kp->d, hash,
						 VIGIL_DIGEST_SIZE,
						 MBEDTLS_MD_SHA256,
						 mbedtls_hmac_drbg_random, &drbg);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&r, r_out, DICE_P256_SIZE);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&s, s_out, DICE_P256_SIZE);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_hmac_drbg_free(&drbg);
	return ret;
}

int dice_sign(const struct dice_keypair *key,
	      const uint8_t hash[VIGIL_DIGEST_SIZE], uint8_t r[DICE_P256_SIZE],
	      uint8_t s[DICE_P256_SIZE])
{
	if (!key || !hash || !r || !s)
		return -VIGIL_EINVAL;
	mbedtls_ecp_keypair kp;
	mbedtls_ecp_keypair_init(&kp);
	int ret = sign(&kp, key, hash, r, s);
	mbedtls_ecp_keypair_free(&kp);
	return dice_mbedtls_error(ret);
}
