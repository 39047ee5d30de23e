/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/log.h>

#include "sysreg.h"
#include "trap_frame.h"

void trap_el2_unexpected(struct trap_frame *frame);
void trap_guest_sync(struct trap_frame *frame);
void trap_guest_irq(struct trap_frame *frame);
void trap_guest_serror(struct trap_frame *frame);

void trap_el2_unexpected(struct trap_frame *frame)
{
	panic("exception in Vigil: ESR_EL2 %#lx ELR_EL2 %#lx FAR_EL2 %#lx",
	      read_sysreg(esr_el2), frame->elr, read_sysreg(far_el2));
}

void trap_guest_sync(struct trap_frame *frame)
{
	trap_el2_unexpected(frame);
}

void trap_guest_irq(struct trap_frame *frame)
{
	trap_el2_unexpected(frame);
}

void trap_guest_serror(struct trap_frame *frame)
{
	trap_el2_unexpected(frame);
}
