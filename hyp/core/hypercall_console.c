/* SPDX-License-Identifier: MIT */
/* Console hypercalls: whole prefixed lines out, routed keystrokes in. */
#include <vigil/console_input.h>

#include "hypercall_internal.h"

int64_t hc_console_write(struct partition *p, unsigned int vcpu,
			 struct hypercall *call)
{
	uint64_t len = call->arg[1];
	char buf[VIGIL_CONSOLE_WRITE_MAX];

	if (len > VIGIL_CONSOLE_WRITE_MAX)
		return hc_refuse(p, call, -VIGIL_EINVAL,
				 "console write longer than VIGIL_CONSOLE_WRITE_MAX");
	if (len == 0) /* nothing to read, so no address to check */
		return 0;
	if (partition_copy_from_guest(p, buf, ipa_init(call->arg[0]), len))
		return hc_refuse(p, call, -VIGIL_EFAULT,
				 "buffer not inside the partition's memory");
	if (!partition_console_write(p, vcpu, buf, len))
		call->stop = true; /* stopped by another of its CPUs */
	return (int64_t)len;
}

int64_t hc_console_read(struct partition *p, unsigned int vcpu,
			struct hypercall *call)
{
	(void)vcpu;
	int64_t err = 0;
	uint64_t size = call->arg[1];
	uint8_t *out = hc_output_buffer(p, call, call->arg[0], size, &err);
	if (!out)
		return err;
	size_t n = size ? console_input_read(p, (char *)out, size) : 0;
	return hc_output_result(p, call, (int)n, 0, out, "");
}
