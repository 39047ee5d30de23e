/* SPDX-License-Identifier: MIT */
#include "ram_ranges.h"

/* Insertion sort: the UEFI map has a few dozen descriptors. */
static void sort_by_base(struct mem_range *r, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		struct mem_range x = r[i];
		unsigned int j = i;

		for (; j > 0 && r[j - 1].base > x.base; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

/*
 * Works on last bytes, not ends, so that a range reaching the top of the
 * address space (its end would be 2^64) merges too.
 */
unsigned int ram_ranges_merge(struct mem_range *r, unsigned int n)
{
	unsigned int out = 0;

	sort_by_base(r, n);
	for (unsigned int i = 0; i < n; i++) {
		struct mem_range *prev = out ? &r[out - 1] : NULL;

		if (r[i].size == 0)
			continue;
		if (prev) {
			uint64_t prev_last = prev->base + prev->size - 1;
			uint64_t last = r[i].base + r[i].size - 1;

			if (prev_last == UINT64_MAX ||
			    r[i].base <= prev_last + 1) {
				if (last > prev_last)
					prev->size = last - prev->base + 1;
				continue;
			}
		}
		r[out++] = r[i];
	}
	return out;
}
