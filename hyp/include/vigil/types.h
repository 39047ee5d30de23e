/* SPDX-License-Identifier: MIT */
/*
 * Basic types, and the three address spaces Vigil deals in, kept apart by
 * the compiler: passing a guest-physical address where a host-physical one
 * is due does not build.
 */
#ifndef VIGIL_TYPES_H
#define VIGIL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Host-physical address: what the bus sees. */
typedef struct {
	uint64_t pa;
} paddr_t;

/* Guest-physical address (ARM: intermediate physical address, IPA). */
typedef struct {
	uint64_t ipa;
} ipaddr_t;

static inline paddr_t pa_init(uint64_t pa)
{
	return (paddr_t){ pa };
}

static inline ipaddr_t ipa_init(uint64_t ipa)
{
	return (ipaddr_t){ ipa };
}

/* Vigil maps host memory 1:1, so a host-physical address is its pointer. */
static inline void *pa_ptr(paddr_t a)
{
	return (void *)(uintptr_t)a.pa;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

/* True if [base, base + size) wraps around the end of the address space. */
static inline bool range_wraps(uint64_t base, uint64_t size)
{
	return size != 0 && base + size - 1 < base;
}

/* True if [a, a + as) and [b, b + bs) share a byte; neither may wrap. */
static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b,
				  uint64_t bs)
{
	return as != 0 && bs != 0 && a < b + bs && b < a + as;
}

/* True if [inner, inner + is) lies wholly inside [outer, outer + os). */
static inline bool range_contains(uint64_t outer, uint64_t os, uint64_t inner,
				  uint64_t is)
{
	return inner >= outer && is <= os && inner - outer <= os - is;
}

#endif /* VIGIL_TYPES_H */
