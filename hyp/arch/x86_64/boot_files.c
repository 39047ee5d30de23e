/* SPDX-License-Identifier: MIT */
/*
 * Vigil's files at boot (boot_files.h): opened by name in \vigil\ on the
 * ESP through the file protocol (UEFI 2.10, 13.5), or read from QEMU's
 * fw_cfg as opt/vigil/<name>. Only names board_file_name_ok accepts reach
 * here (no path separators), so no name leaves the directory.
 */
#include <vigil/board.h>
#include <vigil/format.h>
#include <vigil/string.h>

#include "boot_files.h"
#include "fw_cfg.h"

#define ESP_DIR "\\vigil\\"
#define FW_CFG_DIR "opt/vigil/"

static EFI_FILE_HANDLE esp_root; /* NULL: the files come from fw_cfg */

/* ESP_DIR and name as a UCS-2 path for Open. */
static void esp_path(const char *name, CHAR16 *path, size_t max)
{
	static const char dir[] = ESP_DIR;
	size_t n = 0;
	for (size_t i = 0; dir[i] && n + 1 < max; i++)
		path[n++] = (CHAR16)dir[i];
	for (size_t i = 0; name[i] && n + 1 < max; i++)
		path[n++] = (CHAR16)name[i];
	path[n] = 0;
}

static EFI_STATUS esp_open(const char *name, EFI_FILE_HANDLE *f)
{
	CHAR16 path[sizeof(ESP_DIR) + BOARD_FILE_NAME_MAX];
	esp_path(name, path, sizeof(path) / sizeof(path[0]));
	return esp_root->Open(esp_root, f, path, EFI_FILE_MODE_READ, 0);
}

static void fw_cfg_name(const char *name, char *out, size_t size)
{
	format(out, size, FW_CFG_DIR "%s", name);
}

int boot_files_open(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, char *err,
		    size_t err_size)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root, config;
	char why[120] = "";
	if (efi_volume_open(image, bs, &li, &root, why, sizeof(why)) == 0) {
		esp_root = root;
		if (!EFI_ERROR(esp_open(BOOT_CONFIG_FILE, &config))) {
			config->Close(config);
			return 0;
		}
		root->Close(root);
		esp_root = NULL;
	}
	uint16_t select;
	char fw_name[sizeof(FW_CFG_DIR) + BOARD_FILE_NAME_MAX];
	fw_cfg_name(BOOT_CONFIG_FILE, fw_name, sizeof(fw_name));
	if (fw_cfg_find(fw_name, &select) != 0)
		return 0;
	format(err, err_size, "no partition config: put it on the ESP as "
	       ESP_DIR BOOT_CONFIG_FILE " (or, under QEMU, hand it over "
	       "through fw_cfg as " FW_CFG_DIR BOOT_CONFIG_FILE ")%s%s",
	       why[0] ? "; " : "", why);
	return -1;
}

const char *boot_files_where(void)
{
	return esp_root ? ESP_DIR " on the ESP" : "fw_cfg " FW_CFG_DIR;
}

int boot_file_size(const char *name, uint64_t *size, char *err,
		   size_t err_size)
{
	if (!esp_root) {
		uint16_t select;
		char fw_name[sizeof(FW_CFG_DIR) + BOARD_FILE_NAME_MAX];
		fw_cfg_name(name, fw_name, sizeof(fw_name));
		*size = fw_cfg_find(fw_name, &select);
		if (*size)
			return 0;
		format(err, err_size, "no fw_cfg file %s (or it is empty)",
		       fw_name);
		return -1;
	}
	EFI_FILE_HANDLE f;
	EFI_STATUS s = esp_open(name, &f);
	if (!EFI_ERROR(s)) {
		s = efi_file_size(f, size);
		f->Close(f);
	}
	if (EFI_ERROR(s)) {
		format(err, err_size, "cannot open " ESP_DIR "%s on the ESP "
		       "(EFI error %lu)", name, efi_error_code(s));
		return -1;
	}
	return 0;
}

int boot_file_read(const char *name, void *buf, uint64_t size, char *err,
		   size_t err_size)
{
	if (!esp_root) {
		uint16_t select;
		char fw_name[sizeof(FW_CFG_DIR) + BOARD_FILE_NAME_MAX];
		fw_cfg_name(name, fw_name, sizeof(fw_name));
		if (fw_cfg_find(fw_name, &select) != size) {
			format(err, err_size, "fw_cfg file %s changed size",
			       fw_name);
			return -1;
		}
		fw_cfg_read(select, buf, size);
		return 0;
	}
	EFI_FILE_HANDLE f;
	EFI_STATUS s = esp_open(name, &f);
	if (!EFI_ERROR(s)) {
		s = efi_file_read_all(f, buf, size);
		f->Close(f);
	}
	if (EFI_ERROR(s)) {
		format(err, err_size, "cannot read " ESP_DIR "%s on the ESP "
		       "(EFI error %lu)", name, efi_error_code(s));
		return -1;
	}
	return 0;
}
