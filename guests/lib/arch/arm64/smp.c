/* SPDX-License-Identifier: MIT */
#include "vigil.h"

/* PSCI function IDs, DEN0022 5.1. */
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0xC4000003u
#define PSCI_AFFINITY_INFO 0xC4000004u
#define SECONDARY_STACK_SIZE 0x2000

/* In start.S: sets SP to x0 (the context ID) and calls secondary_main. */
void _secondary_start(void);
void secondary_main(void);

static _Alignas(16) char stacks[GUEST_MAX_VCPUS][SECONDARY_STACK_SIZE];
static void (*volatile entry_fn[GUEST_MAX_VCPUS])(unsigned int);

unsigned int guest_vcpu_index(void)
{
	uint64_t mpidr;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned int)(mpidr & 0xff) % GUEST_MAX_VCPUS;
}

long guest_psci(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : : "memory");
	return (long)x0;
}

long guest_cpu_on(unsigned int vcpu, void (*fn)(unsigned int vcpu))
{
	if (vcpu < GUEST_MAX_VCPUS)
		entry_fn[vcpu] = fn;
	/* Out-of-range vCPUs go to Vigil anyway, which refuses them. */
	uintptr_t stack_top = vcpu < GUEST_MAX_VCPUS
				      ? (uintptr_t)stacks[vcpu] + SECONDARY_STACK_SIZE
				      : 0;
	return guest_psci(PSCI_CPU_ON, vcpu, (uintptr_t)_secondary_start,
			  stack_top);
}

long guest_cpu_state(unsigned int vcpu)
{
	return guest_psci(PSCI_AFFINITY_INFO, vcpu, 0, 0);
}

void secondary_main(void)
{
	unsigned int me = guest_vcpu_index();
	entry_fn[me](me);
	guest_flush();
	guest_psci(PSCI_CPU_OFF, 0, 0, 0);
}
