/* SPDX-License-Identifier: MIT */
/*
 * DICE keys and certificates (monitor/dice_keys.c, monitor/dice_cert.c)
 * against Debian's mbedTLS 2.28 and OpenSSL: derivations are the documented
 * HKDFs and deterministic, signatures are RFC 6979's, and the DeviceID ->
 * Alias -> AK chain parses back field by field and verifies in both
 * libraries.
 */
#define _POSIX_C_SOURCE 200809L /* popen, mkdtemp */
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

#include <mbedtls/asn1.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

#include "dice_internal.h"
#include "dice_test_chain.h"

static const uint8_t secret_a[DICE_SECRET_SIZE] = { 1, 2, 3, 4, 5 };
static const uint8_t secret_b[DICE_SECRET_SIZE] = { 1, 2, 3, 4, 6 };
static const uint8_t measure_a[VIGIL_DIGEST_SIZE] = { 0xaa, 0x55 };
static const uint8_t measure_b[VIGIL_DIGEST_SIZE] = { 0xaa, 0x56 };

static const mbedtls_md_info_t *sha256(void)
{
	return mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
}

/* ---- HMAC, HKDF, CDI ---- */

/* RFC 5869 Appendix A.1, Test Case 1 (SHA-256). */
static void hkdf_matches_rfc5869_test_case_1(void **state)
{
	(void)state;
	uint8_t ikm[22], salt[13], info[10], prk[32], okm[42];
	static const uint8_t want_prk[32] = {
		0x07, 0x77, 0x09, 0x36, 0x2c, 0x2e, 0x32, 0xdf, 0x0d, 0xdc, 0x3f,
		0x0d, 0xc4, 0x7b, 0xba, 0x63, 0x90, 0xb6, 0xc7, 0x3b, 0xb5, 0x0f,
		0x9c, 0x31, 0x22, 0xec, 0x84, 0x4a, 0xd7, 0xc2, 0xb3, 0xe5,
	};
	static const uint8_t want_okm[42] = {
		0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f,
		0x64, 0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a,
		0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4, 0xc5, 0xbf, 0x34,
		0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65,
	};
	memset(ikm, 0x0b, sizeof(ikm));
	for (size_t i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(info); i++)
		info[i] = (uint8_t)(0xf0 + i);

	assert_int_equal(dice_hkdf_extract(salt, sizeof(salt), ikm, sizeof(ikm), prk), 0);
	assert_memory_equal(prk, want_prk, sizeof(prk));
	assert_int_equal(dice_hkdf_expand(prk, info, sizeof(info), okm, sizeof(okm)), 0);
	assert_memory_equal(okm, want_okm, sizeof(okm));
}

/* Keys longer than a block are hashed first (RFC 2104 2); compare with
 * mbedTLS's HMAC for short, block-sized and long keys. */
static void hmac_matches_mbedtls(void **state)
{
	(void)state;
	uint8_t key[100], msg[77], mac[32], want[32];
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(3 * i + 1);
	memset(msg, 0x5a, sizeof(msg));
	static const size_t key_lens[] = { 0, 1, 32, 64, 65, 100 };
	for (size_t k = 0; k < sizeof(key_lens) / sizeof(key_lens[0]); k++) {
		struct dice_hmac h;
		assert_int_equal(dice_hmac_start(&h, key, key_lens[k]), 0);
		assert_int_equal(dice_hmac_update(&h, msg, 10), 0);
		assert_int_equal(dice_hmac_update(&h, msg + 10, sizeof(msg) - 10), 0);
		assert_int_equal(dice_hmac_finish(&h, mac), 0);
		assert_int_equal(mbedtls_md_hmac(sha256(), key, key_lens[k], msg,
						 sizeof(msg), want), 0);
		assert_memory_equal(mac, want, sizeof(mac));
	}
}

/* CDI = HKDF(salt = secret, IKM = measurement, info = "Vigil CDI", 32). */
static void cdi_is_the_documented_hkdf(void **state)
{
	(void)state;
	uint8_t cdi[32], want[32];
	dice_derive_cdi(secret_a, measure_a, cdi);
	assert_int_equal(mbedtls_hkdf(sha256(), secret_a, sizeof(secret_a),
				      measure_a, sizeof(measure_a),
				      (const uint8_t *)"Vigil CDI", 9, want,
				      sizeof(want)), 0);
	assert_memory_equal(cdi, want, sizeof(cdi));
}

static void cdi_is_deterministic_and_input_bound(void **state)
{
	(void)state;
	uint8_t a[32], again[32], other_secret[32], other_measure[32];
	dice_derive_cdi(secret_a, measure_a, a);
	dice_derive_cdi(secret_a, measure_a, again);
	dice_derive_cdi(secret_b, measure_a, other_secret);
	dice_derive_cdi(secret_a, measure_b, other_measure);
	assert_memory_equal(a, again, sizeof(a));
	assert_memory_not_equal(a, other_secret, sizeof(a));
	assert_memory_not_equal(a, other_measure, sizeof(a));
	assert_memory_not_equal(a, secret_a, sizeof(a));
}

/* ---- key pairs ---- */

static void load_public(mbedtls_ecp_keypair *kp, const struct dice_keypair *key)
{
	uint8_t point[DICE_POINT_SIZE];
	dice_public_point(key, point);
	assert_int_equal(mbedtls_ecp_group_load(&kp->grp, MBEDTLS_ECP_DP_SECP256R1), 0);
	assert_int_equal(mbedtls_ecp_point_read_binary(&kp->grp, &kp->Q, point,
						       sizeof(point)), 0);
}

/* public == d*G, d in [1, n-1]. */
static void assert_valid_keypair(const struct dice_keypair *key)
{
	mbedtls_ecp_keypair pub, prv;
	mbedtls_ecp_keypair_init(&pub);
	mbedtls_ecp_keypair_init(&prv);
	load_public(&pub, key);
	load_public(&prv, key);
	assert_int_equal(mbedtls_mpi_read_binary(&prv.d, key->private_key, 32), 0);
	assert_int_equal(mbedtls_ecp_check_pubkey(&pub.grp, &pub.Q), 0);
	assert_int_equal(mbedtls_ecp_check_privkey(&prv.grp, &prv.d), 0);
	assert_int_equal(mbedtls_ecp_check_pub_priv(&pub, &prv), 0);
	mbedtls_ecp_keypair_free(&pub);
	mbedtls_ecp_keypair_free(&prv);
}

static void keypair_is_valid_and_deterministic(void **state)
{
	(void)state;
	struct dice_keypair a, again, other_label, other_secret;
	assert_int_equal(dice_derive_keypair(secret_a, "Vigil AK", &a), 0);
	assert_int_equal(dice_derive_keypair(secret_a, "Vigil AK", &again), 0);
	assert_int_equal(dice_derive_keypair(secret_a, "Vigil Alias", &other_label), 0);
	assert_int_equal(dice_derive_keypair(secret_b, "Vigil AK", &other_secret), 0);
	assert_valid_keypair(&a);
	assert_valid_keypair(&other_label);
	assert_valid_keypair(&other_secret);
	assert_memory_equal(&a, &again, sizeof(a));
	assert_memory_not_equal(a.private_key, other_label.private_key, 32);
	assert_memory_not_equal(a.private_key, other_secret.private_key, 32);
	assert_memory_not_equal(a.public_x, other_label.public_x, 32);
}

/* d = (HKDF(salt none, IKM = secret, info = label, 40) mod (n-1)) + 1. */
static void keypair_scalar_is_the_documented_reduction(void **state)
{
	(void)state;
	uint8_t okm[40], want[32];
	struct dice_keypair key;
	mbedtls_ecp_group grp;
	mbedtls_mpi c, n1, d;
	mbedtls_ecp_group_init(&grp);
	mbedtls_mpi_init(&c);
	mbedtls_mpi_init(&n1);
	mbedtls_mpi_init(&d);

	assert_int_equal(dice_derive_keypair(secret_b, "Vigil DeviceID", &key), 0);
	assert_int_equal(mbedtls_hkdf(sha256(), NULL, 0, secret_b, 32,
				      (const uint8_t *)"Vigil DeviceID", 14,
				      okm, sizeof(okm)), 0);
	assert_int_equal(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
	assert_int_equal(mbedtls_mpi_read_binary(&c, okm, sizeof(okm)), 0);
	assert_int_equal(mbedtls_mpi_sub_int(&n1, &grp.N, 1), 0);
	assert_int_equal(mbedtls_mpi_mod_mpi(&d, &c, &n1), 0);
	assert_int_equal(mbedtls_mpi_add_int(&d, &d, 1), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&d, want, sizeof(want)), 0);
	assert_memory_equal(key.private_key, want, sizeof(want));

	mbedtls_mpi_free(&c);
	mbedtls_mpi_free(&n1);
	mbedtls_mpi_free(&d);
	mbedtls_ecp_group_free(&grp);
}

static void keypair_rejects_null(void **state)
{
	(void)state;
	struct dice_keypair key;
	assert_int_equal(dice_derive_keypair(secret_a, NULL, &key), -VIGIL_EINVAL);
	assert_int_equal(dice_derive_keypair(NULL, "x", &key), -VIGIL_EINVAL);
	assert_int_equal(dice_derive_keypair(secret_a, "x", NULL), -VIGIL_EINVAL);
}

/* ---- signing ---- */

static int verify(const struct dice_keypair *key, const uint8_t hash[32],
		  const uint8_t r_bytes[32], const uint8_t s_bytes[32])
{
	mbedtls_ecp_keypair kp;
	mbedtls_mpi r, s;
	mbedtls_ecp_keypair_init(&kp);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	load_public(&kp, key);
	assert_int_equal(mbedtls_mpi_read_binary(&r, r_bytes, 32), 0);
	assert_int_equal(mbedtls_mpi_read_binary(&s, s_bytes, 32), 0);
	int ret = mbedtls_ecdsa_verify(&kp.grp, hash, 32, &kp.Q, &r, &s);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_ecp_keypair_free(&kp);
	return ret;
}

static void sign_verifies_and_is_deterministic(void **state)
{
	(void)state;
	struct dice_keypair key;
	uint8_t hash[32], r[32], s[32], r2[32], s2[32];
	assert_int_equal(dice_derive_keypair(secret_a, "Vigil AK", &key), 0);
	assert_int_equal(mbedtls_sha256_ret((const uint8_t *)"quote", 5, hash, 0), 0);

	assert_int_equal(dice_sign(&key, hash, r, s), 0);
	assert_int_equal(verify(&key, hash, r, s), 0);
	assert_int_equal(dice_sign(&key, hash, r2, s2), 0);
	assert_memory_equal(r, r2, 32);
	assert_memory_equal(s, s2, 32);

	hash[0] ^= 1; /* another message: another signature, old one fails */
	assert_int_not_equal(verify(&key, hash, r, s), 0);
	assert_int_equal(dice_sign(&key, hash, r2, s2), 0);
	assert_memory_not_equal(r, r2, 32);
	assert_int_equal(verify(&key, hash, r2, s2), 0);
}

/*
 * RFC 6979 A.2.5 (P-256, SHA-256, message "sample"): the key's d, and the
 * r and s the RFC lists. The public half is computed here.
 */
static void sign_matches_rfc6979_vector(void **state)
{
	(void)state;
	static const uint8_t d[32] = {
		0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21,
		0x57, 0x67, 0xb1, 0xd6, 0x93, 0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8,
		0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
	};
	static const uint8_t want_r[32] = {
		0xef, 0xd4, 0x8b, 0x2a, 0xac, 0xb6, 0xa8, 0xfd, 0x11, 0x40, 0xdd,
		0x9c, 0xd4, 0x5e, 0x81, 0xd6, 0x9d, 0x2c, 0x87, 0x7b, 0x56, 0xaa,
		0xf9, 0x91, 0xc3, 0x4d, 0x0e, 0xa8, 0x4e, 0xaf, 0x37, 0x16,
	};
	static const uint8_t want_s[32] = {
		0xf7, 0xcb, 0x1c, 0x94, 0x2d, 0x65, 0x7c, 0x41, 0xd4, 0x36, 0xc7,
		0xa1, 0xb6, 0xe2, 0x9f, 0x65, 0xf3, 0xe9, 0x00, 0xdb, 0xb9, 0xaf,
		0xf4, 0x06, 0x4d, 0xc4, 0xab, 0x2f, 0x84, 0x3a, 0xcd, 0xa8,
	};
	struct dice_keypair key;
	mbedtls_ecp_keypair kp;
	uint8_t hash[32], r[32], s[32];
	mbedtls_ecp_keypair_init(&kp);
	assert_int_equal(mbedtls_ecp_group_load(&kp.grp, MBEDTLS_ECP_DP_SECP256R1), 0);
	assert_int_equal(mbedtls_mpi_read_binary(&kp.d, d, 32), 0);
	assert_int_equal(mbedtls_ecp_mul(&kp.grp, &kp.Q, &kp.d, &kp.grp.G, NULL, NULL), 0);
	memcpy(key.private_key, d, 32);
	assert_int_equal(mbedtls_mpi_write_binary(&kp.Q.X, key.public_x, 32), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&kp.Q.Y, key.public_y, 32), 0);
	mbedtls_ecp_keypair_free(&kp);

	assert_int_equal(mbedtls_sha256_ret((const uint8_t *)"sample", 6, hash, 0), 0);
	assert_int_equal(dice_sign(&key, hash, r, s), 0);
	assert_memory_equal(r, want_r, 32);
	assert_memory_equal(s, want_s, 32);
}

static void sign_rejects_bad_keys(void **state)
{
	(void)state;
	struct dice_keypair key;
	uint8_t hash[32] = { 0 }, r[32], s[32];
	assert_int_equal(dice_derive_keypair(secret_a, "Vigil AK", &key), 0);
	memset(key.private_key, 0, 32); /* d = 0 */
	assert_int_equal(dice_sign(&key, hash, r, s), -VIGIL_EINVAL);
	assert_int_equal(dice_derive_keypair(secret_a, "Vigil AK", &key), 0);
	key.public_y[31] ^= 1; /* not on the curve */
	assert_int_equal(dice_sign(&key, hash, r, s), -VIGIL_EINVAL);
	assert_int_equal(dice_sign(NULL, hash, r, s), -VIGIL_EINVAL);
}

/* ---- certificates: DER helpers ---- */

struct ext {
	int found, critical;
	const uint8_t *val;
	size_t len;
};

/* Finds an extension by its DER OID in a parsed certificate's v3_ext. */
static struct ext find_ext(const mbedtls_x509_crt *crt, const char *oid,
			   size_t oid_len)
{
	struct ext e = { 0 };
	unsigned char *p = crt->v3_ext.p, *end = p + crt->v3_ext.len;
	size_t len;
	assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, 0x30), 0);
	while (p < end) {
		unsigned char *ext_end;
		assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, 0x30), 0);
		ext_end = p + len;
		assert_int_equal(mbedtls_asn1_get_tag(&p, ext_end, &len, MBEDTLS_ASN1_OID), 0);
		int match = len == oid_len && !memcmp(p, oid, oid_len);
		p += len;
		int critical = 0;
		if (*p == MBEDTLS_ASN1_BOOLEAN)
			assert_int_equal(mbedtls_asn1_get_bool(&p, ext_end, &critical), 0);
		assert_int_equal(mbedtls_asn1_get_tag(&p, ext_end, &len,
						      MBEDTLS_ASN1_OCTET_STRING), 0);
		if (match)
			e = (struct ext){ 1, critical, p, len };
		p = ext_end;
	}
	return e;
}

#define FIND_EXT(crt, oid) find_ext(crt, oid, sizeof(oid) - 1)
#define OID_TCBINFO "\x67\x81\x05\x05\x04\x01"

static void key_id(const struct dice_keypair *key, uint8_t id[20])
{
	uint8_t point[DICE_POINT_SIZE], digest[32];
	dice_public_point(key, point);
	assert_int_equal(mbedtls_sha256_ret(point, sizeof(point), digest, 0), 0);
	memcpy(id, digest, 20);
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* "CN=<cn>, serialNumber=<hex key id>" as mbedtls_x509_dn_gets prints it. */
static void expect_name(const mbedtls_x509_name *dn, const char *cn,
			const struct dice_keypair *key)
{
	uint8_t id[20];
	char id_hex[41], want[160], got[256];
	key_id(key, id);
	hex(id, 20, id_hex);
	snprintf(want, sizeof(want), "CN=%s, serialNumber=%s", cn, id_hex);
	assert_true(mbedtls_x509_dn_gets(got, sizeof(got), dn) > 0);
	assert_string_equal(got, want);
}

static void parse(mbedtls_x509_crt *crt, const uint8_t *der, size_t len)
{
	mbedtls_x509_crt_init(crt);
	assert_int_equal(mbedtls_x509_crt_parse_der(crt, der, len), 0);
}

static struct test_chain chain;

static int build_chain(void **state)
{
	(void)state;
	return test_chain_build(&chain);
}

/* ---- certificates: fields ---- */

static void expect_common_fields(const mbedtls_x509_crt *crt,
				 const struct dice_cert_request *req)
{
	uint8_t id[20], issuer_id[20];
	key_id(req->subject, id);
	key_id(req->issuer, issuer_id);

	assert_int_equal(crt->version, 3);
	expect_name(&crt->subject, req->subject_cn, req->subject);
	expect_name(&crt->issuer, req->issuer_cn, req->issuer);
	/* serial: the key id with its top bit cleared */
	assert_int_equal(crt->serial.len, 20);
	assert_int_equal(crt->serial.p[0], id[0] & 0x7f);
	assert_memory_equal(crt->serial.p + 1, id + 1, 19);
	assert_int_equal(crt->sig_md, MBEDTLS_MD_SHA256);
	assert_int_equal(crt->sig_pk, MBEDTLS_PK_ECDSA);
	assert_int_equal(crt->valid_from.year, 2026);
	assert_int_equal(crt->valid_from.mon, 1);
	assert_int_equal(crt->valid_from.day, 1);
	assert_int_equal(crt->valid_from.hour, 0);
	assert_int_equal(crt->valid_to.year, 9999);
	assert_int_equal(crt->valid_to.mon, 12);
	assert_int_equal(crt->valid_to.day, 31);
	assert_int_equal(crt->valid_to.hour, 23);
	assert_int_equal(crt->valid_to.min, 59);
	assert_int_equal(crt->valid_to.sec, 59);
	assert_int_equal(crt->ca_istrue, req->is_ca);
	assert_int_equal(crt->max_pathlen, 0); /* no constraint */
	assert_int_equal(crt->key_usage, req->is_ca ? MBEDTLS_X509_KU_KEY_CERT_SIGN
						    : MBEDTLS_X509_KU_DIGITAL_SIGNATURE);

	struct ext bc = FIND_EXT(crt, MBEDTLS_OID_BASIC_CONSTRAINTS);
	assert_true(bc.found && bc.critical);
	struct ext ku = FIND_EXT(crt, MBEDTLS_OID_KEY_USAGE);
	assert_true(ku.found && ku.critical);
	struct ext ski = FIND_EXT(crt, MBEDTLS_OID_SUBJECT_KEY_IDENTIFIER);
	assert_true(ski.found && !ski.critical);
	assert_int_equal(ski.len, 22);
	assert_memory_equal(ski.val, "\x04\x14", 2);
	assert_memory_equal(ski.val + 2, id, 20);
	struct ext aki = FIND_EXT(crt, MBEDTLS_OID_AUTHORITY_KEY_IDENTIFIER);
	assert_true(aki.found && !aki.critical);
	assert_int_equal(aki.len, 24);
	assert_memory_equal(aki.val, "\x30\x16\x80\x14", 4);
	assert_memory_equal(aki.val + 4, issuer_id, 20);
}

/* Checks one [n] IMPLICIT primitive field of TcbInfo and steps over it. */
static void expect_tcb_field(unsigned char **p, const unsigned char *end,
			     int n, const void *want, size_t want_len)
{
	size_t len;
	assert_int_equal(mbedtls_asn1_get_tag(p, end, &len,
					      MBEDTLS_ASN1_CONTEXT_SPECIFIC | n), 0);
	assert_int_equal(len, want_len);
	assert_memory_equal(*p, want, want_len);
	*p += len;
}

/*
 * SEQUENCE { [0] vendor, [1] model, [2] version, [4] layer, [6] {
 * SEQUENCE { sha256 OID, OCTET STRING digest } } }, absent fields omitted.
 */
static void expect_tcb_info(const mbedtls_x509_crt *crt,
			    const struct dice_cert_request *req,
			    const void *layer_der, size_t layer_len)
{
	struct ext e = FIND_EXT(crt, OID_TCBINFO);
	assert_true(e.found && !e.critical);
	unsigned char *p = (unsigned char *)e.val, *end = p + e.len;
	size_t len;
	assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, 0x30), 0);
	assert_ptr_equal(p + len, end);
	if (req->tcb_vendor)
		expect_tcb_field(&p, end, 0, req->tcb_vendor, strlen(req->tcb_vendor));
	if (req->tcb_model)
		expect_tcb_field(&p, end, 1, req->tcb_model, strlen(req->tcb_model));
	if (req->tcb_version)
		expect_tcb_field(&p, end, 2, req->tcb_version, strlen(req->tcb_version));
	expect_tcb_field(&p, end, 4, layer_der, layer_len);
	assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, 0xa6), 0);
	assert_ptr_equal(p + len, end);
	assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, 0x30), 0);
	assert_ptr_equal(p + len, end);
	assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_OID), 0);
	assert_int_equal(len, MBEDTLS_OID_SIZE(MBEDTLS_OID_DIGEST_ALG_SHA256));
	assert_memory_equal(p, MBEDTLS_OID_DIGEST_ALG_SHA256, len);
	p += len;
	assert_int_equal(mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_OCTET_STRING), 0);
	assert_int_equal(len, 32);
	assert_memory_equal(p, req->fwid, 32);
	assert_ptr_equal(p + len, end);
}

static void tcbinfo_oid_is_the_tcg_one(void **state)
{
	(void)state;
	mbedtls_x509_buf oid = { MBEDTLS_ASN1_OID, 6, (unsigned char *)OID_TCBINFO };
	char text[32];
	assert_true(mbedtls_oid_get_numeric_string(text, sizeof(text), &oid) > 0);
	assert_string_equal(text, VIGIL_OID_TCG_DICE_TCBINFO);
}

static void deviceid_cert_fields(void **state)
{
	(void)state;
	mbedtls_x509_crt crt;
	parse(&crt, chain.der[CERT_DEVICEID], chain.len[CERT_DEVICEID]);
	expect_common_fields(&crt, &chain.req[CERT_DEVICEID]);
	assert_false(FIND_EXT(&crt, OID_TCBINFO).found); /* no fwid given */
	mbedtls_x509_crt_free(&crt);
}

static void alias_cert_fields(void **state)
{
	(void)state;
	mbedtls_x509_crt crt;
	parse(&crt, chain.der[CERT_ALIAS], chain.len[CERT_ALIAS]);
	expect_common_fields(&crt, &chain.req[CERT_ALIAS]);
	expect_tcb_info(&crt, &chain.req[CERT_ALIAS], "\x01", 1);
	mbedtls_x509_crt_free(&crt);
}

static void ak_cert_fields(void **state)
{
	(void)state;
	mbedtls_x509_crt crt;
	parse(&crt, chain.der[CERT_AK], chain.len[CERT_AK]);
	expect_common_fields(&crt, &chain.req[CERT_AK]);
	expect_tcb_info(&crt, &chain.req[CERT_AK], "\x02", 1); /* no version */
	mbedtls_x509_crt_free(&crt);
}

/* Layer needing a leading zero; no vendor, model or version at all. */
static void tcbinfo_layer_encoding_and_omissions(void **state)
{
	(void)state;
	static const struct {
		unsigned int layer;
		const char *der;
		size_t len;
	} cases[] = {
		{ 0, "\x00", 1 }, { 0x7f, "\x7f", 1 }, { 0x80, "\x00\x80", 2 },
		{ 0x1234, "\x12\x34", 2 }, { 0xffffffffu, "\x00\xff\xff\xff\xff", 5 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dice_cert_request req = {
			.subject = &chain.ak, .issuer = &chain.alias,
			.subject_cn = "p", .issuer_cn = "Vigil Alias",
			.fwid = chain.image_digest, .tcb_layer = cases[i].layer,
		};
		uint8_t der[TEST_CERT_MAX];
		int len = dice_cert_write(&req, der, sizeof(der), NULL);
		assert_true(len > 0);
		mbedtls_x509_crt crt;
		parse(&crt, der, (size_t)len);
		expect_tcb_info(&crt, &req, cases[i].der, cases[i].len);
		mbedtls_x509_crt_free(&crt);
	}
}

/* A ',' in a name is escaped for mbedTLS and comes back intact. */
static void names_with_commas(void **state)
{
	(void)state;
	struct dice_cert_request req = chain.req[CERT_AK];
	req.subject_cn = "a,b, c";
	uint8_t der[TEST_CERT_MAX];
	int len = dice_cert_write(&req, der, sizeof(der), NULL);
	assert_true(len > 0);
	mbedtls_x509_crt crt;
	parse(&crt, der, (size_t)len);
	/* dn_gets prints the value as it is, so the first RDN reads "a,b, c" */
	assert_int_equal(crt.subject.val.len, 6);
	assert_memory_equal(crt.subject.val.p, "a,b, c", 6);
	mbedtls_x509_crt_free(&crt);
}

static void bad_requests_are_refused(void **state)
{
	(void)state;
	char long_cn[DICE_CN_MAX + 2];
	memset(long_cn, 'x', sizeof(long_cn) - 1);
	long_cn[sizeof(long_cn) - 1] = '\0';
	uint8_t der[TEST_CERT_MAX];
	struct dice_cert_request req = chain.req[CERT_AK];

	assert_int_equal(dice_cert_write(NULL, der, sizeof(der), NULL), -VIGIL_EINVAL);
	req.subject_cn = long_cn;
	assert_int_equal(dice_cert_write(&req, der, sizeof(der), NULL), -VIGIL_EINVAL);
	req.subject_cn = "back\\slash";
	assert_int_equal(dice_cert_write(&req, der, sizeof(der), NULL), -VIGIL_EINVAL);
	req.subject_cn = "";
	assert_int_equal(dice_cert_write(&req, der, sizeof(der), NULL), -VIGIL_EINVAL);
	req = chain.req[CERT_AK];
	req.tcb_model = long_cn;
	assert_int_equal(dice_cert_write(&req, der, sizeof(der), NULL), -VIGIL_EINVAL);
	req = chain.req[CERT_AK];
	req.issuer = NULL;
	assert_int_equal(dice_cert_write(&req, der, sizeof(der), NULL), -VIGIL_EINVAL);
	req = chain.req[CERT_AK];
	assert_int_equal(dice_cert_write(&req, NULL, 10, NULL), -VIGIL_EINVAL);
}

/* Every string at its limit still fits mbedTLS's scratch buffer. */
static void longest_request_fits(void **state)
{
	(void)state;
	char cn[DICE_CN_MAX + 1], s[DICE_TCB_STRING_MAX + 1];
	memset(cn, ',', DICE_CN_MAX); /* escaped: the longest name string */
	cn[DICE_CN_MAX] = '\0';
	memset(s, 'v', DICE_TCB_STRING_MAX);
	s[DICE_TCB_STRING_MAX] = '\0';
	struct dice_cert_request req = {
		.subject = &chain.ak, .issuer = &chain.alias, .subject_cn = cn,
		.issuer_cn = cn, .is_ca = 1, .fwid = chain.image_digest,
		.tcb_vendor = s, .tcb_model = s, .tcb_version = s,
		.tcb_layer = 0xffffffffu,
	};
	uint8_t der[TEST_CERT_MAX];
	size_t needed = 0;
	int len = dice_cert_write(&req, der, sizeof(der), &needed);
	assert_true(len > 0);
	assert_int_equal((size_t)len, needed);
	print_message("longest certificate: %d bytes of %d\n", len,
		      DICE_CERT_SCRATCH_SIZE);
	mbedtls_x509_crt crt;
	parse(&crt, der, (size_t)len);
	expect_tcb_info(&crt, &req, "\x00\xff\xff\xff\xff", 5);
	mbedtls_x509_crt_free(&crt);
}

static void too_small_buffer_gives_enospc_and_size(void **state)
{
	(void)state;
	size_t full = chain.len[CERT_AK], needed = 0;
	uint8_t der[TEST_CERT_MAX];
	memset(der, 0xee, sizeof(der));
	assert_int_equal(dice_cert_write(&chain.req[CERT_AK], der, full - 1, &needed),
			 -VIGIL_ENOSPC);
	assert_int_equal(needed, full);
	assert_int_equal(der[0], 0xee); /* nothing written */
	needed = 0;
	assert_int_equal(dice_cert_write(&chain.req[CERT_AK], NULL, 0, &needed),
			 -VIGIL_ENOSPC);
	assert_int_equal(needed, full);
	assert_int_equal(dice_cert_write(&chain.req[CERT_AK], der, full, &needed),
			 (int)full);
	assert_memory_equal(der, chain.der[CERT_AK], full);
}

static void certs_are_deterministic(void **state)
{
	(void)state;
	static struct test_chain again;
	uint8_t digest[CERT_COUNT][32];
	char h[65];
	assert_int_equal(test_chain_build(&again), 0);
	for (int i = 0; i < CERT_COUNT; i++) {
		assert_int_equal(again.len[i], chain.len[i]);
		assert_memory_equal(again.der[i], chain.der[i], chain.len[i]);
		assert_int_equal(mbedtls_sha256_ret(chain.der[i], chain.len[i],
						    digest[i], 0), 0);
		hex(digest[i], 32, h);
		print_message("cert %d: %zu bytes, sha256 %s\n", i, chain.len[i], h);
	}
	/* The same bytes as test_dice_arena's build of mbedTLS writes. */
	for (int i = 0; i < CERT_COUNT; i++)
		assert_memory_equal(digest[i], test_chain_cert_sha256[i], 32);
}

/* ---- the chain ---- */

static void chain_verifies_in_mbedtls(void **state)
{
	(void)state;
	mbedtls_x509_crt trust, certs;
	uint32_t flags = 0xffffffff;
	parse(&trust, chain.der[CERT_DEVICEID], chain.len[CERT_DEVICEID]);
	parse(&certs, chain.der[CERT_AK], chain.len[CERT_AK]);
	assert_int_equal(mbedtls_x509_crt_parse_der(&certs, chain.der[CERT_ALIAS],
						    chain.len[CERT_ALIAS]), 0);
	assert_int_equal(mbedtls_x509_crt_verify(&certs, &trust, NULL, NULL, &flags,
						 NULL, NULL), 0);
	assert_int_equal(flags, 0);

	/* The AK cannot vouch for anything: it is no CA. */
	mbedtls_x509_crt_free(&trust);
	parse(&trust, chain.der[CERT_AK], chain.len[CERT_AK]);
	mbedtls_x509_crt_free(&certs);
	parse(&certs, chain.der[CERT_ALIAS], chain.len[CERT_ALIAS]);
	assert_int_not_equal(mbedtls_x509_crt_verify(&certs, &trust, NULL, NULL,
						     &flags, NULL, NULL), 0);
	mbedtls_x509_crt_free(&trust);
	mbedtls_x509_crt_free(&certs);
}

/* ---- OpenSSL ---- */

static char tmpdir[64];

static void write_file(const char *name, const void *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_pem(const char *name, const uint8_t *der, size_t len)
{
	unsigned char pem[2048];
	size_t olen = 0;
	assert_int_equal(mbedtls_pem_write_buffer("-----BEGIN CERTIFICATE-----\n",
						  "-----END CERTIFICATE-----\n",
						  der, len, pem, sizeof(pem), &olen), 0);
	write_file(name, pem, strlen((char *)pem));
}

/* Runs cmd in tmpdir; returns its exit status and its output in out. */
static int run(const char *cmd, char *out, size_t size)
{
	char line[512];
	snprintf(line, sizeof(line), "cd '%s' && %s 2>&1", tmpdir, cmd);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	printf("$ %s\n", cmd); /* print_message truncates long output */
	fputs(out, stdout);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int openssl_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vigil-dice-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	write_pem("deviceid.pem", chain.der[CERT_DEVICEID], chain.len[CERT_DEVICEID]);
	write_pem("alias.pem", chain.der[CERT_ALIAS], chain.len[CERT_ALIAS]);
	write_pem("ak.pem", chain.der[CERT_AK], chain.len[CERT_AK]);
	write_file("ak.der", chain.der[CERT_AK], chain.len[CERT_AK]);
	return 0;
}

static int openssl_teardown(void **state)
{
	(void)state;
	static const char *const files[] = { "deviceid.pem", "alias.pem",
					     "ak.pem", "ak.der", "tcb.der" };
	char path[128];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i]);
		unlink(path); /* tcb.der exists for one test only */
	}
	return rmdir(tmpdir);
}

/* A missing openssl fails here (exit status 127), it is not skipped. */
static void chain_verifies_in_openssl(void **state)
{
	(void)state;
	char out[4096];
	assert_int_equal(run("openssl verify -CAfile deviceid.pem -untrusted alias.pem ak.pem",
			     out, sizeof(out)), 0);
	assert_string_equal(out, "ak.pem: OK\n");
	/* RFC 5280's stricter checks (key ids, critical basicConstraints...) */
	assert_int_equal(run("openssl verify -x509_strict -CAfile deviceid.pem "
			     "-untrusted alias.pem ak.pem", out, sizeof(out)), 0);
	assert_string_equal(out, "ak.pem: OK\n");
	/* Without the Alias certificate there is no path to the DeviceID. */
	assert_int_not_equal(run("openssl verify -CAfile deviceid.pem ak.pem",
				 out, sizeof(out)), 0);
}

static void openssl_finds_tcbinfo(void **state)
{
	(void)state;
	static char out[16384];
	assert_int_equal(run("openssl asn1parse -inform DER -in ak.der", out,
			     sizeof(out)), 0);
	assert_non_null(strstr(out, ":" VIGIL_OID_TCG_DICE_TCBINFO "\n"));

	/* The extension's value alone parses as the TcbInfo SEQUENCE. */
	mbedtls_x509_crt crt;
	parse(&crt, chain.der[CERT_AK], chain.len[CERT_AK]);
	struct ext e = FIND_EXT(&crt, OID_TCBINFO);
	assert_true(e.found);
	write_file("tcb.der", e.val, e.len);
	mbedtls_x509_crt_free(&crt);
	assert_int_equal(run("openssl asn1parse -inform DER -in tcb.der", out,
			     sizeof(out)), 0);
	assert_non_null(strstr(out, "cont [ 0 ]"));
	assert_non_null(strstr(out, "cont [ 1 ]"));
	assert_null(strstr(out, "cont [ 2 ]")); /* the AK's has no version */
	assert_non_null(strstr(out, "cont [ 4 ]"));
	assert_non_null(strstr(out, "cont [ 6 ]"));
	assert_non_null(strstr(out, ":sha256\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hkdf_matches_rfc5869_test_case_1),
		cmocka_unit_test(hmac_matches_mbedtls),
		cmocka_unit_test(cdi_is_the_documented_hkdf),
		cmocka_unit_test(cdi_is_deterministic_and_input_bound),
		cmocka_unit_test(keypair_is_valid_and_deterministic),
		cmocka_unit_test(keypair_scalar_is_the_documented_reduction),
		cmocka_unit_test(keypair_rejects_null),
		cmocka_unit_test(sign_verifies_and_is_deterministic),
		cmocka_unit_test(sign_matches_rfc6979_vector),
		cmocka_unit_test(sign_rejects_bad_keys),
		cmocka_unit_test(tcbinfo_oid_is_the_tcg_one),
		cmocka_unit_test(deviceid_cert_fields),
		cmocka_unit_test(alias_cert_fields),
		cmocka_unit_test(ak_cert_fields),
		cmocka_unit_test(tcbinfo_layer_encoding_and_omissions),
		cmocka_unit_test(names_with_commas),
		cmocka_unit_test(bad_requests_are_refused),
		cmocka_unit_test(longest_request_fits),
		cmocka_unit_test(too_small_buffer_gives_enospc_and_size),
		cmocka_unit_test(certs_are_deterministic),
		cmocka_unit_test(chain_verifies_in_mbedtls),
		cmocka_unit_test_setup_teardown(chain_verifies_in_openssl,
						openssl_setup, openssl_teardown),
		cmocka_unit_test_setup_teardown(openssl_finds_tcbinfo,
						openssl_setup, openssl_teardown),
	};
	return cmocka_run_group_tests(tests, build_chain, NULL);
}
