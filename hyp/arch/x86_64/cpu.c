/* SPDX-License-Identifier: MIT */
/* The parts of the arch contract (vigil/arch.h) the x86-64 port has now. */
#include <vigil/arch.h>

#include "vapic.h"
#include "x86.h"
#include "x86_64.h"

const char arch_name[] = "x86_64";

static uint64_t tsc_hz;

/* The board's CPUs by local APIC ID, board order (the MADT's, boot CPU
 * first); until x86_cpu_ids_set, only the boot CPU runs, index 0. */
static uint32_t cpu_apic_id[BOARD_MAX_CPUS];
static unsigned int cpu_ids;

void x86_cpu_ids_set(const struct board *board)
{
	for (unsigned int i = 0; i < board->cpu_count; i++)
		cpu_apic_id[i] = (uint32_t)board->cpu_hw_id[i];
	cpu_ids = board->cpu_count;
}

uint32_t x86_cpu_apic_id(unsigned int cpu_index)
{
	return cpu_apic_id[cpu_index];
}

/* The index of this CPU's local APIC ID on the board. (A CPU not on the
 * board is never started.) */
unsigned int arch_cpu_index(void)
{
	uint32_t id = (uint32_t)arch_cpu_hw_id();
	for (unsigned int i = 0; i < cpu_ids; i++)
		if (cpu_apic_id[i] == id)
			return i;
	return 0;
}

/* Interrupts masked; HLT wakes only for NMI or SMI, so loop. */
_Noreturn void arch_cpu_park(void)
{
	x86_cli();
	for (;;)
		x86_hlt();
}

/* The initial local APIC ID, CPUID Fn0000_0001 EBX bits 31:24 (AMD APM
 * vol 3, appendix E.3.2): the ID the ACPI MADT names this CPU by. */
uint64_t arch_cpu_hw_id(void)
{
	return x86_cpuid(1, 0).ebx >> 24;
}

uint64_t arch_counter_ticks(void)
{
	return x86_rdtsc();
}

/* 0 until tsc_set_hz: the TSC's rate is not architectural, so the UEFI
 * entry measures it (efi_main.c). */
uint64_t arch_counter_hz(void)
{
	return tsc_hz;
}

void tsc_set_hz(uint64_t hz)
{
	tsc_hz = hz;
}

/* The stacks arch_cpu_restart switches to: the CPU's stack of the moment
 * (UEFI's, or its AP stack) holds the frames of what it is leaving. */
#define RESTART_STACK_SIZE 16384
static uint8_t restart_stacks[BOARD_MAX_CPUS][RESTART_STACK_SIZE]
	__attribute__((aligned(16)));

/* fn(arg) on this CPU's restart stack, 16-byte aligned before the call as
 * the SysV ABI wants; nothing returns to the frames left behind. The vCPU
 * it ran is off: its APIC timer stops with it (vapic.h). */
_Noreturn void arch_cpu_restart(void (*fn)(unsigned int), unsigned int arg)
{
	vapic_stop();
	uint8_t *top = restart_stacks[arch_cpu_index()] + RESTART_STACK_SIZE;
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "callq *%1\n\t"
			 "ud2"
			 :
			 : "r"(top), "r"(fn), "D"(arg)
			 : "memory");
	__builtin_unreachable();
}
