/* SPDX-License-Identifier: MIT */
/*
 * The DICE chain both DICE unit tests build (test_dice against Debian's
 * mbedTLS, test_dice_arena against Vigil's configuration of it), from fixed
 * inputs, so that each can check the other's bytes through their digests.
 */
#ifndef VIGIL_TEST_DICE_CHAIN_H
#define VIGIL_TEST_DICE_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <vigil/dice.h>

enum { CERT_DEVICEID, CERT_ALIAS, CERT_AK, CERT_COUNT };

#define TEST_CERT_MAX 1024

struct test_chain {
	uint8_t uds[DICE_SECRET_SIZE];
	uint8_t vigil_digest[VIGIL_DIGEST_SIZE], image_digest[VIGIL_DIGEST_SIZE];
	uint8_t vigil_cdi[DICE_SECRET_SIZE], partition_cdi[DICE_SECRET_SIZE];
	struct dice_keypair deviceid, alias, ak;
	struct dice_cert_request req[CERT_COUNT];
	uint8_t der[CERT_COUNT][TEST_CERT_MAX];
	size_t len[CERT_COUNT];
};

/* Fills in the inputs, derives the keys and the requests (no writing). */
int test_chain_derive(struct test_chain *c);

/* test_chain_derive, then writes the three certificates. 0 or < 0. */
int test_chain_build(struct test_chain *c);

/* SHA-256 of each certificate of test_chain_build, as both builds of
 * mbedTLS must produce them: deterministic signing makes them constant. */
extern const uint8_t test_chain_cert_sha256[CERT_COUNT][32];

#endif
