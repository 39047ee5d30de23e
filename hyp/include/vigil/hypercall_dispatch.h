/* SPDX-License-Identifier: MIT */
/*
 * Generic hypercall handling. The architecture's trap code extracts the
 * number and arguments (ARM64: x16 and x0..x4), calls hypercall_dispatch,
 * and hands the outcome back (ARM64: result in x0, size_needed in x1).
 */
#ifndef VIGIL_HYPERCALL_DISPATCH_H
#define VIGIL_HYPERCALL_DISPATCH_H

#include <vigil/partition.h>

struct hypercall {
	/* In: */
	uint64_t nr;
	uint64_t arg[5];
	/* Out: */
	int64_t result;
	bool stop;             /* the partition stopped: do not resume it */
	bool has_size_needed;  /* with -VIGIL_ENOSPC: the size that would do */
	uint64_t size_needed;
};

/*
 * Runs one hypercall for vCPU vcpu of partition p. Every guest-supplied
 * address and length is checked against p's own memory; errors are
 * negative Xen errno values (VIGIL_E*), logged once per kind, never fatal
 * to Vigil.
 */
void hypercall_dispatch(struct partition *p, unsigned int vcpu,
			struct hypercall *call);

#endif /* VIGIL_HYPERCALL_DISPATCH_H */
