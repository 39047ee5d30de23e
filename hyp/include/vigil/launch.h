/* SPDX-License-Identifier: MIT */
/*
 * Turning a validated config into running partitions: stage-2 maps, images
 * placed and measured, CPUs started. All partitions are built and measured
 * before the first one starts.
 */
#ifndef VIGIL_LAUNCH_H
#define VIGIL_LAUNCH_H

#include <vigil/config.h>
#include <vigil/partition.h>

/*
 * Builds every partition's stage-2 map. Returns 0, or the number of
 * partitions whose map could not be built (each reported in one log line);
 * then nothing may start.
 */
int launch_build(const struct vigil_config *config);

/*
 * Clears each partition's memory, copies its image to its load address,
 * makes it visible to a guest with caches off, measures it into the
 * monitor's log (printing the digest) and applies its launch policy: a
 * refused partition stays off, with one log line. Then its attestation
 * state is set up from the image, its node of config_blob and
 * config_digest. Returns 0, or -1 if nothing may start (a measurement
 * failed, or a vigil,required partition was refused).
 */
int launch_place_and_measure(const void *config_blob,
			     const uint8_t config_digest[32]);

/*
 * Asks each partition that its launch policy allowed to start its first
 * CPU (vCPU 0, at its entry point);
 * the partition starts its other CPUs itself (PSCI CPU_ON). boot_ticks is
 * the counter at Vigil's entry, for the boot log.
 */
void launch_start_all(uint64_t boot_ticks);

#endif /* VIGIL_LAUNCH_H */
