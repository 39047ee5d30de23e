/* SPDX-License-Identifier: MIT */
/*
 * fw_cfg over I/O ports (QEMU docs/specs/fw_cfg.txt): a 16-bit selector
 * register at port 0x510 picks an item and rewinds its data offset; each
 * byte read from the data register at port 0x511 returns the next byte of
 * the item (0 past its end). Item 0x0000 is the signature "QEMU"; item
 * 0x0019 is the file directory: a big-endian 32-bit count of files, then
 * for each a 64-byte entry of big-endian 32-bit size, big-endian 16-bit
 * selector, 16 reserved bits and a NUL-terminated name of up to 56 bytes.
 */
#include <vigil/string.h>

#include "fw_cfg.h"
#include "x86.h"

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_NAME_MAX 56

struct fw_cfg_file {
	uint8_t size_be[4];
	uint8_t select_be[2];
	uint8_t reserved[2];
	char name[FW_CFG_NAME_MAX];
};

_Static_assert(sizeof(struct fw_cfg_file) == 64, "fw_cfg.txt: 64-byte entries");

static void select_item(uint16_t select)
{
	x86_outw(FW_CFG_PORT_SEL, select);
}

/* The next size bytes of the selected item. */
static void read_data(void *buf, size_t size)
{
	uint8_t *p = buf;
	for (size_t i = 0; i < size; i++)
		p[i] = x86_inb(FW_CFG_PORT_DATA);
}

void fw_cfg_read(uint16_t select, void *buf, size_t size)
{
	select_item(select);
	read_data(buf, size);
}

static uint32_t be32(const uint8_t b[4])
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

uint32_t fw_cfg_find(const char *name, uint16_t *select)
{
	char signature[4];
	fw_cfg_read(FW_CFG_SIGNATURE, signature, sizeof(signature));
	if (memcmp(signature, "QEMU", 4) != 0)
		return 0; /* no fw_cfg device: a port with nothing reads 0xff */

	uint8_t count_be[4];
	fw_cfg_read(FW_CFG_FILE_DIR, count_be, sizeof(count_be));
	uint32_t count = be32(count_be);
	/* The directory item stays selected: its entries follow the count. */
	for (uint32_t i = 0; i < count; i++) {
		struct fw_cfg_file f;
		read_data(&f, sizeof(f));
		f.name[FW_CFG_NAME_MAX - 1] = '\0';
		if (strcmp(f.name, name) == 0) {
			*select = (uint16_t)(f.select_be[0] << 8 | f.select_be[1]);
			return be32(f.size_be);
		}
	}
	return 0;
}
