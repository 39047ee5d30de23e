/* SPDX-License-Identifier: MIT */
#ifndef VIGIL_ARM64_CACHE_H
#define VIGIL_ARM64_CACHE_H

#include <stdint.h>

/* Writes dirty lines covering [base, base + size) back to memory. */
void dcache_clean_range(const void *base, uint64_t size);

/* Discards lines covering [base, base + size) (memory is the truth). */
void dcache_invalidate_range(const void *base, uint64_t size);

#endif /* VIGIL_ARM64_CACHE_H */
