/* SPDX-License-Identifier: MIT */
/*
 * Vigil's use of UEFI boot services, before ExitBootServices: inside the
 * x86-64 port only. Types and protocols from GNU-EFI's headers, which
 * follow the UEFI Specification 2.10 (section numbers below are its).
 */
#ifndef VIGIL_EFI_BOOT_H
#define VIGIL_EFI_BOOT_H

#include <efi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vigil/board.h>

/* A status for the log: the error's number (Appendix D), without the high
 * bit, e.g. 14 for EFI_NOT_FOUND. */
static inline unsigned long efi_error_code(EFI_STATUS s)
{
	return (unsigned long)(s & ~((EFI_STATUS)1 << 63));
}

/* The configuration table entry with this GUID (4.6), or NULL. */
void *efi_config_table(EFI_SYSTEM_TABLE *st, const EFI_GUID *guid);

/*
 * efi_volume.c: opens the volume Vigil was loaded from (9.1, 13.4) and
 * gives its loaded image protocol. Returns 0, or -1 after writing why into
 * err.
 */
int efi_volume_open(EFI_HANDLE image, EFI_BOOT_SERVICES *bs,
		    EFI_LOADED_IMAGE **li, EFI_FILE_HANDLE *root, char *err,
		    size_t err_size);

/* efi_volume.c: an open file's size in bytes, from its EFI_FILE_INFO. */
EFI_STATUS efi_file_size(EFI_FILE_HANDLE f, uint64_t *size);

/* efi_volume.c: reads size bytes from an open file into buf. */
EFI_STATUS efi_file_read_all(EFI_FILE_HANDLE f, void *buf, uint64_t size);

/*
 * efi_self.c: reads Vigil's own image file from the volume and path the
 * loaded image protocol names (9.1, 13.4, 13.5) into pool memory, for
 * efi_self_file(). Returns 0, or -1 after writing why into err.
 */
int efi_self_read(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, char *err,
		  size_t err_size);

struct efi_memory_summary {
	uint64_t conventional_bytes; /* EfiConventionalMemory, in all */
	unsigned int conventional_ranges;
	unsigned int descriptors;
};

/*
 * efi_memmap.c: allocates room for the memory map (7.2.3 GetMemoryMap) and
 * summarises it. Returns 0, or -1 after writing why into err.
 */
int efi_memmap_read(EFI_BOOT_SERVICES *bs, struct efi_memory_summary *sum,
		    char *err, size_t err_size);

/*
 * Takes the final memory map and leaves boot services (7.4.6), retrying
 * once if the map changed in between, as the specification allows.
 * Interrupts are masked on return. Returns 0, or -1 after writing why into
 * err (boot services are then still up).
 */
int efi_exit_boot_services(EFI_HANDLE image, EFI_BOOT_SERVICES *bs,
			   char *err, size_t err_size);

/*
 * efi_memmap.c, after efi_exit_boot_services: fills board->memory with the
 * RAM of the final memory map (the types Vigil maps, adjacent descriptors
 * merged). Returns 0, or -1 after writing why into err (no map, or more
 * ranges than BOARD_MAX_MEMORY).
 */
int efi_memmap_ram(struct board *board, char *err, size_t err_size);

/*
 * smp.c, while boot services are up: takes two pages below 1 MiB for the
 * other CPUs' start and copies the trampoline there; if there is no room,
 * says so, and only the boot CPU runs.
 */
void smp_prepare(EFI_BOOT_SERVICES *bs);

#endif /* VIGIL_EFI_BOOT_H */
