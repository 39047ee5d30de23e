/* SPDX-License-Identifier: MIT */
/*
 * The TCG DICE TcbInfo extension (OID 2.23.133.5.4.1, TCG DICE Attestation
 * Architecture): what a DICE layer says it measured.
 *
 *   DiceTcbInfo ::= SEQUENCE {
 *     vendor [0] IMPLICIT UTF8String OPTIONAL,
 *     model [1] IMPLICIT UTF8String OPTIONAL,
 *     version [2] IMPLICIT UTF8String OPTIONAL,
 *     svn [3] IMPLICIT INTEGER OPTIONAL,
 *     layer [4] IMPLICIT INTEGER OPTIONAL,
 *     index [5] IMPLICIT INTEGER OPTIONAL,
 *     fwids [6] IMPLICIT SEQUENCE OF FWID OPTIONAL,
 *     flags [7] IMPLICIT OperationalFlags OPTIONAL,
 *     vendorInfo [8] IMPLICIT OCTET STRING OPTIONAL,
 *     type [9] IMPLICIT OCTET STRING OPTIONAL }
 *   FWID ::= SEQUENCE { hashAlg OBJECT IDENTIFIER, digest OCTET STRING }
 *
 * Vigil puts its own image digest in the Alias certificate's FWID and the
 * partition's image digest in the AK certificate's.
 */
#ifndef VERIFIER_TCBINFO_H
#define VERIFIER_TCBINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>

#define TCBINFO_TEXT_MAX 64

struct tcbinfo {
	/* Informative, for --verbose; cut at TCBINFO_TEXT_MAX - 1 bytes. */
	char vendor[TCBINFO_TEXT_MAX], model[TCBINFO_TEXT_MAX],
		version[TCBINFO_TEXT_MAX];
	bool has_layer;
	uint32_t layer;
	size_t sha256_fwids;                /* FWIDs with hashAlg SHA-256 */
	uint8_t fwid[VIGIL_DIGEST_SIZE];    /* the first of them */
};

/*
 * Parses the extension's value (the DER inside extnValue's OCTET STRING),
 * which must be a DiceTcbInfo and nothing more, fields in order. A SHA-256
 * FWID's digest must be 32 bytes; FWIDs of other hashes are skipped.
 * Returns false with the reason in err.
 */
bool tcbinfo_parse(const uint8_t *der, size_t len, struct tcbinfo *out,
		   char *err, size_t err_size);

#endif /* VERIFIER_TCBINFO_H */
