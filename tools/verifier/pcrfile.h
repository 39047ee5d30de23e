/* SPDX-License-Identifier: MIT */
/*
 * PCR values as `tpm2_quote -o` writes them (and tpm2_checkquote -f and
 * Keylime read them): not TPM marshalling but a host-endian memory image
 * of two C structures,
 *   TPML_PCR_SELECTION  u32 count, 16 x { u16 hash, u8 sizeofSelect,
 *                       u8 pcrSelect[4], 1 byte padding }   (132 bytes)
 *   u32 n, then n x TPML_DIGEST
 *                       u32 count, 8 x { u16 size, u8 buffer[64] } (532)
 * with the values of the selected PCRs in ascending order, eight to a
 * TPML_DIGEST. Read here as little-endian, the byte order of every host
 * tpm2-tools runs on in this project (x86-64, arm64).
 *
 * Only for --quote-only with a real TPM's quote: the values are unsigned,
 * so their selection must equal the quote's, and the digest of them must
 * equal the quote's pcrDigest before they say anything.
 */
#ifndef VERIFIER_PCRFILE_H
#define VERIFIER_PCRFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>

struct pcr_values {
	uint32_t mask; /* bit n: PCR n of the SHA-256 bank */
	uint8_t value[VIGIL_VPCR_COUNT][VIGIL_DIGEST_SIZE];
};

/*
 * Parses the file: one SHA-256 selection of PCRs 0-23, values of 32 bytes,
 * as many as selected, the file used up exactly. Returns false with the
 * reason in err otherwise.
 */
bool pcrfile_parse(const uint8_t *buf, size_t len, struct pcr_values *out,
		   char *err, size_t err_size);

#endif /* VERIFIER_PCRFILE_H */
