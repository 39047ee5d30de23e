/* SPDX-License-Identifier: MIT */
/*
 * VIGIL_HC_SEAL_KEY (policy, label, label_len, out) -> 32: the caller's
 * sealing key for its label, derived by the monitor
 * (attestation_seal_key, monitor/attest_seal.c). The label is copied in
 * once; the key is written straight into the caller's output buffer once
 * that is known to be the caller's, and is nowhere else outside the
 * monitor. Which partition's key is derived follows from the caller alone
 * (p->attest): no argument names another partition.
 */
#include <vigil/attestation.h>

#include "hypercall_internal.h"

int64_t hc_seal_key(struct partition *p, unsigned int vcpu,
		    struct hypercall *call)
{
	(void)vcpu;
	uint64_t policy = call->arg[0], label_len = call->arg[2];
	uint8_t label[VIGIL_SEAL_LABEL_MAX];
	int64_t err = 0;

	if ((policy != VIGIL_SEAL_DIGEST && policy != VIGIL_SEAL_SIGNER) ||
	    label_len > VIGIL_SEAL_LABEL_MAX)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "unknown seal policy or label longer than "
				 "VIGIL_SEAL_LABEL_MAX");
	if (label_len && partition_copy_from_guest(p, label,
						   ipa_init(call->arg[1]),
						   label_len))
		return hc_refuse(p, call, -VIGIL_EFAULT,
				 "label not inside the partition's memory");
	uint8_t *out = hc_output_buffer(p, call, call->arg[3],
					VIGIL_SEAL_KEY_SIZE, &err);
	if (!out)
		return err;
	int rc = attestation_seal_key(&p->attest, (uint32_t)policy, label,
				      (size_t)label_len, out);
	if (rc == -VIGIL_EPERM)
		return hc_refuse(p, call, rc,
				 "SIGNER seal key, but no signer verified the "
				 "image");
	return hc_output_result(p, call, rc ? rc : VIGIL_SEAL_KEY_SIZE, 0, out,
				"attestation off");
}
