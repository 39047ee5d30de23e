/* SPDX-License-Identifier: MIT */
#include <vigil/format.h>

#include "lapic.h"
#include "vapic_icr.h"

/* Vectors 0-31 are the exceptions'; the APIC refuses 0-15 itself (Intel
 * SDM vol 3, 11.5.3 "Error Handling": "Send Illegal Vector"). */
#define FIRST_LEGAL_VECTOR 16

static const char *mode_name(unsigned int mode)
{
	static const char *const names[8] = {
		[ICR_DELIVERY_FIXED] = "fixed",
		[ICR_DELIVERY_LOWEST] = "lowest-priority",
		[ICR_DELIVERY_SMI] = "SMI",
		[3] = "reserved-mode",
		[ICR_DELIVERY_NMI] = "NMI",
		[ICR_DELIVERY_INIT] = "INIT",
		[ICR_DELIVERY_STARTUP] = "startup (SIPI)",
		[ICR_DELIVERY_EXTINT] = "ExtINT",
	};
	return names[mode & 7];
}

static void add(struct vapic_ipi_route *route, uint32_t apic_id)
{
	route->apic_id[route->count++] = apic_id;
}

uint32_t vapic_icr_route(uint32_t icr_low, uint32_t icr_high,
				   unsigned int self, unsigned int vcpus,
				   const uint32_t *vcpu_apic_id,
				   struct vapic_ipi_route *route, char *why,
				   size_t why_size)
{
	unsigned int mode = ICR_DELIVERY_MODE(icr_low);
	unsigned int vector = ICR_VECTOR(icr_low);
	unsigned int shorthand = ICR_SHORTHAND(icr_low);
	unsigned int dest = icr_high >> ICR_DEST_SHIFT;

	route->count = 0;
	route->icr_low = ICR_MODE(ICR_DELIVERY_FIXED) | vector;
	if (mode != ICR_DELIVERY_FIXED) {
		format(why, why_size, "%s IPI (delivery mode %u, ICR %08x:%08x): "
		       "a partition sends fixed interrupts only", mode_name(mode),
		       mode, icr_high, icr_low);
		return VAPIC_REFUSED_MODE(mode);
	}
	if (vector < FIRST_LEGAL_VECTOR) {
		format(why, why_size, "IPI with vector %u: vectors 0-15 are "
		       "illegal", vector);
		return VAPIC_REFUSED_VECTOR;
	}
	switch (shorthand) {
	case ICR_SHORTHAND_SELF:
		add(route, vcpu_apic_id[self]);
		return VAPIC_REFUSED_NONE;
	case ICR_SHORTHAND_ALL:
	case ICR_SHORTHAND_OTHERS:
		for (unsigned int n = 0; n < vcpus; n++)
			if (n != self || shorthand == ICR_SHORTHAND_ALL)
				add(route, vcpu_apic_id[n]);
		return VAPIC_REFUSED_NONE;
	default:
		break;
	}
	if (icr_low & ICR_LOGICAL) {
		format(why, why_size, "IPI vector %#x to logical destination "
		       "%#x: a partition names its vCPUs by physical APIC ID",
		       vector, dest);
		return VAPIC_REFUSED_LOGICAL;
	}
	if (dest >= vcpus) {
		format(why, why_size, "IPI vector %#x to APIC ID %u, which is "
		       "not one of the partition's (0-%u)", vector, dest,
		       vcpus - 1);
		return VAPIC_REFUSED_DESTINATION;
	}
	add(route, vcpu_apic_id[dest]);
	return VAPIC_REFUSED_NONE;
}
