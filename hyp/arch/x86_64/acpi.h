/* SPDX-License-Identifier: MIT */
/*
 * The CPUs of the machine from its ACPI tables: RSDP -> XSDT (or RSDT) ->
 * MADT. Pure functions over tables the firmware left in memory (1:1
 * mapped); every length and checksum is checked before use.
 */
#ifndef VIGIL_ACPI_H
#define VIGIL_ACPI_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_CPUS 64

struct acpi_cpus {
	uint32_t apic_id[ACPI_MAX_CPUS]; /* enabled CPUs, in MADT order */
	unsigned int count;
	unsigned int disabled; /* listed but not enabled (hot-plug slots) */
	uint64_t lapic_base;   /* the MADT's local APIC address */
};

/*
 * Finds the MADT through the RSDP at rsdp and lists its enabled CPUs (local
 * APIC and local x2APIC structures) into *cpus. Returns 0, or -1 after
 * writing what is wrong into err.
 */
int acpi_read_cpus(const void *rsdp, struct acpi_cpus *cpus, char *err,
		   size_t err_size);

#endif /* VIGIL_ACPI_H */
