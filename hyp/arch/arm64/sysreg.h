/* SPDX-License-Identifier: MIT */
/* System register access from C. */
#ifndef VIGIL_ARM64_SYSREG_H
#define VIGIL_ARM64_SYSREG_H

#include <stdint.h>

#define read_sysreg(name)                                      \
	({                                                     \
		uint64_t r_;                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(r_)); \
		r_;                                            \
	})

#define write_sysreg(name, v)                                           \
	do {                                                            \
		uint64_t v_ = (v);                                      \
		__asm__ volatile("msr " #name ", %0" : : "r"(v_));      \
	} while (0)

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

#endif /* VIGIL_ARM64_SYSREG_H */
