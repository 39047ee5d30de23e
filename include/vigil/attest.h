/* SPDX-License-Identifier: MIT */
/*
 * Attestation formats: what Vigil's attestation hypercalls return, for
 * guests and verifiers. Like hypercall.h it includes nothing of Vigil's.
 *
 * - Quote (VIGIL_HC_ATTEST_QUOTE): a TPM2B_ATTEST (u16 size, then a
 *   TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE) followed by a TPMT_SIGNATURE
 *   (ECDSA P-256, SHA-256 over the TPMS_ATTEST bytes) made with the
 *   partition's attestation key (AK). Big-endian, TPM 2.0 Library Part 2.
 * - Certificates (VIGIL_HC_ATTEST_CERTS): the DER X.509 chain DeviceID,
 *   Alias, AK, concatenated (each DER certificate gives its own length).
 * - Event log (VIGIL_HC_ATTEST_EVENT_LOG): the partition's TCG PC Client
 *   crypto-agile log (SHA-256 bank), little-endian.
 */
#ifndef VIGIL_ATTEST_H
#define VIGIL_ATTEST_H

/* TPM 2.0 Library Part 2: 6.3 TPM_ALG_ID, 6.4 TPM_ECC_CURVE, 6.9 TPM_ST,
 * 6.2 TPM_GENERATED. */
#define TPM_ALG_SHA256 0x000B
#define TPM_ALG_NULL 0x0010
#define TPM_ALG_ECDSA 0x0018
#define TPM_ALG_ECC 0x0023
#define TPM_ECC_NIST_P256 0x0003
#define TPM_ST_ATTEST_QUOTE 0x8018
#define TPM_GENERATED_VALUE 0xff544347u

#define VIGIL_VPCR_COUNT 24      /* SHA-256 vPCRs per partition */
#define VIGIL_VPCR_FIRST_GUEST 8 /* 0-7 are Vigil's, 8-23 the guest's */
#define VIGIL_DIGEST_SIZE 32     /* SHA-256 */
#define VIGIL_NONCE_MAX 64
#define VIGIL_EVENT_DATA_MAX 256 /* event data of one vpcr_extend */

/*
 * Vigil's vPCRs and the events it logs in them at launch (event type
 * EV_IPL; the digest of each is SHA-256 of what is named):
 *   vPCR 0  the image:            data "<name> image"
 *   vPCR 1  the config blob:      data "vigil config"
 *           the partition's node: data "<name> config node" (digest: see
 *                                 README, "Measured config")
 *   vPCR 2  why it was allowed to run: the digest is SHA-256 of the data,
 *           which is one of "launch policy: measure",
 *           "launch policy: verify: allowed digest <64 hex>",
 *           "launch policy: verify: signer <64 hex of SHA-256 of the
 *           signer's public key, DER SubjectPublicKeyInfo>"
 */
#define VIGIL_VPCR_IMAGE 0
#define VIGIL_VPCR_CONFIG 1
#define VIGIL_VPCR_POLICY 2

/* PC Client PFP 10.4.1 event types used in the logs. */
#define EV_NO_ACTION 0x00000003u
#define EV_IPL 0x0000000Du

/* TCG DICE TcbInfo extension (TCG DICE Attestation Architecture). */
#define VIGIL_OID_TCG_DICE_TCBINFO "2.23.133.5.4.1"

#endif /* VIGIL_ATTEST_H */
