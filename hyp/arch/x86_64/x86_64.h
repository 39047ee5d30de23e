/* SPDX-License-Identifier: MIT */
/* Functions shared inside the x86-64 port only. */
#ifndef VIGIL_X86_64_H
#define VIGIL_X86_64_H

#include <stdint.h>

/* cpu.c: the TSC's rate in Hz, as measured at entry (arch_counter_hz). */
void tsc_set_hz(uint64_t hz);

#endif /* VIGIL_X86_64_H */
