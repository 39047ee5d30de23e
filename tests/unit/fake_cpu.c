/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the CPU half of the architecture contract, for tests
 * that link the generic vCPU code (hyp/core/vcpu.c) but never enter a
 * guest: requests are posted to mailboxes nobody takes. Entering a guest,
 * parking or restarting a CPU cannot happen here, so each aborts.
 */
#include <stdlib.h>
#include <vigil/arch.h>

unsigned int fake_wake_count;

unsigned int arch_cpu_index(void)
{
	return 0;
}

void arch_cpu_wait(void)
{
}

void arch_cpu_wake_all(void)
{
	fake_wake_count++;
}

_Noreturn void arch_cpu_park(void)
{
	abort();
}

_Noreturn void arch_cpu_restart(void (*fn)(unsigned int), unsigned int arg)
{
	(void)fn;
	(void)arg;
	abort();
}

_Noreturn void arch_vcpu_enter(struct partition *p, unsigned int vcpu,
			       ipaddr_t entry, uint64_t arg)
{
	(void)p;
	(void)vcpu;
	(void)entry;
	(void)arg;
	abort();
}
