/* SPDX-License-Identifier: MIT */
/*
 * The guests' AES-256 and AES-256-GCM (guests/lib/aes.c, gcm.c), built for
 * the host: the FIPS 197 example, the AES-256 test cases of the GCM
 * specification and NIST CAVP gcmEncryptExtIV256 vectors (with and without
 * AAD, whole and partial blocks); agreement with mbedTLS's GCM on
 * pseudo-random keys, IVs, AAD and texts of many lengths, both ways; and
 * tampering: any flipped bit of ciphertext, tag, AAD or IV, another key,
 * or a shortened text fails, leaving the output untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/gcm.h>

#include "aead.h"

#define MAX_TEXT 1200

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = strlen(hex) / 2;
	assert_true(n <= max);
	for (size_t i = 0; i < n; i++) {
		unsigned int byte;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
		out[i] = (uint8_t)byte;
	}
	return n;
}

/* FIPS 197 Appendix C.3: AES-256, key 00 01 .. 1f; and Appendix A.3. */
static void fips197_example(void **state)
{
	(void)state;
	uint8_t key[32], in[16], out[16], want[16];
	struct aes256_key ks;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	unhex("00112233445566778899aabbccddeeff", in, 16);
	unhex("8ea2b7ca516745bfeafc49904b496089", want, 16);
	aes256_expand_key(&ks, key);
	aes256_encrypt_block(&ks, in, out);
	assert_memory_equal(out, want, 16);
	/* In place. */
	aes256_encrypt_block(&ks, in, in);
	assert_memory_equal(in, out, 16);

	/* FIPS 197 Appendix A.3: the key expansion of another key, words
	 * w[8] (the first made with RotWord, SubWord and Rcon), w[12] (the
	 * first with SubWord alone) and w[59], the last. */
	unhex("603deb1015ca71be2b73aef0857d7781"
	      "1f352c073b6108d72d9810a30914dff4", key, 32);
	aes256_expand_key(&ks, key);
	unhex("9ba35411", want, 4);
	assert_memory_equal(ks.rk + 4 * 8, want, 4);
	unhex("a8b09c1a", want, 4);
	assert_memory_equal(ks.rk + 4 * 12, want, 4);
	unhex("706c631e", want, 4);
	assert_memory_equal(ks.rk + 4 * 59, want, 4);
}

struct vector {
	const char *source, *key, *iv, *pt, *aad, *ct, *tag;
};

/*
 * "GCM spec": McGrew and Viega, "The Galois/Counter Mode of Operation
 * (GCM)", the AES-256 test cases with a 96-bit IV (13-16). "CAVP": NIST's
 * gcmEncryptExtIV256.rsp, [Keylen = 256] [IVlen = 96] [Taglen = 128], the
 * section's PTlen and AADlen (in bits) and Count as named.
 */
static const struct vector vectors[] = {
	{ "GCM spec Test Case 13",
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "000000000000000000000000",
	  "",
	  "",
	  "",
	  "530f8afbc74536b9a963b4f1c4cb738b" },
	{ "GCM spec Test Case 14",
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "000000000000000000000000",
	  "00000000000000000000000000000000",
	  "",
	  "cea7403d4d606b6e074ec5d3baf39d18",
	  "d0d1c8a799996bf0265b98b5d48ab919" },
	{ "GCM spec Test Case 15",
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	  "cafebabefacedbaddecaf888",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
	  "",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
	  "b094dac5d93471bdec1a502270e3cc6c" },
	{ "GCM spec Test Case 16",
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	  "cafebabefacedbaddecaf888",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853bb2d551b" },
	{ "CAVP PTlen=0 AADlen=0 Count=0",
	  "b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4",
	  "516c33929df5a3284ff463d7",
	  "",
	  "",
	  "",
	  "bdc1ac884d332457a1d2664f168c76f0" },
	{ "CAVP PTlen=0 AADlen=0 Count=1",
	  "5fe0861cdc2690ce69b3658c7f26f8458eec1c9243c5ba0845305d897e96ca0f",
	  "770ac1a5a3d476d5d96944a1",
	  "",
	  "",
	  "",
	  "196d691e1047093ca4b3d2ef4baba216" },
	{ "CAVP PTlen=0 AADlen=128 Count=0",
	  "78dc4e0aaf52d935c3c01eea57428f00ca1fd475f5da86a49c8dd73d68c8e223",
	  "d79cf22d504cc793c3fb6c8a",
	  "",
	  "b96baa8c1c75a671bfb2d08d06be5f36",
	  "",
	  "3e5d486aa2e30b22e040b85723a06e76" },
	{ "CAVP PTlen=0 AADlen=128 Count=1",
	  "4457ff33683cca6ca493878bdc00373893a9763412eef8cddb54f91318e0da88",
	  "699d1f29d7b8c55300bb1fd2",
	  "",
	  "6749daeea367d0e9809e2dc2f309e6e3",
	  "",
	  "d60c74d2517fde4a74e0cd4709ed43a9" },
	{ "CAVP PTlen=128 AADlen=0 Count=0",
	  "31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22",
	  "0d18e06c7c725ac9e362e1ce",
	  "2db5168e932556f8089a0622981d017d",
	  "",
	  "fa4362189661d163fcd6a56d8bf0405a",
	  "d636ac1bbedd5cc3ee727dc2ab4a9489" },
	{ "CAVP PTlen=128 AADlen=0 Count=1",
	  "460fc864972261c2560e1eb88761ff1c992b982497bd2ac36c04071cbb8e5d99",
	  "8a4a16b9e210eb68bcb6f58d",
	  "99e4e926ffe927f691893fb79a96b067",
	  "",
	  "133fc15751621b5f325c7ff71ce08324",
	  "ec4e87e0cf74a13618d0b68636ba9fa7" },
	{ "CAVP PTlen=408 AADlen=160 Count=0",
	  "24501ad384e473963d476edcfe08205237acfd49b5b8f33857f8114e863fec7f",
	  "9ff18563b978ec281b3f2794",
	  "27f348f9cdc0c5bd5e66b1ccb63ad920ff2219d14e8d631b3872265cf117ee86"
	  "757accb158bd9abb3868fdc0d0b074b5f01b2c",
	  "adb5ec720ccf9898500028bf34afccbcaca126ef",
	  "eb7cb754c824e8d96f7c6d9b76c7d26fb874ffbf1d65c6f64a698d839b0b0614"
	  "5dae82057ad55994cf59ad7f67c0fa5e85fab8",
	  "bc95c532fecc594c36d1550286a7a3f0" },
	{ "CAVP PTlen=408 AADlen=160 Count=1",
	  "fb43f5ab4a1738a30c1e053d484a94254125d55dccee1ad67c368bc1a985d235",
	  "9fbb5f8252db0bca21f1c230",
	  "34b797bb82250e23c5e796db2c37e488b3b99d1b981cea5e5b0c61a0b39adb6b"
	  "d6ef1f50722e2e4f81115cfcf53f842e2a6c08",
	  "98f8ae1735c39f732e2cbee1156dabeb854ec7a2",
	  "871cd53d95a8b806bd4821e6c4456204d27fd704ba3d07ce25872dc604ea5c5e"
	  "a13322186b7489db4fa060c1fd4159692612c8",
	  "07b48e4a32fac47e115d7ac7445d8330" },
	{ "CAVP PTlen=408 AADlen=720 Count=0",
	  "148579a3cbca86d5520d66c0ec71ca5f7e41ba78e56dc6eebd566fed547fe691",
	  "b08a5ea1927499c6ecbfd4e0",
	  "9d0b15fdf1bd595f91f8b3abc0f7dec927dfd4799935a1795d9ce00c9b879434"
	  "420fe42c275a7cd7b39d638fb81ca52b49dc41",
	  "e4f963f015ffbb99ee3349bbaf7e8e8e6c2a71c230a48f9d59860a29091d2747"
	  "e01a5ca572347e247d25f56ba7ae8e05cde2be3c97931292c02370208ecd097e"
	  "f692687fecf2f419d3200162a6480a57dad408a0dfeb492e2c5d",
	  "2097e372950a5e9383c675e89eea1c314f999159f5611344b298cda45e628437"
	  "16f215f82ee663919c64002a5c198d7878fd3f",
	  "adbecdb0d5c2224d804d2886ff9a5760" },
	{ "CAVP PTlen=408 AADlen=720 Count=1",
	  "e49af19182faef0ebeeba9f2d3be044e77b1212358366e4ef59e008aebcd9788",
	  "e7f37d79a6a487a5a703edbb",
	  "461cd0caf7427a3d44408d825ed719237272ecd503b9094d1f62c97d63ed83a0"
	  "b50bdc804ffdd7991da7a5b6dcf48d4bcd2cbc",
	  "19a9a1cfc647346781bef51ed9070d05f99a0e0192a223c5cd2522dbdf97d973"
	  "9dd39fb178ade3339e68774b058aa03e9a20a9a205bc05f32381df4d63396ef6"
	  "91fefd5a71b49a2ad82d5ea428778ca47ee1398792762413cff4",
	  "32ca3588e3e56eb4c8301b009d8b84b8a900b2b88ca3c21944205e9dd7311757"
	  "b51394ae90d8bb3807b471677614f4198af909",
	  "3e403d035c71d88f1be1a256c89ba6ad" },
	{ "CAVP PTlen=104 AADlen=0 Count=0",
	  "82c4f12eeec3b2d3d157b0f992d292b237478d2cecc1d5f161389b97f999057a",
	  "7b40b20f5f397177990ef2d1",
	  "982a296ee1cd7086afad976945",
	  "",
	  "ec8e05a0471d6b43a59ca5335f",
	  "113ddeafc62373cac2f5951bb9165249" },
	{ "CAVP PTlen=104 AADlen=0 Count=1",
	  "db4340af2f835a6c6d7ea0ca9d83ca81ba02c29b7410f221cb6071114e393240",
	  "40e438357dd80a85cac3349e",
	  "8ddb3397bd42853193cb0f80c9",
	  "",
	  "b694118c85c41abf69e229cb0f",
	  "c07f1b8aafbd152f697eb67f2a85fe45" },
};

static void known_answers(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof(vectors) / sizeof(*vectors); v++) {
		const struct vector *t = &vectors[v];
		uint8_t key[32], iv[12], pt[128], aad[128], ct[128], tag[16];
		uint8_t out[128], out_tag[16];
		assert_int_equal(unhex(t->key, key, 32), 32);
		assert_int_equal(unhex(t->iv, iv, 12), 12);
		size_t len = unhex(t->pt, pt, sizeof(pt));
		size_t aad_len = unhex(t->aad, aad, sizeof(aad));
		assert_int_equal(unhex(t->ct, ct, sizeof(ct)), len);
		assert_int_equal(unhex(t->tag, tag, 16), 16);

		assert_int_equal(aes256_gcm_encrypt(key, iv, aad, aad_len, pt, len,
						    out, out_tag),
				 0);
		if (memcmp(out, ct, len) || memcmp(out_tag, tag, 16))
			fail_msg("%s: wrong ciphertext or tag", t->source);
		memset(out, 0xee, sizeof(out));
		assert_int_equal(aes256_gcm_decrypt(key, iv, aad, aad_len, ct, len,
						    tag, out),
				 0);
		assert_memory_equal(out, pt, len);
		assert_int_equal(out[len], 0xee); /* nothing past len */
	}
}

/* xorshift64* (Vigna): reproducible test inputs, not secrets. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rng_state ^= rng_state >> 12;
		rng_state ^= rng_state << 25;
		rng_state ^= rng_state >> 27;
		p[i] = (uint8_t)((rng_state * 0x2545f4914f6cdd1dull) >> 56);
	}
}

static size_t below(size_t n)
{
	uint8_t b[4];
	fill(b, 4);
	return ((size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3]) % n;
}

static void mbedtls_encrypt(const uint8_t *key, const uint8_t *iv,
			    const uint8_t *aad, size_t aad_len,
			    const uint8_t *pt, size_t len, uint8_t *ct,
			    uint8_t tag[16])
{
	mbedtls_gcm_context g;
	mbedtls_gcm_init(&g);
	assert_int_equal(mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, 256), 0);
	assert_int_equal(mbedtls_gcm_crypt_and_tag(&g, MBEDTLS_GCM_ENCRYPT, len, iv,
						   12, aad, aad_len, pt, ct, 16,
						   tag),
			 0);
	mbedtls_gcm_free(&g);
}

static int mbedtls_decrypt(const uint8_t *key, const uint8_t *iv,
			   const uint8_t *aad, size_t aad_len, const uint8_t *ct,
			   size_t len, const uint8_t tag[16], uint8_t *pt)
{
	mbedtls_gcm_context g;
	mbedtls_gcm_init(&g);
	assert_int_equal(mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, 256), 0);
	int rc = mbedtls_gcm_auth_decrypt(&g, len, iv, 12, aad, aad_len, tag, 16,
					  ct, pt);
	mbedtls_gcm_free(&g);
	return rc;
}

/* Every text length 0..80 (all partial-block cases, several blocks) with
 * AAD lengths 0..40 in turn, then longer ones at random. */
static void agrees_with_mbedtls(void **state)
{
	(void)state;
	static uint8_t key[32], iv[12], aad[300], pt[MAX_TEXT], ct[MAX_TEXT],
		ref[MAX_TEXT], back[MAX_TEXT];
	uint8_t tag[16], ref_tag[16];
	for (int n = 0; n < 200; n++) {
		size_t len = n <= 80 ? (size_t)n : below(MAX_TEXT + 1);
		size_t aad_len = n <= 80 ? (size_t)n % 41 : below(sizeof(aad) + 1);
		fill(key, 32);
		fill(iv, 12);
		fill(aad, aad_len);
		fill(pt, len);
		assert_int_equal(aes256_gcm_encrypt(key, iv, aad, aad_len, pt, len, ct,
						    tag),
				 0);
		mbedtls_encrypt(key, iv, aad, aad_len, pt, len, ref, ref_tag);
		if (memcmp(ct, ref, len) || memcmp(tag, ref_tag, 16))
			fail_msg("differs from mbedTLS: text %zu, aad %zu bytes", len,
				 aad_len);
		/* Each decrypts what the other encrypted. */
		assert_int_equal(aes256_gcm_decrypt(key, iv, aad, aad_len, ref, len,
						    ref_tag, back),
				 0);
		assert_memory_equal(back, pt, len);
		assert_int_equal(mbedtls_decrypt(key, iv, aad, aad_len, ct, len, tag,
						 back),
				 0);
		assert_memory_equal(back, pt, len);
		/* In place, both ways. */
		memcpy(back, pt, len);
		assert_int_equal(aes256_gcm_encrypt(key, iv, aad, aad_len, back, len,
						    back, tag),
				 0);
		assert_memory_equal(back, ref, len);
		assert_int_equal(aes256_gcm_decrypt(key, iv, aad, aad_len, back, len,
						    tag, back),
				 0);
		assert_memory_equal(back, pt, len);
	}
}

/* A sealed message; decrypting any variant of it must fail without
 * writing anything. */
#define T_LEN 37
#define T_AAD 21

struct sealed {
	uint8_t key[32], iv[12], aad[T_AAD], ct[T_LEN], tag[16];
};

static struct sealed good;

static void refused(const struct sealed *m, size_t aad_len, size_t len)
{
	uint8_t out[T_LEN + 1];
	memset(out, 0xee, sizeof(out));
	assert_int_equal(aes256_gcm_decrypt(m->key, m->iv, m->aad, aad_len, m->ct,
					    len, m->tag, out),
			 -1);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], 0xee);
}

/* good with each step-th bit of the field at offset (size bytes) flipped
 * in turn. */
static void flip_each_bit(size_t offset, size_t size, int step)
{
	for (size_t bit = 0; bit < 8 * size; bit += (size_t)step) {
		struct sealed m = good;
		((uint8_t *)&m)[offset + bit / 8] ^= (uint8_t)(1u << bit % 8);
		refused(&m, T_AAD, T_LEN);
	}
}

static void tampering_fails(void **state)
{
	(void)state;
	uint8_t pt[T_LEN], out[T_LEN];
	fill(good.key, 32);
	fill(good.iv, 12);
	fill(good.aad, T_AAD);
	fill(pt, T_LEN);
	assert_int_equal(aes256_gcm_encrypt(good.key, good.iv, good.aad, T_AAD, pt,
					    T_LEN, good.ct, good.tag),
			 0);
	assert_int_equal(aes256_gcm_decrypt(good.key, good.iv, good.aad, T_AAD,
					    good.ct, T_LEN, good.tag, out),
			 0);
	assert_memory_equal(out, pt, T_LEN);

	flip_each_bit(offsetof(struct sealed, ct), T_LEN, 1);
	flip_each_bit(offsetof(struct sealed, tag), 16, 1);
	flip_each_bit(offsetof(struct sealed, aad), T_AAD, 1);
	flip_each_bit(offsetof(struct sealed, iv), 12, 1);
	flip_each_bit(offsetof(struct sealed, key), 32, 7);
	/* A shortened text, a shortened or missing AAD, nothing at all. */
	refused(&good, T_AAD, T_LEN - 1);
	refused(&good, T_AAD - 1, T_LEN);
	refused(&good, 0, T_LEN);
	refused(&good, 0, 0);
}

static void lengths_out_of_range(void **state)
{
	(void)state;
	uint8_t key[32] = { 0 }, iv[12] = { 0 }, tag[16] = { 0 }, b[16] = { 0 };
	/* Only the lengths are looked at: nothing is read or written. */
	assert_int_equal(aes256_gcm_encrypt(key, iv, NULL, 0, b,
					    GCM_TEXT_MAX + 1, b, tag),
			 -1);
	assert_int_equal(aes256_gcm_encrypt(key, iv, b, 1ull << 61, b, 0, b, tag),
			 -1);
	assert_int_equal(aes256_gcm_decrypt(key, iv, NULL, 0, b,
					    GCM_TEXT_MAX + 1, tag, b),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips197_example),
		cmocka_unit_test(known_answers),
		cmocka_unit_test(agrees_with_mbedtls),
		cmocka_unit_test(tampering_fails),
		cmocka_unit_test(lengths_out_of_range),
	};
	return cmocka_run_group_tests_name("aes_gcm", tests, NULL, NULL);
}
