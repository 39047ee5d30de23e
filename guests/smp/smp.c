/* SPDX-License-Identifier: MIT */
/*
 * smp: a partition with two CPUs. vCPU 0 starts vCPU 1 (guest_cpu_on:
 * PSCI CPU_ON on ARM64, VIGIL_HC_VCPU_START on x86-64), sees
 * it turn itself off, starts it again, and ticks; on its second run vCPU 1
 * reads outside the partition's memory, and Vigil must stop the whole
 * partition, vCPU 0 included.
 */
#include <stdbool.h>

#include "vigil.h"

static volatile unsigned int runs;
static volatile bool released; /* vCPU 0 lets run 1 of vCPU 1 end */

/* What the CPU itself calls this vCPU: ARM64's MPIDR affinity, x86-64's
 * initial local APIC ID (CPUID 1 EBX[31:24]). */
#if defined(__aarch64__)
#define HW_ID_NAME "mpidr"
static unsigned long hw_id(void)
{
	uint64_t mpidr;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned long)(mpidr & 0xffffff);
}
#else
#define HW_ID_NAME "apic id"
static unsigned long hw_id(void)
{
	uint32_t eax = 1, ebx, ecx = 0, edx;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ebx >> 24;
}
#endif

static void worker(unsigned int vcpu)
{
	unsigned int run = ++runs;
	guest_printf("vcpu %u up, run %u, " HW_ID_NAME " 0x%lx\n", vcpu, run,
		     hw_id());
	if (run == 1) {
		while (!released)
			;
		return; /* turns itself off (PSCI CPU_OFF) */
	}
	delay_ms(1500);
	guest_printf("vcpu %u reading outside the partition\n", vcpu);
	guest_printf("read 0x%lx: isolation broken\n",
		     (unsigned long)*(volatile const uint64_t *)0x1000);
}

static void wait_for_state(unsigned int vcpu, long state)
{
	while (guest_cpu_state(vcpu) != state)
		delay_ms(10);
}

int main(void)
{
	guest_printf("vcpu 0 up\n");
	guest_printf("CPU_ON vcpu 1: %ld\n", guest_cpu_on(1, worker));
	guest_printf("CPU_ON vcpu 1 again: %ld\n", guest_cpu_on(1, worker));
	guest_printf("CPU_ON vcpu 2: %ld\n", guest_cpu_on(2, worker));
	wait_for_state(1, PSCI_AFFINITY_ON);
	released = true;
	wait_for_state(1, PSCI_AFFINITY_OFF);
	guest_printf("vcpu 1 is off; CPU_ON vcpu 1: %ld\n", guest_cpu_on(1, worker));
	for (unsigned int tick = 1;; tick++) {
		delay_ms(250);
		guest_printf("vcpu 0 tick %u\n", tick);
	}
}
