/* SPDX-License-Identifier: MIT */
/*
 * TPM 2.0 structures Vigil produces, marshalled as TPM 2.0 Library Part 2
 * ("Structures") specifies: big-endian, sized buffers as TPM2B (u16 size,
 * then the bytes). Used for quotes, their signatures and the attestation
 * key's public area, so that tpm2-tools and other verifiers read them.
 * Pure functions: built into Vigil and, unchanged, into the host tests and
 * the host verifier.
 */
#ifndef VIGIL_TPM_H
#define VIGIL_TPM_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/attest.h>
#include <vigil/hypercall.h>

#define TPM_SHA256_SIZE 32
#define TPM_P256_SIZE 32
#define TPM_PCR_COUNT VIGIL_VPCR_COUNT /* SHA-256 bank only */
#define TPM_NAME_SIZE (2 + TPM_SHA256_SIZE) /* nameAlg || digest */

/* Marshalled sizes, for callers' buffers. A quote is 113 bytes plus its
 * extraData; the signature and the public area have fixed sizes. */
#define TPM_QUOTE_MAX_SIZE (113 + VIGIL_NONCE_MAX)
#define TPM_ECDSA_SIGNATURE_SIZE (2 + 2 + 2 * (2 + TPM_P256_SIZE)) /* 72 */
#define TPM_ECC_PUBLIC_SIZE 90 /* TPM2B_PUBLIC: u16 size 88, TPMT_PUBLIC */

/* What a quote says, before marshalling (Part 2, 10.12.8 TPMS_ATTEST with
 * 10.12.1 TPMS_CLOCK_INFO and 10.12.4 TPMS_QUOTE_INFO). */
struct tpm_quote_info {
	/* qualifiedSigner: the AK's Name (tpm_ecc_public_name). A TPM puts
	 * the key's Qualified Name here, which also hashes in the names of
	 * its parents (Part 1, "Names"); Vigil's AK has no TPM hierarchy
	 * above it, and no verifier tool checks this field. */
	uint8_t signer_name[TPM_NAME_SIZE];
	const uint8_t *extra_data;          /* the verifier's nonce */
	size_t extra_data_len;              /* at most 64 */
	uint64_t clock;                     /* milliseconds, monotonic */
	uint32_t reset_count;
	uint32_t restart_count;
	uint8_t safe;
	uint64_t firmware_version;
	uint32_t pcr_mask;                  /* bit n selects PCR n (n < 24) */
	uint8_t pcr_digest[TPM_SHA256_SIZE]; /* tpm_pcr_digest of those */
};

/*
 * Marshals the quote as a TPMS_ATTEST into out. Returns its length, or
 * -VIGIL_ENOSPC (with *needed set) if size is too small, or -VIGIL_EINVAL
 * if extra_data_len > VIGIL_NONCE_MAX (or extra_data is NULL with a
 * length) or the mask selects no PCR or one above 23. The PCR selection is
 * one TPMS_PCR_SELECTION for SHA-256 with sizeofSelect 3; safe is written
 * as a TPMI_YES_NO, 1 for any non-zero value.
 */
int tpm_marshal_quote(const struct tpm_quote_info *q, uint8_t *out,
		      size_t size, size_t *needed);

/*
 * Marshals a TPMT_SIGNATURE (Part 2, 11.3.4): sigAlg ECDSA, hash SHA-256,
 * r and s as TPM2B_ECC_PARAMETER of exactly 32 bytes each, leading zero
 * bytes kept, as a TPM outputs them (Part 1, C.8 "ECC Point Padding"):
 * always 72 bytes. Verifiers that accept 1-32 byte values (tpm2_checkquote,
 * Keylime) accept these, and so do those that expect r || s of 64 bytes.
 * Returns its length or -VIGIL_ENOSPC (*needed set).
 */
int tpm_marshal_ecdsa_signature(const uint8_t r[TPM_P256_SIZE],
				const uint8_t s[TPM_P256_SIZE], uint8_t *out,
				size_t size, size_t *needed);

/*
 * Marshals the TPM2B_PUBLIC (Part 2, 12.2.5) of a P-256 ECDSA/SHA-256
 * restricted signing key with public point (x, y), as a TPM would describe
 * an attestation key. Returns its length or -VIGIL_ENOSPC (*needed set).
 */
int tpm_marshal_ecc_public(const uint8_t x[TPM_P256_SIZE],
			   const uint8_t y[TPM_P256_SIZE], uint8_t *out,
			   size_t size, size_t *needed);

/* The key's TPM name: nameAlg (SHA-256) || SHA-256(TPMT_PUBLIC), where the
 * TPMT_PUBLIC is the TPM2B_PUBLIC above without its size field. */
void tpm_ecc_public_name(const uint8_t x[TPM_P256_SIZE],
			 const uint8_t y[TPM_P256_SIZE],
			 uint8_t name[TPM_NAME_SIZE]);

/* PCR extend (Part 1, 17.2): pcr = SHA-256(pcr || digest). */
void tpm_extend(uint8_t pcr[TPM_SHA256_SIZE],
		const uint8_t digest[TPM_SHA256_SIZE]);

/* pcrDigest of a quote: SHA-256 of the selected PCR values concatenated in
 * ascending index order. */
void tpm_pcr_digest(const uint8_t pcrs[TPM_PCR_COUNT][TPM_SHA256_SIZE],
		    uint32_t mask, uint8_t digest[TPM_SHA256_SIZE]);

#endif /* VIGIL_TPM_H */
