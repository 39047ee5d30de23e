/* SPDX-License-Identifier: MIT */
/*
 * A partition's event log in the TCG PC Client Platform Firmware Profile
 * crypto-agile format (section 10, "Event Logging"): a TCG_PCR_EVENT
 * header whose event is the TCG_EfiSpecIDEvent ("Spec ID Event03",
 * SHA-256 only), then one TCG_PCR_EVENT2 per extend. Little-endian, as the
 * spec says (unlike TPM 2.0 structures). tpm2_eventlog parses it and its
 * replay gives the vPCR values.
 */
#ifndef VIGIL_EVENT_LOG_H
#define VIGIL_EVENT_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/attest.h>
#include <vigil/hypercall.h>

struct event_log {
	uint8_t *buf;
	size_t capacity;
	size_t len;
};

/* Starts an empty log in buf (the Spec ID event only). Returns 0, or
 * -VIGIL_ENOSPC if capacity cannot hold even that. */
int event_log_init(struct event_log *log, uint8_t *buf, size_t capacity);

/*
 * Appends a TCG_PCR_EVENT2 {pcr, type, SHA-256 digest, data}. Returns 0,
 * or -VIGIL_ENOSPC (the log unchanged) if it does not fit, or
 * -VIGIL_EINVAL (the log unchanged) for a PCR index >= 24, for type
 * EV_NO_ACTION (tools disagree on replaying it: see event_log_replay), or
 * for data NULL with data_len > 0.
 */
int event_log_append(struct event_log *log, uint32_t pcr, uint32_t type,
		     const uint8_t digest[32], const void *data,
		     uint32_t data_len);

/*
 * Replays a log: for every TCG_PCR_EVENT2, extends pcrs[pcr] (all start at
 * zero) with its SHA-256 digest. Returns the number of events replayed, or
 * -VIGIL_EINVAL if the log is malformed (bad header, truncated record, PCR
 * index >= 24, a bank other than SHA-256, or an EV_NO_ACTION record after
 * the header: the PC Client spec says not to extend it, tpm2_eventlog 5.4
 * extends it, so no one replay would be right). On error pcrs is left as
 * it was. For tests and the verifier.
 */
int event_log_replay(const uint8_t *log, size_t len, uint8_t pcrs[24][32]);

#endif /* VIGIL_EVENT_LOG_H */
