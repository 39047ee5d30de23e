/* SPDX-License-Identifier: MIT */
/*
 * The volume Vigil was loaded from, and whole-file reads from it: the
 * loaded image protocol (UEFI 2.10, 9.1) names the device, its simple
 * file system protocol (13.4) opens the volume, and the file protocol
 * (13.5) gives a file's size and bytes.
 */
#include <vigil/format.h>

#include "efi_boot.h"

int efi_volume_open(EFI_HANDLE image, EFI_BOOT_SERVICES *bs,
		    EFI_LOADED_IMAGE **li, EFI_FILE_HANDLE *root, char *err,
		    size_t err_size)
{
	EFI_GUID loaded_image_id = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_GUID fs_id = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;

	EFI_STATUS s = bs->HandleProtocol(image, &loaded_image_id, (void **)li);
	if (EFI_ERROR(s)) {
		format(err, err_size, "no loaded image protocol (EFI error %lu)",
		       efi_error_code(s));
		return -1;
	}
	s = bs->HandleProtocol((*li)->DeviceHandle, &fs_id, (void **)&fs);
	if (!EFI_ERROR(s))
		s = fs->OpenVolume(fs, root);
	if (EFI_ERROR(s)) {
		format(err, err_size, "cannot open the volume Vigil was loaded "
		       "from (EFI error %lu)", efi_error_code(s));
		return -1;
	}
	return 0;
}

/* GetInfo's EFI_FILE_INFO ends in the file's name: room for one of
 * EFI_FILE_NAME_MAX UCS-2 characters. */
#define EFI_FILE_NAME_MAX 128

EFI_STATUS efi_file_size(EFI_FILE_HANDLE f, uint64_t *size)
{
	union {
		EFI_FILE_INFO info;
		uint8_t bytes[sizeof(EFI_FILE_INFO) + 2 * EFI_FILE_NAME_MAX];
	} info;
	EFI_GUID info_id = EFI_FILE_INFO_ID;
	UINTN info_size = sizeof(info);
	EFI_STATUS s = f->GetInfo(f, &info_id, &info_size, &info);
	if (!EFI_ERROR(s))
		*size = info.info.FileSize;
	return s;
}

/* Read may return less than asked (13.5): loops until size bytes. */
EFI_STATUS efi_file_read_all(EFI_FILE_HANDLE f, void *buf, uint64_t size)
{
	uint64_t done = 0;
	while (done < size) {
		UINTN n = size - done;
		EFI_STATUS s = f->Read(f, &n, (uint8_t *)buf + done);
		if (EFI_ERROR(s))
			return s;
		if (n == 0)
			return EFI_END_OF_FILE; /* shorter than its file info said */
		done += n;
	}
	return EFI_SUCCESS;
}
