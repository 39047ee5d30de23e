/* SPDX-License-Identifier: MIT */
/*
 * vigil,uds-region on the config's root: where the boot loader leaves the
 * Unique Device Secret (UDS) that the root of trust reads once at boot.
 * It must lie in RAM and clear of Vigil's own ranges; from then on it is a
 * reserved range, so that no partition memory and no image may touch it.
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>

#include "config_internal.h"

#define UDS_PROPERTY "vigil,uds-region"

static bool uds_placement_ok(struct config_parser *p, uint64_t base,
			     uint64_t size)
{
	if (size < CONFIG_UDS_SIZE) {
		config_error(p, NULL, UDS_PROPERTY,
			     "0x%llx bytes, smaller than the 0x%x-byte UDS",
			     ULL(size), CONFIG_UDS_SIZE);
		return false;
	}
	if (range_wraps(base, size) ||
	    !board_memory_contains(p->board, base, size)) {
		config_error(p, NULL, UDS_PROPERTY, RANGE " is not in RAM",
			     RANGE_ARGS(base, size));
		return false;
	}
	for (unsigned int i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (ranges_overlap(base, size, r->base, r->size)) {
			config_error(p, NULL, UDS_PROPERTY,
				     RANGE " overlaps %s (" RANGE ")",
				     RANGE_ARGS(base, size), r->what,
				     RANGE_ARGS(r->base, r->size));
			return false;
		}
	}
	return true;
}

bool config_parse_uds(struct config_parser *p, struct reserved_range *slot)
{
	int len;
	const uint32_t *v = config_prop(p, 0, UDS_PROPERTY, &len);
	if (!v)
		return false;
	if (len != 16) {
		config_error(p, NULL, UDS_PROPERTY,
			     "is 0x%x bytes long, not <address size> of two cells "
			     "each (0x10)",
			     len);
		return false;
	}
	uint64_t base = fdt_read_number(v, 2);
	uint64_t size = fdt_read_number(v + 2, 2);
	if (!uds_placement_ok(p, base, size))
		return false;
	p->out->uds = (struct mem_range){ base, size };
	*slot = (struct reserved_range){ "the UDS region", base, size };
	return true;
}
