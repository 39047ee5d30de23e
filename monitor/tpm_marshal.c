/* SPDX-License-Identifier: MIT */
/*
 * TPM 2.0 structures for quotes, their signatures and the attestation key,
 * marshalled as TPM 2.0 Library Part 2 "Structures" specifies (section
 * numbers below are those of revision 01.38). Every integer is big-endian
 * and every sized buffer is a TPM2B: u16 size, then the bytes.
 */
#include <mbedtls/sha256.h>
#include <vigil/string.h>
#include <vigil/tpm.h>

#include "tpm_buffer.h"

/*
 * Part 2, 8.3 TPMA_OBJECT bit positions: fixedTPM 1, fixedParent 4,
 * sensitiveDataOrigin 5, userWithAuth 6, restricted 16, sign 18. Together
 * 0x00050072, the value a TPM reports for a key made with tpm2_create -a
 * 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign'
 * (tests/unit/tpm-fixtures/ak.pub).
 */
#define TPMA_OBJECT_FIXED_TPM (1u << 1)
#define TPMA_OBJECT_FIXED_PARENT (1u << 4)
#define TPMA_OBJECT_SENSITIVE_DATA_ORIGIN (1u << 5)
#define TPMA_OBJECT_USER_WITH_AUTH (1u << 6)
#define TPMA_OBJECT_RESTRICTED (1u << 16)
#define TPMA_OBJECT_SIGN (1u << 18)
#define AK_OBJECT_ATTRIBUTES                                                \
	(TPMA_OBJECT_FIXED_TPM | TPMA_OBJECT_FIXED_PARENT |                 \
	 TPMA_OBJECT_SENSITIVE_DATA_ORIGIN | TPMA_OBJECT_USER_WITH_AUTH |   \
	 TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN)

/* Part 2, 10.6.2 TPMS_PCR_SELECTION: enough select bytes for 24 PCRs, the
 * minimum a PC Client TPM reports and what tpm2_quote asks for. */
#define PCR_SELECT_SIZE 3

/* 10.12.1 TPMS_CLOCK_INFO: clock u64, resetCount u32, restartCount u32,
 * safe TPMI_YES_NO (u8). */
static void put_clock_info(struct tbuf *b, const struct tpm_quote_info *q)
{
	tbuf_put_be64(b, q->clock);
	tbuf_put_be32(b, q->reset_count);
	tbuf_put_be32(b, q->restart_count);
	tbuf_put_u8(b, q->safe ? 1 : 0);
}

/*
 * 10.12.4 TPMS_QUOTE_INFO: pcrSelect TPML_PCR_SELECTION (10.9.7: u32
 * count, then count TPMS_PCR_SELECTION), pcrDigest TPM2B_DIGEST (10.4.2).
 * One selection, of the SHA-256 bank: 10.6.2 TPMS_PCR_SELECTION is hash
 * u16, sizeofSelect u8, pcrSelect[sizeofSelect] where bit j of byte i
 * selects PCR 8i + j (10.6.1).
 */
static void put_quote_info(struct tbuf *b, const struct tpm_quote_info *q)
{
	tbuf_put_be32(b, 1);
	tbuf_put_be16(b, TPM_ALG_SHA256);
	tbuf_put_u8(b, PCR_SELECT_SIZE);
	for (unsigned int i = 0; i < PCR_SELECT_SIZE; i++)
		tbuf_put_u8(b, (uint8_t)(q->pcr_mask >> (8 * i)));
	tbuf_put_tpm2b(b, q->pcr_digest, TPM_SHA256_SIZE);
}

/*
 * 10.12.8 TPMS_ATTEST: magic TPM_GENERATED (6.2), type TPMI_ST_ATTEST
 * (6.9), qualifiedSigner TPM2B_NAME (10.5.3), extraData TPM2B_DATA
 * (10.4.3), clockInfo, firmwareVersion u64, then attested, a TPMU_ATTEST
 * whose member for TPM_ST_ATTEST_QUOTE is TPMS_QUOTE_INFO.
 */
int tpm_marshal_quote(const struct tpm_quote_info *q, uint8_t *out,
		      size_t size, size_t *needed)
{
	if (q->extra_data_len > VIGIL_NONCE_MAX ||
	    (q->extra_data_len != 0 && !q->extra_data))
		return -VIGIL_EINVAL;
	if (q->pcr_mask == 0 || q->pcr_mask >> TPM_PCR_COUNT != 0)
		return -VIGIL_EINVAL;

	struct tbuf b;
	tbuf_init(&b, out, size);
	tbuf_put_be32(&b, TPM_GENERATED_VALUE);
	tbuf_put_be16(&b, TPM_ST_ATTEST_QUOTE);
	tbuf_put_tpm2b(&b, q->signer_name, TPM_NAME_SIZE);
	tbuf_put_tpm2b(&b, q->extra_data, (uint16_t)q->extra_data_len);
	put_clock_info(&b, q);
	tbuf_put_be64(&b, q->firmware_version);
	put_quote_info(&b, q);
	return tbuf_finish(&b, needed);
}

/*
 * 11.3.4 TPMT_SIGNATURE: sigAlg u16, then for ECDSA the 11.3.2
 * TPMS_SIGNATURE_ECC: hash u16, signatureR and signatureS as
 * TPM2B_ECC_PARAMETER (11.2.5.1). Both are kept at the curve's size, zeros
 * included, as a TPM outputs them (Part 1, C.8 "ECC Point Padding").
 */
int tpm_marshal_ecdsa_signature(const uint8_t r[TPM_P256_SIZE],
				const uint8_t s[TPM_P256_SIZE], uint8_t *out,
				size_t size, size_t *needed)
{
	struct tbuf b;
	tbuf_init(&b, out, size);
	tbuf_put_be16(&b, TPM_ALG_ECDSA);
	tbuf_put_be16(&b, TPM_ALG_SHA256);
	tbuf_put_tpm2b(&b, r, TPM_P256_SIZE);
	tbuf_put_tpm2b(&b, s, TPM_P256_SIZE);
	return tbuf_finish(&b, needed);
}

/*
 * 12.2.3.6 TPMS_ECC_PARMS of a restricted signing key: symmetric
 * TPMT_SYM_DEF_OBJECT (11.1.7) TPM_ALG_NULL, which has no further fields;
 * scheme TPMT_ECC_SCHEME (11.2.5.6) ECDSA with its
 * TPMS_SIG_SCHEME_ECDSA hashAlg SHA-256; curveID TPMI_ECC_CURVE (6.4)
 * NIST P-256; kdf TPMT_KDF_SCHEME (11.2.3.3) TPM_ALG_NULL, no fields.
 */
static void put_ecc_parms(struct tbuf *b)
{
	tbuf_put_be16(b, TPM_ALG_NULL);
	tbuf_put_be16(b, TPM_ALG_ECDSA);
	tbuf_put_be16(b, TPM_ALG_SHA256);
	tbuf_put_be16(b, TPM_ECC_NIST_P256);
	tbuf_put_be16(b, TPM_ALG_NULL);
}

/*
 * 12.2.4 TPMT_PUBLIC: type TPMI_ALG_PUBLIC, nameAlg, objectAttributes
 * TPMA_OBJECT (u32), authPolicy TPM2B_DIGEST (empty: no policy), parameters
 * TPMU_PUBLIC_PARMS (eccDetail), unique TPMU_PUBLIC_ID (ecc: 11.2.5.2
 * TPMS_ECC_POINT, x and y as TPM2B_ECC_PARAMETER of 32 bytes).
 */
static void put_ecc_tpmt_public(struct tbuf *b, const uint8_t x[TPM_P256_SIZE],
				const uint8_t y[TPM_P256_SIZE])
{
	tbuf_put_be16(b, TPM_ALG_ECC);
	tbuf_put_be16(b, TPM_ALG_SHA256);
	tbuf_put_be32(b, AK_OBJECT_ATTRIBUTES);
	tbuf_put_tpm2b(b, NULL, 0);
	put_ecc_parms(b);
	tbuf_put_tpm2b(b, x, TPM_P256_SIZE);
	tbuf_put_tpm2b(b, y, TPM_P256_SIZE);
}

/* 12.2.5 TPM2B_PUBLIC: u16 size of the TPMT_PUBLIC, then the TPMT_PUBLIC. */
int tpm_marshal_ecc_public(const uint8_t x[TPM_P256_SIZE],
			   const uint8_t y[TPM_P256_SIZE], uint8_t *out,
			   size_t size, size_t *needed)
{
	struct tbuf b;
	tbuf_init(&b, out, size);
	tbuf_put_be16(&b, TPM_ECC_PUBLIC_SIZE - 2);
	put_ecc_tpmt_public(&b, x, y);
	return tbuf_finish(&b, needed);
}

/* Part 1, clause "Names": an object's Name is its nameAlg (u16) followed
 * by the nameAlg digest of its marshalled TPMT_PUBLIC. */
void tpm_ecc_public_name(const uint8_t x[TPM_P256_SIZE],
			 const uint8_t y[TPM_P256_SIZE],
			 uint8_t name[TPM_NAME_SIZE])
{
	uint8_t area[TPM_ECC_PUBLIC_SIZE - 2];
	struct tbuf b;
	tbuf_init(&b, area, sizeof(area));
	put_ecc_tpmt_public(&b, x, y);
	name[0] = (uint8_t)(TPM_ALG_SHA256 >> 8);
	name[1] = (uint8_t)TPM_ALG_SHA256;
	/* SHA-256 of a buffer in memory cannot fail in software mbedTLS. */
	(void)mbedtls_sha256_ret(area, b.len, name + 2, 0);
}

/* Part 1, 17.2 (TPM2_PCR_Extend): PCR := H(PCR || digest). */
void tpm_extend(uint8_t pcr[TPM_SHA256_SIZE],
		const uint8_t digest[TPM_SHA256_SIZE])
{
	uint8_t both[2 * TPM_SHA256_SIZE];
	memcpy(both, pcr, TPM_SHA256_SIZE);
	memcpy(both + TPM_SHA256_SIZE, digest, TPM_SHA256_SIZE);
	(void)mbedtls_sha256_ret(both, sizeof(both), pcr, 0);
}

/*
 * Part 3, 18.4 TPM2_Quote: pcrDigest is the signing scheme's hash of the
 * selected PCR values, concatenated in the order of the selection, i.e.
 * ascending PCR index within the one bank selected.
 */
void tpm_pcr_digest(const uint8_t pcrs[TPM_PCR_COUNT][TPM_SHA256_SIZE],
		    uint32_t mask, uint8_t digest[TPM_SHA256_SIZE])
{
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	(void)mbedtls_sha256_starts_ret(&ctx, 0);
	for (unsigned int i = 0; i < TPM_PCR_COUNT; i++) {
		if (mask & (1u << i))
			(void)mbedtls_sha256_update_ret(&ctx, pcrs[i],
							TPM_SHA256_SIZE);
	}
	(void)mbedtls_sha256_finish_ret(&ctx, digest);
	mbedtls_sha256_free(&ctx);
}
