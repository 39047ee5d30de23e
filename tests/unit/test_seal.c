/* SPDX-License-Identifier: MIT */
/*
 * Sealing keys (VIGIL_HC_SEAL_KEY) through the hypercall, with the real
 * monitor behind it: the key is 32 bytes, deterministic and the documented
 * derivation (checked against mbedTLS's own HKDF); it changes with every
 * input it is bound to and with nothing else; the argument checks come in
 * the documented order; and two partitions never get the same key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/sha256.h>

#include "attest_internal.h"
#include "fake_arch.h"
#include "fake_rot.h"
#include "fake_log.h"
#include <vigil/console_input.h>
#include <vigil/hypercall_dispatch.h>

#define GUEST_BASE 0x80000000UL
#define GUEST_SIZE 0x10000UL
#define KEY 32

/* Offsets in a partition's memory: the label, the key. */
#define LABEL_OFF 0x100
#define OUT_OFF 0x200

static _Alignas(4096) uint8_t ram[2][GUEST_SIZE];
static struct partition_config cfgs[2];
static struct partition parts[2];
static struct launch_facts facts[2];

static uint8_t config_digest[32] = { 0xc0 };

static void setup_partition(unsigned int i, const char *name)
{
	struct partition_config *c = &cfgs[i];
	memset(c, 0, sizeof(*c));
	strcpy(c->name, name);
	c->cpu_count = 1;
	c->mem_count = 1;
	c->mem[0] = (struct mem_map){ ipa_init(GUEST_BASE),
				      pa_init((uintptr_t)ram[i]), GUEST_SIZE };
	memset(&parts[i], 0, sizeof(parts[i]));
	parts[i].cfg = c;
	parts[i].id = i;
	parts[i].state = PARTITION_RUNNING;
	parts[i].vcpu[0].state = VCPU_ON;
}

/* Launch facts of a partition running image img from config node node,
 * verified by signer (0: none). */
static void set_facts(struct launch_facts *f, const char *name, uint8_t img,
		      uint8_t node, uint8_t signer)
{
	memset(f, 0, sizeof(*f));
	f->name = name;
	memset(f->image_digest, img, 32);
	memset(f->node_digest, node, 32);
	f->has_signer = signer != 0;
	memset(f->signer_digest, signer, 32);
	strcpy(f->policy_event, signer ? "launch policy: verify: signer ..."
				       : "launch policy: measure");
}

static void launch(unsigned int i)
{
	assert_int_equal(attestation_launch(&parts[i].attest, &facts[i],
					    config_digest),
			 0);
}

/* Boots the monitor with the current fake root of trust and launches
 * both partitions with their current facts. */
static void boot(void)
{
	struct vigil_config config = { 0 };
	attestation_measure_vigil(&fake_rot);
	assert_int_equal(attestation_boot(&fake_rot, &config, config_digest), 0);
	launch(0);
	launch(1);
}

static int setup(void **state)
{
	(void)state;
	fake_rot_vigil_byte = 0x11;
	fake_rot_secret_byte = 0x5a;
	memset(config_digest, 0xc0, 32);
	setup_partition(0, "sealer-a");
	setup_partition(1, "sealer-b");
	console_input_init(parts, 2);
	/* Same image, same signer, different names and config nodes. */
	set_facts(&facts[0], cfgs[0].name, 0xab, 0x01, 0x5e);
	set_facts(&facts[1], cfgs[1].name, 0xab, 0x02, 0x5e);
	boot();
	fake_log_clear();
	return 0;
}

static uint64_t ga(uint64_t off)
{
	return GUEST_BASE + off;
}

static struct hypercall seal_call(unsigned int i, uint64_t policy,
				  uint64_t label, uint64_t len, uint64_t out)
{
	struct hypercall c = { .nr = VIGIL_HC_SEAL_KEY,
			       .arg = { policy, label, len, out, 0 } };
	hypercall_dispatch(&parts[i], 0, &c);
	assert_false(c.stop);
	return c;
}

/* Partition i's key for policy and label, through the hypercall. */
static void key_of(unsigned int i, uint32_t policy, const char *label,
		   uint8_t key[KEY])
{
	size_t len = strlen(label);
	memcpy(ram[i] + LABEL_OFF, label, len);
	memset(ram[i] + OUT_OFF, 0, KEY);
	assert_int_equal(seal_call(i, policy, ga(LABEL_OFF), len, ga(OUT_OFF))
				 .result,
			 KEY);
	memcpy(key, ram[i] + OUT_OFF, KEY);
}

/* The derivation documented in monitor/attest_seal.c, on mbedTLS's HKDF. */
static void expected_key(const struct launch_facts *f, uint32_t policy,
			 const char *label, uint8_t key[KEY])
{
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	uint8_t m[32], cdi[32], info[14 + VIGIL_SEAL_LABEL_MAX];
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	if (policy == VIGIL_SEAL_DIGEST) {
		mbedtls_sha256_update_ret(&ctx, (const uint8_t *)"Vigil seal DIGEST",
					  17);
		mbedtls_sha256_update_ret(&ctx, f->image_digest, 32);
		mbedtls_sha256_update_ret(&ctx, f->node_digest, 32);
	} else {
		mbedtls_sha256_update_ret(&ctx, (const uint8_t *)"Vigil seal SIGNER",
					  17);
		mbedtls_sha256_update_ret(&ctx, f->signer_digest, 32);
		mbedtls_sha256_update_ret(&ctx, (const uint8_t *)f->name,
					  strlen(f->name));
	}
	mbedtls_sha256_finish_ret(&ctx, m);
	mbedtls_sha256_free(&ctx);
	/* dice_derive_cdi: HKDF(salt = CDI below, IKM = m, "Vigil CDI"). */
	assert_int_equal(mbedtls_hkdf(md, attest_chain.vigil_seal_cdi, 32, m, 32,
				      (const uint8_t *)"Vigil CDI", 9, cdi, 32),
			 0);
	memcpy(info, "Vigil seal key", 14);
	memcpy(info + 14, label, strlen(label));
	assert_int_equal(mbedtls_hkdf(md, NULL, 0, cdi, 32, info,
				      14 + strlen(label), key, KEY),
			 0);
}

static void key_is_32_bytes_deterministic_and_as_documented(void **state)
{
	(void)state;
	uint8_t k1[KEY], k2[KEY], want[KEY];
	for (uint32_t policy = 0; policy <= 1; policy++) {
		/* Bytes around the key stay as they were. */
		ram[0][OUT_OFF - 1] = 0xee;
		ram[0][OUT_OFF + KEY] = 0xee;
		key_of(0, policy, "sealer demo", k1);
		assert_int_equal(ram[0][OUT_OFF - 1], 0xee);
		assert_int_equal(ram[0][OUT_OFF + KEY], 0xee);
		key_of(0, policy, "sealer demo", k2);
		assert_memory_equal(k1, k2, KEY);
		assert_memory_not_equal(k1, (uint8_t[KEY]){ 0 }, KEY);
		expected_key(&facts[0], policy, "sealer demo", want);
		assert_memory_equal(k1, want, KEY);
		/* The monitor directly gives the same bytes. */
		assert_int_equal(attestation_seal_key(&parts[0].attest, policy,
						      (const uint8_t *)"sealer demo",
						      11, k2),
				 0);
		assert_memory_equal(k1, k2, KEY);
	}
	/* An empty label is a label too; its address is not looked at. */
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, 0, 0, ga(OUT_OFF)).result,
			 KEY);
	expected_key(&facts[0], VIGIL_SEAL_DIGEST, "", want);
	assert_memory_equal(ram[0] + OUT_OFF, want, KEY);
	/* The longest label is accepted. */
	char longest[VIGIL_SEAL_LABEL_MAX + 1];
	memset(longest, 'x', VIGIL_SEAL_LABEL_MAX);
	longest[VIGIL_SEAL_LABEL_MAX] = '\0';
	key_of(0, VIGIL_SEAL_SIGNER, longest, k1);
	expected_key(&facts[0], VIGIL_SEAL_SIGNER, longest, want);
	assert_memory_equal(k1, want, KEY);
}

/* Every key collected must differ from every other. */
#define MAX_KEYS 32
static uint8_t keys[MAX_KEYS][KEY];
static unsigned int key_count;

static void collect(unsigned int i, uint32_t policy, const char *label)
{
	assert_true(key_count < MAX_KEYS);
	key_of(i, policy, label, keys[key_count++]);
}

static void all_distinct(void)
{
	for (unsigned int i = 0; i < key_count; i++)
		for (unsigned int j = i + 1; j < key_count; j++)
			if (!memcmp(keys[i], keys[j], KEY))
				fail_msg("keys %u and %u are equal", i, j);
}

/* The key of partition 0 for both policies and label "L" after a change
 * made by the caller, then back to the defaults. */
static void collect_both(void)
{
	launch(0);
	collect(0, VIGIL_SEAL_DIGEST, "L");
	collect(0, VIGIL_SEAL_SIGNER, "L");
}

static void key_differs_for_every_input(void **state)
{
	(void)state;
	key_count = 0;
	collect(0, VIGIL_SEAL_DIGEST, "L");
	collect(0, VIGIL_SEAL_SIGNER, "L");
	/* The label: another, a longer one, none, one byte apart at the end. */
	collect(0, VIGIL_SEAL_DIGEST, "M");
	collect(0, VIGIL_SEAL_DIGEST, "LL");
	collect(0, VIGIL_SEAL_DIGEST, "");
	collect(0, VIGIL_SEAL_SIGNER, "M");
	collect(0, VIGIL_SEAL_SIGNER, "");

	/* The image digest (DIGEST only: see signer_keeps_its_key...). */
	facts[0].image_digest[31] ^= 1;
	launch(0);
	collect(0, VIGIL_SEAL_DIGEST, "L");
	facts[0].image_digest[31] ^= 1;
	/* The config node digest (DIGEST only). */
	facts[0].node_digest[0] ^= 0x80;
	launch(0);
	collect(0, VIGIL_SEAL_DIGEST, "L");
	facts[0].node_digest[0] ^= 0x80;
	/* The signer (SIGNER only). */
	facts[0].signer_digest[17] ^= 4;
	launch(0);
	collect(0, VIGIL_SEAL_SIGNER, "L");
	facts[0].signer_digest[17] ^= 4;
	/* The partition's name (SIGNER; for DIGEST the node digest, which
	 * covers the node's name, stands for it). */
	facts[0].name = "sealer-c";
	launch(0);
	collect(0, VIGIL_SEAL_SIGNER, "L");
	facts[0].name = "sealer-a2"; /* a longer name, same prefix */
	launch(0);
	collect(0, VIGIL_SEAL_SIGNER, "L");
	facts[0].name = cfgs[0].name;

	/* Vigil's measurement: a new boot with another Vigil. */
	fake_rot_vigil_byte = 0x12;
	boot();
	collect_both();
	fake_rot_vigil_byte = 0x11;
	/* The device secret: the same Vigil on another device. */
	fake_rot_secret_byte = 0x5b;
	boot();
	collect_both();
	fake_rot_secret_byte = 0x5a;

	/* Partition B (same image, same signer). */
	boot();
	collect(1, VIGIL_SEAL_DIGEST, "L");
	collect(1, VIGIL_SEAL_SIGNER, "L");
	all_distinct();

	/* Back to the start: the first keys again. */
	uint8_t again[KEY];
	key_of(0, VIGIL_SEAL_DIGEST, "L", again);
	assert_memory_equal(again, keys[0], KEY);
	key_of(0, VIGIL_SEAL_SIGNER, "L", again);
	assert_memory_equal(again, keys[1], KEY);
}

static void keys_ignore_what_they_are_not_bound_to(void **state)
{
	(void)state;
	uint8_t digest_key[KEY], signer_key[KEY], k[KEY];
	key_of(0, VIGIL_SEAL_DIGEST, "L", digest_key);
	key_of(0, VIGIL_SEAL_SIGNER, "L", signer_key);

	/* DIGEST ignores the signer, and whether there was one. */
	facts[0].signer_digest[0] ^= 1;
	launch(0);
	key_of(0, VIGIL_SEAL_DIGEST, "L", k);
	assert_memory_equal(k, digest_key, KEY);
	set_facts(&facts[0], cfgs[0].name, 0xab, 0x01, 0);
	launch(0);
	key_of(0, VIGIL_SEAL_DIGEST, "L", k);
	assert_memory_equal(k, digest_key, KEY);

	/* SIGNER ignores the image and the config node: a signed update, or
	 * a node changed elsewhere (say its memory), keeps its key. */
	set_facts(&facts[0], cfgs[0].name, 0xcd, 0x07, 0x5e);
	launch(0);
	key_of(0, VIGIL_SEAL_SIGNER, "L", k);
	assert_memory_equal(k, signer_key, KEY);
	key_of(0, VIGIL_SEAL_DIGEST, "L", k);
	assert_memory_not_equal(k, digest_key, KEY);

	/* Neither depends on the whole config (only Vigil's attestation CDI
	 * does): another partition's change leaves these keys alone. */
	set_facts(&facts[0], cfgs[0].name, 0xab, 0x01, 0x5e);
	config_digest[5] ^= 1;
	boot();
	key_of(0, VIGIL_SEAL_DIGEST, "L", k);
	assert_memory_equal(k, digest_key, KEY);
	key_of(0, VIGIL_SEAL_SIGNER, "L", k);
	assert_memory_equal(k, signer_key, KEY);
}

static void signer_without_signer_is_eperm(void **state)
{
	(void)state;
	set_facts(&facts[0], cfgs[0].name, 0xab, 0x01, 0);
	launch(0);
	memset(ram[0] + OUT_OFF, 0xee, KEY);
	memcpy(ram[0] + LABEL_OFF, "L", 1);
	for (int n = 0; n < 2; n++)
		assert_int_equal(seal_call(0, VIGIL_SEAL_SIGNER, ga(LABEL_OFF), 1,
					   ga(OUT_OFF)).result,
				 -VIGIL_EPERM);
	for (int n = 0; n < KEY; n++)
		assert_int_equal(ram[0][OUT_OFF + n], 0xee);
	/* Logged once, naming the partition. */
	assert_int_equal(fake_log_count("vigil: partition 'sealer-a': hypercall "
					"0x9 refused with -1: "),
			 1);
	/* DIGEST still works. */
	uint8_t k[KEY];
	key_of(0, VIGIL_SEAL_DIGEST, "L", k);
	uint8_t k2[KEY];
	assert_int_equal(attestation_seal_key(&parts[0].attest, VIGIL_SEAL_SIGNER,
					      NULL, 0, k2),
			 -VIGIL_EPERM);
}

static void bad_policy_or_long_label_is_einval(void **state)
{
	(void)state;
	const uint64_t bad_policies[] = { 2, 3, 0xffffffffu, 1ull << 32,
					  (1ull << 32) | 1, ~0ull };
	for (size_t i = 0; i < sizeof(bad_policies) / sizeof(*bad_policies); i++)
		assert_int_equal(seal_call(0, bad_policies[i], ga(LABEL_OFF), 1,
					   ga(OUT_OFF)).result,
				 -VIGIL_EINVAL);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF),
				   VIGIL_SEAL_LABEL_MAX + 1, ga(OUT_OFF)).result,
			 -VIGIL_EINVAL);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF),
				   1ull << 32, ga(OUT_OFF)).result,
			 -VIGIL_EINVAL);
	/* EINVAL comes first: before the label and the output are looked at,
	 * and before a missing signer. */
	assert_int_equal(seal_call(0, 2, 0, 1, 0).result, -VIGIL_EINVAL);
	assert_int_equal(seal_call(0, VIGIL_SEAL_SIGNER, 0, ~0ull, 0).result,
			 -VIGIL_EINVAL);
	uint8_t k[KEY];
	assert_int_equal(attestation_seal_key(&parts[0].attest, 2, NULL, 0, k),
			 -VIGIL_EINVAL);
	assert_int_equal(attestation_seal_key(&parts[0].attest, VIGIL_SEAL_DIGEST,
					      k, VIGIL_SEAL_LABEL_MAX + 1, k),
			 -VIGIL_EINVAL);
	assert_int_equal(fake_log_count("refused with -22"), 1);
}

static void buffers_outside_memory_are_efault(void **state)
{
	(void)state;
	/* The label: before, straddling the end, past the end. */
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, GUEST_BASE - 8, 8,
				   ga(OUT_OFF)).result,
			 -VIGIL_EFAULT);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(GUEST_SIZE - 4), 8,
				   ga(OUT_OFF)).result,
			 -VIGIL_EFAULT);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ~0ull - 3, 8,
				   ga(OUT_OFF)).result,
			 -VIGIL_EFAULT);
	/* Partition B's memory (as A sees it, it is nothing). */
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST,
				   (uintptr_t)ram[1] + LABEL_OFF, 1,
				   ga(OUT_OFF)).result,
			 -VIGIL_EFAULT);
	/* The output: before, straddling the end, at the end, wrapping. */
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF), 1,
				   GUEST_BASE - 16).result,
			 -VIGIL_EFAULT);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF), 1,
				   ga(GUEST_SIZE - 16)).result,
			 -VIGIL_EFAULT);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF), 1,
				   ga(GUEST_SIZE)).result,
			 -VIGIL_EFAULT);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF), 1,
				   ~0ull - 15).result,
			 -VIGIL_EFAULT);
	/* The last 32 bytes are the partition's. */
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF), 1,
				   ga(GUEST_SIZE - KEY)).result,
			 KEY);
	/* EFAULT comes before a missing signer's EPERM. */
	set_facts(&facts[0], cfgs[0].name, 0xab, 0x01, 0);
	launch(0);
	assert_int_equal(seal_call(0, VIGIL_SEAL_SIGNER, ga(LABEL_OFF), 1,
				   ga(GUEST_SIZE)).result,
			 -VIGIL_EFAULT);
	assert_int_equal(seal_call(0, VIGIL_SEAL_SIGNER, ga(GUEST_SIZE), 1,
				   ga(OUT_OFF)).result,
			 -VIGIL_EFAULT);
	/* One log line per kind, whichever buffer it was. */
	assert_int_equal(fake_log_count("refused with -14"), 1);
}

static void attestation_off_is_enodev(void **state)
{
	(void)state;
	/* A partition that was never launched (no root of trust, or its
	 * launch failed). */
	setup_partition(0, "no-keys");
	memset(ram[0] + OUT_OFF, 0xee, KEY);
	assert_int_equal(seal_call(0, VIGIL_SEAL_DIGEST, ga(LABEL_OFF), 1,
				   ga(OUT_OFF)).result,
			 -VIGIL_ENODEV);
	assert_int_equal(seal_call(0, VIGIL_SEAL_SIGNER, ga(LABEL_OFF), 1,
				   ga(OUT_OFF)).result,
			 -VIGIL_ENODEV);
	assert_int_equal(ram[0][OUT_OFF], 0xee);
	assert_int_equal(fake_log_count("refused with -19: attestation off"), 1);
}

static void two_partitions_never_share_a_key(void **state)
{
	(void)state;
	static const char *const labels[] = { "", "L", "sealer demo" };
	key_count = 0;
	for (unsigned int p = 0; p < 2; p++)
		for (uint32_t policy = 0; policy <= 1; policy++)
			for (size_t l = 0; l < 3; l++)
				collect(p, policy, labels[l]);
	all_distinct();

	/* Even with the same config node digest (which cannot happen: the
	 * node holds the name), SIGNER keys differ by name... */
	memcpy(facts[1].node_digest, facts[0].node_digest, 32);
	launch(1);
	uint8_t a[KEY], b[KEY];
	key_of(0, VIGIL_SEAL_SIGNER, "L", a);
	key_of(1, VIGIL_SEAL_SIGNER, "L", b);
	assert_memory_not_equal(a, b, KEY);
	/* ...and a partition's call only ever reaches its own state: B's
	 * label, B's output, B's key, whatever A's memory holds. */
	memset(ram[0] + OUT_OFF, 0, KEY);
	key_of(1, VIGIL_SEAL_DIGEST, "L", b);
	assert_memory_equal(ram[0] + OUT_OFF, (uint8_t[KEY]){ 0 }, KEY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(key_is_32_bytes_deterministic_and_as_documented,
				       setup),
		cmocka_unit_test_setup(key_differs_for_every_input, setup),
		cmocka_unit_test_setup(keys_ignore_what_they_are_not_bound_to, setup),
		cmocka_unit_test_setup(signer_without_signer_is_eperm, setup),
		cmocka_unit_test_setup(bad_policy_or_long_label_is_einval, setup),
		cmocka_unit_test_setup(buffers_outside_memory_are_efault, setup),
		cmocka_unit_test_setup(attestation_off_is_enodev, setup),
		cmocka_unit_test_setup(two_partitions_never_share_a_key, setup),
	};
	return cmocka_run_group_tests_name("seal", tests, NULL, NULL);
}
