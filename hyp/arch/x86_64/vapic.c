/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/log.h>

#include "lapic.h"
#include "vapic.h"
#include "vapic_icr.h"
#include "x86_64.h"

/* What Vigil keeps of each CPU's guest view (register reset values from
 * the Intel SDM vol 3, 11.4.7.1 "Local APIC State After Power-Up or
 * Reset": LVT entries masked, DFR all ones). */
struct vapic_state {
	uint32_t ldr, dfr, icr_high, icr_low;
	uint32_t lvt_cmci, lvt_thermal, lvt_perf, lvt_lint0, lvt_lint1;
};

static struct vapic_state vapic_state[BOARD_MAX_CPUS];

/* Refused IPI kinds already logged, per partition (vapic_icr.h's bits). */
static uint32_t refusals_logged[CONFIG_MAX_PARTITIONS];

/* The bits a guest may set in the LVT entries it owns: the vector and the
 * mask, and for the timer its one-shot/periodic bit (bit 17; TSC-deadline
 * mode, bit 18, would need the deadline MSR, which is not the guest's). */
#define LVT_VECTOR 0xffu
#define LVT_TIMER_PERIODIC (1u << 17)
#define LVT_TIMER_GUEST_BITS (LVT_VECTOR | APIC_LVT_MASKED | LVT_TIMER_PERIODIC)
#define LVT_ERROR_GUEST_BITS (LVT_VECTOR | APIC_LVT_MASKED)
#define SVR_SPURIOUS_RESET 0xffu
#define DFR_RESET 0xffffffffu
#define TPR_MASK 0xffu

bool vapic_page_contains(uint64_t gpa)
{
	return gpa - APIC_DEFAULT_BASE < APIC_PAGE_SIZE;
}

uint64_t vapic_base_msr(unsigned int vcpu)
{
	return APIC_DEFAULT_BASE | APIC_BASE_ENABLE |
	       (vcpu == 0 ? APIC_BASE_BSP : 0);
}

static void timer_off(void)
{
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	lapic_write(APIC_TIMER_INITIAL, 0);
}

void vapic_start(void)
{
	vapic_state[arch_cpu_index()] = (struct vapic_state){
		.dfr = DFR_RESET,
		.lvt_cmci = APIC_LVT_MASKED,
		.lvt_thermal = APIC_LVT_MASKED,
		.lvt_perf = APIC_LVT_MASKED,
		.lvt_lint0 = APIC_LVT_MASKED,
		.lvt_lint1 = APIC_LVT_MASKED,
	};
	timer_off();
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SVR_SPURIOUS_RESET);
}

void vapic_stop(void)
{
	timer_off();
}

/* Registers read straight from this CPU's APIC: the in-service, trigger
 * mode and request registers (100h-270h) and the ones listed. */
static bool passed_through_read(unsigned int offset)
{
	switch (offset) {
	case APIC_VERSION:
	case APIC_TPR:
	case APIC_APR:
	case APIC_PPR:
	case APIC_RRD:
	case APIC_SVR:
	case APIC_ESR:
	case APIC_LVT_TIMER:
	case APIC_LVT_ERROR:
	case APIC_TIMER_INITIAL:
	case APIC_TIMER_CURRENT:
	case APIC_TIMER_DIVIDE:
		return true;
	default:
		return offset >= APIC_ISR0 && offset <= APIC_IRR7;
	}
}

/* Where the guest's copy of a register Vigil keeps is, or NULL. */
static uint32_t *kept(struct vapic_state *s, unsigned int offset)
{
	switch (offset) {
	case APIC_LDR:
		return &s->ldr;
	case APIC_DFR:
		return &s->dfr;
	case APIC_ICR_HIGH:
		return &s->icr_high;
	case APIC_ICR_LOW:
		return &s->icr_low;
	case APIC_LVT_CMCI:
		return &s->lvt_cmci;
	case APIC_LVT_THERMAL:
		return &s->lvt_thermal;
	case APIC_LVT_PERF:
		return &s->lvt_perf;
	case APIC_LVT_LINT0:
		return &s->lvt_lint0;
	case APIC_LVT_LINT1:
		return &s->lvt_lint1;
	default:
		return NULL;
	}
}

uint32_t vapic_read(unsigned int vcpu, unsigned int offset)
{
	if (offset == APIC_ID)
		return (uint32_t)vcpu << ICR_DEST_SHIFT;
	if (passed_through_read(offset))
		return lapic_read(offset);
	uint32_t *v = kept(&vapic_state[arch_cpu_index()], offset);
	return v ? *v : 0; /* reserved: reads as 0 */
}

static void send_ipi(struct partition *p, unsigned int vcpu,
		     struct vapic_state *s)
{
	uint32_t apic_ids[PARTITION_MAX_CPUS];
	const struct partition_config *cfg = p->cfg;
	for (unsigned int n = 0; n < cfg->cpu_count; n++)
		apic_ids[n] = x86_cpu_apic_id(cfg->cpu_index[n]);

	struct vapic_ipi_route route;
	char why[160];
	uint32_t refused =
		vapic_icr_route(s->icr_low, s->icr_high, vcpu, cfg->cpu_count,
				apic_ids, &route, why, sizeof(why));
	if (refused != VAPIC_REFUSED_NONE) {
		uint32_t before = __atomic_fetch_or(&refusals_logged[p->id],
						    refused, __ATOMIC_RELAXED);
		if (!(before & refused))
			log_printf("vigil: partition '%s': refused %s\n",
				   cfg->name, why);
		return;
	}
	for (unsigned int i = 0; i < route.count; i++)
		if (lapic_send_ipi(route.apic_id[i], route.icr_low) != 0)
			log_printf("vigil: partition '%s': IPI to local APIC "
				   "ID %#x not sent within 1 ms\n", cfg->name,
				   route.apic_id[i]);
}

void vapic_write(struct partition *p, unsigned int vcpu, unsigned int offset,
		 uint32_t value)
{
	struct vapic_state *s = &vapic_state[arch_cpu_index()];
	switch (offset) {
	case APIC_TPR:
		lapic_write(APIC_TPR, value & TPR_MASK);
		return;
	case APIC_EOI:
		lapic_write(APIC_EOI, 0);
		return;
	case APIC_SVR:
		/* The software enable stays on: Vigil's kick NMIs arrive
		 * either way, but its own IPIs from this CPU need it. */
		lapic_write(APIC_SVR, value | APIC_SVR_ENABLE);
		return;
	case APIC_ESR:
		lapic_write(APIC_ESR, 0); /* a write latches the errors */
		return;
	case APIC_LVT_TIMER:
		lapic_write(APIC_LVT_TIMER, value & LVT_TIMER_GUEST_BITS);
		return;
	case APIC_LVT_ERROR:
		lapic_write(APIC_LVT_ERROR, value & LVT_ERROR_GUEST_BITS);
		return;
	case APIC_TIMER_INITIAL:
	case APIC_TIMER_DIVIDE:
		lapic_write(offset, value);
		return;
	case APIC_ICR_LOW:
		s->icr_low = value & ~ICR_DELIVERY_STATUS;
		send_ipi(p, vcpu, s);
		return;
	default:
		break;
	}
	uint32_t *v = kept(s, offset);
	if (v)
		*v = value;
	/* Anything else is read-only or reserved: the write is dropped, as
	 * the APIC drops it. */
}
