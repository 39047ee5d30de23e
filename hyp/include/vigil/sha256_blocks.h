/* SPDX-License-Identifier: MIT */
/*
 * SHA-256's compression function in plain C (monitor/sha256_blocks.c):
 * pure, with no other dependency, so that Vigil, the guest library and
 * the host unit tests compile the same file.
 */
#ifndef VIGIL_SHA256_BLOCKS_H
#define VIGIL_SHA256_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/* Runs count 64-byte blocks through the state H (FIPS 180-4 6.2.2). */
void sha256_blocks_generic(uint32_t state[8], const uint8_t *blocks,
			   size_t count);

#endif /* VIGIL_SHA256_BLOCKS_H */
