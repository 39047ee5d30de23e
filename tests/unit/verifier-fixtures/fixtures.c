/* SPDX-License-Identifier: MIT */
/* Verifier test inputs made with the host's mbedTLS; see fixtures.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/asn1write.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

#include "fixtures.h"

/* TCG DICE TcbInfo, 2.23.133.5.4.1, as DER content bytes: 2*40+23 = 0x67,
 * 133 = 0x81 0x05 in base 128, then 5, 4, 1. */
#define OID_TCBINFO "\x67\x81\x05\x05\x04\x01"
/* An enterprise OID no one implements: 1.3.6.1.4.1.55555.1. */
#define OID_UNKNOWN "\x2b\x06\x01\x04\x01\x83\xb2\x03\x01"
/* id-sha384, 2.16.840.1.101.3.4.2.2. */
#define OID_SHA384 MBEDTLS_OID_NIST_ALG "\x02\x02"

int fx_rng_bytes(void *rng, unsigned char *out, size_t len)
{
	struct fx_rng *r = rng;
	while (len) {
		uint8_t in[8], block[32];
		memcpy(in, &r->seed, 4);
		memcpy(in + 4, &r->counter, 4);
		r->counter++;
		fx_sha256(in, sizeof(in), block);
		size_t n = len < sizeof(block) ? len : sizeof(block);
		memcpy(out, block, n);
		out += n;
		len -= n;
	}
	return 0;
}

void fx_key(mbedtls_pk_context *pk, uint32_t seed)
{
	struct fx_rng rng = { seed, 0 };
	mbedtls_pk_init(pk);
	assert_int_equal(mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
	assert_int_equal(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk),
					     fx_rng_bytes, &rng), 0);
}

void fx_sha256(const void *data, size_t len, uint8_t out[32])
{
	assert_int_equal(mbedtls_sha256_ret(data, len, out, 0), 0);
}

void fx_extend(uint8_t pcr[32], const uint8_t digest[32])
{
	uint8_t both[64];
	memcpy(both, pcr, 32);
	memcpy(both + 32, digest, 32);
	fx_sha256(both, sizeof(both), pcr);
}

/* asn1write writes backwards from the end; these wrap its calls. */
struct der_out {
	unsigned char *p, *start;
	size_t len;
};

static void add(struct der_out *d, int ret)
{
	assert_true(ret >= 0);
	d->len += (size_t)ret;
}

/* A header (length, then tag) over the last `inner` bytes written. */
static void wrap(struct der_out *d, size_t inner, unsigned char tag)
{
	add(d, mbedtls_asn1_write_len(&d->p, d->start, inner));
	add(d, mbedtls_asn1_write_tag(&d->p, d->start, tag));
}

static void write_fwid(struct der_out *d, const char *oid, size_t oid_len,
		       const uint8_t *digest, size_t len)
{
	size_t before = d->len;
	add(d, mbedtls_asn1_write_octet_string(&d->p, d->start, digest, len));
	add(d, mbedtls_asn1_write_oid(&d->p, d->start, oid, oid_len));
	wrap(d, d->len - before, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE);
}

static void write_fwids(struct der_out *d, const struct fx_tcb *t)
{
	static const uint8_t other[48] = { 0x48 };
	size_t before = d->len;
	if (t->second_fwid)
		write_fwid(d, MBEDTLS_OID_DIGEST_ALG_SHA256,
			   MBEDTLS_OID_SIZE(MBEDTLS_OID_DIGEST_ALG_SHA256),
			   t->fwid, t->fwid_len);
	write_fwid(d, MBEDTLS_OID_DIGEST_ALG_SHA256,
		   MBEDTLS_OID_SIZE(MBEDTLS_OID_DIGEST_ALG_SHA256), t->fwid,
		   t->fwid_len);
	if (t->sha384_fwid)
		write_fwid(d, OID_SHA384, MBEDTLS_OID_SIZE(OID_SHA384), other,
			   sizeof(other));
	wrap(d, d->len - before, 0xa6); /* [6] IMPLICIT SEQUENCE OF */
}

static void write_text(struct der_out *d, unsigned char tag, const char *s)
{
	if (s)
		add(d, mbedtls_asn1_write_tagged_string(&d->p, d->start, tag, s,
							strlen(s)));
}

size_t fx_tcbinfo(const struct fx_tcb *t, uint8_t *out, size_t size)
{
	unsigned char buf[512];
	struct der_out d = { buf + sizeof(buf), buf, 0 };
	if (t->fwid)
		write_fwids(&d, t);
	if (t->layer >= 0) {
		/* An INTEGER, its universal tag then made [4] IMPLICIT. */
		add(&d, mbedtls_asn1_write_int(&d.p, d.start, t->layer));
		*d.p = 0x84;
	}
	write_text(&d, 0x82, t->version);
	write_text(&d, 0x81, t->model);
	write_text(&d, 0x80, t->vendor);
	wrap(&d, d.len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE);
	assert_true(d.len <= size);
	memcpy(out, d.p, d.len);
	return d.len;
}

static void cert_extensions(mbedtls_x509write_cert *w, const struct fx_cert *c)
{
	if (c->is_ca >= 0)
		assert_int_equal(mbedtls_x509write_crt_set_basic_constraints(w, c->is_ca, -1), 0);
	if (c->key_usage)
		assert_int_equal(mbedtls_x509write_crt_set_key_usage(w, c->key_usage), 0);
	if (c->tcb) {
		uint8_t tcb[512];
		size_t n = fx_tcbinfo(c->tcb, tcb, sizeof(tcb));
		assert_int_equal(mbedtls_x509write_crt_set_extension(
					 w, OID_TCBINFO, MBEDTLS_OID_SIZE(OID_TCBINFO),
					 c->tcb_critical, tcb, n), 0);
	}
	if (c->unknown_critical)
		assert_int_equal(mbedtls_x509write_crt_set_extension(
					 w, OID_UNKNOWN, MBEDTLS_OID_SIZE(OID_UNKNOWN), 1,
					 (const unsigned char *)"\x05\x00", 2), 0);
}

size_t fx_cert_der(const struct fx_cert *c, uint8_t *out, size_t size)
{
	mbedtls_x509write_cert w;
	mbedtls_mpi serial;
	struct fx_rng rng = { 1000u + (uint32_t)c->serial, 0 };
	unsigned char buf[FX_CERT_MAX];

	mbedtls_x509write_crt_init(&w);
	mbedtls_mpi_init(&serial);
	mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
	assert_int_equal(mbedtls_mpi_lset(&serial, c->serial), 0);
	assert_int_equal(mbedtls_x509write_crt_set_serial(&w, &serial), 0);
	assert_int_equal(mbedtls_x509write_crt_set_validity(&w, "20260101000000",
							    "99991231235959"), 0);
	assert_int_equal(mbedtls_x509write_crt_set_subject_name(&w, c->subject), 0);
	assert_int_equal(mbedtls_x509write_crt_set_issuer_name(&w, c->issuer), 0);
	mbedtls_x509write_crt_set_subject_key(&w, c->subject_key);
	mbedtls_x509write_crt_set_issuer_key(&w, c->issuer_key);
	cert_extensions(&w, c);
	int n = mbedtls_x509write_crt_der(&w, buf, sizeof(buf), fx_rng_bytes, &rng);
	assert_true(n > 0 && (size_t)n <= size);
	memcpy(out, buf + sizeof(buf) - n, (size_t)n);
	mbedtls_x509write_crt_free(&w);
	mbedtls_mpi_free(&serial);
	return (size_t)n;
}

#define DEVICE_ID_NAME "CN=Vigil DeviceID,serialNumber=01"
#define ALIAS_NAME "CN=Vigil Alias,serialNumber=02"

void fx_chain_make(struct fx_chain *c, const struct fx_chain_spec *spec)
{
	char ak_name[128];
	struct fx_tcb vigil = { "Vigil", "hypervisor", "0.1.0", 1,
				spec->vigil_fwid, spec->alias_short_fwid ? 31 : 32,
				false, false };
	struct fx_tcb image = { "Vigil", "partition", "0.1.0", 2,
				spec->image_fwid, 32, spec->ak_two_fwids, false };
	fx_key(&c->device_id, 1);
	fx_key(&c->alias, 2);
	fx_key(&c->ak, 3);
	snprintf(ak_name, sizeof(ak_name), "CN=%s,serialNumber=03", spec->partition);

	struct fx_cert device = { &c->device_id, &c->device_id, DEVICE_ID_NAME,
				  DEVICE_ID_NAME, 1, 1,
				  MBEDTLS_X509_KU_KEY_CERT_SIGN, NULL, false, false };
	struct fx_cert alias = { &c->alias, &c->device_id, ALIAS_NAME,
				 DEVICE_ID_NAME, 2, spec->alias_not_ca ? 0 : 1,
				 MBEDTLS_X509_KU_KEY_CERT_SIGN,
				 spec->alias_no_tcbinfo ? NULL : &vigil,
				 spec->tcb_critical, false };
	struct fx_cert ak = { &c->ak, spec->ak_by_device_id ? &c->device_id : &c->alias,
			      ak_name, spec->ak_by_device_id ? DEVICE_ID_NAME : ALIAS_NAME,
			      3, spec->ak_is_ca ? 1 : 0,
			      MBEDTLS_X509_KU_DIGITAL_SIGNATURE |
				      (spec->ak_is_ca ? MBEDTLS_X509_KU_KEY_CERT_SIGN : 0),
			      &image, spec->tcb_critical, spec->ak_unknown_critical };
	c->len[0] = fx_cert_der(&device, c->der[0], FX_CERT_MAX);
	c->len[1] = fx_cert_der(&alias, c->der[1], FX_CERT_MAX);
	c->len[2] = fx_cert_der(&ak, c->der[2], FX_CERT_MAX);
}

void fx_chain_free(struct fx_chain *c)
{
	mbedtls_pk_free(&c->device_id);
	mbedtls_pk_free(&c->alias);
	mbedtls_pk_free(&c->ak);
}

void fx_attest_defaults(struct fx_attest *a, uint32_t mask,
			const uint8_t digest[32])
{
	memset(a, 0, sizeof(*a));
	a->magic = 0xff544347u; /* TPM_GENERATED_VALUE */
	a->type = 0x8018;       /* TPM_ST_ATTEST_QUOTE */
	a->safe = 1;
	a->bank_count = 1;
	a->bank_hash = 0x000b;  /* TPM_ALG_SHA256 */
	a->select_size = 3;
	for (int i = 0; i < 4; i++)
		a->select[i] = (uint8_t)(mask >> (8 * i));
	a->digest_size = 32;
	memcpy(a->pcr_digest, digest, 32);
}

/* Big-endian writing with bounds asserted. */
struct be_out {
	uint8_t *p;
	size_t size, len;
};

static void put(struct be_out *o, uint64_t v, size_t n)
{
	assert_true(o->len + n <= o->size);
	for (size_t i = 0; i < n; i++)
		o->p[o->len++] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static void put_bytes(struct be_out *o, const void *b, size_t n)
{
	assert_true(o->len + n <= o->size);
	if (n)
		memcpy(o->p + o->len, b, n);
	o->len += n;
}

size_t fx_attest_bytes(const struct fx_attest *a, uint8_t *out, size_t size)
{
	static const uint8_t name_digest[32] = { 0x11, 0x22, 0x33 };
	struct be_out o = { out, size, 0 };
	put(&o, a->magic, 4);
	put(&o, a->type, 2);
	put(&o, 34, 2); /* qualifiedSigner: nameAlg SHA-256 and a digest */
	put(&o, 0x000b, 2);
	put_bytes(&o, name_digest, 32);
	put(&o, a->nonce_len, 2);
	put_bytes(&o, a->nonce, a->nonce_len);
	put(&o, 123456, 8); /* clock */
	put(&o, 1, 4);      /* resetCount */
	put(&o, 0, 4);      /* restartCount */
	put(&o, a->safe, 1);
	put(&o, 0x0001000000000000u, 8); /* firmwareVersion */
	put(&o, a->bank_count, 4);
	put(&o, a->bank_hash, 2);
	put(&o, a->select_size, 1);
	put_bytes(&o, a->select, a->select_size);
	put(&o, a->digest_size, 2);
	for (size_t i = 0; i < a->digest_size; i++)
		put(&o, i < 32 ? a->pcr_digest[i] : 0, 1);
	return o.len;
}

/* r or s as a TPM2B_ECC_PARAMETER, leading zero bytes dropped. */
static void put_ecc(struct be_out *o, const mbedtls_mpi *v)
{
	uint8_t b[32];
	size_t skip = 0;
	assert_int_equal(mbedtls_mpi_write_binary(v, b, sizeof(b)), 0);
	while (skip < 31 && b[skip] == 0)
		skip++;
	put(o, 32 - skip, 2);
	put_bytes(o, b + skip, 32 - skip);
}

size_t fx_sign(mbedtls_pk_context *key, const uint8_t *attest, size_t len,
	       uint8_t *out, size_t size)
{
	mbedtls_ecp_keypair *ec = mbedtls_pk_ec(*key);
	struct fx_rng rng = { 77, 0 };
	mbedtls_mpi r, s;
	uint8_t hash[32];
	struct be_out o = { out, size, 0 };

	fx_sha256(attest, len, hash);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	assert_int_equal(mbedtls_ecdsa_sign(&ec->grp, &r, &s, &ec->d, hash, 32,
					    fx_rng_bytes, &rng), 0);
	put(&o, 0x0018, 2); /* TPM_ALG_ECDSA */
	put(&o, 0x000b, 2); /* TPM_ALG_SHA256 */
	put_ecc(&o, &r);
	put_ecc(&o, &s);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	return o.len;
}

size_t fx_quote_join(const uint8_t *attest, size_t attest_len,
		     const uint8_t *sig, size_t sig_len, uint8_t *out,
		     size_t size)
{
	struct be_out o = { out, size, 0 };
	put(&o, attest_len, 2);
	put_bytes(&o, attest, attest_len);
	put_bytes(&o, sig, sig_len);
	return o.len;
}

/* Little-endian, as the PC Client event log is. */
static void put_le(struct fx_log *log, uint32_t v, size_t n)
{
	assert_true(log->len + n <= FX_LOG_MAX);
	for (size_t i = 0; i < n; i++)
		log->buf[log->len++] = (uint8_t)(v >> (8 * i));
}

static void put_log_bytes(struct fx_log *log, const void *b, size_t n)
{
	assert_true(log->len + n <= FX_LOG_MAX);
	if (n)
		memcpy(log->buf + log->len, b, n);
	log->len += n;
}

void fx_log_init(struct fx_log *log)
{
	static const uint8_t zero[20];
	memset(log, 0, sizeof(*log));
	put_le(log, 0, 4);           /* pcrIndex */
	put_le(log, 3, 4);           /* EV_NO_ACTION */
	put_log_bytes(log, zero, 20); /* SHA-1 digest field */
	put_le(log, 16 + 4 + 4 + 4 + 4 + 1, 4);
	put_log_bytes(log, "Spec ID Event03", 16);
	put_le(log, 0, 4);           /* platformClass */
	put_le(log, 0, 1);           /* specVersionMinor */
	put_le(log, 2, 1);           /* specVersionMajor */
	put_le(log, 2, 1);           /* specErrata */
	put_le(log, 2, 1);           /* uintnSize: 64-bit */
	put_le(log, 1, 4);           /* numberOfAlgorithms */
	put_le(log, 0x000b, 2);      /* SHA-256 */
	put_le(log, 32, 2);
	put_le(log, 0, 1);           /* vendorInfoSize */
}

void fx_log_event(struct fx_log *log, uint32_t pcr, uint32_t type,
		  const uint8_t digest[32], const char *data)
{
	put_le(log, pcr, 4);
	put_le(log, type, 4);
	put_le(log, 1, 4);
	put_le(log, 0x000b, 2);
	put_log_bytes(log, digest, 32);
	put_le(log, (uint32_t)strlen(data), 4);
	put_log_bytes(log, data, strlen(data));
	if (pcr < 24)
		fx_extend(log->pcr[pcr], digest);
}

void fx_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

size_t fx_pem(const uint8_t *der, size_t len, char *out, size_t size)
{
	size_t olen = 0;
	assert_int_equal(mbedtls_pem_write_buffer("-----BEGIN CERTIFICATE-----\n",
						  "-----END CERTIFICATE-----\n",
						  der, len, (unsigned char *)out,
						  size, &olen), 0);
	assert_true(olen > 0 && out[olen - 1] == '\0');
	return olen - 1;
}
