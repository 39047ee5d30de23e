/* SPDX-License-Identifier: MIT */
/*
 * TPM 2.0 marshalling against artefacts a real (software) TPM made and
 * tpm2_checkquote accepts (tests/unit/tpm-fixtures/README): the reference
 * quotes are parsed field by field with the layout of TPM 2.0 Library
 * Part 2, then re-marshalled from those fields and compared byte for byte;
 * likewise the signature and the attestation key's TPM2B_PUBLIC. Last,
 * quotes Vigil's code builds, signed here with mbedTLS, must pass
 * tpm2_checkquote itself (the test fails if the tool is missing).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include <vigil/event_log.h>
#include <vigil/tpm.h>

#define FIXTURES "tests/unit/tpm-fixtures/"
#define FILE_MAX 1024

/* ---- reading the fixtures ---- */

struct blob {
	uint8_t data[FILE_MAX];
	size_t len;
};

static void load(const char *path, struct blob *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	b->len = fread(b->data, 1, sizeof(b->data), f);
	assert_true(feof(f));
	fclose(f);
}

/* A big-endian cursor over a fixture; running off the end fails the test. */
struct be {
	const struct blob *b;
	size_t off;
};

static const uint8_t *be_take(struct be *c, size_t n)
{
	assert_true(n <= c->b->len - c->off);
	const uint8_t *p = c->b->data + c->off;
	c->off += n;
	return p;
}

static uint64_t be_uint(struct be *c, size_t n)
{
	const uint8_t *p = be_take(c, n);
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* A TPM2B: u16 size, then the bytes; returns them, *len set. */
static const uint8_t *be_tpm2b(struct be *c, size_t *len)
{
	*len = (size_t)be_uint(c, 2);
	return be_take(c, *len);
}

static void sha256(const void *data, size_t len, uint8_t out[32])
{
	assert_int_equal(mbedtls_sha256_ret(data, len, out, 0), 0);
}

static void from_hex(const char *hex, uint8_t *out, size_t len)
{
	assert_int_equal(strlen(hex), 2 * len);
	for (size_t i = 0; i < len; i++) {
		unsigned int v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/*
 * Parses a TPMS_ATTEST of a quote (Part 2, 10.12.8) with one SHA-256 PCR
 * selection of 3 bytes; the nonce points into the blob.
 */
static void parse_quote(const struct blob *msg, struct tpm_quote_info *q)
{
	struct be c = { msg, 0 };
	size_t n;
	memset(q, 0, sizeof(*q));
	assert_int_equal(be_uint(&c, 4), TPM_GENERATED_VALUE);
	assert_int_equal(be_uint(&c, 2), TPM_ST_ATTEST_QUOTE);
	const uint8_t *name = be_tpm2b(&c, &n);
	assert_int_equal(n, TPM_NAME_SIZE);
	memcpy(q->signer_name, name, n);
	q->extra_data = be_tpm2b(&c, &q->extra_data_len);
	q->clock = be_uint(&c, 8);
	q->reset_count = (uint32_t)be_uint(&c, 4);
	q->restart_count = (uint32_t)be_uint(&c, 4);
	q->safe = (uint8_t)be_uint(&c, 1);
	q->firmware_version = be_uint(&c, 8);
	assert_int_equal(be_uint(&c, 4), 1);              /* selections */
	assert_int_equal(be_uint(&c, 2), TPM_ALG_SHA256); /* bank */
	assert_int_equal(be_uint(&c, 1), 3);              /* sizeofSelect */
	const uint8_t *select = be_take(&c, 3);
	q->pcr_mask = select[0] | select[1] << 8 | (uint32_t)select[2] << 16;
	const uint8_t *digest = be_tpm2b(&c, &n);
	assert_int_equal(n, TPM_SHA256_SIZE);
	memcpy(q->pcr_digest, digest, n);
	assert_int_equal(c.off, msg->len); /* nothing after it */
}

/*
 * The PCR values of a tpm2_quote -o file: a host-endian (little here)
 * memory image of TPML_PCR_SELECTION (u32 count, 16 x {u16 hash, u8
 * sizeofSelect, u8 pcrSelect[4], pad}: 132 bytes), a u32 number of
 * TPML_DIGEST, then each (u32 count, 8 x {u16 size, u8 buffer[64]}: 532
 * bytes). The values come in ascending PCR order of the selection.
 */
static uint32_t parse_pcrs(const struct blob *f, uint8_t pcrs[24][32])
{
	const uint8_t *p = f->data;
	assert_int_equal(f->len, 668);
	assert_int_equal(p[0], 1); /* one selection */
	assert_int_equal(p[4] | p[5] << 8, TPM_ALG_SHA256);
	assert_int_equal(p[6], 3);
	uint32_t mask = p[7] | p[8] << 8 | (uint32_t)p[9] << 16;
	assert_int_equal(p[132], 1); /* one digest list */
	unsigned int count = p[136];
	memset(pcrs, 0, 24 * 32);
	unsigned int k = 0;
	for (unsigned int i = 0; i < 24; i++) {
		if (!(mask & (1u << i)))
			continue;
		const uint8_t *d = p + 140 + 66 * k++;
		assert_int_equal(d[0] | d[1] << 8, 32);
		memcpy(pcrs[i], d + 2, 32);
	}
	assert_int_equal(k, count);
	return mask;
}

/* ---- quotes ---- */

static void remarshal_quote(const char *path, uint32_t want_mask,
			    size_t want_nonce_len)
{
	struct blob msg;
	struct tpm_quote_info q;
	uint8_t out[TPM_QUOTE_MAX_SIZE];
	load(path, &msg);
	parse_quote(&msg, &q);
	assert_int_equal(q.pcr_mask, want_mask);
	assert_int_equal(q.extra_data_len, want_nonce_len);
	assert_int_equal(q.safe, 1);
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL),
			 (int)msg.len);
	assert_memory_equal(out, msg.data, msg.len);
}

static void quote_remarshals_reference_byte_for_byte(void **state)
{
	(void)state;
	/* 121 bytes: nonce 0011223344556677, PCRs 0,1,2. */
	remarshal_quote(FIXTURES "quote/quote.msg", 0x7, 8);
	/* 133 bytes: a 20-character ASCII nonce, PCRs 0,1,2,16. */
	remarshal_quote(FIXTURES "ascii-nonce/quote.msg", 0x10007, 20);
}

static void quote_field_offsets_match_reference(void **state)
{
	(void)state;
	struct blob msg;
	load(FIXTURES "quote/quote.msg", &msg);
	const uint8_t *m = msg.data;
	/* The offsets the layout in tpm.h gives, for an 8-byte nonce. */
	assert_memory_equal(m + 0, "\xff\x54\x43\x47", 4); /* magic */
	assert_memory_equal(m + 4, "\x80\x18", 2);         /* type */
	assert_memory_equal(m + 6, "\x00\x22\x00\x0b", 4); /* name: 34, SHA-256 */
	assert_memory_equal(m + 42, "\x00\x08\x00\x11\x22\x33\x44\x55\x66\x77",
			    10);                           /* extraData */
	assert_int_equal(m[52 + 16], 1);                   /* clockInfo.safe */
	assert_memory_equal(m + 77, "\x00\x00\x00\x01\x00\x0b\x03\x07\x00\x00",
			    10);                           /* pcrSelect */
	assert_memory_equal(m + 87, "\x00\x20", 2);        /* pcrDigest size */
	assert_int_equal(msg.len, 89 + 32);
}

static void quote_pcr_digest_matches_reference_pcrs(void **state)
{
	(void)state;
	static const char *const dirs[] = { FIXTURES "quote/",
					    FIXTURES "ascii-nonce/" };
	for (size_t i = 0; i < 2; i++) {
		char path[128];
		struct blob msg, pcrs_file;
		struct tpm_quote_info q;
		uint8_t pcrs[24][32], digest[32];
		snprintf(path, sizeof(path), "%squote.msg", dirs[i]);
		load(path, &msg);
		snprintf(path, sizeof(path), "%squote.pcrs", dirs[i]);
		load(path, &pcrs_file);
		parse_quote(&msg, &q);
		assert_int_equal(parse_pcrs(&pcrs_file, pcrs), q.pcr_mask);
		tpm_pcr_digest(pcrs, q.pcr_mask, digest);
		assert_memory_equal(digest, q.pcr_digest, 32);
	}
}

static void quote_checks_its_arguments(void **state)
{
	(void)state;
	uint8_t nonce[VIGIL_NONCE_MAX + 1] = { 0 };
	uint8_t out[TPM_QUOTE_MAX_SIZE + 1];
	struct tpm_quote_info q = { .extra_data = nonce, .pcr_mask = 1 };

	q.extra_data_len = VIGIL_NONCE_MAX + 1;
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL),
			 -VIGIL_EINVAL);
	q.extra_data_len = VIGIL_NONCE_MAX;
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL),
			 TPM_QUOTE_MAX_SIZE);
	q.pcr_mask = 0;
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL),
			 -VIGIL_EINVAL);
	q.pcr_mask = 1u << 24;
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL),
			 -VIGIL_EINVAL);
	q.pcr_mask = 0xffffff; /* all 24 */
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL),
			 TPM_QUOTE_MAX_SIZE);
	assert_memory_equal(out + 4 + 2 + 36 + 66 + 17 + 8,
			    "\x00\x00\x00\x01\x00\x0b\x03\xff\xff\xff", 10);

	/* No nonce: an empty TPM2B_DATA (what tpm2_checkquote wants
	 * without -q). */
	q.extra_data = NULL;
	q.extra_data_len = 0;
	q.safe = 7; /* TPMI_YES_NO: anything true is 1 */
	assert_int_equal(tpm_marshal_quote(&q, out, sizeof(out), NULL), 113);
	assert_memory_equal(out + 42, "\x00\x00", 2);
	assert_int_equal(out[44 + 16], 1);
}

static void quote_too_small_buffer_reports_size(void **state)
{
	(void)state;
	uint8_t nonce[20] = "Zq3Kx9LmP2vR7tYw4BnC";
	struct tpm_quote_info q = { .extra_data = nonce, .extra_data_len = 20,
				    .pcr_mask = 0x10007 };
	uint8_t full[TPM_QUOTE_MAX_SIZE], out[TPM_QUOTE_MAX_SIZE + 8];
	int len = tpm_marshal_quote(&q, full, sizeof(full), NULL);
	assert_int_equal(len, 133);
	for (size_t size = 0; size < (size_t)len; size++) {
		size_t needed = 0;
		memset(out, 0xa5, sizeof(out));
		assert_int_equal(tpm_marshal_quote(&q, out, size, &needed),
				 -VIGIL_ENOSPC);
		assert_int_equal(needed, (size_t)len);
		for (size_t i = size; i < sizeof(out); i++)
			assert_int_equal(out[i], 0xa5); /* nothing past size */
	}
	size_t needed = 0;
	assert_int_equal(tpm_marshal_quote(&q, NULL, 0, &needed), -VIGIL_ENOSPC);
	assert_int_equal(needed, (size_t)len);
	assert_int_equal(tpm_marshal_quote(&q, NULL, 0, NULL), -VIGIL_ENOSPC);
}

/* ---- signatures ---- */

static void signature_remarshals_reference_byte_for_byte(void **state)
{
	(void)state;
	struct blob sig;
	struct be c = { &sig, 0 };
	size_t r_len, s_len;
	uint8_t out[TPM_ECDSA_SIGNATURE_SIZE];
	load(FIXTURES "quote/quote.sig", &sig);
	assert_int_equal(be_uint(&c, 2), TPM_ALG_ECDSA);
	assert_int_equal(be_uint(&c, 2), TPM_ALG_SHA256);
	const uint8_t *r = be_tpm2b(&c, &r_len);
	const uint8_t *s = be_tpm2b(&c, &s_len);
	assert_int_equal(r_len, 32);
	assert_int_equal(s_len, 32);
	assert_int_equal(c.off, sig.len);
	assert_int_equal(tpm_marshal_ecdsa_signature(r, s, out, sizeof(out),
						     NULL),
			 TPM_ECDSA_SIGNATURE_SIZE);
	assert_int_equal(sig.len, TPM_ECDSA_SIGNATURE_SIZE);
	assert_memory_equal(out, sig.data, sig.len);
}

/* Leading zero bytes are kept: 32-byte r and s, always 72 bytes, as a TPM
 * pads them (Part 1, C.8). */
static void signature_keeps_leading_zeros(void **state)
{
	(void)state;
	uint8_t r[32], s[32], out[TPM_ECDSA_SIGNATURE_SIZE];
	memset(r, 0x11, sizeof(r));
	memset(s, 0x22, sizeof(s));
	r[0] = 0;
	assert_int_equal(tpm_marshal_ecdsa_signature(r, s, out, sizeof(out),
						     NULL),
			 72);
	assert_memory_equal(out, "\x00\x18\x00\x0b\x00\x20\x00\x11", 8);
	assert_memory_equal(out + 6, r, 32);
	assert_memory_equal(out + 38, "\x00\x20\x22", 3);
	assert_memory_equal(out + 40, s, 32);

	memset(r, 0, sizeof(r));
	r[31] = 1; /* 31 zero bytes */
	s[0] = 0;
	s[1] = 0;
	assert_int_equal(tpm_marshal_ecdsa_signature(r, s, out, sizeof(out),
						     NULL),
			 72);
	assert_memory_equal(out + 4, "\x00\x20", 2);
	assert_memory_equal(out + 6, r, 32);
	assert_memory_equal(out + 38, "\x00\x20\x00\x00\x22", 5);
}

static void signature_too_small_buffer_reports_size(void **state)
{
	(void)state;
	uint8_t r[32] = { 1 }, s[32] = { 2 }, out[80];
	for (size_t size = 0; size < 72; size++) {
		size_t needed = 0;
		memset(out, 0xa5, sizeof(out));
		assert_int_equal(tpm_marshal_ecdsa_signature(r, s, out, size,
							     &needed),
				 -VIGIL_ENOSPC);
		assert_int_equal(needed, 72);
		for (size_t i = size; i < sizeof(out); i++)
			assert_int_equal(out[i], 0xa5);
	}
}

/* ---- the attestation key ---- */

/* x and y of ak.pub, read at the offsets 12.2.4 TPMT_PUBLIC gives them. */
static void ak_pub_point(const struct blob *pub, uint8_t x[32], uint8_t y[32])
{
	struct be c = { pub, 0 };
	size_t n;
	assert_int_equal(be_uint(&c, 2), pub->len - 2);  /* TPM2B size */
	assert_int_equal(be_uint(&c, 2), TPM_ALG_ECC);   /* type */
	assert_int_equal(be_uint(&c, 2), TPM_ALG_SHA256); /* nameAlg */
	assert_int_equal(be_uint(&c, 4), 0x00050072);    /* objectAttributes */
	be_tpm2b(&c, &n);                                /* authPolicy */
	assert_int_equal(n, 0);
	assert_int_equal(be_uint(&c, 2), TPM_ALG_NULL);  /* symmetric */
	assert_int_equal(be_uint(&c, 2), TPM_ALG_ECDSA); /* scheme */
	assert_int_equal(be_uint(&c, 2), TPM_ALG_SHA256); /* its hash */
	assert_int_equal(be_uint(&c, 2), TPM_ECC_NIST_P256);
	assert_int_equal(be_uint(&c, 2), TPM_ALG_NULL);  /* kdf */
	memcpy(x, be_tpm2b(&c, &n), 32);
	assert_int_equal(n, 32);
	memcpy(y, be_tpm2b(&c, &n), 32);
	assert_int_equal(n, 32);
	assert_int_equal(c.off, pub->len);
}

static void public_remarshals_reference_byte_for_byte(void **state)
{
	(void)state;
	struct blob pub;
	uint8_t x[32], y[32], out[TPM_ECC_PUBLIC_SIZE];
	load(FIXTURES "ascii-nonce/ak.pub", &pub);
	ak_pub_point(&pub, x, y);
	assert_int_equal(tpm_marshal_ecc_public(x, y, out, sizeof(out), NULL),
			 TPM_ECC_PUBLIC_SIZE);
	assert_int_equal(pub.len, TPM_ECC_PUBLIC_SIZE);
	assert_memory_equal(out, pub.data, pub.len);

	for (size_t size = 0; size < TPM_ECC_PUBLIC_SIZE; size++) {
		size_t needed = 0;
		assert_int_equal(tpm_marshal_ecc_public(x, y, out, size,
							&needed),
				 -VIGIL_ENOSPC);
		assert_int_equal(needed, TPM_ECC_PUBLIC_SIZE);
	}
}

/*
 * The Name is nameAlg || SHA-256(TPMT_PUBLIC). For ak.pub it is 000b
 * 6c9a30..., computed apart with Python's hashlib over ak.pub[2:].
 *
 * The quote made with that very key carries 000b cc07ce... as its
 * qualifiedSigner instead: a TPM puts the key's Qualified Name there
 * (Part 1, "Names": the hash of the parent's Qualified Name and the key's
 * Name), which depends on the primary key it was created under. That is
 * why the two differ; Vigil's AK has no parent, and it puts its Name.
 */
static void public_name_is_name_alg_and_hash_of_public_area(void **state)
{
	(void)state;
	struct blob pub, msg;
	struct tpm_quote_info q;
	uint8_t x[32], y[32], name[TPM_NAME_SIZE], want[TPM_NAME_SIZE];
	load(FIXTURES "ascii-nonce/ak.pub", &pub);
	ak_pub_point(&pub, x, y);
	tpm_ecc_public_name(x, y, name);

	want[0] = 0x00;
	want[1] = 0x0b;
	sha256(pub.data + 2, pub.len - 2, want + 2);
	assert_memory_equal(name, want, TPM_NAME_SIZE);
	from_hex("000b6c9a3048f09f5d1df33c04839cc77220f4c208ebc8012b1e5ace9f3ea8fda91b",
		 want, TPM_NAME_SIZE);
	assert_memory_equal(name, want, TPM_NAME_SIZE);

	load(FIXTURES "ascii-nonce/quote.msg", &msg);
	parse_quote(&msg, &q);
	assert_memory_equal(q.signer_name, "\x00\x0b", 2);
	assert_memory_not_equal(q.signer_name, name, TPM_NAME_SIZE);
}

/* ---- PCRs ---- */

static void extend_gives_known_values(void **state)
{
	(void)state;
	uint8_t pcr[32] = { 0 }, digest[32], want[32];
	sha256("abc", 3, digest);
	tpm_extend(pcr, digest);
	/* SHA-256(32 zero bytes || SHA-256("abc")), from Python's hashlib. */
	from_hex("589f9ffed4c477966bfb8d41f37895b08c69047df8f911d6f3b57fbe08faee8d",
		 want, 32);
	assert_memory_equal(pcr, want, 32);

	/* The reference TPM's PCR 16 after one extend with SHA-256(m.txt). */
	struct blob m;
	load(FIXTURES "ascii-nonce/m.txt", &m);
	memset(pcr, 0, sizeof(pcr));
	sha256(m.data, m.len, digest);
	tpm_extend(pcr, digest);
	from_hex("7ba6dda9533c438e64aff584795c440b575154c88dbca7b16143cefb93155021",
		 want, 32);
	assert_memory_equal(pcr, want, 32);
}

static void pcr_digest_concatenates_in_index_order(void **state)
{
	(void)state;
	uint8_t pcrs[TPM_PCR_COUNT][32], cat[4 * 32], want[32], got[32];
	for (unsigned int i = 0; i < TPM_PCR_COUNT; i++)
		memset(pcrs[i], (int)i + 1, 32);
	memcpy(cat, pcrs[0], 32);
	memcpy(cat + 32, pcrs[7], 32);
	memcpy(cat + 64, pcrs[8], 32);
	memcpy(cat + 96, pcrs[23], 32);
	sha256(cat, sizeof(cat), want);
	tpm_pcr_digest(pcrs, 1u << 23 | 1u << 8 | 1u << 7 | 1u, got);
	assert_memory_equal(got, want, 32);

	/* Three zero PCRs: the reference quote's pcrDigest. */
	memset(pcrs, 0, sizeof(pcrs));
	tpm_pcr_digest(pcrs, 0x7, got);
	from_hex("2ea9ab9198d1638007400cd2c3bef1cc745b864b76011a0e1bc52180ac6452d4",
		 want, 32);
	assert_memory_equal(got, want, 32);
}

/* ---- tpm2_checkquote on quotes built here ---- */

/* The blinding RNG mbedTLS wants: any bytes do, the signature is RFC 6979
 * deterministic whatever they are. */
static int test_rng(void *ctx, unsigned char *out, size_t len)
{
	(void)ctx;
	static uint32_t x = 0x12345678;
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		out[i] = (unsigned char)(x >> 16);
	}
	return 0;
}

struct test_key {
	mbedtls_ecp_group grp;
	mbedtls_mpi d;
	uint8_t x[32], y[32];
};

static void key_init(struct test_key *k)
{
	mbedtls_ecp_point q;
	uint8_t secret[32];
	mbedtls_ecp_group_init(&k->grp);
	mbedtls_mpi_init(&k->d);
	mbedtls_ecp_point_init(&q);
	assert_int_equal(mbedtls_ecp_group_load(&k->grp, MBEDTLS_ECP_DP_SECP256R1),
			 0);
	sha256("vigil unit test AK", 18, secret);
	secret[0] &= 0x7f; /* below the group order */
	assert_int_equal(mbedtls_mpi_read_binary(&k->d, secret, 32), 0);
	assert_int_equal(mbedtls_ecp_mul(&k->grp, &q, &k->d, &k->grp.G,
					 test_rng, NULL),
			 0);
	assert_int_equal(mbedtls_mpi_write_binary(&q.X, k->x, 32), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&q.Y, k->y, 32), 0);
	mbedtls_ecp_point_free(&q);
}

static void key_free(struct test_key *k)
{
	mbedtls_mpi_free(&k->d);
	mbedtls_ecp_group_free(&k->grp);
}

/* Signs SHA-256(msg); returns the TPMT_SIGNATURE length; *r0 is r's first
 * byte (zero when r is shorter than 32 bytes). */
static int sign(struct test_key *k, const uint8_t *msg, size_t len,
		uint8_t *sig, uint8_t *r0)
{
	mbedtls_mpi r, s;
	uint8_t hash[32], rb[32], sb[32];
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	sha256(msg, len, hash);
	assert_int_equal(mbedtls_ecdsa_sign_det_ext(&k->grp, &r, &s, &k->d,
						    hash, 32, MBEDTLS_MD_SHA256,
						    test_rng, NULL),
			 0);
	assert_int_equal(mbedtls_mpi_write_binary(&r, rb, 32), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&s, sb, 32), 0);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	*r0 = rb[0];
	return tpm_marshal_ecdsa_signature(rb, sb, sig, TPM_ECDSA_SIGNATURE_SIZE,
					   NULL);
}

static void write_file(const char *dir, const char *name, const void *data,
		       size_t len)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Runs a shell command; returns its exit status, output in out. */
static int run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void hex(const uint8_t *data, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", data[i]);
}

static const uint32_t e2e_mask = 1u << 0 | 1u << 1 | 1u << 8 | 1u << 16;

/*
 * An event log as a partition's would be (its image in vPCR 0, guest events
 * in others, not all of them quoted), and the vPCR values it replays to.
 */
static size_t make_log(uint8_t *buf, size_t size,
		       uint8_t pcrs[TPM_PCR_COUNT][32])
{
	static const uint32_t pcr_of[] = { 0, 1, 8, 8, 9, 16, 16, 16 };
	struct event_log log;
	uint8_t digest[32];
	char data[32];
	assert_int_equal(event_log_init(&log, buf, size), 0);
	for (unsigned int i = 0; i < sizeof(pcr_of) / sizeof(pcr_of[0]); i++) {
		int n = snprintf(data, sizeof(data), "event %u", i);
		sha256(data, (size_t)n, digest);
		assert_int_equal(event_log_append(&log, pcr_of[i], EV_IPL, digest,
						  data, (uint32_t)n),
				 0);
	}
	assert_int_equal(event_log_replay(buf, log.len, pcrs), 8);
	return log.len;
}

/* The -f file for -l: the selected values, raw, in ascending order. */
static size_t raw_pcrs(const uint8_t pcrs[TPM_PCR_COUNT][32], uint32_t mask,
		       uint8_t *out)
{
	size_t n = 0;
	for (unsigned int i = 0; i < TPM_PCR_COUNT; i++) {
		if (mask & (1u << i)) {
			memcpy(out + n, pcrs[i], 32);
			n += 32;
		}
	}
	return n;
}

struct e2e {
	int want_zero_r;       /* sign until r has a leading zero byte */
	const uint8_t *expect; /* the nonce tpm2_checkquote is told (-q) */
	size_t expect_len;
	int tamper_log;        /* change a digest in the log given with -e */
};

/*
 * Builds and signs a quote of the vPCRs an event log replays to, trying
 * clock values from 1001 up until r has a leading zero byte or has none
 * (as asked), writes key, quote, signature, PCR values and log into dir
 * and runs tpm2_checkquote on them. Returns the tool's exit status.
 */
static int checkquote(const char *dir, struct test_key *k, const struct e2e *t,
		      char *log, size_t log_size)
{
	static const uint8_t nonce[20] = "Hx8Lw2Nq5Rt7Vy9Bc3Df";
	uint8_t pcrs[TPM_PCR_COUNT][32], raw[TPM_PCR_COUNT * 32];
	uint8_t msg[TPM_QUOTE_MAX_SIZE], sig[TPM_ECDSA_SIGNATURE_SIZE];
	uint8_t log_buf[1024];
	uint8_t pub[TPM_ECC_PUBLIC_SIZE], r0;
	struct tpm_quote_info q = {
		.extra_data = nonce, .extra_data_len = sizeof(nonce),
		.reset_count = 3, .restart_count = 1, .safe = 1,
		.firmware_version = 0x0001000000000000ull, .pcr_mask = e2e_mask,
	};
	int len = 0, tries = 0;
	size_t log_len = make_log(log_buf, sizeof(log_buf), pcrs);
	tpm_pcr_digest(pcrs, q.pcr_mask, q.pcr_digest);
	tpm_ecc_public_name(k->x, k->y, q.signer_name);
	/* About one signature in 256 has an r below 2^248. */
	do {
		assert_true(tries++ < 5000);
		q.clock = 1000 + (uint64_t)tries;
		len = tpm_marshal_quote(&q, msg, sizeof(msg), NULL);
		assert_int_equal(len, 133);
		assert_int_equal(sign(k, msg, (size_t)len, sig, &r0),
				 TPM_ECDSA_SIGNATURE_SIZE);
	} while ((r0 == 0) != (t->want_zero_r != 0));
	assert_int_equal(tpm_marshal_ecc_public(k->x, k->y, pub, sizeof(pub),
						NULL),
			 TPM_ECC_PUBLIC_SIZE);
	write_file(dir, "ak.pub", pub, sizeof(pub));
	write_file(dir, "quote.msg", msg, (size_t)len);
	write_file(dir, "quote.sig", sig, sizeof(sig));
	write_file(dir, "pcrs.bin", raw, raw_pcrs(pcrs, e2e_mask, raw));
	if (t->tamper_log)
		log_buf[65 + 14] ^= 1; /* the digest of the first event */
	write_file(dir, "eventlog.bin", log_buf, log_len);

	char cmd[1024], nonce_hex[2 * VIGIL_NONCE_MAX + 1];
	hex(t->expect, t->expect_len, nonce_hex);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && tpm2_checkquote -u ak.pub -m quote.msg -s quote.sig "
		 "-f pcrs.bin -l sha256:0,1,8,16 -e eventlog.bin -g sha256 "
		 "-q %s 2>&1",
		 dir, nonce_hex);
	return run(cmd, log, log_size);
}

static void tpm2_checkquote_accepts_vigil_quotes(void **state)
{
	(void)state;
	static const uint8_t nonce[20] = "Hx8Lw2Nq5Rt7Vy9Bc3Df";
	char dir[] = "/tmp/vigil-test-tpm-XXXXXX";
	char log[8192];
	struct test_key k;
	assert_non_null(mkdtemp(dir));
	key_init(&k);

	struct e2e t = { .expect = nonce, .expect_len = sizeof(nonce) };
	int rc = checkquote(dir, &k, &t, log, sizeof(log));
	if (rc != 0)
		fail_msg("tpm2_checkquote exited %d:\n%s", rc, log);
	assert_non_null(strstr(log, "sig: 30"));

	/* r with a leading zero byte, kept as a 32-byte TPM2B. */
	t.want_zero_r = 1;
	rc = checkquote(dir, &k, &t, log, sizeof(log));
	if (rc != 0)
		fail_msg("tpm2_checkquote (r with a leading zero) exited %d:\n%s",
			 rc, log);
	char path[256];
	struct blob sig;
	snprintf(path, sizeof(path), "%s/quote.sig", dir);
	load(path, &sig);
	assert_memory_equal(sig.data + 4, "\x00\x20\x00", 3);

	/* The harness notices a rejection: another nonce must fail, and so
	 * must a log that does not replay to the quoted values. */
	t.want_zero_r = 0;
	t.expect_len = sizeof(nonce) - 1;
	rc = checkquote(dir, &k, &t, log, sizeof(log));
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(log, "Error validating nonce"));
	t.expect_len = sizeof(nonce);
	t.tamper_log = 1;
	rc = checkquote(dir, &k, &t, log, sizeof(log));
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(log, "Eventlog and quote PCR mismatch"));

	key_free(&k);
	static const char *const files[] = { "ak.pub", "quote.msg", "quote.sig",
					     "pcrs.bin", "eventlog.bin" };
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quote_remarshals_reference_byte_for_byte),
		cmocka_unit_test(quote_field_offsets_match_reference),
		cmocka_unit_test(quote_pcr_digest_matches_reference_pcrs),
		cmocka_unit_test(quote_checks_its_arguments),
		cmocka_unit_test(quote_too_small_buffer_reports_size),
		cmocka_unit_test(signature_remarshals_reference_byte_for_byte),
		cmocka_unit_test(signature_keeps_leading_zeros),
		cmocka_unit_test(signature_too_small_buffer_reports_size),
		cmocka_unit_test(public_remarshals_reference_byte_for_byte),
		cmocka_unit_test(public_name_is_name_alg_and_hash_of_public_area),
		cmocka_unit_test(extend_gives_known_values),
		cmocka_unit_test(pcr_digest_concatenates_in_index_order),
		cmocka_unit_test(tpm2_checkquote_accepts_vigil_quotes),
	};
	return cmocka_run_group_tests_name("tpm", tests, NULL, NULL);
}
