/* SPDX-License-Identifier: MIT */
/* The hypercall table: each entry checks its own arguments. */
#include <vigil/hypercall_dispatch.h>

typedef enum hypercall_outcome (*hypercall_fn)(struct partition *p,
					       unsigned int vcpu,
					       const struct hypercall *call,
					       int64_t *result);

static enum hypercall_outcome hc_version(struct partition *p, unsigned int vcpu,
					 const struct hypercall *call,
					 int64_t *result)
{
	(void)p;
	(void)vcpu;
	(void)call;
	*result = (VIGIL_ABI_VERSION_MAJOR << 16) | VIGIL_ABI_VERSION_MINOR;
	return HYPERCALL_RETURN;
}

static enum hypercall_outcome hc_console_write(struct partition *p, unsigned int vcpu,
					       const struct hypercall *call,
					       int64_t *result)
{
	uint64_t len = call->arg[1];
	char buf[VIGIL_CONSOLE_WRITE_MAX];

	if (len > VIGIL_CONSOLE_WRITE_MAX) {
		*result = partition_refuse(p, call->nr, -VIGIL_EINVAL,
					   "console write longer than VIGIL_CONSOLE_WRITE_MAX");
		return HYPERCALL_RETURN;
	}
	if (len == 0) { /* nothing to read, so no address to check */
		*result = 0;
		return HYPERCALL_RETURN;
	}
	if (partition_copy_from_guest(p, buf, ipa_init(call->arg[0]), len)) {
		*result = partition_refuse(p, call->nr, -VIGIL_EFAULT,
					   "buffer not inside the partition's memory");
		return HYPERCALL_RETURN;
	}
	if (!partition_console_write(p, vcpu, buf, len))
		return HYPERCALL_STOP; /* stopped by another of its CPUs */
	*result = (int64_t)len;
	return HYPERCALL_RETURN;
}

static enum hypercall_outcome hc_halt(struct partition *p, unsigned int vcpu,
				      const struct hypercall *call,
				      int64_t *result)
{
	(void)vcpu;
	(void)call;
	*result = 0;
	partition_stop(p, "halted itself");
	return HYPERCALL_STOP;
}

static const hypercall_fn hypercall_table[] = {
	[VIGIL_HC_VERSION] = hc_version,
	[VIGIL_HC_CONSOLE_WRITE] = hc_console_write,
	[VIGIL_HC_HALT] = hc_halt,
};

enum hypercall_outcome hypercall_dispatch(struct partition *p,
					  unsigned int vcpu,
					  const struct hypercall *call,
					  int64_t *result)
{
	if (call->nr >= ARRAY_SIZE(hypercall_table) ||
	    !hypercall_table[call->nr]) {
		*result = partition_refuse(p, call->nr, -VIGIL_ENOSYS,
					   "unknown hypercall");
		return HYPERCALL_RETURN;
	}
	return hypercall_table[call->nr](p, vcpu, call, result);
}
