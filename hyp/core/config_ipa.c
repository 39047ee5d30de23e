/* SPDX-License-Identifier: MIT */
/*
 * Guest-physical to host-physical translation through a validated
 * partition's vigil,static-mem regions. Kept apart from the parser so that
 * code which only translates (hypercalls, image loading) needs no libfdt.
 */
#include <vigil/config.h>

/*
 * A zero-length range is refused: it names no byte, so there is nothing to
 * translate, and accepting it would let ipa be one past a region's end.
 */
bool partition_ipa_to_pa(const struct partition_config *part, ipaddr_t ipa,
			 uint64_t len, paddr_t *pa)
{
	if (len == 0 || range_wraps(ipa.ipa, len))
		return false;
	for (unsigned int i = 0; i < part->mem_count && i < PARTITION_MAX_MEM;
	     i++) {
		const struct mem_map *m = &part->mem[i];
		if (range_contains(m->ipa.ipa, m->size, ipa.ipa, len)) {
			*pa = pa_init(m->pa.pa + (ipa.ipa - m->ipa.ipa));
			return true;
		}
	}
	return false;
}
