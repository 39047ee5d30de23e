/* SPDX-License-Identifier: MIT */
/*
 * Vigil's own image file, read from the boot medium while UEFI boot
 * services were up: what the board's root of trust measures on x86-64
 * (the PE file as the firmware found it, not the relocated image in
 * memory, so that anyone holding vigil.efi can compute the same digest).
 */
#ifndef VIGIL_EFI_SELF_H
#define VIGIL_EFI_SELF_H

#include <stdint.h>

#define EFI_SELF_PATH_MAX 128

struct efi_self_file {
	const uint8_t *bytes;
	uint64_t size;
	char path[EFI_SELF_PATH_MAX]; /* as the firmware named it, in ASCII */
};

/* The file as read at entry (efi_self.c), or NULL if it was not read. */
const struct efi_self_file *efi_self_file(void);

#endif /* VIGIL_EFI_SELF_H */
