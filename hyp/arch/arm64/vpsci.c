/* SPDX-License-Identifier: MIT */
/*
 * The PSCI calls a partition may make (DEN0022), answered by Vigil: the
 * version and features, turning its own CPUs on and off, asking their
 * state, and powering itself off. None reaches the firmware, so a
 * partition cannot touch another's CPUs or the machine's power.
 */
#include "psci.h"
#include <vigil/vcpu.h>

#include "arm64.h"

/* PSCI 1.0 is what the functions below amount to. */
#define VPSCI_VERSION 0x00010000u
#define PSCI_INVALID_ADDRESS (-9)

/* AFFINITY_INFO results (DEN0022 5.1.5). */
#define AFFINITY_ON 0
#define AFFINITY_OFF 1
#define AFFINITY_ON_PENDING 2

static bool vpsci_supported(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_ON_64:
	case PSCI_CPU_OFF:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return true;
	default:
		return false;
	}
}

/* A vCPU's MPIDR is its index in Aff0 (VMPIDR_EL2, see vcpu.c). */
static bool vcpu_of_mpidr(uint64_t mpidr, unsigned int *vcpu)
{
	if (mpidr > 0xff)
		return false;
	*vcpu = (unsigned int)mpidr;
	return true;
}

static int64_t cpu_on(struct partition *p, struct trap_frame *frame)
{
	unsigned int vcpu;
	if (!vcpu_of_mpidr(frame->x[1], &vcpu))
		return PSCI_INVALID_PARAMETERS;
	switch (vcpu_start(p, vcpu, ipa_init(frame->x[2]), frame->x[3])) {
	case 0:
		return PSCI_SUCCESS;
	case -VIGIL_EBUSY:
		return PSCI_ALREADY_ON;
	case -VIGIL_EFAULT:
		return PSCI_INVALID_ADDRESS;
	case -VIGIL_EPERM:
		return PSCI_DENIED;
	default:
		return PSCI_INVALID_PARAMETERS;
	}
}

static int64_t affinity_info(struct partition *p, struct trap_frame *frame)
{
	unsigned int vcpu;
	if (frame->x[2] != 0 || !vcpu_of_mpidr(frame->x[1], &vcpu) ||
	    vcpu >= p->cfg->cpu_count)
		return PSCI_INVALID_PARAMETERS;
	switch (vcpu_state(p, vcpu)) {
	case VCPU_ON:
		return AFFINITY_ON;
	case VCPU_STARTING:
		return AFFINITY_ON_PENDING;
	default:
		return AFFINITY_OFF;
	}
}

bool vpsci_handle(struct partition *p, struct trap_frame *frame)
{
	uint32_t fn = (uint32_t)frame->x[0];
	if (frame->x[0] >> 32 || !vpsci_supported(fn))
		return false;
	int64_t result = PSCI_SUCCESS;
	switch (fn) {
	case PSCI_VERSION:
		result = VPSCI_VERSION;
		break;
	case PSCI_FEATURES:
		result = vpsci_supported((uint32_t)frame->x[1])
				 ? PSCI_SUCCESS
				 : PSCI_NOT_SUPPORTED;
		break;
	case PSCI_CPU_ON_64:
		result = cpu_on(p, frame);
		break;
	case PSCI_AFFINITY_INFO_64:
		result = affinity_info(p, frame);
		break;
	case PSCI_CPU_OFF:
		vcpu_off(p, current_vcpu()); /* does not return */
	case PSCI_SYSTEM_OFF:
		partition_stop(p, "powered itself off (PSCI SYSTEM_OFF)");
		break;
	case PSCI_SYSTEM_RESET:
		/* Restarting a partition is not supported yet: it stops. */
		partition_stop(p, "asked for a reset (PSCI SYSTEM_RESET); "
				  "restart is not supported, partition stays off");
		break;
	}
	frame->x[0] = (uint64_t)result;
	return true;
}
