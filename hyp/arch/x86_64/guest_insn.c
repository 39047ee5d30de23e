/* SPDX-License-Identifier: MIT */
#include "guest_insn.h"
#include "guest_paging.h"

#define EFER_LMA (1ull << 10)
#define CR0_PE (1ull << 0)

enum x86_cpu_mode guest_insn_mode(const struct vmcb_save *s)
{
	if ((s->efer & EFER_LMA) && (s->cs.attrib & VMCB_ATTR_L))
		return X86_MODE_64;
	if ((s->cr0 & CR0_PE) && (s->cs.attrib & VMCB_ATTR_DB))
		return X86_MODE_32;
	return X86_MODE_16;
}

/* Guest-physical reads for the page-table walk and the fetch: only the
 * partition's own memory (partition_copy_from_guest checks it). */
static int read_guest(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	return partition_copy_from_guest(ctx, buf, (ipaddr_t){ gpa }, len);
}

unsigned int guest_insn_fetch(const struct partition *p,
			      const struct vmcb_save *s,
			      uint8_t bytes[X86_INSN_MAX_LENGTH])
{
	/* Outside 64-bit mode CS has a base, and the linear address is 32
	 * bits wide. */
	uint64_t linear = guest_insn_mode(s) == X86_MODE_64
				  ? s->rip
				  : (s->cs.base + s->rip) & 0xffffffffull;
	const struct x86_guest_paging paging = { s->cr0, s->cr3, s->cr4,
						 s->efer };
	return x86_guest_fetch(&paging, linear, bytes, X86_INSN_MAX_LENGTH,
			       read_guest, (void *)p);
}
