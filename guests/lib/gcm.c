/* SPDX-License-Identifier: MIT */
/*
 * AES-256-GCM (NIST SP 800-38D, "Recommendation for Block Cipher Modes of
 * Operation: Galois/Counter Mode (GCM) and GMAC"), with a 96-bit IV and a
 * 128-bit tag only, on the AES of aes.c.
 *
 * A 128-bit block is held as two 64-bit halves, hi = bytes 0-7 and
 * lo = bytes 8-15, each big-endian: bit i of the bit string (bit 0 is the
 * leftmost, 6.1) is bit 63 - i of hi for i < 64, of lo otherwise.
 */
#include "aead.h"

struct block {
	uint64_t hi, lo;
};

static struct block load(const uint8_t b[16])
{
	struct block x = { 0, 0 };
	for (int i = 0; i < 8; i++) {
		x.hi = x.hi << 8 | b[i];
		x.lo = x.lo << 8 | b[8 + i];
	}
	return x;
}

static void store(struct block x, uint8_t b[16])
{
	for (int i = 7; i >= 0; i--) {
		b[i] = (uint8_t)x.hi;
		b[8 + i] = (uint8_t)x.lo;
		x.hi >>= 8;
		x.lo >>= 8;
	}
}

/*
 * X • Y in GF(2^128) (6.3, Algorithm 1): Z = 0, V = Y; for i = 0..127,
 * Z ^= V if bit i of X is 1; then V = V >> 1, xored with R = 11100001 ||
 * 0^120 if the bit shifted out (LSB1(V)) was 1. Both conditions become
 * masks, so the time depends on neither X nor Y.
 */
static struct block gf_mul(struct block x, struct block y)
{
	struct block z = { 0, 0 }, v = y;
	for (int i = 0; i < 128; i++) {
		uint64_t word = i < 64 ? x.hi : x.lo;
		uint64_t xi = -((word >> (63 - (i & 63))) & 1);
		z.hi ^= v.hi & xi;
		z.lo ^= v.lo & xi;
		uint64_t lsb = -(v.lo & 1);
		v.lo = v.lo >> 1 | v.hi << 63;
		v.hi = (v.hi >> 1) ^ (0xe100000000000000ull & lsb);
	}
	return z;
}

/* GHASH_H (6.4) over a growing string: Y = (Y ^ X_i) • H, block by block. */
struct ghash {
	struct block h, y;
};

/* Absorbs len bytes, padded with zeros to whole blocks (7.1 step 5: the
 * 0^v after A and 0^u after C). */
static void ghash_update(struct ghash *g, const uint8_t *data, size_t len)
{
	while (len) {
		uint8_t b[16];
		size_t n = len < 16 ? len : 16;
		for (size_t i = 0; i < 16; i++)
			b[i] = i < n ? data[i] : 0;
		struct block x = load(b);
		g->y.hi ^= x.hi;
		g->y.lo ^= x.lo;
		g->y = gf_mul(g->y, g->h);
		data += n;
		len -= n;
	}
}

/* inc32 (6.2): the last 32 bits of the counter block plus 1 mod 2^32. */
static void inc32(uint8_t cb[16])
{
	for (int i = 15; i >= 12; i--)
		if (++cb[i])
			break;
}

/*
 * What GCM-AE and GCM-AD share (7.1 steps 1-2, 7.2 steps 2-3): the
 * expanded key, H = CIPH_K(0^128), J0 = IV || 0^31 || 1 and the start of
 * GHASH over A (step 5).
 */
struct gcm {
	struct aes256_key ks;
	struct ghash g;
	uint8_t j0[16];
};

static int gcm_start(struct gcm *s, const uint8_t key[AES256_KEY_SIZE],
		     const uint8_t iv[GCM_IV_SIZE], const uint8_t *aad,
		     size_t aad_len, size_t len)
{
	uint8_t h[16] = { 0 };
	/* 5.2.1.1: len(P) <= 2^39 - 256 bits, len(A) <= 2^64 - 1 bits. */
	if (len > GCM_TEXT_MAX || aad_len > (1ull << 61) - 1)
		return -1;
	aes256_expand_key(&s->ks, key);
	aes256_encrypt_block(&s->ks, h, h);
	s->g.h = load(h);
	s->g.y = (struct block){ 0, 0 };
	aead_wipe(h, sizeof(h));
	for (int i = 0; i < GCM_IV_SIZE; i++)
		s->j0[i] = iv[i];
	s->j0[12] = s->j0[13] = s->j0[14] = 0;
	s->j0[15] = 1;
	ghash_update(&s->g, aad, aad_len);
	return 0;
}

/*
 * The tag (7.1 steps 5-6): S = GHASH over ... || [len(A)]64 || [len(C)]64
 * (lengths in bits), T = MSB_128(GCTR_K(J0, S)) = CIPH_K(J0) ^ S.
 */
static void gcm_tag(struct gcm *s, size_t aad_len, size_t len,
		    uint8_t tag[GCM_TAG_SIZE])
{
	uint8_t lengths[16], ek[16];
	store((struct block){ (uint64_t)aad_len * 8, (uint64_t)len * 8 },
	      lengths);
	ghash_update(&s->g, lengths, sizeof(lengths));
	aes256_encrypt_block(&s->ks, s->j0, ek);
	store(s->g.y, tag);
	for (int i = 0; i < GCM_TAG_SIZE; i++)
		tag[i] ^= ek[i];
	aead_wipe(ek, sizeof(ek));
}

/*
 * GCTR_K(inc32(J0), in) (6.5, 7.1 step 3): block i of the output is block
 * i of the input xor CIPH_K(CB_i), CB_1 = inc32(J0), CB_i = inc32(CB_i-1);
 * the last, partial block uses the leftmost bits. With hash_out, the
 * output is absorbed into GHASH as it is made (encryption: GHASH over C).
 */
static void gctr(struct gcm *s, const uint8_t *in, size_t len, uint8_t *out,
		 int hash_out)
{
	uint8_t cb[16], ek[16];
	for (int i = 0; i < 16; i++)
		cb[i] = s->j0[i];
	while (len) {
		size_t n = len < 16 ? len : 16;
		inc32(cb);
		aes256_encrypt_block(&s->ks, cb, ek);
		for (size_t i = 0; i < n; i++)
			out[i] = in[i] ^ ek[i];
		if (hash_out)
			ghash_update(&s->g, out, n);
		in += n;
		out += n;
		len -= n;
	}
	aead_wipe(ek, sizeof(ek));
}

int aes256_gcm_encrypt(const uint8_t key[AES256_KEY_SIZE],
		       const uint8_t iv[GCM_IV_SIZE], const void *aad,
		       size_t aad_len, const void *pt, size_t len, void *ct,
		       uint8_t tag[GCM_TAG_SIZE])
{
	struct gcm s;
	if (gcm_start(&s, key, iv, aad, aad_len, len))
		return -1;
	gctr(&s, pt, len, ct, 1);
	gcm_tag(&s, aad_len, len, tag);
	aead_wipe(&s, sizeof(s));
	return 0;
}

int aes256_gcm_decrypt(const uint8_t key[AES256_KEY_SIZE],
		       const uint8_t iv[GCM_IV_SIZE], const void *aad,
		       size_t aad_len, const void *ct, size_t len,
		       const uint8_t tag[GCM_TAG_SIZE], void *pt)
{
	struct gcm s;
	uint8_t expected[GCM_TAG_SIZE];
	if (gcm_start(&s, key, iv, aad, aad_len, len))
		return -1;
	/* 7.2 steps 4-7: T' from A and C; the plaintext only if T = T'.
	 * Nothing is decrypted before the tag is known to match, so a
	 * forgery never reaches pt. */
	ghash_update(&s.g, ct, len);
	gcm_tag(&s, aad_len, len, expected);
	uint8_t diff = 0;
	for (int i = 0; i < GCM_TAG_SIZE; i++)
		diff |= expected[i] ^ tag[i];
	aead_wipe(expected, sizeof(expected));
	if (diff == 0)
		gctr(&s, ct, len, pt, 0);
	aead_wipe(&s, sizeof(s));
	return diff == 0 ? 0 : -1;
}
