/* SPDX-License-Identifier: MIT */
/*
 * Where a module (a partition's kernel, its image signature) lies on the
 * host. Either its reg says where the boot loader left it, or, on a UEFI
 * boot, its vigil,uefi-binary names a file that the boot stage read from
 * the ESP (board->files), as a dom0less config names its modules for a
 * UEFI boot; then reg is left out, since only the boot stage knows where
 * the file went.
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>
#include <vigil/string.h>

#include "config_internal.h"

#define FILE_PROPERTY "vigil,uefi-binary"

static bool read_reg(struct config_parser *p, struct part_state *ps,
		     int node, const char *what, struct mem_range *out)
{
	int len;
	const uint32_t *v = config_prop(p, node, "reg", &len);
	int stride = (ps->addr_cells + ps->size_cells) * 4;
	if (!v) {
		config_error(p, ps, what, "reg: missing (nor is there "
			     FILE_PROPERTY ")");
		return false;
	}
	if (len != stride) {
		config_error(p, ps, what,
			     "reg: is 0x%x bytes long, not one (address, size) pair "
			     "of 0x%x", len, stride);
		return false;
	}
	fdt_read_reg(v, len, ps->addr_cells, ps->size_cells, 0, &out->base,
		     &out->size);
	return true;
}

static bool read_file(struct config_parser *p, struct part_state *ps,
		      int node, const char *what, struct mem_range *out,
		      bool *placed)
{
	int len;
	const char *name = (const char *)config_prop(p, node, FILE_PROPERTY,
						     &len);
	char shown[BOARD_FILE_NAME_MAX];
	if (len < 1 || name[len - 1] != '\0' ||
	    !board_file_name_ok(name, (size_t)len - 1)) {
		config_error(p, ps, what, FILE_PROPERTY ": not a file name (1 "
			     "to %d letters, digits, '.', '_' or '-', no path)",
			     BOARD_FILE_NAME_MAX - 1);
		return false;
	}
	config_printable(shown, sizeof(shown), name, len - 1);
	const struct board_file *f = board_file_find(p->board, name);
	if (!f) {
		config_error(p, ps, what, FILE_PROPERTY " \"%s\": no such file "
			     "was read at boot (only a UEFI boot reads them)",
			     shown);
		return false;
	}
	*out = f->where;
	*placed = f->read;
	return true;
}

bool config_read_module(struct config_parser *p, struct part_state *ps,
			int node, const char *what, struct mem_range *out,
			bool *from_file, bool *placed)
{
	bool has_file = fdt_getprop(p->fdt, node, FILE_PROPERTY, NULL) != NULL;
	*from_file = has_file;
	*placed = true;
	if (!has_file)
		return read_reg(p, ps, node, what, out);
	if (fdt_getprop(p->fdt, node, "reg", NULL)) {
		config_error(p, ps, what, "give reg or " FILE_PROPERTY
			     ", not both");
		return false;
	}
	return read_file(p, ps, node, what, out, placed);
}
