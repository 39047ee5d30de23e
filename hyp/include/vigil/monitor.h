/* SPDX-License-Identifier: MIT */
/*
 * The attestation monitor's measurement log: what each partition was
 * launched with. Vigil measures an image where it finally lies in partition
 * memory, after its last write and before the partition's first instruction.
 */
#ifndef VIGIL_MONITOR_H
#define VIGIL_MONITOR_H

#include <vigil/config.h>

#define MONITOR_MAX_MEASUREMENTS CONFIG_MAX_PARTITIONS
#define SHA256_DIGEST_SIZE 32

struct measurement {
	char partition[PARTITION_NAME_MAX];
	uint8_t digest[SHA256_DIGEST_SIZE]; /* SHA-256 of the image bytes */
	uint64_t size;
	uint64_t entry; /* guest-physical entry point */
};

/*
 * Hashes size bytes at image with SHA-256 and appends
 * {partition, digest, size, entry} to the log. Returns the new record, or
 * NULL if the log is full or hashing failed.
 */
const struct measurement *monitor_measure_image(const char *partition,
						const void *image, uint64_t size,
						uint64_t entry);

/* Number of records, and record i (NULL if i is out of range). */
unsigned int monitor_log_count(void);
const struct measurement *monitor_log_entry(unsigned int i);

/* Writes the digest as 64 lowercase hex digits and a NUL into out[65]. */
void monitor_digest_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65]);

#endif /* VIGIL_MONITOR_H */
