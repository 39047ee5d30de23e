/* SPDX-License-Identifier: MIT */
/*
 * Parsing a TPM 2.0 quote: the TPMS_ATTEST that was signed (TPM 2.0
 * Library Part 2, 10.12.8, holding a TPMS_CLOCK_INFO and, for type
 * TPM_ST_ATTEST_QUOTE, a TPMS_QUOTE_INFO) and its TPMT_SIGNATURE (Part 2,
 * ECDSA as TPMS_SIGNATURE_ECC). Big-endian throughout.
 *
 * What Vigil hands out is a TPM2B_ATTEST (u16 size, then the TPMS_ATTEST)
 * immediately followed by the TPMT_SIGNATURE; tpm2_quote -m/-s writes the
 * two parts to separate files without the size. Both forms are accepted.
 *
 * Parsing is structural: it records the magic and the type as found, so a
 * caller can still check the signature and the nonce of a quote whose
 * header is wrong, and reports those separately (quote_check_header).
 */
#ifndef VERIFIER_QUOTE_H
#define VERIFIER_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>

/* sizeof(TPMT_HA) with SHA-512 (2 + 64): the largest TPM2B_DATA and
 * TPM2B_NAME a TPM may produce (Part 2: their buffers are sizeof(TPMT_HA)
 * and sizeof(TPMU_NAME)). */
#define QUOTE_TPM2B_MAX 66
#define QUOTE_ECC_MAX 32 /* P-256 r and s */

struct quote {
	/* The signed bytes, as given (points into the caller's buffer). */
	const uint8_t *attest;
	size_t attest_len;

	/* TPMS_ATTEST, once parsed (attest_ok). */
	bool attest_ok;
	uint32_t magic;
	uint16_t type;
	const uint8_t *signer; /* qualifiedSigner.name */
	size_t signer_len;
	const uint8_t *extra; /* extraData: the nonce */
	size_t extra_len;
	uint64_t clock;
	uint32_t reset_count, restart_count;
	uint8_t safe;
	uint64_t firmware_version;
	uint32_t pcr_mask; /* bit n: PCR n of the SHA-256 bank, n < 24 */
	uint8_t pcr_digest[VIGIL_DIGEST_SIZE];

	/* TPMT_SIGNATURE, once parsed (sig_ok): r and s right-aligned. */
	bool sig_ok;
	uint8_t r[QUOTE_ECC_MAX], s[QUOTE_ECC_MAX];
};

/*
 * Parses a TPMS_ATTEST that must fill buf exactly. Sets q->attest and
 * q->attest_len in any case (the signature covers the bytes as given).
 * Returns true if the structure is complete, else false with the reason in
 * err: truncation, trailing bytes, an oversized TPM2B, a selection other
 * than one SHA-256 bank of at most 24 PCRs, a pcrDigest not of 32 bytes.
 */
bool quote_parse_attest(const uint8_t *buf, size_t len, struct quote *q,
			char *err, size_t err_size);

/*
 * Parses a TPMT_SIGNATURE (ECDSA, SHA-256, r and s of 1 to 32 bytes each)
 * that must fill buf exactly. On success sets q->sig_ok. *trailing is set to
 * the count of bytes after it (the signature itself is still usable, so
 * the caller can report the excess as malformed and still check it).
 */
bool quote_parse_signature(const uint8_t *buf, size_t len, struct quote *q,
			   size_t *trailing, char *err, size_t err_size);

/*
 * Splits Vigil's form, TPM2B_ATTEST || TPMT_SIGNATURE, into its two parts.
 * Returns false if the TPM2B_ATTEST size runs past the end.
 */
bool quote_split(const uint8_t *buf, size_t len, const uint8_t **attest,
		 size_t *attest_len, const uint8_t **sig, size_t *sig_len);

/* Checks what the structural parse leaves: magic TPM_GENERATED_VALUE and
 * type TPM_ST_ATTEST_QUOTE (Part 2, 6.2 and 6.9). Returns false with the
 * reason in err; true also when the header is too short to hold them, as
 * quote_parse_attest reports that. */
bool quote_check_header(const struct quote *q, char *err, size_t err_size);

#endif /* VERIFIER_QUOTE_H */
