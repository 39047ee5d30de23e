/* SPDX-License-Identifier: MIT */
/*
 * AES-256 encryption (FIPS 197, "Advanced Encryption Standard"), the
 * forward cipher only: GCM (gcm.c) never runs the inverse cipher.
 *
 * The state is the 16 input bytes in order, s[r + 4c] = in[r + 4c] (FIPS
 * 197 3.4: byte r of column c). Constant time: the S-box is read whole for
 * every byte substituted, keeping the one wanted with a mask, so no load
 * address depends on the key or the data; GF(2^8) doubling uses a mask,
 * not a branch. That costs about 256 table reads per substitution, which a
 * guest sealing a few hundred bytes does not notice, and it keeps cache
 * timing (caches shared with other partitions' CPUs) from revealing the
 * sealing key.
 */
#include "aead.h"

/* The S-box (FIPS 197 5.1.1, Figure 7): sbox[xy] for input byte xy. */
static const uint8_t sbox[256] = {
	0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5,
	0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
	0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
	0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
	0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc,
	0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
	0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a,
	0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
	0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
	0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
	0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b,
	0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
	0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85,
	0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
	0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
	0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
	0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17,
	0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
	0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88,
	0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
	0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
	0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
	0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9,
	0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
	0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6,
	0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
	0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
	0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
	0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94,
	0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
	0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68,
	0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

/* sbox[x] without a load whose address depends on x. */
static uint8_t sub_byte(uint8_t x)
{
	uint8_t r = 0;
	for (unsigned int i = 0; i < 256; i++) {
		/* d == 0 exactly when i == x; then d - 1 has bits 8-31 set. */
		uint32_t d = i ^ x;
		uint8_t mask = (uint8_t)((d - 1) >> 8);
		r |= sbox[i] & mask;
	}
	return r;
}

/* xtime (FIPS 197 4.2.1): b * {02} modulo m(x) = x^8 + x^4 + x^3 + x + 1. */
static uint8_t xtime(uint8_t b)
{
	return (uint8_t)((b << 1) ^ (0x1b & -(b >> 7)));
}

/* SubBytes (5.1.1). */
static void sub_bytes(uint8_t s[16])
{
	for (int i = 0; i < 16; i++)
		s[i] = sub_byte(s[i]);
}

/* ShiftRows (5.1.2): row r moves left by r columns,
 * s'[r, c] = s[r, (c + r) mod 4]. */
static void shift_rows(uint8_t s[16])
{
	uint8_t t[16];
	for (int r = 0; r < 4; r++)
		for (int c = 0; c < 4; c++)
			t[r + 4 * c] = s[r + 4 * ((c + r) % 4)];
	for (int i = 0; i < 16; i++)
		s[i] = t[i];
}

/* MixColumns (5.1.3): each column times a(x) = {03}x^3 + {01}x^2 +
 * {01}x + {02} modulo x^4 + 1. */
static void mix_columns(uint8_t s[16])
{
	for (int c = 0; c < 4; c++) {
		uint8_t *col = s + 4 * c;
		uint8_t a0 = col[0], a1 = col[1], a2 = col[2], a3 = col[3];
		/* {02}a ^ {03}b = xtime(a ^ b) ^ b */
		col[0] = (uint8_t)(xtime(a0 ^ a1) ^ a1 ^ a2 ^ a3);
		col[1] = (uint8_t)(a0 ^ xtime(a1 ^ a2) ^ a2 ^ a3);
		col[2] = (uint8_t)(a0 ^ a1 ^ xtime(a2 ^ a3) ^ a3);
		col[3] = (uint8_t)(xtime(a3 ^ a0) ^ a0 ^ a1 ^ a2);
	}
}

/* AddRoundKey (5.1.4). */
static void add_round_key(uint8_t s[16], const uint8_t *rk)
{
	for (int i = 0; i < 16; i++)
		s[i] ^= rk[i];
}

/*
 * KeyExpansion (5.2, Nk = 8): w[i] = key word i for i < 8; afterwards
 * temp = w[i-1], replaced by SubWord(RotWord(temp)) ^ Rcon[i/8] when
 * i mod 8 = 0 and by SubWord(temp) when i mod 8 = 4; w[i] = w[i-8] ^ temp.
 * Rcon[j] = [x^(j-1), {00}, {00}, {00}] (5.2; Figure 11 in pseudo code).
 */
void aes256_expand_key(struct aes256_key *ks, const uint8_t key[AES256_KEY_SIZE])
{
	uint8_t *w = ks->rk; /* word i is w[4i .. 4i + 3] */
	uint8_t rcon = 0x01;
	for (int i = 0; i < AES256_KEY_SIZE; i++)
		w[i] = key[i];
	for (int i = 8; i < 4 * (AES256_ROUNDS + 1); i++) {
		uint8_t t[4];
		for (int j = 0; j < 4; j++)
			t[j] = w[4 * (i - 1) + j];
		if (i % 8 == 0) {
			uint8_t t0 = t[0]; /* RotWord: [a0 a1 a2 a3] -> [a1 a2 a3 a0] */
			t[0] = (uint8_t)(sub_byte(t[1]) ^ rcon);
			t[1] = sub_byte(t[2]);
			t[2] = sub_byte(t[3]);
			t[3] = sub_byte(t0);
			rcon = xtime(rcon);
		} else if (i % 8 == 4) {
			for (int j = 0; j < 4; j++)
				t[j] = sub_byte(t[j]);
		}
		for (int j = 0; j < 4; j++)
			w[4 * i + j] = w[4 * (i - 8) + j] ^ t[j];
	}
}

/* Cipher (5.1, Figure 5): AddRoundKey, Nr - 1 full rounds, a last round
 * without MixColumns. */
void aes256_encrypt_block(const struct aes256_key *ks,
			  const uint8_t in[AES_BLOCK_SIZE],
			  uint8_t out[AES_BLOCK_SIZE])
{
	uint8_t s[16];
	for (int i = 0; i < 16; i++)
		s[i] = in[i];
	add_round_key(s, ks->rk);
	for (int round = 1; round < AES256_ROUNDS; round++) {
		sub_bytes(s);
		shift_rows(s);
		mix_columns(s);
		add_round_key(s, ks->rk + 16 * round);
	}
	sub_bytes(s);
	shift_rows(s);
	add_round_key(s, ks->rk + 16 * AES256_ROUNDS);
	for (int i = 0; i < 16; i++)
		out[i] = s[i];
	aead_wipe(s, sizeof(s));
}

void aead_wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	while (n--)
		*v++ = 0;
}
