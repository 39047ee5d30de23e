/* SPDX-License-Identifier: MIT */
/*
 * The parts of the arch contract (vigil/arch.h) that the x86-64 port does
 * not have yet. Generic code that calls them (the boot in
 * hyp/core/main.c, partitions, stage-2 maps) does not run on x86-64 so far:
 * efi_main stops before it. Each stops Vigil with a message naming itself,
 * and goes as the port grows: the local APIC (kicks and IPIs), SIPI start
 * of the other CPUs, SVM with nested paging for the vCPUs.
 */
#include <vigil/arch.h>
#include <vigil/log.h>

#define NOT_YET() panic("x86-64: %s is not implemented yet", __func__)

void arch_irq_init(const struct board *board)
{
	(void)board;
	NOT_YET();
}

int arch_cpu_power_on(uint64_t hw_id, unsigned int cpu_index)
{
	(void)hw_id;
	(void)cpu_index;
	NOT_YET();
}

void arch_cpu_wait(void)
{
	NOT_YET();
}

void arch_cpu_wake_all(void)
{
	NOT_YET();
}

void arch_cpu_kick(unsigned int cpu_index)
{
	(void)cpu_index;
	NOT_YET();
}

_Noreturn void arch_cpu_restart(void (*fn)(unsigned int), unsigned int arg)
{
	(void)fn;
	(void)arg;
	NOT_YET();
}

uint64_t arch_stage2_ipa_size(void)
{
	NOT_YET();
}

unsigned int arch_stage2_root_level(void)
{
	NOT_YET();
}

void arch_sync_guest_memory(void *base, uint64_t size)
{
	(void)base;
	(void)size;
	NOT_YET();
}

void arch_dcache_discard_for_read(const void *base, uint64_t size)
{
	(void)base;
	(void)size;
	NOT_YET();
}

_Noreturn void arch_vcpu_enter(struct partition *p, unsigned int vcpu,
			       ipaddr_t entry, uint64_t arg)
{
	(void)p;
	(void)vcpu;
	(void)entry;
	(void)arg;
	NOT_YET();
}
