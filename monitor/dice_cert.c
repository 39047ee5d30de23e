/* SPDX-License-Identifier: MIT */
/*
 * DICE certificates (hyp/include/vigil/dice.h): X.509 v3 (RFC 5280) written
 * with mbedTLS's x509write_crt, signed with deterministic ECDSA so that the
 * same request always gives the same bytes.
 *
 * Not re-entrant (a static scratch buffer): callers serialise (the
 * monitor's lock).
 */
#include <mbedtls/asn1write.h>
#include <mbedtls/bignum.h>
#include <mbedtls/hmac_drbg.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>
#include <vigil/dice.h>
#include <vigil/string.h>

#include "dice_internal.h"

/* RFC 5280 4.1.2.5: UTCTime through 2049, then GeneralizedTime; mbedTLS
 * picks the encoding from the year. 99991231235959Z means "no expiry". */
#define NOT_BEFORE "20260101000000"
#define NOT_AFTER "99991231235959"

/*
 * TCG DICE Attestation Architecture, tcg-dice-TcbInfo 2.23.133.5.4.1 in
 * DER (X.690 8.19): 2*40+23 = 0x67, 133 = 0x81 0x05, then 5, 4, 1.
 */
#define OID_TCG_DICE_TCBINFO "\x67\x81\x05\x05\x04\x01"

/* The DER of a TcbInfo extension with every string at its longest: three
 * strings, layer (tag, length, 5 bytes), fwids (2 + 2 + 11 + 34) and the
 * SEQUENCE's tag and 3-byte length. */
#define TCB_INFO_MAX (3 * (2 + DICE_TCB_STRING_MAX) + 7 + 49 + 4)

/* "CN=" + the name with each ',' escaped + ", serialNumber=" + 40 hex. */
#define CERT_NAME_MAX (3 + 2 * DICE_CN_MAX + 15 + 2 * DICE_KEY_ID_SIZE + 1)

/* mbedTLS writes the whole certificate here first: out may be too small,
 * and the length is known only once it is written. */
static uint8_t scratch[DICE_CERT_SCRATCH_SIZE];

struct cert_ctx {
	mbedtls_x509write_cert crt;
	mbedtls_pk_context subject, issuer;
	mbedtls_mpi serial;
	mbedtls_hmac_drbg_context drbg;
	uint8_t subject_id[DICE_KEY_ID_SIZE], issuer_id[DICE_KEY_ID_SIZE];
};

int dice_key_id(const struct dice_keypair *key, uint8_t id[DICE_KEY_ID_SIZE])
{
	uint8_t point[DICE_POINT_SIZE], digest[VIGIL_DIGEST_SIZE];
	dice_public_point(key, point);
	int ret = mbedtls_sha256_ret(point, sizeof(point), digest, 0);
	memcpy(id, digest, DICE_KEY_ID_SIZE);
	return ret;
}

/* ---- names ---- */

static int string_ok(const char *s, size_t max)
{
	return s && s[0] && strnlen(s, max + 1) <= max;
}

static char *append(char *d, const char *s, size_t n)
{
	memcpy(d, s, n);
	return d + n;
}

/*
 * "CN=<cn>, serialNumber=<key id in hex>" for mbedtls_x509_string_to_names,
 * whose only escape is "\,": a ',' in cn is escaped, a '\' refused.
 */
static int make_name(char out[CERT_NAME_MAX], const char *cn,
		     const uint8_t id[DICE_KEY_ID_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	char *d = append(out, "CN=", 3);

	for (const char *c = cn; *c; c++) {
		if (*c == '\\')
			return -VIGIL_EINVAL;
		if (*c == ',')
			*d++ = '\\';
		*d++ = *c;
	}
	d = append(d, ", serialNumber=", 15);
	for (int i = 0; i < DICE_KEY_ID_SIZE; i++) {
		*d++ = hex[id[i] >> 4];
		*d++ = hex[id[i] & 0xf];
	}
	*d = '\0';
	return 0;
}

static int set_names(struct cert_ctx *c, const struct dice_cert_request *req)
{
	char name[CERT_NAME_MAX];
	int ret = make_name(name, req->subject_cn, c->subject_id);
	if (!ret)
		ret = mbedtls_x509write_crt_set_subject_name(&c->crt, name);
	if (!ret)
		ret = make_name(name, req->issuer_cn, c->issuer_id);
	if (!ret)
		ret = mbedtls_x509write_crt_set_issuer_name(&c->crt, name);
	return ret;
}

/*
 * RFC 5280 4.1.2.2: positive and at most 20 octets, so the key id with its
 * top bit cleared (a DER INTEGER of 20 bytes needs no leading zero).
 */
static int set_serial(struct cert_ctx *c)
{
	uint8_t serial[DICE_KEY_ID_SIZE];
	uint8_t any = 0;
	memcpy(serial, c->subject_id, sizeof(serial));
	serial[0] &= 0x7f;
	for (size_t i = 0; i < sizeof(serial); i++)
		any |= serial[i];
	if (!any) /* 0 is not positive; odds 2^-159 */
		serial[sizeof(serial) - 1] = 1;
	int ret = mbedtls_mpi_read_binary(&c->serial, serial, sizeof(serial));
	return ret ? ret : mbedtls_x509write_crt_set_serial(&c->crt, &c->serial);
}

/* ---- extensions ---- */

static int add_extension(struct cert_ctx *c, const char *oid, size_t oid_len,
			 int critical, const uint8_t *val, size_t len)
{
	return mbedtls_x509write_crt_set_extension(&c->crt, oid, oid_len,
						   critical, val, len);
}

/*
 * RFC 5280 4.2.1.9: SEQUENCE { cA BOOLEAN DEFAULT FALSE, ... }, critical
 * in every certificate (required for CAs, allowed for the leaf); no path
 * length constraint. cA FALSE is the default, so DER omits it.
 */
static int add_basic_constraints(struct cert_ctx *c, int is_ca)
{
	static const uint8_t ca[] = { 0x30, 0x03, 0x01, 0x01, 0xff };
	static const uint8_t leaf[] = { 0x30, 0x00 };
	return add_extension(c, MBEDTLS_OID_BASIC_CONSTRAINTS,
			     MBEDTLS_OID_SIZE(MBEDTLS_OID_BASIC_CONSTRAINTS), 1,
			     is_ca ? ca : leaf, is_ca ? sizeof(ca) : sizeof(leaf));
}

/*
 * RFC 5280 4.2.1.2: SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING);
 * 4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0]
 * IMPLICIT KeyIdentifier }. Both non-critical; the ids are the DICE key
 * ids rather than mbedTLS's SHA-1 of the key.
 */
static int add_key_ids(struct cert_ctx *c)
{
	uint8_t ski[2 + DICE_KEY_ID_SIZE] = { MBEDTLS_ASN1_OCTET_STRING,
					      DICE_KEY_ID_SIZE };
	uint8_t aki[4 + DICE_KEY_ID_SIZE] = {
		MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE,
		2 + DICE_KEY_ID_SIZE, MBEDTLS_ASN1_CONTEXT_SPECIFIC | 0,
		DICE_KEY_ID_SIZE
	};
	memcpy(ski + 2, c->subject_id, DICE_KEY_ID_SIZE);
	memcpy(aki + 4, c->issuer_id, DICE_KEY_ID_SIZE);
	int ret = add_extension(c, MBEDTLS_OID_SUBJECT_KEY_IDENTIFIER,
				MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_KEY_IDENTIFIER),
				0, ski, sizeof(ski));
	if (!ret)
		ret = add_extension(c, MBEDTLS_OID_AUTHORITY_KEY_IDENTIFIER,
				    MBEDTLS_OID_SIZE(MBEDTLS_OID_AUTHORITY_KEY_IDENTIFIER),
				    0, aki, sizeof(aki));
	return ret;
}

/* Writes tag, length and the minimal two's complement of v (X.690 8.3). */
static int write_uint(unsigned char **p, unsigned char *start, int tag,
		      unsigned int v)
{
	unsigned char be[1 + sizeof(v)];
	size_t i = 0, len = 0;
	int ret;

	be[0] = 0; /* room for a 0 before a value with its top bit set */
	for (size_t k = 1; k < sizeof(be); k++)
		be[k] = (unsigned char)(v >> (8 * (sizeof(be) - 1 - k)));
	while (i < sizeof(be) - 1 && be[i] == 0 && !(be[i + 1] & 0x80))
		i++;
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_raw_buffer(p, start, be + i,
								sizeof(be) - i));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_tag(p, start, tag));
	return (int)len;
}

/* fwids [6] IMPLICIT SEQUENCE OF FWID, FWID ::= SEQUENCE { hashAlg OBJECT
 * IDENTIFIER, digest OCTET STRING }, with one SHA-256 FWID. */
static int write_fwids(unsigned char **p, unsigned char *start,
		       const uint8_t *fwid)
{
	size_t len = 0;
	int ret;
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_octet_string(p, start, fwid,
								  VIGIL_DIGEST_SIZE));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_oid(p, start,
						  MBEDTLS_OID_DIGEST_ALG_SHA256,
						  MBEDTLS_OID_SIZE(MBEDTLS_OID_DIGEST_ALG_SHA256)));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_tag(p, start,
						  MBEDTLS_ASN1_CONSTRUCTED |
						  MBEDTLS_ASN1_SEQUENCE));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_tag(p, start,
						  MBEDTLS_ASN1_CONTEXT_SPECIFIC |
						  MBEDTLS_ASN1_CONSTRUCTED | 6));
	return (int)len;
}

/* An optional [n] IMPLICIT UTF8String: nothing when s is NULL. */
static int write_string(unsigned char **p, unsigned char *start, int n,
			const char *s)
{
	if (!s)
		return 0;
	return mbedtls_asn1_write_tagged_string(p, start,
						MBEDTLS_ASN1_CONTEXT_SPECIFIC | n,
						s, strlen(s));
}

/*
 * DiceTcbInfo ::= SEQUENCE { vendor [0] IMPLICIT UTF8String OPTIONAL,
 * model [1], version [2] (likewise), svn [3] IMPLICIT INTEGER OPTIONAL,
 * layer [4] IMPLICIT INTEGER OPTIONAL, index [5], fwids [6] IMPLICIT
 * FWIDLIST OPTIONAL, ... } (TCG DICE Attestation Architecture). Vigil
 * writes vendor, model and version when given, layer, and one FWID.
 * mbedTLS writes backwards, so the last field comes first.
 */
static int write_tcb_info(unsigned char **p, unsigned char *start,
			  const struct dice_cert_request *req)
{
	size_t len = 0;
	int ret;
	MBEDTLS_ASN1_CHK_ADD(len, write_fwids(p, start, req->fwid));
	MBEDTLS_ASN1_CHK_ADD(len, write_uint(p, start,
					     MBEDTLS_ASN1_CONTEXT_SPECIFIC | 4,
					     req->tcb_layer));
	MBEDTLS_ASN1_CHK_ADD(len, write_string(p, start, 2, req->tcb_version));
	MBEDTLS_ASN1_CHK_ADD(len, write_string(p, start, 1, req->tcb_model));
	MBEDTLS_ASN1_CHK_ADD(len, write_string(p, start, 0, req->tcb_vendor));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(p, start, len));
	MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_tag(p, start,
						  MBEDTLS_ASN1_CONSTRUCTED |
						  MBEDTLS_ASN1_SEQUENCE));
	return (int)len;
}

/* Non-critical: verifiers that do not know it still accept the chain. */
static int add_tcb_info(struct cert_ctx *c, const struct dice_cert_request *req)
{
	unsigned char der[TCB_INFO_MAX];
	unsigned char *p = der + sizeof(der);
	int len = write_tcb_info(&p, der, req);
	if (len < 0)
		return len;
	return add_extension(c, OID_TCG_DICE_TCBINFO,
			     MBEDTLS_OID_SIZE(OID_TCG_DICE_TCBINFO), 0, p,
			     (size_t)len);
}

static int add_extensions(struct cert_ctx *c,
			  const struct dice_cert_request *req)
{
	int ret = add_basic_constraints(c, req->is_ca);
	if (!ret)
		ret = mbedtls_x509write_crt_set_key_usage(
			&c->crt, req->is_ca ? MBEDTLS_X509_KU_KEY_CERT_SIGN
					    : MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
	if (!ret)
		ret = add_key_ids(c);
	if (!ret && req->fwid)
		ret = add_tcb_info(c, req);
	return ret;
}

/* ---- the certificate ---- */

static int load_pk(mbedtls_pk_context *pk, const struct dice_keypair *key,
		   int with_private)
{
	int ret = mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
	return ret ? ret : dice_load_keypair(mbedtls_pk_ec(*pk), key, with_private);
}

static int prepare(struct cert_ctx *c, const struct dice_cert_request *req)
{
	int ret = dice_key_id(req->subject, c->subject_id);
	if (!ret)
		ret = dice_key_id(req->issuer, c->issuer_id);
	if (!ret)
		ret = load_pk(&c->subject, req->subject, 0);
	if (!ret)
		ret = load_pk(&c->issuer, req->issuer, 1);
	if (ret)
		return ret;
	mbedtls_x509write_crt_set_version(&c->crt, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&c->crt, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&c->crt, &c->subject);
	mbedtls_x509write_crt_set_issuer_key(&c->crt, &c->issuer);
	ret = set_serial(c);
	if (!ret)
		ret = mbedtls_x509write_crt_set_validity(&c->crt, NOT_BEFORE,
							 NOT_AFTER);
	if (!ret)
		ret = set_names(c, req);
	if (!ret)
		ret = add_extensions(c, req);
	return ret;
}

/* Returns the DER length, written at the end of scratch, or < 0. */
static int write_der(struct cert_ctx *c, const struct dice_cert_request *req)
{
	int ret = prepare(c, req);
	/* Blinding only (see dice_drbg_seed): the signature is RFC 6979's. */
	if (!ret)
		ret = dice_drbg_seed(&c->drbg, req->issuer->private_key,
				     c->subject_id, DICE_KEY_ID_SIZE,
				     "Vigil certificate blinding");
	if (!ret)
		ret = mbedtls_x509write_crt_der(&c->crt, scratch, sizeof(scratch),
						mbedtls_hmac_drbg_random, &c->drbg);
	return ret;
}

static int request_ok(const struct dice_cert_request *req)
{
	return req && req->subject && req->issuer &&
	       string_ok(req->subject_cn, DICE_CN_MAX) &&
	       string_ok(req->issuer_cn, DICE_CN_MAX) &&
	       (!req->tcb_vendor || string_ok(req->tcb_vendor, DICE_TCB_STRING_MAX)) &&
	       (!req->tcb_model || string_ok(req->tcb_model, DICE_TCB_STRING_MAX)) &&
	       (!req->tcb_version || string_ok(req->tcb_version, DICE_TCB_STRING_MAX));
}

int dice_cert_write(const struct dice_cert_request *req, uint8_t *out,
		    size_t size, size_t *needed)
{
	if (!request_ok(req) || (!out && size))
		return -VIGIL_EINVAL;

	struct cert_ctx c;
	mbedtls_x509write_crt_init(&c.crt);
	mbedtls_pk_init(&c.subject);
	mbedtls_pk_init(&c.issuer);
	mbedtls_mpi_init(&c.serial);
	mbedtls_hmac_drbg_init(&c.drbg);

	int ret = write_der(&c, req);

	mbedtls_x509write_crt_free(&c.crt);
	mbedtls_pk_free(&c.subject);
	mbedtls_pk_free(&c.issuer);
	mbedtls_mpi_free(&c.serial);
	mbedtls_hmac_drbg_free(&c.drbg);
	if (ret < 0)
		return dice_mbedtls_error(ret);

	size_t len = (size_t)ret;
	if (needed)
		*needed = len;
	if (len > size)
		return -VIGIL_ENOSPC;
	/* mbedTLS wrote the DER backwards, ending at the end of scratch. */
	memcpy(out, scratch + sizeof(scratch) - len, len);
	return ret;
}
