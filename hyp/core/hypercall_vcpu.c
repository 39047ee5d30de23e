/* SPDX-License-Identifier: MIT */
/*
 * Starting, asking after and stopping a partition's own vCPUs
 * (include/vigil/hypercall.h): the generic vCPU calls (vigil/vcpu.h) that
 * ARM64's PSCI emulation also uses, as hypercalls for architectures
 * without PSCI.
 */
#include <vigil/vcpu.h>

#include "hypercall_internal.h"

/* The vCPU the call names in its first argument: 0, or -EINVAL (logged)
 * if the partition has no such vCPU. */
static int64_t own_vcpu(struct partition *p, const struct hypercall *call,
			unsigned int *target)
{
	if (call->arg[0] >= p->cfg->cpu_count)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "no such vCPU in the partition");
	*target = (unsigned int)call->arg[0];
	return 0;
}

int64_t hc_vcpu_start(struct partition *p, unsigned int vcpu,
		      struct hypercall *call)
{
	(void)vcpu;
	unsigned int target = 0;
	int64_t err = own_vcpu(p, call, &target);
	if (err)
		return err;
	int rc = vcpu_start(p, target, ipa_init(call->arg[1]), call->arg[2]);
	if (rc == -VIGIL_EFAULT)
		return hc_refuse(p, call, rc,
				 "entry not inside the partition's memory");
	return rc; /* 0, or -EBUSY (not off): the guest's to retry */
}

int64_t hc_vcpu_state(struct partition *p, unsigned int vcpu,
		      struct hypercall *call)
{
	(void)vcpu;
	unsigned int target = 0;
	int64_t err = own_vcpu(p, call, &target);
	if (err)
		return err;
	switch (vcpu_state(p, target)) {
	case VCPU_ON:
		return VIGIL_VCPU_ON;
	case VCPU_STARTING:
		return VIGIL_VCPU_STARTING;
	default:
		return VIGIL_VCPU_OFF;
	}
}

int64_t hc_vcpu_off(struct partition *p, unsigned int vcpu,
		    struct hypercall *call)
{
	(void)call;
	vcpu_off(p, vcpu);
}
