/* SPDX-License-Identifier: MIT */
/* Wrappers for the attestation and console-input hypercalls. */
#include "vigil.h"

/* On -ENOSPC Vigil puts the size needed in x1; otherwise x1 is ours. */
static long with_needed(long rc, unsigned long x1, unsigned long *needed)
{
	if (rc == -VIGIL_ENOSPC && needed)
		*needed = x1;
	return rc;
}

long vigil_vpcr_extend(unsigned int index, const uint8_t digest[32],
		       const void *event, unsigned long event_len)
{
	return vigil_hypercall(VIGIL_HC_VPCR_EXTEND, index, (uintptr_t)digest,
			       (uintptr_t)event, event_len, 0);
}

long vigil_vpcr_read(unsigned int index, uint8_t out[32])
{
	return vigil_hypercall(VIGIL_HC_VPCR_READ, index, (uintptr_t)out, 0, 0,
			       0);
}

long vigil_attest_quote(const void *nonce, unsigned long nonce_len,
			uint32_t mask, void *out, unsigned long size,
			unsigned long *needed)
{
	unsigned long x1 = 0;
	long rc = vigil_hypercall_x1(VIGIL_HC_ATTEST_QUOTE, (uintptr_t)nonce,
				     nonce_len, mask, (uintptr_t)out, size, &x1);
	return with_needed(rc, x1, needed);
}

long vigil_attest_certs(void *out, unsigned long size, unsigned long *needed)
{
	unsigned long x1 = 0;
	long rc = vigil_hypercall_x1(VIGIL_HC_ATTEST_CERTS, (uintptr_t)out, size,
				     0, 0, 0, &x1);
	return with_needed(rc, x1, needed);
}

long vigil_attest_event_log(void *out, unsigned long size,
			    unsigned long *needed)
{
	unsigned long x1 = 0;
	long rc = vigil_hypercall_x1(VIGIL_HC_ATTEST_EVENT_LOG, (uintptr_t)out,
				     size, 0, 0, 0, &x1);
	return with_needed(rc, x1, needed);
}

long vigil_console_read(void *out, unsigned long size)
{
	return vigil_hypercall(VIGIL_HC_CONSOLE_READ, (uintptr_t)out, size, 0, 0,
			       0);
}
