/* SPDX-License-Identifier: MIT */
/*
 * Exceptions taken to EL2. From a guest: dispatched by exception class
 * through a table; whatever Vigil does not handle stops that partition with
 * one log line and parks its CPU, and the other partitions carry on. From
 * Vigil itself: a bug, so panic.
 */
#include <vigil/arch.h>
#include <vigil/hypercall_dispatch.h>
#include <vigil/log.h>
#include <vigil/vcpu.h>

#include "arm64.h"
#include "esr.h"
#include "esr_decode.h"
#include "sysreg.h"

void trap_el2_unexpected(struct trap_frame *frame);
void trap_guest_sync(struct trap_frame *frame);
void trap_guest_irq(struct trap_frame *frame);
void trap_guest_serror(struct trap_frame *frame);

enum trap_result { TRAP_RESUME, TRAP_STOPPED };

typedef enum trap_result (*trap_handler)(struct partition *p,
					 struct trap_frame *frame, uint64_t esr);

void trap_el2_unexpected(struct trap_frame *frame)
{
	uint64_t esr = read_sysreg(esr_el2);
	panic("%s in Vigil: ESR_EL2 %#lx ELR_EL2 %#lx FAR_EL2 %#lx",
	      esr_class_name(ESR_EC(esr)), (unsigned long)esr,
	      (unsigned long)frame->elr, (unsigned long)read_sysreg(far_el2));
}

static enum trap_result stop_unhandled(struct partition *p,
				       struct trap_frame *frame, uint64_t esr)
{
	partition_stop(p, "unhandled %s at PC %#lx (ESR %#lx: EC %#lx, ISS %#lx)",
		       esr_class_name(ESR_EC(esr)), (unsigned long)frame->elr,
		       (unsigned long)esr, (unsigned long)ESR_EC(esr),
		       (unsigned long)ESR_ISS(esr));
	return TRAP_STOPPED;
}

/* A stage-2 fault: the guest touched an address outside its memory. */
static enum trap_result stop_abort(struct partition *p,
				   struct trap_frame *frame, uint64_t esr)
{
	uint32_t iss = ESR_ISS(esr);
	/* HPFAR_EL2.FIPA (bits 43:4) holds IPA bits 51:12 (D19.2.50). */
	uint64_t ipa = ((read_sysreg(hpfar_el2) & ~0xfUL) << 8) |
		       (read_sysreg(far_el2) & 0xfff);
	bool data = ESR_EC(esr) == EC_DABT_LOWER;
	partition_stop(p,
		       "stage-2 %s%s at IPA %#lx (PC %#lx, ESR %#lx: %s, level %u)",
		       data ? "data abort" : "instruction abort",
		       data ? ((iss & ISS_DABT_WNR) ? " on write" : " on read")
			    : "",
		       (unsigned long)ipa, (unsigned long)frame->elr,
		       (unsigned long)esr, esr_fault_name(ISS_ABORT_FSC(iss)),
		       ISS_ABORT_FSC(iss) & 3);
	return TRAP_STOPPED;
}

static enum trap_result stop_sysreg(struct partition *p,
				    struct trap_frame *frame, uint64_t esr)
{
	uint32_t iss = ESR_ISS(esr);
	partition_stop(p,
		       "trapped %s of system register S%u_%u_C%u_C%u_%u at PC %#lx (ESR %#lx)",
		       ISS_SYSREG_READ(iss) ? "read" : "write",
		       ISS_SYSREG_OP0(iss), ISS_SYSREG_OP1(iss),
		       ISS_SYSREG_CRN(iss), ISS_SYSREG_CRM(iss),
		       ISS_SYSREG_OP2(iss), (unsigned long)frame->elr,
		       (unsigned long)esr);
	return TRAP_STOPPED;
}

static enum trap_result handle_hvc(struct partition *p,
				   struct trap_frame *frame, uint64_t esr)
{
	unsigned int imm = ISS_IMM16(ESR_ISS(esr));
	if (imm == 0) { /* PSCI over HVC, as the guest's DT may say */
		if (vpsci_handle(p, frame))
			return p->state == PARTITION_STOPPED ? TRAP_STOPPED
							     : TRAP_RESUME;
		partition_stop(p, "HVC #0 function %#lx is not an allowed PSCI call",
			       (unsigned long)frame->x[0]);
		return TRAP_STOPPED;
	}
	if (imm != VIGIL_HVC_IMM) {
		frame->x[0] = (uint64_t)partition_refuse(
			p, imm, -VIGIL_ENOSYS, "HVC with an unknown immediate");
		return TRAP_RESUME;
	}
	/* Xen's convention: number in x16, arguments x0-x4, result in x0. */
	struct hypercall call = {
		.nr = frame->x[16],
		.arg = { frame->x[0], frame->x[1], frame->x[2], frame->x[3],
			 frame->x[4] },
	};
	hypercall_dispatch(p, current_vcpu(), &call);
	if (call.stop)
		return TRAP_STOPPED;
	frame->x[0] = (uint64_t)call.result;
	if (call.has_size_needed)
		frame->x[1] = call.size_needed;
	return TRAP_RESUME;
}

static enum trap_result handle_smc(struct partition *p,
				   struct trap_frame *frame, uint64_t esr)
{
	(void)esr;
	/* A trapped SMC returns to the SMC itself (D1.11.2): skip it. */
	frame->elr += 4;
	if (vpsci_handle(p, frame))
		return p->state == PARTITION_STOPPED ? TRAP_STOPPED : TRAP_RESUME;
	partition_stop(p, "SMC function %#lx at PC %#lx is not an allowed PSCI call",
		       (unsigned long)frame->x[0], (unsigned long)(frame->elr - 4));
	return TRAP_STOPPED;
}

static const trap_handler guest_sync_handlers[EC_COUNT] = {
	[EC_HVC64] = handle_hvc,
	[EC_SMC64] = handle_smc,
	[EC_SYSREG] = stop_sysreg,
	[EC_IABT_LOWER] = stop_abort,
	[EC_DABT_LOWER] = stop_abort,
};

void trap_guest_sync(struct trap_frame *frame)
{
	struct partition *p = current_partition();
	if (!p)
		trap_el2_unexpected(frame);
	uint64_t esr = read_sysreg(esr_el2);
	trap_handler handler = guest_sync_handlers[ESR_EC(esr)];
	if (!handler)
		handler = stop_unhandled;
	/* Another of its CPUs may have stopped it meanwhile. */
	if (handler(p, frame, esr) == TRAP_STOPPED || partition_is_stopped(p))
		arch_cpu_park();
}

/*
 * The only interrupt Vigil enables is the kick another CPU sends when this
 * CPU's partition stops.
 */
void trap_guest_irq(struct trap_frame *frame)
{
	struct partition *p = current_partition();
	if (!p)
		trap_el2_unexpected(frame);
	if (gic_take_kick() && vcpu_kicked(p, current_vcpu()))
		arch_cpu_park();
}

void trap_guest_serror(struct trap_frame *frame)
{
	struct partition *p = current_partition();
	if (!p)
		trap_el2_unexpected(frame);
	partition_stop(p, "SError (ESR %#lx)",
		       (unsigned long)read_sysreg(esr_el2));
	arch_cpu_park();
}
