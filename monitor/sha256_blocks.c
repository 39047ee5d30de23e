/* SPDX-License-Identifier: MIT */
/*
 * The SHA-256 compression function in plain C, written from FIPS 180-4
 * (section numbers below are that standard's): Vigil's where the CPU has
 * no SHA-256 instructions (monitor/sha256_process.c), and the guest
 * library's (guests/lib/sha256.c), which compiles this file as it is.
 */
#include <vigil/sha256_blocks.h>
#include <vigil/sha256_constants.h>

/* 3.2 (ROTR^n), 4.1.2 (Ch, Maj and the four sigma functions). */
static inline uint32_t rotr(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static inline uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static inline uint32_t big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static inline uint32_t big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static inline uint32_t small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static inline uint32_t small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/* 3.1 item 3: words are big-endian. */
static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* 6.2.2: one 512-bit block. */
static void sha256_block(uint32_t state[8], const uint8_t block[64])
{
	uint32_t w[64];
	/* Step 1: the message schedule. */
	for (unsigned int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (unsigned int t = 16; t < 64; t++)
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] +
		       small_sigma0(w[t - 15]) + w[t - 16];

	/* Step 2: the working variables a..h from H(i-1). */
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

	/* Step 3: 64 rounds. */
	for (unsigned int t = 0; t < 64; t++) {
		uint32_t t1 = h + big_sigma1(e) + ch(e, f, g) +
			      sha256_round_constants[t] + w[t];
		uint32_t t2 = big_sigma0(a) + maj(a, b, c);
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}

	/* Step 4: H(i) = H(i-1) + the working variables. */
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

void sha256_blocks_generic(uint32_t state[8], const uint8_t *blocks,
			   size_t count)
{
	for (size_t i = 0; i < count; i++)
		sha256_block(state, blocks + 64 * i);
}

