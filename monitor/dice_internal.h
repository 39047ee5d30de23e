/* SPDX-License-Identifier: MIT */
/*
 * Shared between monitor/dice_keys.c, monitor/dice_cert.c and their tests;
 * not part of the DICE contract (hyp/include/vigil/dice.h).
 */
#ifndef VIGIL_DICE_INTERNAL_H
#define VIGIL_DICE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ecp.h>
#include <mbedtls/hmac_drbg.h>
#include <mbedtls/sha256.h>
#include <vigil/dice.h>

/* Key id: the first 20 bytes of SHA-256 over the uncompressed point. */
#define DICE_KEY_ID_SIZE 20
/* 0x04 || x || y (SEC 1 2.3.3). */
#define DICE_POINT_SIZE (1 + 2 * DICE_P256_SIZE)

/*
 * Longest common name dice_cert_write accepts: ub-common-name in RFC 5280
 * Appendix A.1. The TcbInfo strings share the bound so that every
 * certificate fits DICE_CERT_SCRATCH_SIZE.
 */
#define DICE_CN_MAX 64
#define DICE_TCB_STRING_MAX 64
#define DICE_CERT_SCRATCH_SIZE 1024

/* HMAC-SHA256 (RFC 2104) on mbedTLS's SHA-256, which never allocates. */
#define DICE_SHA256_BLOCK 64
struct dice_hmac {
	mbedtls_sha256_context inner, outer;
};

int dice_hmac_start(struct dice_hmac *h, const uint8_t *key, size_t key_len);
int dice_hmac_update(struct dice_hmac *h, const void *data, size_t len);
int dice_hmac_finish(struct dice_hmac *h, uint8_t mac[VIGIL_DIGEST_SIZE]);

/* RFC 5869 2.2 and 2.3; okm_len at most 255 * 32. */
int dice_hkdf_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
		      size_t ikm_len, uint8_t prk[VIGIL_DIGEST_SIZE]);
int dice_hkdf_expand(const uint8_t prk[VIGIL_DIGEST_SIZE], const void *info,
		     size_t info_len, uint8_t *okm, size_t okm_len);

/* Writes 0x04 || x || y. */
void dice_public_point(const struct dice_keypair *key,
		       uint8_t point[DICE_POINT_SIZE]);

/* The key id of key's public half (see DICE_KEY_ID_SIZE). */
int dice_key_id(const struct dice_keypair *key, uint8_t id[DICE_KEY_ID_SIZE]);

/*
 * Loads key into an mbedTLS P-256 key pair (group, public point and, if
 * with_private, the scalar), checking that they are valid. kp must have
 * been initialised with mbedtls_ecp_keypair_init.
 */
int dice_load_keypair(mbedtls_ecp_keypair *kp, const struct dice_keypair *key,
		      int with_private);

/*
 * Seeds a deterministic HMAC_DRBG (SHA-256) from the private scalar, then
 * mixes in data and a label naming the use. mbedTLS takes it as the
 * blinding RNG of scalar multiplications (see dice_keys.c for why that
 * need not be fresh randomness).
 */
int dice_drbg_seed(mbedtls_hmac_drbg_context *drbg,
		   const uint8_t private_key[DICE_P256_SIZE], const void *data,
		   size_t len, const char *label);

/* Maps an mbedTLS error code to a negative VIGIL_E* value (0 stays 0). */
int dice_mbedtls_error(int ret);

/*
 * Size of the crypto arena (monitor/crypto_arena.c), from measurement
 * (tests/unit/test_dice_arena.c, on mbedTLS 2.28.3 with Vigil's config,
 * block headers included; the arena is empty between operations): deriving
 * a key pair peaks at 3376 bytes, dice_sign at 3856, a certificate at up
 * to 6464 (signed by another key; 6240 self-signed). The test fails once
 * the peak passes three quarters of the arena.
 */
#define CRYPTO_ARENA_SIZE (12 * 1024)

/*
 * The crypto arena's bookkeeping (monitor/crypto_arena.c), for tests and
 * for sizing it: bytes in use now and at most so far, headers included.
 */
void monitor_crypto_arena_stats(size_t *in_use, size_t *peak);
void monitor_crypto_arena_reset_peak(void);

#endif /* VIGIL_DICE_INTERNAL_H */
