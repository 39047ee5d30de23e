/* SPDX-License-Identifier: MIT */
/*
 * The UEFI memory map (UEFI 2.10, 7.2.3 GetMemoryMap) and leaving boot
 * services with it (7.4.6 ExitBootServices). The buffer is allocated once,
 * with room to spare: between the last GetMemoryMap and ExitBootServices
 * nothing may allocate, or the map key goes stale.
 */
#include <vigil/format.h>

#include "efi_boot.h"
#include "ram_ranges.h"
#include "x86.h"

/* Descriptors of slack for what the allocation itself, and anything the
 * firmware does before ExitBootServices, adds to the map. */
#define MAP_SLACK_DESCRIPTORS 16

static struct {
	EFI_MEMORY_DESCRIPTOR *buf;
	UINTN capacity; /* bytes */
	UINTN size;     /* bytes of the last map taken */
	UINTN key;
	UINTN desc_size; /* stride: may exceed sizeof(EFI_MEMORY_DESCRIPTOR) */
	UINT32 desc_version;
} map;

static EFI_STATUS take_map(EFI_BOOT_SERVICES *bs)
{
	map.size = map.capacity;
	return bs->GetMemoryMap(&map.size, map.buf, &map.key, &map.desc_size,
				&map.desc_version);
}

static const EFI_MEMORY_DESCRIPTOR *descriptor(UINTN i)
{
	return (const EFI_MEMORY_DESCRIPTOR *)((const uint8_t *)map.buf +
					       i * map.desc_size);
}

/*
 * The memory types that are RAM for Vigil's map once boot services are
 * gone (UEFI 2.10, 7.2.3, "Memory Type Usage after ExitBootServices()"):
 * Vigil's image and pool (loader), the boot services' memory, free now but
 * holding the stack Vigil still runs on, conventional memory, the ACPI
 * tables and NVS, and the runtime services' RAM. Not RAM: reserved,
 * unusable, MMIO and PAL code. (Persistent memory, type 14, is newer than
 * GNU-EFI's list and is left out.)
 */
static bool is_ram(UINT32 type)
{
	switch (type) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
	case EfiConventionalMemory:
	case EfiACPIReclaimMemory:
	case EfiACPIMemoryNVS:
		return true;
	default:
		return false;
	}
}

int efi_memmap_read(EFI_BOOT_SERVICES *bs, struct efi_memory_summary *sum,
		    char *err, size_t err_size)
{
	*sum = (struct efi_memory_summary){ 0 };
	UINTN needed = 0;
	EFI_STATUS s = bs->GetMemoryMap(&needed, NULL, &map.key, &map.desc_size,
					&map.desc_version);
	if (s != EFI_BUFFER_TOO_SMALL || map.desc_size == 0) {
		format(err, err_size, "memory: GetMemoryMap gave no size "
		       "(EFI error %lu)", efi_error_code(s));
		return -1;
	}
	map.capacity = needed + MAP_SLACK_DESCRIPTORS * map.desc_size;
	s = bs->AllocatePool(EfiLoaderData, map.capacity, (void **)&map.buf);
	if (!EFI_ERROR(s))
		s = take_map(bs);
	if (EFI_ERROR(s)) {
		format(err, err_size, "memory: cannot read the memory map "
		       "(EFI error %lu)", efi_error_code(s));
		return -1;
	}
	sum->descriptors = (unsigned int)(map.size / map.desc_size);
	for (unsigned int i = 0; i < sum->descriptors; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = descriptor(i);
		if (d->Type != EfiConventionalMemory)
			continue;
		sum->conventional_bytes += d->NumberOfPages * EFI_PAGE_SIZE;
		sum->conventional_ranges++;
	}
	return 0;
}

int efi_exit_boot_services(EFI_HANDLE image, EFI_BOOT_SERVICES *bs,
			   char *err, size_t err_size)
{
	if (!map.buf) {
		format(err, err_size, "ExitBootServices: no memory map read");
		return -1;
	}
	EFI_STATUS s = EFI_INVALID_PARAMETER;
	/* A second try if the map changed after GetMemoryMap (7.4.6). */
	for (int attempt = 0; attempt < 2 && s == EFI_INVALID_PARAMETER;
	     attempt++) {
		s = take_map(bs);
		if (EFI_ERROR(s))
			break;
		s = bs->ExitBootServices(image, map.key);
	}
	if (EFI_ERROR(s)) {
		format(err, err_size, "ExitBootServices failed (EFI error %lu)",
		       efi_error_code(s));
		return -1;
	}
	x86_cli(); /* the firmware's handlers are no longer Vigil's to call */
	return 0;
}

/* Room for RAM descriptors between merges (OVMF's map of QEMU's q35 with
 * 1 GiB has about 130 descriptors; they merge into 3 ranges). */
#define RAM_PIECES_MAX 256

int efi_memmap_ram(struct board *board, char *err, size_t err_size)
{
	static struct mem_range pieces[RAM_PIECES_MAX];
	unsigned int n = 0;

	for (UINTN i = 0; map.buf && i < map.size / map.desc_size; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = descriptor(i);
		uint64_t size = d->NumberOfPages * EFI_PAGE_SIZE;

		if (!is_ram(d->Type))
			continue;
		if (d->NumberOfPages > UINT64_MAX / EFI_PAGE_SIZE ||
		    range_wraps(d->PhysicalStart, size)) {
			format(err, err_size, "memory: the UEFI map's range at "
			       "%#lx (%lu pages) wraps",
			       (unsigned long)d->PhysicalStart,
			       (unsigned long)d->NumberOfPages);
			return -1;
		}
		if (n == RAM_PIECES_MAX)
			n = ram_ranges_merge(pieces, n); /* make room */
		if (n == RAM_PIECES_MAX) {
			format(err, err_size, "memory: the UEFI map has more "
			       "than %u separate RAM ranges", RAM_PIECES_MAX);
			return -1;
		}
		pieces[n++] = (struct mem_range){ d->PhysicalStart, size };
	}
	n = ram_ranges_merge(pieces, n);
	if (n == 0 || n > BOARD_MAX_MEMORY) {
		format(err, err_size, "memory: the UEFI map gives %u RAM "
		       "ranges, Vigil takes 1 to %u", n, BOARD_MAX_MEMORY);
		return -1;
	}
	for (unsigned int i = 0; i < n; i++)
		board->memory[i] = pieces[i];
	board->memory_count = n;
	return 0;
}
