/* SPDX-License-Identifier: MIT */
/*
 * The attestation and console-input hypercalls with the real monitor
 * behind them: argument checks (EINVAL, EPERM, EFAULT, ENOSPC with the
 * size needed, ENODEV), vPCR extends that the log and the quote agree with,
 * and keys that depend on the device secret, Vigil, the image and the
 * partition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/sha256.h>
#include <pthread.h>

#include "../../monitor/attest_internal.h"
#include "fake_arch.h"
#include "fake_rot.h"
#include "fake_log.h"
#include <vigil/console_input.h>
#include <vigil/event_log.h>
#include <vigil/hypercall_dispatch.h>

#define GUEST_BASE 0x80000000UL
#define GUEST_SIZE 0x10000UL

static _Alignas(4096) uint8_t ram_a[GUEST_SIZE], ram_b[GUEST_SIZE];
static struct partition_config cfg_a, cfg_b;
static struct partition parts[2];

static const uint8_t image_digest[32] = { 0xab, 0xcd };
static uint8_t config_digest[32] = { 0xc0 };

static void setup_partition(struct partition *p, struct partition_config *c,
			    const char *name, uint8_t *ram, unsigned int id)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->name, name);
	c->cpu_count = 1;
	c->mem_count = 1;
	c->mem[0] = (struct mem_map){ ipa_init(GUEST_BASE),
				      pa_init((uintptr_t)ram), GUEST_SIZE };
	memset(p, 0, sizeof(*p));
	p->cfg = c;
	p->id = id;
	p->state = PARTITION_RUNNING;
	p->vcpu[0].state = VCPU_ON;
}

static int setup(void **state)
{
	(void)state;
	setup_partition(&parts[0], &cfg_a, "attester-a", ram_a, 0);
	setup_partition(&parts[1], &cfg_b, "attester-b", ram_b, 1);
	console_input_init(parts, 2);
	struct vigil_config config = { 0 };
	attestation_measure_vigil(&fake_rot);
	assert_int_equal(attestation_boot(&fake_rot, &config, config_digest), 0);
	struct launch_facts a = { .name = "attester-a",
				  .policy_event = "launch policy: measure" };
	struct launch_facts b = a;
	b.name = "attester-b";
	memcpy(a.image_digest, image_digest, 32);
	memcpy(b.image_digest, image_digest, 32);
	assert_int_equal(attestation_launch(&parts[0].attest, &a, config_digest), 0);
	assert_int_equal(attestation_launch(&parts[1].attest, &b, config_digest), 0);
	fake_log_clear();
	return 0;
}

static struct hypercall call5(struct partition *p, uint64_t nr, uint64_t a0,
			      uint64_t a1, uint64_t a2, uint64_t a3,
			      uint64_t a4)
{
	struct hypercall c = { .nr = nr, .arg = { a0, a1, a2, a3, a4 } };
	hypercall_dispatch(p, 0, &c);
	assert_false(c.stop);
	return c;
}

/* Guest address of offset off in partition A's memory. */
static uint64_t ga(uint64_t off)
{
	return GUEST_BASE + off;
}

static void vpcr_rules(void **state)
{
	(void)state;
	struct partition *a = &parts[0];
	memset(ram_a, 0x42, 32); /* a digest at offset 0 */
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 0, ga(0), 0, 0, 0).result,
			 -VIGIL_EPERM);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 7, ga(0), 0, 0, 0).result,
			 -VIGIL_EPERM);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 24, ga(0), 0, 0, 0).result,
			 -VIGIL_EINVAL);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 8, ga(0), ga(64),
			       VIGIL_EVENT_DATA_MAX + 1, 0).result,
			 -VIGIL_EINVAL);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 8, GUEST_BASE - 32, 0, 0,
			       0).result,
			 -VIGIL_EFAULT);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 8, ga(0),
			       ga(GUEST_SIZE - 4), 8, 0).result,
			 -VIGIL_EFAULT);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_READ, 24, ga(64), 0, 0, 0).result,
			 -VIGIL_EINVAL);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_READ, 8, ga(GUEST_SIZE - 16), 0,
			       0, 0).result,
			 -VIGIL_EFAULT);
}

static void extend_then_read(void **state)
{
	(void)state;
	struct partition *a = &parts[0];
	memset(ram_a, 0x42, 32);
	memcpy(ram_a + 32, "stage 2", 7);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_EXTEND, 8, ga(0), ga(32), 7, 0)
				 .result,
			 0);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_READ, 8, ga(128), 0, 0, 0).result,
			 32);
	uint8_t expect[64] = { 0 }, digest[32];
	memset(expect + 32, 0x42, 32);
	mbedtls_sha256_ret(expect, 64, digest, 0); /* SHA-256(zeros || d) */
	assert_memory_equal(ram_a + 128, digest, 32);

	/* vPCR 0 holds the launch: SHA-256(zeros || image digest). */
	memset(expect, 0, 32);
	memcpy(expect + 32, image_digest, 32);
	mbedtls_sha256_ret(expect, 64, digest, 0);
	assert_int_equal(call5(a, VIGIL_HC_VPCR_READ, 0, ga(128), 0, 0, 0).result,
			 32);
	assert_memory_equal(ram_a + 128, digest, 32);
	/* Partition B's vPCR 8 is untouched. */
	assert_int_equal(call5(&parts[1], VIGIL_HC_VPCR_READ, 8, ga(128), 0, 0, 0)
				 .result,
			 32);
	assert_memory_equal(ram_b + 128, (uint8_t[32]){ 0 }, 32);
}

static void event_log_replays_to_vpcrs(void **state)
{
	(void)state;
	struct partition *a = &parts[0];
	memset(ram_a, 0x42, 32);
	call5(a, VIGIL_HC_VPCR_EXTEND, 9, ga(0), 0, 0, 0);
	int64_t len = call5(a, VIGIL_HC_ATTEST_EVENT_LOG, ga(256), 4096, 0, 0, 0)
			      .result;
	assert_true(len > 0);
	uint8_t pcrs[24][32] = { 0 };
	/* image, config, config node, policy, then the guest's extend */
	assert_int_equal(event_log_replay(ram_a + 256, (size_t)len, pcrs), 5);
	for (unsigned int i = 0; i < 24; i++) {
		call5(a, VIGIL_HC_VPCR_READ, i, ga(128), 0, 0, 0);
		assert_memory_equal(ram_a + 128, pcrs[i], 32);
	}
}

static void quote_argument_checks(void **state)
{
	(void)state;
	struct partition *a = &parts[0];
	uint64_t mask = 1u | 1u << 8;
	assert_int_equal(call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 65, mask, ga(256),
			       1024).result,
			 -VIGIL_EINVAL);
	assert_int_equal(call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, 0, ga(256), 1024)
				 .result,
			 -VIGIL_EINVAL);
	assert_int_equal(call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, 1u << 24,
			       ga(256), 1024).result,
			 -VIGIL_EINVAL);
	assert_int_equal(call5(a, VIGIL_HC_ATTEST_QUOTE, GUEST_BASE - 4, 8, mask,
			       ga(256), 1024).result,
			 -VIGIL_EFAULT);
	assert_int_equal(call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, mask,
			       ga(GUEST_SIZE - 100), 1024).result,
			 -VIGIL_EFAULT);
	/* Too small: -ENOSPC with the size needed, the buffer untouched. */
	memset(ram_a + 256, 0xee, 16);
	struct hypercall c = call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, mask,
				   ga(256), 16);
	assert_int_equal(c.result, -VIGIL_ENOSPC);
	assert_true(c.has_size_needed);
	assert_int_equal(c.size_needed, 2 + 113 + 8 + 72);
	assert_int_equal(ram_a[256], 0xee);
	/* Size 0 asks for the size without naming a buffer. */
	c = call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, mask, 0, 0);
	assert_int_equal(c.size_needed, 2 + 113 + 8 + 72);
	c = call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, mask, ga(256), 195);
	assert_int_equal(c.result, 195);
	assert_false(c.has_size_needed);
}

static void quote_carries_nonce_and_signer(void **state)
{
	(void)state;
	struct partition *a = &parts[0];
	memcpy(ram_a, "fresh-nonce-0123", 16);
	int64_t n = call5(a, VIGIL_HC_ATTEST_QUOTE, ga(0), 16, 1, ga(256), 1024)
			    .result;
	assert_int_equal(n, 2 + 113 + 16 + 72);
	const uint8_t *attest = ram_a + 258;
	assert_int_equal(ram_a[256] << 8 | ram_a[257], 113 + 16);
	assert_memory_equal(attest, "\xff\x54\x43\x47\x80\x18", 6);
	assert_memory_equal(attest + 6 + 2, a->attest.ak_name, 34);
	assert_memory_equal(attest + 44, "fresh-nonce-0123", 16);
}

static void keys_differ_per_partition_same_chain(void **state)
{
	(void)state;
	uint8_t certs_a[4096], certs_b[4096];
	int64_t la = call5(&parts[0], VIGIL_HC_ATTEST_CERTS, ga(0), 4096, 0, 0, 0)
			     .result;
	memcpy(certs_a, ram_a, sizeof(certs_a));
	int64_t lb = call5(&parts[1], VIGIL_HC_ATTEST_CERTS, ga(0), 4096, 0, 0, 0)
			     .result;
	memcpy(certs_b, ram_b, sizeof(certs_b));
	assert_true(la > 0 && lb > 0);
	/* Same image, different partition: a different AK. */
	assert_memory_not_equal(parts[0].attest.ak.public_x,
				parts[1].attest.ak.public_x, 32);
	/* DeviceID and Alias are shared: their DER is the common prefix. */
	size_t first = (size_t)(certs_a[2] << 8 | certs_a[3]) + 4;
	size_t second = (size_t)(certs_a[first + 2] << 8 | certs_a[first + 3]) + 4;
	assert_memory_equal(certs_a, certs_b, first + second);
	assert_memory_not_equal(certs_a + first + second, certs_b + first + second,
				64);
	/* Too small: the size needed. */
	struct hypercall c = call5(&parts[0], VIGIL_HC_ATTEST_CERTS, ga(0), 10,
				   0, 0, 0);
	assert_int_equal(c.result, -VIGIL_ENOSPC);
	assert_int_equal(c.size_needed, (uint64_t)la);
}

static void a_changed_config_changes_the_alias_key(void **state)
{
	(void)state;
	uint8_t alias[32], ak[32];
	memcpy(alias, attest_chain.alias.public_x, 32);
	memcpy(ak, parts[0].attest.ak.public_x, 32);
	config_digest[31] ^= 1;
	setup(NULL);
	config_digest[31] ^= 1;
	assert_memory_not_equal(attest_chain.alias.public_x, alias, 32);
	assert_memory_not_equal(parts[0].attest.ak.public_x, ak, 32);
	setup(NULL);
	assert_memory_equal(attest_chain.alias.public_x, alias, 32);
}

static void launch_events_fill_vpcrs_0_to_2(void **state)
{
	(void)state;
	uint8_t expect[64], v0[32], v1[32], v2[32];
	const struct launch_facts *f = &parts[0].attest.facts;
	memset(expect, 0, 32); /* vPCR 1: config, then the node */
	memcpy(expect + 32, config_digest, 32);
	mbedtls_sha256_ret(expect, 64, v1, 0);
	memcpy(expect, v1, 32);
	memcpy(expect + 32, f->node_digest, 32);
	mbedtls_sha256_ret(expect, 64, v1, 0);
	memset(expect, 0, 32); /* vPCR 2: SHA-256 of the policy text */
	mbedtls_sha256_ret((const unsigned char *)"launch policy: measure", 22,
			   expect + 32, 0);
	mbedtls_sha256_ret(expect, 64, v2, 0);
	memset(expect, 0, 32);
	memcpy(expect + 32, image_digest, 32);
	mbedtls_sha256_ret(expect, 64, v0, 0);
	assert_memory_equal(parts[0].attest.vpcr[0], v0, 32);
	assert_memory_equal(parts[0].attest.vpcr[1], v1, 32);
	assert_memory_equal(parts[0].attest.vpcr[2], v2, 32);
}

static void another_secret_gives_other_keys(void **state)
{
	(void)state;
	uint8_t ak[32];
	memcpy(ak, parts[0].attest.ak.public_x, 32);
	fake_rot_secret_byte = 0x5b;
	setup(NULL);
	fake_rot_secret_byte = 0x5a;
	assert_memory_not_equal(parts[0].attest.ak.public_x, ak, 32);
	setup(NULL); /* the same secret again: the same key */
	assert_memory_equal(parts[0].attest.ak.public_x, ak, 32);
}

static void long_input_waits_in_the_uart_rather_than_being_lost(void **state)
{
	(void)state;
	char typed[201], got[256];
	for (int i = 0; i < 200; i++)
		typed[i] = (char)('a' + i % 26);
	typed[200] = '\0';
	fake_uart_input(typed);
	size_t n = 0;
	for (int round = 0; round < 8 && n < 200; round++) {
		int64_t r = call5(&parts[0], VIGIL_HC_CONSOLE_READ, ga(0), 64, 0, 0,
				  0).result;
		assert_true(r >= 0 && r <= 64);
		memcpy(got + n, ram_a, (size_t)r);
		n += (size_t)r;
	}
	assert_int_equal(n, 200);
	assert_memory_equal(got, typed, 200);
}

static void attestation_off_gives_enodev(void **state)
{
	(void)state;
	static struct partition_config cfg;
	static struct partition off;
	setup_partition(&off, &cfg, "no-keys", ram_a, 0);
	assert_int_equal(call5(&off, VIGIL_HC_VPCR_READ, 8, ga(0), 0, 0, 0).result,
			 -VIGIL_ENODEV);
	assert_int_equal(call5(&off, VIGIL_HC_ATTEST_QUOTE, ga(0), 8, 1, ga(64),
			       512).result,
			 -VIGIL_ENODEV);
	assert_int_equal(call5(&off, VIGIL_HC_ATTEST_CERTS, ga(0), 4096, 0, 0, 0)
				 .result,
			 -VIGIL_ENODEV);
}

static void console_input_goes_to_the_focus(void **state)
{
	(void)state;
	fake_uart_input("ab\x1d" "cd");
	int64_t n = call5(&parts[1], VIGIL_HC_CONSOLE_READ, ga(0), 16, 0, 0, 0)
			    .result;
	assert_int_equal(n, 2);
	assert_memory_equal(ram_b, "cd", 2);
	assert_int_equal(fake_log_count("vigil: console input goes to "
					"'attester-b'\n"),
			 1);
	n = call5(&parts[0], VIGIL_HC_CONSOLE_READ, ga(0), 1, 0, 0, 0).result;
	assert_int_equal(n, 1);
	assert_int_equal(ram_a[0], 'a');
	assert_int_equal(call5(&parts[0], VIGIL_HC_CONSOLE_READ, ga(0), 16, 0, 0,
			       0).result,
			 1);
	assert_int_equal(call5(&parts[0], VIGIL_HC_CONSOLE_READ, ga(0), 16, 0, 0,
			       0).result,
			 0);
	assert_int_equal(call5(&parts[0], VIGIL_HC_CONSOLE_READ, ga(GUEST_SIZE),
			       16, 0, 0, 0).result,
			 -VIGIL_EFAULT);
	fake_uart_input("\x1d"); /* back to attester-a for later tests */
	call5(&parts[0], VIGIL_HC_CONSOLE_READ, ga(0), 16, 0, 0, 0);
}

/* Two CPUs of one partition extending and quoting at once (here, threads
 * calling the monitor directly, since each vCPU would on its own CPU). */
#define RACE_THREADS 4
#define RACE_EXTENDS 60

static void *race_extend(void *arg)
{
	unsigned int index = 8 + (unsigned int)(uintptr_t)arg;
	uint8_t digest[32], quote[512];
	size_t needed;
	for (int i = 0; i < RACE_EXTENDS; i++) {
		memset(digest, i, sizeof(digest));
		if (attestation_extend(&parts[0].attest, index, digest, "race", 4))
			return (void *)1;
		if (i % 20 == 0 &&
		    attestation_quote(&parts[0].attest, digest, 8, 0xff01u, quote,
				      sizeof(quote), &needed) <= 0)
			return (void *)1;
	}
	return NULL;
}

static void concurrent_extends_keep_log_and_vpcrs_in_step(void **state)
{
	(void)state;
	pthread_t threads[RACE_THREADS];
	for (uintptr_t t = 0; t < RACE_THREADS; t++)
		assert_int_equal(pthread_create(&threads[t], NULL, race_extend,
						(void *)t),
				 0);
	for (int t = 0; t < RACE_THREADS; t++) {
		void *failed;
		pthread_join(threads[t], &failed);
		assert_null(failed);
	}
	uint8_t pcrs[24][32] = { 0 };
	const struct event_log *log = &parts[0].attest.log;
	assert_int_equal(event_log_replay(log->buf, log->len, pcrs),
			 4 + RACE_THREADS * RACE_EXTENDS);
	assert_memory_equal(pcrs, parts[0].attest.vpcr, sizeof(pcrs));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(vpcr_rules, setup),
		cmocka_unit_test_setup(extend_then_read, setup),
		cmocka_unit_test_setup(event_log_replays_to_vpcrs, setup),
		cmocka_unit_test_setup(quote_argument_checks, setup),
		cmocka_unit_test_setup(quote_carries_nonce_and_signer, setup),
		cmocka_unit_test_setup(keys_differ_per_partition_same_chain, setup),
		cmocka_unit_test_setup(another_secret_gives_other_keys, setup),
		cmocka_unit_test_setup(a_changed_config_changes_the_alias_key, setup),
		cmocka_unit_test_setup(launch_events_fill_vpcrs_0_to_2, setup),
		cmocka_unit_test_setup(console_input_goes_to_the_focus, setup),
		cmocka_unit_test_setup(attestation_off_gives_enodev, setup),
		cmocka_unit_test_setup(long_input_waits_in_the_uart_rather_than_being_lost,
				       setup),
		cmocka_unit_test_setup(concurrent_extends_keep_log_and_vpcrs_in_step,
				       setup),
	};
	return cmocka_run_group_tests_name("attest_hypercalls", tests, NULL,
					   NULL);
}
