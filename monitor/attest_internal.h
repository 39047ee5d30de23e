/* SPDX-License-Identifier: MIT */
/* What the attestation monitor's files (monitor/attest_*.c) share. */
#ifndef VIGIL_ATTEST_INTERNAL_H
#define VIGIL_ATTEST_INTERNAL_H

#include <vigil/attestation.h>

/* Serialises mbedTLS (its allocator arena is shared by all CPUs). */
extern struct spinlock attest_crypto_lock;

/* Vigil's layer: set by attestation_boot. */
struct attest_chain {
	bool ready;
	uint8_t vigil_digest[VIGIL_DIGEST_SIZE];
	uint8_t vigil_cdi[DICE_SECRET_SIZE];      /* attestation: Vigil + config */
	uint8_t vigil_seal_cdi[DICE_SECRET_SIZE]; /* sealing: Vigil only */
	struct dice_keypair device_id;
	struct dice_keypair alias;
	uint8_t device_id_cert[ATTEST_CERT_MAX];
	size_t device_id_cert_len;
	uint8_t alias_cert[ATTEST_CERT_MAX];
	size_t alias_cert_len;
};

extern struct attest_chain attest_chain;

/* Copies len bytes to out[0..size) or reports the size needed. */
int attest_copy_out(const void *src, size_t len, uint8_t *out, size_t size,
		    size_t *needed);

#endif /* VIGIL_ATTEST_INTERNAL_H */
