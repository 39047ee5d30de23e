/* SPDX-License-Identifier: MIT */
/*
 * The reference values `make reference-values` writes
 * (tools/reference_values.py), format "vigil-reference-values-1": all a
 * verifier pins for one device and one partition config.
 *
 *   {"format": "vigil-reference-values-1",
 *    "vigil": {"image_sha256": HEX},
 *    "config": {"name": STRING, "sha256": HEX},
 *    "device_id_cert_pem": PEM,
 *    "partitions": [{"name": STRING, "image_sha256": HEX,
 *                    "config_node_sha256": HEX,
 *                    "launch_policy": "measure" | "verify",
 *                    "allowed_digests": [HEX, ...],
 *                    "signer_sha256": HEX | null,
 *                    "policy_event": STRING | null,
 *                    "expected_vpcrs": {"0": HEX, "1": HEX, "2": HEX | null},
 *                    "refused": BOOL}, ...]}
 *
 * HEX is a SHA-256 value as 64 hex digits. A partition its launch policy
 * would refuse ("refused": true) has no policy event and no vPCR 2 value
 * (null); any other has both. Every key is required, no other is allowed.
 */
#ifndef VERIFIER_REFVALS_H
#define VERIFIER_REFVALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>

#define REFVALS_FORMAT "vigil-reference-values-1"
#define REFVALS_PARTITIONS_MAX 8  /* Vigil's CONFIG_MAX_PARTITIONS */
#define REFVALS_ALLOWED_MAX 8     /* vigil,allowed-digests */
#define REFVALS_NAME_MAX 32       /* a partition name and its NUL */
#define REFVALS_CONFIG_NAME_MAX 64
#define REFVALS_PEM_MAX 4096
#define REFVALS_LAUNCH_VPCRS 3    /* vPCRs 0, 1 and 2 */

struct refval_partition {
	char name[REFVALS_NAME_MAX];
	uint8_t image[VIGIL_DIGEST_SIZE];
	uint8_t node[VIGIL_DIGEST_SIZE];    /* config_node_sha256 */
	bool verify;                        /* launch_policy "verify" */
	size_t allowed_count;
	uint8_t allowed[REFVALS_ALLOWED_MAX][VIGIL_DIGEST_SIZE];
	bool has_signer;
	uint8_t signer[VIGIL_DIGEST_SIZE];
	bool refused;
	char policy_event[VIGIL_EVENT_DATA_MAX + 1]; /* "" when refused */
	uint8_t vpcr[REFVALS_LAUNCH_VPCRS][VIGIL_DIGEST_SIZE]; /* [2] 0s if refused */
};

struct refvals {
	uint8_t vigil[VIGIL_DIGEST_SIZE];
	char config_name[REFVALS_CONFIG_NAME_MAX];
	uint8_t config[VIGIL_DIGEST_SIZE];
	char device_id_pem[REFVALS_PEM_MAX]; /* NUL-terminated */
	size_t count;
	struct refval_partition part[REFVALS_PARTITIONS_MAX];
};

/*
 * Parses the file's text (len bytes, no NUL needed) into out. Returns false
 * with where and why in err ("partitions[1].image_sha256: not 64 hex
 * digits") if it is not strict JSON (json.h) of exactly this format, names
 * a partition twice or lists none.
 */
bool refvals_parse(const char *text, size_t len, struct refvals *out,
		   char *err, size_t err_size);

/* The partition of that name, or NULL. */
const struct refval_partition *refvals_find(const struct refvals *rv,
					    const char *name);

#endif /* VERIFIER_REFVALS_H */
