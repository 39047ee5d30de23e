/* SPDX-License-Identifier: MIT */
/*
 * The UEFI memory map (UEFI 2.10, 7.2.3 GetMemoryMap) and leaving boot
 * services with it (7.4.6 ExitBootServices). The buffer is allocated once,
 * with room to spare: between the last GetMemoryMap and ExitBootServices
 * nothing may allocate, or the map key goes stale.
 */
#include <vigil/format.h>

#include "efi_boot.h"
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
