/* SPDX-License-Identifier: MIT */
/*
 * The attestation monitor: the DICE key chain rooted in the device secret,
 * each partition's virtual PCRs and event log, and quotes signed by the
 * partition's attestation key (AK). Key material lives only here, in EL2
 * memory; guests get public artefacts (quotes, certificates, logs).
 *
 * Lock order: attestation.lock of one partition, then the monitor's crypto
 * lock (mbedTLS's arena is shared). Nothing here takes partition.lock.
 */
#ifndef VIGIL_ATTESTATION_H
#define VIGIL_ATTESTATION_H

#include <vigil/dice.h>
#include <vigil/event_log.h>
#include <vigil/rot.h>
#include <vigil/spinlock.h>

#define ATTEST_LOG_MAX 0x4000  /* tpm2_checkquote 5.4 reads logs < 64 KiB */
#define ATTEST_CERT_MAX 1024   /* one DER certificate */

/* What a partition was launched with, for its log and its sealing keys. */
struct launch_facts {
	const char *name;
	uint8_t image_digest[VIGIL_DIGEST_SIZE];
	uint8_t node_digest[VIGIL_DIGEST_SIZE]; /* its config node, canonical */
	char policy_event[160];                 /* the vPCR 2 event data */
	bool has_signer;                        /* verified by a signer */
	uint8_t signer_digest[VIGIL_DIGEST_SIZE]; /* SHA-256 of its key DER */
};

/* One partition's attestation state. */
struct attestation {
	struct spinlock lock; /* protects everything below after launch */
	bool ready;           /* keys derived: the hypercalls work */
	uint8_t vpcr[VIGIL_VPCR_COUNT][VIGIL_DIGEST_SIZE];
	struct event_log log;
	uint8_t log_buf[ATTEST_LOG_MAX];
	struct dice_keypair ak;
	uint8_t ak_name[2 + VIGIL_DIGEST_SIZE]; /* TPM name of the AK */
	uint8_t ak_cert[ATTEST_CERT_MAX];
	size_t ak_cert_len;
	uint32_t restart_count; /* partition restarts (none yet: 0) */
	uint64_t start_ticks;   /* the quote clock counts from here */
	struct launch_facts facts;
};

/*
 * At boot, before any partition is built: measures Vigil through the root
 * of trust. Must run before Vigil writes its initialised data.
 */
void attestation_measure_vigil(const struct rot_provider *rot);

/*
 * After the config is validated: takes the device secret, derives the
 * DeviceID key and certificate, Vigil's CDI (from Vigil's digest and
 * config_digest, the SHA-256 of the config blob) with the Alias key and
 * certificate, and Vigil's sealing CDI (from Vigil's digest only); then
 * zeroes the secret. Returns 0, or a negative VIGIL_E* value (then
 * attestation stays off: the attestation hypercalls return -VIGIL_ENODEV).
 */
int attestation_boot(const struct rot_provider *rot,
		     const struct vigil_config *config,
		     const uint8_t config_digest[VIGIL_DIGEST_SIZE]);

/* The DeviceID certificate (DER) and its length; NULL if attestation is
 * off. Public: the boot log prints it for enrolment. */
const uint8_t *attestation_device_id_cert(size_t *len);

/* SHA-256 of Vigil's image, as measured; for the boot log. */
const uint8_t *attestation_vigil_digest(void);

/*
 * At a partition's launch, after its image is measured and its launch
 * policy passed: resets the vPCRs and the log, logs and extends the
 * launch events of vigil/attest.h (vPCRs 0, 1 and 2), derives the
 * partition's CDI and AK from Vigil's CDI, the image digest and the name,
 * and writes the AK certificate (CN = name). Returns 0 or < 0.
 */
int attestation_launch(struct attestation *a, const struct launch_facts *facts,
		       const uint8_t config_digest[VIGIL_DIGEST_SIZE]);

/*
 * A sealing key for the partition (VIGIL_HC_SEAL_KEY): policy
 * VIGIL_SEAL_DIGEST or VIGIL_SEAL_SIGNER, the guest's label. Returns 0;
 * -VIGIL_EINVAL for another policy or a label over VIGIL_SEAL_LABEL_MAX;
 * -VIGIL_EPERM for SIGNER when no signer verified the image;
 * -VIGIL_ENODEV if attestation is off.
 */
int attestation_seal_key(struct attestation *a, uint32_t policy,
			 const uint8_t *label, size_t label_len,
			 uint8_t key[VIGIL_SEAL_KEY_SIZE]);

/*
 * A guest's extend of vPCR index (VIGIL_VPCR_FIRST_GUEST..23) with digest,
 * logged with event data. Returns 0; -VIGIL_EPERM for Vigil's vPCRs 0-7;
 * -VIGIL_EINVAL for index >= 24 or data_len > VIGIL_EVENT_DATA_MAX;
 * -VIGIL_ENOSPC if the log is full (nothing extended); -VIGIL_ENODEV if
 * attestation is off.
 */
int attestation_extend(struct attestation *a, uint32_t index,
		       const uint8_t digest[VIGIL_DIGEST_SIZE],
		       const void *data, uint32_t data_len);

/* Copies vPCR index into out. Returns 0, -VIGIL_EINVAL, -VIGIL_ENODEV. */
int attestation_read(struct attestation *a, uint32_t index,
		     uint8_t out[VIGIL_DIGEST_SIZE]);

/*
 * Writes the quote (TPM2B_ATTEST then TPMT_SIGNATURE, see attest.h) of the
 * vPCRs in mask with the nonce into out. Returns its length; -VIGIL_EINVAL
 * for a nonce over VIGIL_NONCE_MAX or a mask that is empty or beyond vPCR
 * 23; -VIGIL_ENOSPC with *needed if size is too small; -VIGIL_ENODEV.
 */
int attestation_quote(struct attestation *a, const uint8_t *nonce,
		      size_t nonce_len, uint32_t mask, uint8_t *out,
		      size_t size, size_t *needed);

/* The DER chain DeviceID, Alias, AK into out. Returns its length,
 * -VIGIL_ENOSPC with *needed, or -VIGIL_ENODEV. */
int attestation_certs(struct attestation *a, uint8_t *out, size_t size,
		      size_t *needed);

/* The partition's event log into out. Same returns as attestation_certs. */
int attestation_event_log(struct attestation *a, uint8_t *out, size_t size,
			  size_t *needed);

#endif /* VIGIL_ATTESTATION_H */
