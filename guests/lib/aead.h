/* SPDX-License-Identifier: MIT */
/*
 * AES-256 (FIPS 197) and AES-256-GCM (NIST SP 800-38D) for guests, with a
 * 96-bit IV and a 128-bit tag: enough to seal a secret with the key
 * VIGIL_HC_SEAL_KEY gives (vigil_seal_key, vigil.h).
 *
 * Written for guests (no C library, no allocation, general registers
 * only) and built for the host too by the unit tests. Every step whose
 * timing could depend on the key or the data runs in constant time: the
 * S-box is read whole for every substitution (no secret-indexed loads),
 * GF(2^128) multiplication uses masks instead of branches, and the tag is
 * compared without an early exit.
 *
 * The caller must never use one IV twice with one key (SP 800-38D 8.2):
 * that gives away the XOR of the two plaintexts and lets anyone forge tags.
 */
#ifndef GUEST_AEAD_H
#define GUEST_AEAD_H

#include <stddef.h>
#include <stdint.h>

#define AES_BLOCK_SIZE 16
#define AES256_KEY_SIZE 32
#define AES256_ROUNDS 14 /* Nr for Nk = 8 (FIPS 197 5, Figure 4) */

#define GCM_IV_SIZE 12
#define GCM_TAG_SIZE 16
/* len(P) <= 2^39 - 256 bits (SP 800-38D 5.2.1.1). */
#define GCM_TEXT_MAX ((1ull << 36) - 32)

/* The expanded key: Nb * (Nr + 1) words, as bytes, round key r at
 * 16 * r (FIPS 197 5.2, w[] in byte order). */
struct aes256_key {
	uint8_t rk[AES_BLOCK_SIZE * (AES256_ROUNDS + 1)];
};

/* aes.c */
void aes256_expand_key(struct aes256_key *ks, const uint8_t key[AES256_KEY_SIZE]);
/* The Cipher (FIPS 197 5.1) on one block; in and out may be the same. */
void aes256_encrypt_block(const struct aes256_key *ks,
			  const uint8_t in[AES_BLOCK_SIZE],
			  uint8_t out[AES_BLOCK_SIZE]);
/* Zeroes n bytes in a way the compiler does not remove. */
void aead_wipe(void *p, size_t n);

/*
 * gcm.c: GCM-AE (SP 800-38D 7.1): ct (len bytes, may be pt itself) and
 * tag from key, iv, the additional data aad (authenticated, not
 * encrypted) and pt. Returns 0, or -1 (nothing written) if len is over
 * GCM_TEXT_MAX or aad_len over 2^61 - 1.
 */
int aes256_gcm_encrypt(const uint8_t key[AES256_KEY_SIZE],
		       const uint8_t iv[GCM_IV_SIZE], const void *aad,
		       size_t aad_len, const void *pt, size_t len, void *ct,
		       uint8_t tag[GCM_TAG_SIZE]);

/*
 * GCM-AD (SP 800-38D 7.2): checks tag over aad and ct first, in constant
 * time, and only if it matches decrypts ct into pt (len bytes, may be ct
 * itself). Returns 0; or -1, with pt untouched, if the tag does not match
 * (another key, IV or AAD, or any bit of ct or tag changed) or a length
 * is out of range.
 */
int aes256_gcm_decrypt(const uint8_t key[AES256_KEY_SIZE],
		       const uint8_t iv[GCM_IV_SIZE], const void *aad,
		       size_t aad_len, const void *ct, size_t len,
		       const uint8_t tag[GCM_TAG_SIZE], void *pt);

#endif /* GUEST_AEAD_H */
