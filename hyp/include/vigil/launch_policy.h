/* SPDX-License-Identifier: MIT */
/*
 * Acting on a measurement: a partition's launch policy (config.h) decides
 * whether its measured image may run, and what the partition's log records
 * about why. Also the config's own measurement. Part of the monitor.
 */
#ifndef VIGIL_LAUNCH_POLICY_H
#define VIGIL_LAUNCH_POLICY_H

#include <vigil/attestation.h>
#include <vigil/config.h>

/*
 * Checks cfg's launch policy against the image's digest. On success fills
 * facts->policy_event (the vPCR 2 event of vigil/attest.h), has_signer and
 * signer_digest, and returns true. Otherwise writes into why what was
 * measured and what was expected, or why the signature failed.
 */
bool launch_policy_check(const struct partition_config *cfg,
			 const uint8_t image_digest[VIGIL_DIGEST_SIZE],
			 struct launch_facts *facts, char *why, size_t why_size);

/* SHA-256 of the whole config blob (fdt_totalsize bytes). */
void config_measure_blob(const void *fdt, uint8_t digest[VIGIL_DIGEST_SIZE]);

/*
 * SHA-256 of one node of the config in a canonical form that does not
 * depend on how dtc laid out the blob (README, "Measured config"):
 * "N" name "\0", then per property "P" name "\0" len(big-endian u32) value,
 * then each subnode the same way, then "E".
 */
void config_measure_node(const void *fdt, int node,
			 uint8_t digest[VIGIL_DIGEST_SIZE]);

#endif /* VIGIL_LAUNCH_POLICY_H */
