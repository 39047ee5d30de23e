/* SPDX-License-Identifier: MIT */
/* What the hypercall files (hyp/core/hypercall*.c) share. */
#ifndef VIGIL_HYPERCALL_INTERNAL_H
#define VIGIL_HYPERCALL_INTERNAL_H

#include <vigil/hypercall_dispatch.h>

/* A handler returns the result for the guest (>= 0, or -VIGIL_E* after
 * hc_refuse), and may set call->stop or call's size fields. */
typedef int64_t (*hypercall_fn)(struct partition *p, unsigned int vcpu,
				struct hypercall *call);

/* Logs the refusal once per kind and returns err. */
int64_t hc_refuse(struct partition *p, const struct hypercall *call,
		  int64_t err, const char *why);

/*
 * The host pointer for output buffer [ipa, ipa + size) of p, or NULL
 * after refusing with -VIGIL_EFAULT into *err. Size 0 gives a harmless
 * non-NULL pointer that must not be written.
 */
uint8_t *hc_output_buffer(struct partition *p, const struct hypercall *call,
			  uint64_t ipa, uint64_t size, int64_t *err);

/* Turns a monitor result into the guest's: -VIGIL_ENOSPC sets the size
 * needed; other errors are refused with why; output is made visible. */
int64_t hc_output_result(struct partition *p, struct hypercall *call, int rc,
			 size_t needed, uint8_t *out, const char *why);

/* hypercall_attest.c */
int64_t hc_vpcr_extend(struct partition *p, unsigned int vcpu,
		       struct hypercall *call);
int64_t hc_vpcr_read(struct partition *p, unsigned int vcpu,
		     struct hypercall *call);
int64_t hc_attest_quote(struct partition *p, unsigned int vcpu,
			struct hypercall *call);
int64_t hc_attest_certs(struct partition *p, unsigned int vcpu,
			struct hypercall *call);
int64_t hc_attest_event_log(struct partition *p, unsigned int vcpu,
			    struct hypercall *call);

/* hypercall_seal.c */
int64_t hc_seal_key(struct partition *p, unsigned int vcpu,
		    struct hypercall *call);

/* hypercall_console.c */
int64_t hc_vcpu_start(struct partition *p, unsigned int vcpu,
		      struct hypercall *call);
int64_t hc_vcpu_state(struct partition *p, unsigned int vcpu,
		      struct hypercall *call);
int64_t hc_vcpu_off(struct partition *p, unsigned int vcpu,
		    struct hypercall *call);
int64_t hc_console_write(struct partition *p, unsigned int vcpu,
			 struct hypercall *call);
int64_t hc_console_read(struct partition *p, unsigned int vcpu,
			struct hypercall *call);

#endif /* VIGIL_HYPERCALL_INTERNAL_H */
