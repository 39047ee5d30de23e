/* SPDX-License-Identifier: MIT */
#include <vigil/format.h>

#include "guest_insn.h"
#include "lapic.h"
#include "vapic.h"
#include "vapic_mmio.h"

#define APIC_REGISTER_ALIGN 16u
#define APIC_REGISTER_SIZE 4u

static uint64_t *gpr_slot(struct svm_gprs *g, unsigned int reg)
{
	uint64_t *const slots[16] = {
		NULL,     &g->rcx, &g->rdx, &g->rbx, NULL,     &g->rbp,
		&g->rsi,  &g->rdi, &g->r8,  &g->r9,  &g->r10,  &g->r11,
		&g->r12,  &g->r13, &g->r14, &g->r15,
	};
	return slots[reg & 15];
}

static uint64_t guest_register(const struct vmcb *vmcb,
			       struct svm_gprs *g, unsigned int reg)
{
	uint64_t *slot = gpr_slot(g, reg);
	if (slot)
		return *slot;
	return (reg & 15) == 0 ? vmcb->save.rax : vmcb->save.rsp;
}

static void set_guest_register(struct vmcb *vmcb, struct svm_gprs *g,
			       unsigned int reg, uint64_t value)
{
	uint64_t *slot = gpr_slot(g, reg);
	if (slot)
		*slot = value;
	else if ((reg & 15) == 0)
		vmcb->save.rax = value;
	else
		vmcb->save.rsp = value;
}

bool vapic_mmio_exit(struct partition *p, unsigned int vcpu,
		     struct vmcb *vmcb, struct svm_gprs *gprs, char *why,
		     size_t why_size)
{
	const struct vmcb_save *s = &vmcb->save;
	uint64_t info = vmcb->control.exitinfo1;
	uint64_t gpa = vmcb->control.exitinfo2;
	unsigned int offset = (unsigned int)(gpa - APIC_DEFAULT_BASE);

	if (info & (NPF_ID | NPF_TABLE)) {
		format(why, why_size, "%s its local APIC page at %#lx (RIP "
		       "%#lx)", (info & NPF_ID) ? "instruction fetch from"
						 : "guest page-table walk into",
		       (unsigned long)gpa, (unsigned long)s->rip);
		return false;
	}
	uint8_t bytes[X86_INSN_MAX_LENGTH];
	unsigned int got = guest_insn_fetch(p, s, bytes);
	struct x86_mmio_insn insn;
	int rc = got ? x86_decode_mmio(bytes, got, guest_insn_mode(s), &insn)
		     : 0;
	if (!got || rc != 0) {
		format(why, why_size, "local APIC access at offset %#x from "
		       "RIP %#lx: %s", offset, (unsigned long)s->rip,
		       got ? x86_decode_error(rc)
			   : "its instruction is not in its memory");
		return false;
	}
	/* The fault says which way the access went; an instruction that
	 * says otherwise was rewritten after it ran. */
	if (insn.is_write != !!(info & NPF_RW) ||
	    insn.size != APIC_REGISTER_SIZE || offset % APIC_REGISTER_ALIGN) {
		format(why, why_size, "local APIC %s of %u bytes at offset "
		       "%#x from RIP %#lx: only aligned 32-bit accesses to "
		       "a register are emulated", (info & NPF_RW) ? "write"
								  : "read",
		       insn.size, offset, (unsigned long)s->rip);
		return false;
	}
	uint64_t reg = guest_register(vmcb, gprs, insn.reg);
	if (insn.is_write) {
		vapic_write(p, vcpu, offset,
			    (uint32_t)x86_mmio_store_value(reg, &insn));
	} else {
		uint32_t value = vapic_read(vcpu, offset);
		set_guest_register(vmcb, gprs, insn.reg,
				   x86_mmio_load_merge(reg, value, &insn));
	}
	svm_skip_instruction(vmcb, insn.length);
	return true;
}
