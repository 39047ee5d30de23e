/* SPDX-License-Identifier: MIT */
/*
 * The crypto arena (monitor/crypto_arena.c) under the DICE code built
 * against Vigil's own mbedTLS configuration (monitor/mbedtls_config.h,
 * compiled for the host by tests/unit/dice.mk), as the hypervisor runs it:
 * the allocator itself, the peak of each operation (which sizes the arena),
 * no leak on any path, -VIGIL_ENOMEM when the arena runs out, and the same
 * certificate bytes as Debian's build of mbedTLS writes (test_dice).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include "dice_internal.h"
#include "dice_test_chain.h"

void *monitor_crypto_calloc(size_t count, size_t size);
void monitor_crypto_free(void *ptr);

static size_t in_use(void)
{
	size_t now, peak;
	monitor_crypto_arena_stats(&now, &peak);
	return now;
}

static size_t peak_since_reset(void)
{
	size_t now, peak;
	monitor_crypto_arena_stats(&now, &peak);
	return peak;
}

static int check_empty(void **state)
{
	(void)state;
	return in_use() == 0 ? 0 : -1;
}

/* ---- the allocator ---- */

static void calloc_is_aligned_zeroed_and_bounded(void **state)
{
	(void)state;
	unsigned char *a = monitor_crypto_calloc(3, 7);
	assert_non_null(a);
	assert_int_equal((uintptr_t)a % 16, 0);
	for (int i = 0; i < 21; i++)
		assert_int_equal(a[i], 0);
	memset(a, 0xff, 21);
	monitor_crypto_free(a);
	a = monitor_crypto_calloc(3, 7); /* the same block: zeroed again */
	for (int i = 0; i < 21; i++)
		assert_int_equal(a[i], 0);
	monitor_crypto_free(a);

	void *zero = monitor_crypto_calloc(0, 8); /* freeable, not NULL */
	assert_non_null(zero);
	monitor_crypto_free(zero);
	monitor_crypto_free(NULL);

	assert_null(monitor_crypto_calloc(SIZE_MAX / 2, 4)); /* overflow */
	assert_null(monitor_crypto_calloc(1, CRYPTO_ARENA_SIZE));
	assert_int_equal(in_use(), 0);
}

/* Freed neighbours merge: after any order of frees the whole arena is one
 * block again. */
static void frees_merge_neighbours(void **state)
{
	(void)state;
	static const int orders[][4] = {
		{ 0, 1, 2, 3 }, { 3, 2, 1, 0 }, { 1, 3, 0, 2 }, { 2, 0, 3, 1 },
	};
	size_t whole = CRYPTO_ARENA_SIZE - 16;
	for (size_t o = 0; o < sizeof(orders) / sizeof(orders[0]); o++) {
		void *p[4];
		for (int i = 0; i < 4; i++) {
			p[i] = monitor_crypto_calloc(1, whole / 4 - 16);
			assert_non_null(p[i]);
		}
		assert_null(monitor_crypto_calloc(1, 64)); /* full */
		for (int i = 0; i < 4; i++)
			monitor_crypto_free(p[orders[o][i]]);
		assert_int_equal(in_use(), 0);
		void *all = monitor_crypto_calloc(1, whole);
		assert_non_null(all);
		monitor_crypto_free(all);
	}
}

/* ---- DICE on the arena ---- */

static struct test_chain chain;

/* Same inputs, same bytes as Debian's mbedTLS (test_dice) writes. */
static void chain_matches_debian_build(void **state)
{
	(void)state;
	assert_int_equal(test_chain_build(&chain), 0);
	for (int i = 0; i < CERT_COUNT; i++) {
		uint8_t digest[32];
		assert_int_equal(mbedtls_sha256_ret(chain.der[i], chain.len[i], digest, 0), 0);
		assert_memory_equal(digest, test_chain_cert_sha256[i], 32);
	}
	assert_int_equal(in_use(), 0);
}

static void sign_verifies(void **state)
{
	(void)state;
	uint8_t hash[32] = { 1, 2, 3 }, r[32], s[32], point[DICE_POINT_SIZE];
	assert_int_equal(test_chain_derive(&chain), 0);
	assert_int_equal(dice_sign(&chain.ak, hash, r, s), 0);

	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi mr, ms;
	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&mr);
	mbedtls_mpi_init(&ms);
	dice_public_point(&chain.ak, point);
	assert_int_equal(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
	assert_int_equal(mbedtls_ecp_point_read_binary(&grp, &q, point, sizeof(point)), 0);
	assert_int_equal(mbedtls_mpi_read_binary(&mr, r, 32), 0);
	assert_int_equal(mbedtls_mpi_read_binary(&ms, s, 32), 0);
	assert_int_equal(mbedtls_ecdsa_verify(&grp, hash, 32, &q, &mr, &ms), 0);
	mbedtls_mpi_free(&mr);
	mbedtls_mpi_free(&ms);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	assert_int_equal(in_use(), 0);
}

/* Peak of each operation alone, the arena empty before and after. */
static void peaks_fit_the_arena(void **state)
{
	(void)state;
	uint8_t hash[32] = { 0 }, r[32], s[32], der[TEST_CERT_MAX];
	size_t peak[5], worst = 0;
	struct dice_keypair key;
	static const char *const what[] = {
		"derive key pair", "sign", "self-signed cert", "CA cert",
		"leaf cert",
	};

	assert_int_equal(test_chain_derive(&chain), 0);
	for (int i = 0; i < 5; i++) {
		monitor_crypto_arena_reset_peak();
		int ret;
		if (i == 0)
			ret = dice_derive_keypair(chain.uds, "Vigil DeviceID", &key);
		else if (i == 1)
			ret = dice_sign(&chain.ak, hash, r, s);
		else
			ret = dice_cert_write(&chain.req[i - 2], der, sizeof(der), NULL);
		assert_true(ret >= 0);
		assert_int_equal(in_use(), 0);
		peak[i] = peak_since_reset();
		worst = peak[i] > worst ? peak[i] : worst;
		print_message("arena peak, %s: %zu bytes\n", what[i], peak[i]);
	}
	print_message("arena peak %zu of %d bytes\n", worst, CRYPTO_ARENA_SIZE);
	/* Keep a quarter spare for another mbedTLS build or a larger name. */
	assert_true(worst <= CRYPTO_ARENA_SIZE / 4 * 3);
}

/*
 * Leaves only `room` bytes of the arena free, then runs every operation:
 * each succeeds or fails with -VIGIL_ENOMEM, and frees all it took.
 */
static int run_with_room(size_t room)
{
	uint8_t hash[32] = { 0 }, r[32], s[32], der[TEST_CERT_MAX];
	struct dice_keypair key;
	int failures = 0;
	void *hold = monitor_crypto_calloc(1, CRYPTO_ARENA_SIZE - 48 - room);
	assert_non_null(hold);
	size_t held = in_use();

	int ret[3] = {
		dice_derive_keypair(chain.uds, "Vigil DeviceID", &key),
		dice_sign(&chain.ak, hash, r, s),
		dice_cert_write(&chain.req[CERT_AK], der, sizeof(der), NULL),
	};
	for (int i = 0; i < 3; i++) {
		if (ret[i] < 0 && ret[i] != -VIGIL_ENOMEM)
			print_message("room %zu op %d: %d\n", room, i, ret[i]);
		assert_true(ret[i] >= 0 || ret[i] == -VIGIL_ENOMEM);
		failures += ret[i] == -VIGIL_ENOMEM;
	}
	assert_int_equal(in_use(), held);
	monitor_crypto_free(hold);
	return failures;
}

static void exhaustion_gives_enomem_and_leaks_nothing(void **state)
{
	(void)state;
	assert_int_equal(test_chain_derive(&chain), 0);
	assert_int_equal(run_with_room(0), 3);
	int last = 3;
	for (size_t room = 16; room < CRYPTO_ARENA_SIZE / 4 * 3; room += 48)
		last = run_with_room(room);
	assert_int_equal(last, 0);
	assert_int_equal(in_use(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(calloc_is_aligned_zeroed_and_bounded, check_empty),
		cmocka_unit_test_teardown(frees_merge_neighbours, check_empty),
		cmocka_unit_test_teardown(chain_matches_debian_build, check_empty),
		cmocka_unit_test_teardown(sign_verifies, check_empty),
		cmocka_unit_test_teardown(peaks_fit_the_arena, check_empty),
		cmocka_unit_test_teardown(exhaustion_gives_enomem_and_leaks_nothing,
					  check_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
