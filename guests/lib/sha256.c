/* SPDX-License-Identifier: MIT */
/* SHA-256 (FIPS 180-4, sections 5.1.1, 5.3.3, 6.2), for guests that
 * measure what they load before extending a vPCR with it: the padding
 * here, the compression function Vigil's own (monitor/sha256_blocks.c,
 * which mk/guests.mk compiles into the library). */
#include <vigil/sha256_blocks.h>

#include "vigil.h"

void sha256(const void *data, size_t len, uint8_t digest[32])
{
	/* Initial hash value (FIPS 180-4 5.3.3). */
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const uint8_t *p = data;
	uint8_t block[64];
	size_t left = len;
	sha256_blocks_generic(h, p, left / 64);
	p += left / 64 * 64;
	left %= 64;
	/* Padding (5.1.1): 0x80, zeros, then the length in bits, big-endian. */
	for (size_t i = 0; i < 64; i++)
		block[i] = i < left ? p[i] : 0;
	block[left] = 0x80;
	if (left >= 56) {
		sha256_blocks_generic(h, block, 1);
		for (size_t i = 0; i < 64; i++)
			block[i] = 0;
	}
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		block[63 - i] = (uint8_t)(bits >> (8 * i));
	sha256_blocks_generic(h, block, 1);
	for (int i = 0; i < 8; i++) {
		digest[4 * i] = (uint8_t)(h[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(h[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(h[i] >> 8);
		digest[4 * i + 3] = (uint8_t)h[i];
	}
}
