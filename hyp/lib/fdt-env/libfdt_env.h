/* SPDX-License-Identifier: MIT */
/*
 * The environment libfdt expects from its host (libfdt_env.h in the dtc
 * project's libfdt): fixed-width types, big-endian conversions and the
 * string functions. Xen's copy of libfdt, which Vigil builds, also uses
 * FDT_ERR_XEN for error codes of its own.
 */
#ifndef VIGIL_LIBFDT_ENV_H
#define VIGIL_LIBFDT_ENV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vigil/string.h>

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

/* Device trees are big-endian; Vigil's targets are little-endian. */
static inline uint16_t fdt16_to_cpu(fdt16_t x) { return __builtin_bswap16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return __builtin_bswap32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return __builtin_bswap32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return __builtin_bswap64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return __builtin_bswap64(x); }

#define FDT_ERR_XEN(err) (FDT_ERR_MAX + (err))

#endif /* VIGIL_LIBFDT_ENV_H */
