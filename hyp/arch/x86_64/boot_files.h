/* SPDX-License-Identifier: MIT */
/*
 * The files Vigil reads while boot services are up: the partition config
 * (config.dtb) and the files its modules name (vigil,uefi-binary). They
 * lie in the \vigil\ directory of the volume Vigil was loaded from (the
 * ESP). Under QEMU, a boot without that directory (vigil.efi as OVMF's
 * -kernel, as `make bench` boots it) may hand them over as fw_cfg files
 * opt/vigil/<name> instead.
 */
#ifndef VIGIL_BOOT_FILES_H
#define VIGIL_BOOT_FILES_H

#include <stddef.h>
#include <stdint.h>

#include <vigil/board.h>

#include "efi_boot.h"

#define BOOT_CONFIG_FILE "config.dtb"

/*
 * Finds where config.dtb is: the ESP's \vigil\, else fw_cfg. Returns 0,
 * or -1 after writing why into err (no config in either place).
 */
int boot_files_open(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, char *err,
		    size_t err_size);

/* Where the files come from, for the log: e.g. "\vigil\ on the ESP". */
const char *boot_files_where(void);

/* The size of file name (a board_file_name_ok name); 0 if found, -1 if
 * not (err says why). */
int boot_file_size(const char *name, uint64_t *size, char *err,
		   size_t err_size);

/* Reads file name whole (size bytes, as boot_file_size gave) into buf;
 * 0, or -1 after writing why into err. */
int boot_file_read(const char *name, void *buf, uint64_t size, char *err,
		   size_t err_size);

/*
 * Opens the files (boot_files_open) and reads config.dtb into pages of
 * Vigil's own (EfiLoaderData: they stay Vigil's after ExitBootServices,
 * UEFI 2.10 7.2.1), as board->config. 0, or -1 after writing why into err.
 */
int boot_files_read_config(EFI_HANDLE image, EFI_BOOT_SERVICES *bs,
			   struct board *board, char *err, size_t err_size);

/*
 * Lists in board->files every file the config's modules name
 * (vigil,uefi-binary), by size only: the config parser then knows each
 * image's size before the files are read, which is after the partitions'
 * memory is taken, so that no file is put there. 0, or -1 after writing
 * why into err (a file that is not there, naming its node).
 */
int boot_files_find(struct board *board, char *err, size_t err_size);

/* Reads every file boot_files_find listed into pages of Vigil's own.
 * 0, or -1 after writing why into err. */
int boot_files_read_all(EFI_BOOT_SERVICES *bs, struct board *board,
			char *err, size_t err_size);

#endif /* VIGIL_BOOT_FILES_H */
