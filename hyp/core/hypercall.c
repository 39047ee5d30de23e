/* SPDX-License-Identifier: MIT */
/* The hypercall table: each entry checks its own arguments. */
#include <vigil/arch.h>

#include "hypercall_internal.h"

static int64_t hc_version(struct partition *p, unsigned int vcpu,
			  struct hypercall *call)
{
	(void)p;
	(void)vcpu;
	(void)call;
	return (VIGIL_ABI_VERSION_MAJOR << 16) | VIGIL_ABI_VERSION_MINOR;
}

static int64_t hc_halt(struct partition *p, unsigned int vcpu,
		       struct hypercall *call)
{
	(void)vcpu;
	partition_stop(p, "halted itself");
	call->stop = true;
	return 0;
}

static const hypercall_fn hypercall_table[] = {
	[VIGIL_HC_VERSION] = hc_version,
	[VIGIL_HC_CONSOLE_WRITE] = hc_console_write,
	[VIGIL_HC_HALT] = hc_halt,
	[VIGIL_HC_VPCR_EXTEND] = hc_vpcr_extend,
	[VIGIL_HC_VPCR_READ] = hc_vpcr_read,
	[VIGIL_HC_ATTEST_QUOTE] = hc_attest_quote,
	[VIGIL_HC_ATTEST_CERTS] = hc_attest_certs,
	[VIGIL_HC_ATTEST_EVENT_LOG] = hc_attest_event_log,
	[VIGIL_HC_CONSOLE_READ] = hc_console_read,
	[VIGIL_HC_SEAL_KEY] = hc_seal_key,
	[VIGIL_HC_VCPU_START] = hc_vcpu_start,
	[VIGIL_HC_VCPU_STATE] = hc_vcpu_state,
	[VIGIL_HC_VCPU_OFF] = hc_vcpu_off,
};

void hypercall_dispatch(struct partition *p, unsigned int vcpu,
			struct hypercall *call)
{
	call->stop = false;
	call->has_size_needed = false;
	if (call->nr >= ARRAY_SIZE(hypercall_table) ||
	    !hypercall_table[call->nr]) {
		call->result = hc_refuse(p, call, -VIGIL_ENOSYS,
					 "unknown hypercall");
		return;
	}
	call->result = hypercall_table[call->nr](p, vcpu, call);
}

int64_t hc_refuse(struct partition *p, const struct hypercall *call,
		  int64_t err, const char *why)
{
	return partition_refuse(p, call->nr, err, why);
}

uint8_t *hc_output_buffer(struct partition *p, const struct hypercall *call,
			  uint64_t ipa, uint64_t size, int64_t *err)
{
	static uint8_t nothing;
	paddr_t pa;
	if (size == 0)
		return &nothing;
	if (!partition_ipa_to_pa(p->cfg, ipa_init(ipa), size, &pa)) {
		*err = hc_refuse(p, call, -VIGIL_EFAULT,
				 "output buffer not inside the partition's memory");
		return NULL;
	}
	return pa_ptr(pa);
}

int64_t hc_output_result(struct partition *p, struct hypercall *call, int rc,
			 size_t needed, uint8_t *out, const char *why)
{
	if (rc == -VIGIL_ENOSPC) {
		call->has_size_needed = true;
		call->size_needed = needed;
		return hc_refuse(p, call, rc, "output buffer too small");
	}
	if (rc < 0)
		return hc_refuse(p, call, rc, why);
	/* The guest may read with its caches off. */
	arch_sync_guest_memory(out, (uint64_t)rc);
	return rc;
}
