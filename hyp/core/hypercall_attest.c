/* SPDX-License-Identifier: MIT */
/*
 * Attestation hypercalls: arguments checked and copied in here, the work
 * done by the monitor (vigil/attestation.h), results written straight into
 * the caller's output buffer once it is known to be the caller's.
 */
#include <vigil/attestation.h>

#include "hypercall_internal.h"

int64_t hc_vpcr_extend(struct partition *p, unsigned int vcpu,
		       struct hypercall *call)
{
	(void)vcpu;
	uint64_t index = call->arg[0], event_len = call->arg[3];
	uint8_t digest[VIGIL_DIGEST_SIZE];
	uint8_t event[VIGIL_EVENT_DATA_MAX];

	if (index >= VIGIL_VPCR_COUNT || event_len > VIGIL_EVENT_DATA_MAX)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "vPCR index >= 24 or event longer than "
				 "VIGIL_EVENT_DATA_MAX");
	if (index < VIGIL_VPCR_FIRST_GUEST)
		return hc_refuse(p, call, -VIGIL_EPERM,
				 "vPCRs 0-7 are Vigil's");
	if (partition_copy_from_guest(p, digest, ipa_init(call->arg[1]),
				      sizeof(digest)) ||
	    (event_len &&
	     partition_copy_from_guest(p, event, ipa_init(call->arg[2]),
				       event_len)))
		return hc_refuse(p, call, -VIGIL_EFAULT,
				 "digest or event not inside the partition's memory");
	int rc = attestation_extend(&p->attest, (uint32_t)index, digest, event,
				    (uint32_t)event_len);
	return rc ? hc_refuse(p, call, rc, "event log full or attestation off")
		  : 0;
}

int64_t hc_vpcr_read(struct partition *p, unsigned int vcpu,
		     struct hypercall *call)
{
	(void)vcpu;
	int64_t err = 0;
	if (call->arg[0] >= VIGIL_VPCR_COUNT)
		return hc_refuse(p, call, -VIGIL_EINVAL, "vPCR index >= 24");
	uint8_t *out = hc_output_buffer(p, call, call->arg[1],
					VIGIL_DIGEST_SIZE, &err);
	if (!out)
		return err;
	int rc = attestation_read(&p->attest, (uint32_t)call->arg[0], out);
	return hc_output_result(p, call, rc ? rc : VIGIL_DIGEST_SIZE, 0, out,
				"attestation off");
}

int64_t hc_attest_quote(struct partition *p, unsigned int vcpu,
			struct hypercall *call)
{
	(void)vcpu;
	uint64_t nonce_len = call->arg[1], mask = call->arg[2];
	uint8_t nonce[VIGIL_NONCE_MAX];
	int64_t err = 0;

	if (nonce_len > VIGIL_NONCE_MAX || mask == 0 ||
	    (mask >> VIGIL_VPCR_COUNT) != 0)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "nonce over 64 bytes, or vPCR mask empty or "
				 "beyond vPCR 23");
	if (nonce_len && partition_copy_from_guest(p, nonce,
						   ipa_init(call->arg[0]),
						   nonce_len))
		return hc_refuse(p, call, -VIGIL_EFAULT,
				 "nonce not inside the partition's memory");
	uint8_t *out = hc_output_buffer(p, call, call->arg[3], call->arg[4],
					&err);
	if (!out)
		return err;
	size_t needed = 0;
	int rc = attestation_quote(&p->attest, nonce, nonce_len, (uint32_t)mask,
				   out, call->arg[4], &needed);
	return hc_output_result(p, call, rc, needed, out,
				"quote failed or attestation off");
}

/* The monitor writes an artefact of its own size into out. */
typedef int (*artefact_fn)(struct attestation *a, uint8_t *out, size_t size,
			   size_t *needed);

static int64_t copy_artefact(struct partition *p, struct hypercall *call,
			     artefact_fn write_artefact)
{
	int64_t err = 0;
	uint8_t *out = hc_output_buffer(p, call, call->arg[0], call->arg[1],
					&err);
	if (!out)
		return err;
	size_t needed = 0;
	int rc = write_artefact(&p->attest, out, call->arg[1], &needed);
	return hc_output_result(p, call, rc, needed, out, "attestation off");
}

int64_t hc_attest_certs(struct partition *p, unsigned int vcpu,
			struct hypercall *call)
{
	(void)vcpu;
	return copy_artefact(p, call, attestation_certs);
}

int64_t hc_attest_event_log(struct partition *p, unsigned int vcpu,
			    struct hypercall *call)
{
	(void)vcpu;
	return copy_artefact(p, call, attestation_event_log);
}
