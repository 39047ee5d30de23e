/* SPDX-License-Identifier: MIT */
/* The parts of the arch contract (vigil/arch.h) the x86-64 port has now. */
#include <vigil/arch.h>

#include "x86.h"
#include "x86_64.h"

const char arch_name[] = "x86_64";

static uint64_t tsc_hz;

/* Only the boot CPU runs Vigil so far. */
unsigned int arch_cpu_index(void)
{
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
