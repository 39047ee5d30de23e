/* SPDX-License-Identifier: MIT */
/*
 * Starting, asking after and stopping a partition's own vCPUs
 * (include/vigil/hypercall.h): the generic vCPU calls (vigil/vcpu.h) that
 * ARM64's PSCI emulation also uses, as hypercalls for architectures
 * without PSCI.
 */
#include <vigil/vcpu.h>

#include "hypercall_internal.h"

int64_t hc_vcpu_start(struct partition *p, unsigned int vcpu,
		      struct hypercall *call)
{
	(void)vcpu;
	uint64_t target = call->arg[0];
	if (target >= p->cfg->cpu_count)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "no such vCPU in the partition");
	int rc = vcpu_start(p, (unsigned int)target, ipa_init(call->arg[1]),
			    call->arg[2]);
	if (rc == -VIGIL_EFAULT)
		return hc_refuse(p, call, rc,
				 "entry not inside the partition's memory");
	return rc; /* 0, or -EBUSY (not off): the guest's to retry */
}

int64_t hc_vcpu_state(struct partition *p, unsigned int vcpu,
		      struct hypercall *call)
{
	(void)vcpu;
	uint64_t target = call->arg[0];
	if (target >= p->cfg->cpu_count)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "no such vCPU in the partition");
	switch (vcpu_state(p, (unsigned int)target)) {
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
