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
 * makes it visible to a guest with caches off, and measures it into the
 * monitor's log (printing the digest). Returns 0, or -1 if a measurement
 * could not be recorded (then nothing may start).
 */
int launch_place_and_measure(void);

/*
 * Asks each partition's first CPU to enter it (vCPU 0, at its entry point);
 * the partition starts its other CPUs itself (PSCI CPU_ON). boot_ticks is
 * the counter at Vigil's entry, for the boot log.
 */
void launch_start_all(uint64_t boot_ticks);

#endif /* VIGIL_LAUNCH_H */
