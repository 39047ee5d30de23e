/* SPDX-License-Identifier: MIT */
/*
 * ipi-probe (x86-64): what a partition may and may not send through its
 * local APIC's interrupt command register. It has one vCPU, so its only
 * APIC ID is 0; the CPU beside it (local APIC ID 1 on the machine, in the
 * apic test config) runs the ticker. Allowed, and received: a fixed IPI
 * to itself by shorthand, by its own ID, and by "all including self".
 * Refused by Vigil, never delivered: a fixed IPI to APIC ID 1, and NMI,
 * INIT and startup IPIs to it; the ticker counts FOREIGN_VECTOR and an
 * INIT would stop it.
 */
#include "vigil.h"

#include "lapic.h"

#define PROBE_VECTOR 0x41
#define OTHER_CPU 1
#define WAIT_MS 20

static volatile unsigned long received;

__attribute__((interrupt)) static void on_ipi(struct interrupt_frame *f)
{
	(void)f;
	received++;
	lapic_write(LAPIC_EOI, 0);
}

/* Sends one IPI, waits for what it may bring, and says how many arrived. */
static void send(const char *what, uint32_t dest, uint32_t icr_low)
{
	unsigned long before = received;
	lapic_send_ipi(dest, icr_low);
	interrupts_on();
	delay_ms(WAIT_MS);
	interrupts_off();
	guest_printf("%s: received %lu\n", what, received - before);
}

int main(void)
{
	lapic_map();
	idt_set_handler(PROBE_VECTOR, on_ipi);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
	guest_printf("local APIC ID %u\n",
		     (unsigned int)(lapic_read(LAPIC_ID) >> 24));

	send("self IPI by shorthand", 0, LAPIC_ICR_SELF | PROBE_VECTOR);
	send("IPI to own APIC ID 0", 0, LAPIC_ICR_FIXED | PROBE_VECTOR);
	send("IPI to all including self", 0, LAPIC_ICR_ALL | PROBE_VECTOR);
	send("IPI to all but self", 0, LAPIC_ICR_OTHERS | PROBE_VECTOR);
	send("fixed IPI to APIC ID 1", OTHER_CPU,
	     LAPIC_ICR_FIXED | PROBE_VECTOR);
	send("NMI to APIC ID 1", OTHER_CPU, LAPIC_ICR_NMI);
	send("INIT to APIC ID 1", OTHER_CPU, LAPIC_ICR_INIT | LAPIC_ICR_ASSERT);
	send("startup IPI to APIC ID 1", OTHER_CPU,
	     LAPIC_ICR_STARTUP | LAPIC_ICR_ASSERT | 0x10);
	guest_printf("done\n");
	return 0;
}
