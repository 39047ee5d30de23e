/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>

#include "lapic.h"
#include "x86.h"

#define MSR_X2APIC_FIRST 0x800u
#define MSR_X2APIC_ICR 0x830u

static bool x2apic_mode(uint64_t base)
{
	return base & APIC_BASE_EXTD;
}

static volatile uint32_t *xapic_register(uint64_t base, unsigned int offset)
{
	return (volatile uint32_t *)(uintptr_t)((base & APIC_BASE_ADDR_MASK) +
						offset);
}

uint32_t lapic_read(unsigned int offset)
{
	uint64_t base = x86_rdmsr(MSR_APIC_BASE);
	if (x2apic_mode(base))
		return (uint32_t)x86_rdmsr(MSR_X2APIC_FIRST + offset / 16);
	return *xapic_register(base, offset);
}

void lapic_write(unsigned int offset, uint32_t value)
{
	uint64_t base = x86_rdmsr(MSR_APIC_BASE);
	if (x2apic_mode(base))
		x86_wrmsr(MSR_X2APIC_FIRST + offset / 16, value);
	else
		*xapic_register(base, offset) = value;
}

int lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	uint64_t base = x86_rdmsr(MSR_APIC_BASE);
	if (x2apic_mode(base)) {
		/* One 64-bit ICR, destination in the high half (Intel SDM
		 * vol 3, 11.12.9); no delivery status to wait on. */
		x86_wrmsr(MSR_X2APIC_ICR, (uint64_t)apic_id << 32 | icr_low);
		return 0;
	}
	*xapic_register(base, APIC_ICR_HIGH) = apic_id << ICR_DEST_SHIFT;
	*xapic_register(base, APIC_ICR_LOW) = icr_low; /* this write sends it */
	uint64_t t0 = arch_counter_ticks();
	uint64_t limit = arch_counter_hz() / 1000;
	while (*xapic_register(base, APIC_ICR_LOW) & ICR_DELIVERY_STATUS)
		if (arch_counter_ticks() - t0 > limit)
			return -1;
	return 0;
}
