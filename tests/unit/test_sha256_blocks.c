/* SPDX-License-Identifier: MIT */
/*
 * The SHA-256 block functions: the generic one (monitor/sha256_process.c)
 * and x86-64's SHA-NI one (hyp/arch/x86_64/sha256_ni.c, built for the host)
 * against the FIPS 180-4 example digests (NIST's "SHA256.pdf" examples and
 * the one-million-'a' vector) and against each other on random messages.
 * On a host CPU without SHA-NI the SHA-NI tests are reported as skipped,
 * with a message that says why, and the generic path is still checked.
 */
#include <cpuid.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/sha256.h>
#include <vigil/arch.h>
#include <vigil/sha256_blocks.h>

typedef void blocks_fn(uint32_t state[8], const uint8_t *blocks, size_t count);

static void ni_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	assert_true(arch_sha256_blocks(state, blocks, count));
}

/* Through mbedTLS's hook, one block at a time: whichever path it takes. */
static void hook_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	mbedtls_sha256_context ctx;
	memset(&ctx, 0, sizeof(ctx));
	memcpy(ctx.state, state, sizeof(ctx.state));
	for (size_t i = 0; i < count; i++)
		assert_int_equal(mbedtls_internal_sha256_process(&ctx, blocks + 64 * i), 0);
	memcpy(state, ctx.state, sizeof(ctx.state));
}

/* CPUID Fn7 subleaf 0 EBX bit 29 (Intel SDM vol 2, "CPUID"), asked here
 * independently of sha256_ni.c. */
static int host_has_sha_ni(void)
{
	unsigned int a, b, c, d;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}

/*
 * SHA-256 of msg (FIPS 180-4 5.1.1 padding, 5.3.3 initial value), feeding
 * whole blocks to fn in runs of up to max_run blocks.
 */
static void sha256_with(blocks_fn *fn, size_t max_run, const uint8_t *msg,
			size_t len, uint8_t out[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	size_t full = len / 64;
	for (size_t done = 0; done < full;) {
		size_t run = full - done < max_run ? full - done : max_run;
		fn(h, msg + 64 * done, run);
		done += run;
	}
	uint8_t tail[128] = { 0 };
	size_t rest = len % 64;
	memcpy(tail, msg + 64 * full, rest);
	tail[rest] = 0x80;
	size_t tail_len = rest + 9 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
	fn(h, tail, tail_len / 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

static void hex_to_bytes(const char *hex, uint8_t out[32])
{
	for (int i = 0; i < 32; i++) {
		unsigned int byte;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
		out[i] = (uint8_t)byte;
	}
}

struct vector {
	const char *msg; /* NULL: one million 'a' */
	const char *digest;
};

static const struct vector nist_vectors[] = {
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ NULL,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

static void check_vectors(blocks_fn *fn)
{
	for (size_t v = 0; v < sizeof(nist_vectors) / sizeof(nist_vectors[0]); v++) {
		const struct vector *t = &nist_vectors[v];
		uint8_t *million = NULL;
		const uint8_t *msg = (const uint8_t *)t->msg;
		size_t len = t->msg ? strlen(t->msg) : 1000000;
		if (!t->msg) {
			million = malloc(len);
			assert_non_null(million);
			memset(million, 'a', len);
			msg = million;
		}
		uint8_t want[32], got[32];
		hex_to_bytes(t->digest, want);
		/* One block per call (as mbedTLS calls), and long runs. */
		sha256_with(fn, 1, msg, len, got);
		assert_memory_equal(got, want, 32);
		sha256_with(fn, 1000, msg, len, got);
		assert_memory_equal(got, want, 32);
		free(million);
	}
}

static void generic_nist_vectors(void **state)
{
	(void)state;
	check_vectors(sha256_blocks_generic);
}

static void skip_without_sha_ni(void)
{
	uint32_t h[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	const uint32_t before[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t block[64] = { 0 };
	if (host_has_sha_ni())
		return;
	/* The contract without the instructions: false, state untouched. */
	assert_false(arch_sha256_blocks(h, block, 1));
	assert_memory_equal(h, before, sizeof(h));
	print_message("SKIPPED: this host CPU has no SHA-NI (CPUID.7.0:EBX[29] = 0): "
		      "the SHA-NI path was not tested, only the generic one\n");
	skip();
}

static void sha_ni_nist_vectors(void **state)
{
	(void)state;
	skip_without_sha_ni();
	check_vectors(ni_blocks);
}

/* Through mbedtls_internal_sha256_process: SHA-NI here when the host has
 * it, the generic code otherwise. */
static void mbedtls_hook_nist_vectors(void **state)
{
	(void)state;
	check_vectors(hook_blocks);
}

/* xorshift64 (Marsaglia 2003): the same messages on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void sha_ni_agrees_on_random_messages(void **state)
{
	(void)state;
	skip_without_sha_ni();
	uint8_t msg[4096];
	for (int n = 0; n < 500; n++) {
		size_t len = (size_t)(rng_next() % sizeof(msg));
		for (size_t i = 0; i < len; i++)
			msg[i] = (uint8_t)rng_next();
		size_t run = 1 + (size_t)(rng_next() % 8);
		uint8_t generic[32], ni[32];
		sha256_with(sha256_blocks_generic, run, msg, len, generic);
		sha256_with(ni_blocks, run, msg, len, ni);
		assert_memory_equal(generic, ni, 32);
	}
	/* Every length around the padding boundaries. */
	for (size_t len = 0; len <= 200; len++) {
		uint8_t generic[32], ni[32];
		sha256_with(sha256_blocks_generic, 1, msg, len, generic);
		sha256_with(ni_blocks, 1, msg, len, ni);
		assert_memory_equal(generic, ni, 32);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generic_nist_vectors),
		cmocka_unit_test(mbedtls_hook_nist_vectors),
		cmocka_unit_test(sha_ni_nist_vectors),
		cmocka_unit_test(sha_ni_agrees_on_random_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
