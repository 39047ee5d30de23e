/* SPDX-License-Identifier: MIT */
/*
 * The PSCI calls a partition may make (DEN0022), answered by Vigil: a
 * partition may ask for the version and features, and may turn itself off.
 * It may not reach the firmware, and so cannot touch another partition's
 * CPUs or the machine's power.
 */
#include <vigil/psci.h>

#include "arm64.h"

/* PSCI 1.0 is what the features below amount to. */
#define VPSCI_VERSION 0x00010000u

static bool vpsci_supported(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_OFF:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return true;
	default:
		return false;
	}
}

bool vpsci_handle(struct partition *p, struct trap_frame *frame)
{
	uint32_t fn = (uint32_t)frame->x[0];
	if (frame->x[0] >> 32 || !vpsci_supported(fn))
		return false;
	switch (fn) {
	case PSCI_VERSION:
		frame->x[0] = VPSCI_VERSION;
		break;
	case PSCI_FEATURES:
		frame->x[0] = vpsci_supported((uint32_t)frame->x[1])
				      ? PSCI_SUCCESS
				      : (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
		break;
	case PSCI_CPU_OFF:
		partition_stop(p, "turned its CPU off (PSCI CPU_OFF)");
		break;
	case PSCI_SYSTEM_OFF:
		partition_stop(p, "powered itself off (PSCI SYSTEM_OFF)");
		break;
	case PSCI_SYSTEM_RESET:
		/* Restarting a partition is not supported yet: it stops. */
		partition_stop(p, "asked for a reset (PSCI SYSTEM_RESET); "
				  "restart is not supported, partition stays off");
		break;
	}
	return true;
}
