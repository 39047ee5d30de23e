/* SPDX-License-Identifier: MIT */
/*
 * Reads vigil.efi as the firmware found it: the loaded image protocol
 * (UEFI 2.10, 9.1) gives its file path (10.3.5.4) on the volume Vigil was
 * loaded from (efi_volume.c), which is read whole.
 */
#include <vigil/format.h>
#include <vigil/string.h>

#include "efi_boot.h"
#include "efi_self.h"

/* File path media device path node (10.3.5.4): type 4, subtype 4, a
 * header of 4 bytes and a NUL-terminated UCS-2 path. */
#define DP_MEDIA 4
#define DP_MEDIA_FILE_PATH 4
#define DP_END 0x7f
#define DP_HEADER_SIZE 4

static struct efi_self_file self;
static bool self_read;

const struct efi_self_file *efi_self_file(void)
{
	return self_read ? &self : NULL;
}

struct path_buf {
	CHAR16 *ucs2;
	char *ascii;
	size_t n, max;
};

static bool path_add(struct path_buf *p, uint16_t c)
{
	if (p->n + 1 >= p->max)
		return false;
	p->ascii[p->n] = c < 0x80 ? (char)c : '?';
	p->ucs2[p->n++] = c;
	return true;
}

/* Appends the path in one file path node, after a '\' if neither side has
 * one (a path may come split over several nodes). */
static bool path_add_node(struct path_buf *p, const uint8_t *node, size_t len)
{
	for (size_t off = DP_HEADER_SIZE; off + 2 <= len; off += 2) {
		uint16_t c;
		memcpy(&c, node + off, 2); /* nodes need not be aligned */
		if (c == 0)
			break;
		if (off == DP_HEADER_SIZE && p->n && c != '\\' &&
		    p->ucs2[p->n - 1] != '\\' && !path_add(p, '\\'))
			return false;
		if (!path_add(p, c))
			return false;
	}
	return true;
}

/*
 * Joins the file path nodes of dp into path (UCS-2, NUL-terminated) and an
 * ASCII copy for the log. Returns false if there is none or it is too long.
 */
static bool file_path(const EFI_DEVICE_PATH *dp, CHAR16 *path, size_t max,
		      char *ascii)
{
	struct path_buf p = { path, ascii, 0, max };
	const uint8_t *node = (const uint8_t *)dp;
	while (node && (node[0] & 0x7f) != DP_END) {
		size_t len = (size_t)node[2] | (size_t)node[3] << 8;
		if (len < DP_HEADER_SIZE)
			return false;
		if (node[0] == DP_MEDIA && node[1] == DP_MEDIA_FILE_PATH &&
		    !path_add_node(&p, node, len))
			return false;
		node += len;
	}
	path[p.n] = 0;
	ascii[p.n] = '\0';
	return p.n != 0;
}

static int read_file(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root,
		     CHAR16 *path, char *err, size_t err_size)
{
	EFI_FILE_HANDLE f;
	EFI_STATUS s = root->Open(root, &f, path, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(s)) {
		format(err, err_size, "cannot open %s (EFI error %lu)", self.path,
		       efi_error_code(s));
		return -1;
	}
	uint64_t size = 0;
	void *buf = NULL;
	s = efi_file_size(f, &size);
	if (!EFI_ERROR(s))
		s = bs->AllocatePool(EfiLoaderData, size, &buf);
	if (!EFI_ERROR(s))
		s = efi_file_read_all(f, buf, size);
	f->Close(f);
	if (EFI_ERROR(s)) {
		format(err, err_size, "cannot read %s (EFI error %lu)",
		       self.path, efi_error_code(s));
		return -1;
	}
	self.bytes = buf;
	self.size = size;
	return 0;
}

int efi_self_read(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, char *err,
		  size_t err_size)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root;
	CHAR16 path[EFI_SELF_PATH_MAX];

	if (efi_volume_open(image, bs, &li, &root, err, err_size) != 0)
		return -1;
	if (!file_path(li->FilePath, path, EFI_SELF_PATH_MAX, self.path)) {
		format(err, err_size, "the firmware gives no file path for Vigil");
		root->Close(root);
		return -1;
	}
	int rc = read_file(bs, root, path, err, err_size);
	root->Close(root);
	self_read = rc == 0;
	return rc;
}
