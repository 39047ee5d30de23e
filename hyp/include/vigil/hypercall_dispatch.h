/* SPDX-License-Identifier: MIT */
/*
 * Generic hypercall handling. The architecture's trap code extracts the
 * number and arguments (ARM64: x16 and x0..x4) and hands them here; the
 * result goes back in the guest's result register.
 */
#ifndef VIGIL_HYPERCALL_DISPATCH_H
#define VIGIL_HYPERCALL_DISPATCH_H

#include <vigil/partition.h>

struct hypercall {
	uint64_t nr;
	uint64_t arg[5];
};

enum hypercall_outcome {
	HYPERCALL_RETURN, /* resume the guest with *result */
	HYPERCALL_STOP,   /* the partition stopped: do not resume it */
};

/*
 * Runs one hypercall for vCPU vcpu of partition p. Every guest-supplied address and
 * length is checked against p's own memory; errors are negative Xen errno
 * values (VIGIL_E*) in *result, logged once per kind, never fatal to Vigil.
 */
enum hypercall_outcome hypercall_dispatch(struct partition *p,
					  unsigned int vcpu,
					  const struct hypercall *call,
					  int64_t *result);

#endif /* VIGIL_HYPERCALL_DISPATCH_H */
