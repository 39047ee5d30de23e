/* SPDX-License-Identifier: MIT */
/*
 * Vigil's files at boot (boot_files.h): opened by name in \vigil\ on the
 * ESP through the file protocol (UEFI 2.10, 13.5), or read from QEMU's
 * fw_cfg as opt/vigil/<name>. Only names board_file_name_ok accepts reach
 * here (no path separators), so no name leaves the directory. Then the
 * config and the files its modules name, onto the board.
 */
#include <libfdt.h>
#include <vigil/board.h>
#include <vigil/format.h>
#include <vigil/log.h>
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

/* ---- The config and its files, onto the board ---- */

/* Pages of Vigil's own (EfiLoaderData, so that they stay Vigil's after
 * ExitBootServices, UEFI 2.10 7.2.1) for size bytes; at least one page. */
static int allocate_for(EFI_BOOT_SERVICES *bs, const char *what,
			uint64_t size, uint64_t *base, char *err,
			size_t err_size)
{
	EFI_PHYSICAL_ADDRESS addr = 0;
	EFI_STATUS s = bs->AllocatePages(AllocateAnyPages, EfiLoaderData,
					 EFI_SIZE_TO_PAGES(size ? size : 1),
					 &addr);
	if (EFI_ERROR(s)) {
		format(err, err_size, "%s: no memory for its %lu bytes (EFI "
		       "error %lu)", what, (unsigned long)size,
		       efi_error_code(s));
		return -1;
	}
	*base = addr;
	return 0;
}

static void print_file(const char *what, const char *name, uint64_t base,
		       uint64_t size)
{
	log_printf("  %-10s %#012lx-%#012lx (%lu bytes) %s in %s\n", what,
		   (unsigned long)base, (unsigned long)(base + size - 1),
		   (unsigned long)size, name, boot_files_where());
}

/* Reads a file whole into *where (pages of its own). */
static int read_whole(EFI_BOOT_SERVICES *bs, const char *name, uint64_t size,
		      struct mem_range *where, char *err, size_t err_size)
{
	where->size = size;
	if (allocate_for(bs, name, size, &where->base, err, err_size) != 0)
		return -1;
	return boot_file_read(name, (void *)(uintptr_t)where->base, size, err,
			      err_size);
}

int boot_files_read_config(EFI_HANDLE image, EFI_BOOT_SERVICES *bs,
			   struct board *board, char *err, size_t err_size)
{
	uint64_t size;
	if (boot_files_open(image, bs, err, err_size) != 0 ||
	    boot_file_size(BOOT_CONFIG_FILE, &size, err, err_size) != 0 ||
	    read_whole(bs, BOOT_CONFIG_FILE, size, &board->config, err,
		       err_size) != 0)
		return -1;
	print_file("config", BOOT_CONFIG_FILE, board->config.base, size);
	return 0;
}

/* Adds the file a vigil,uefi-binary names to the board, by its size only;
 * a name the config parser will refuse is left to it. */
static int add_file(struct board *board, const void *blob, int node,
		    const char *name, int len, char *err, size_t err_size)
{
	if (len < 1 || name[len - 1] != '\0' ||
	    !board_file_name_ok(name, (size_t)len - 1) ||
	    board_file_find(board, name))
		return 0;
	char path[100], why[160];
	if (fdt_get_path(blob, node, path, sizeof(path)) != 0)
		format(path, sizeof(path), "?");
	if (board->file_count == BOARD_MAX_FILES) {
		format(err, err_size, "config: %s: more than %d files named by "
		       "vigil,uefi-binary", path, BOARD_MAX_FILES);
		return -1;
	}
	struct board_file *f = &board->files[board->file_count];
	if (boot_file_size(name, &f->where.size, why, sizeof(why)) != 0) {
		format(err, err_size, "config: %s: vigil,uefi-binary: %s",
		       path, why);
		return -1;
	}
	memcpy(f->name, name, (size_t)len); /* with its NUL, which fits */
	board->file_count++;
	return 0;
}

/* A config that is not a sound device tree is reported after
 * ExitBootServices, as any other error: no files then. */
int boot_files_find(struct board *board, char *err, size_t err_size)
{
	const void *blob = (const void *)(uintptr_t)board->config.base;
	if (fdt_check_full(blob, board->config.size) != 0)
		return 0;
	for (int node = fdt_next_node(blob, -1, NULL); node >= 0;
	     node = fdt_next_node(blob, node, NULL)) {
		int len;
		const char *name = fdt_getprop(blob, node, "vigil,uefi-binary",
					       &len);
		if (name && add_file(board, blob, node, name, len, err,
				     err_size) != 0)
			return -1;
	}
	return 0;
}

int boot_files_read_all(EFI_BOOT_SERVICES *bs, struct board *board,
			char *err, size_t err_size)
{
	for (unsigned int i = 0; i < board->file_count; i++) {
		struct board_file *f = &board->files[i];
		if (read_whole(bs, f->name, f->where.size, &f->where, err,
			       err_size) != 0)
			return -1;
		f->read = true;
		print_file("file", f->name, f->where.base, f->where.size);
	}
	return 0;
}
