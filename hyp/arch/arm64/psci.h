/* SPDX-License-Identifier: MIT */
/*
 * PSCI function IDs and return codes (Arm Power State Coordination
 * Interface, DEN0022, section 5.1 "Function prototypes" and 5.2.2 "Return
 * error codes"). Vigil calls PSCI to start CPUs and answers a guest's PSCI
 * calls itself.
 */
#ifndef VIGIL_ARM64_PSCI_H
#define VIGIL_ARM64_PSCI_H

#include <stdint.h>

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)

/* PSCI 1.1, as major << 16 | minor. */
#define PSCI_VERSION_1_1 0x00010001u

#endif /* VIGIL_ARM64_PSCI_H */
