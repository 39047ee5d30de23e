/* SPDX-License-Identifier: MIT */
/*
 * Replaying a partition's event log: TCG PC Client Platform Firmware
 * Profile (PFP), "Event Logging", crypto-agile format, little-endian. The
 * first record is a TCG_PCR_EVENT (SHA-1 layout) whose event is the
 * TCG_EfiSpecIDEvent "Spec ID Event03"; every later record is a
 * TCG_PCR_EVENT2 with a TPML_DIGEST_VALUES.
 *
 * Vigil's logs carry the SHA-256 bank only and use EV_NO_ACTION only for
 * the Spec ID record, so this replay accepts exactly that and calls
 * anything else malformed: the spec says EV_NO_ACTION events are not
 * extended while common tools (tpm2_eventlog 5.4) extend them, and a
 * verifier must not depend on which reading is right.
 */
#ifndef VERIFIER_EVENTLOG_H
#define VERIFIER_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>

/* One event on a vPCR of Vigil's (0-7), kept for checks of what it says. */
struct evlog_event {
	uint32_t pcr, type;
	uint8_t digest[VIGIL_DIGEST_SIZE];
	size_t data_len;                    /* the event's whole length */
	uint8_t data[VIGIL_EVENT_DATA_MAX]; /* its first bytes */
};

#define EVLOG_KEPT_MAX 8

struct evlog {
	uint8_t pcr[VIGIL_VPCR_COUNT][VIGIL_DIGEST_SIZE]; /* replayed */
	uint32_t extended_mask; /* bit n: vPCR n has at least one event */
	size_t events;          /* TCG_PCR_EVENT2 records */
	size_t pcr_events[VIGIL_VPCR_COUNT]; /* of them, per vPCR */
	size_t image_events;    /* of them, on vPCR 0 (VIGIL_VPCR_IMAGE) */
	uint8_t image_digest[VIGIL_DIGEST_SIZE]; /* the first one's digest */
	/* The first EVLOG_KEPT_MAX events on vPCRs 0-7, in log order. */
	size_t kept;
	struct evlog_event kept_event[EVLOG_KEPT_MAX];
};

/*
 * Parses and replays the log: every vPCR starts at 32 zero bytes and each
 * event extends it, pcr = SHA-256(pcr || digest) (TPM 2.0 Part 1, PCR
 * extend).
 * Returns false with the reason in err if the log is malformed: a bad Spec
 * ID header, a bank other than SHA-256 alone, a vPCR index above 23, a
 * later EV_NO_ACTION, a truncated record.
 */
bool evlog_replay(const uint8_t *log, size_t len, struct evlog *out,
		  char *err, size_t err_size);

/*
 * SHA-256 over the vPCR values that mask selects, concatenated in
 * ascending index: what a quote's pcrDigest must be (TPM 2.0 Part 3,
 * TPM2_Quote).
 */
void evlog_pcr_digest(const uint8_t pcr[VIGIL_VPCR_COUNT][VIGIL_DIGEST_SIZE],
		      uint32_t mask, uint8_t digest[VIGIL_DIGEST_SIZE]);

#endif /* VERIFIER_EVENTLOG_H */
