/* SPDX-License-Identifier: MIT */
/* Host stand-ins for hyp/core/log.c and arch_cpu_kick that keep what
 * Vigil would print and whom it would interrupt. */
#ifndef VIGIL_TEST_FAKE_LOG_H
#define VIGIL_TEST_FAKE_LOG_H

#include <stddef.h>

/* Everything printed since the last fake_log_clear(). */
extern char fake_log_text[16384];

void fake_log_clear(void);

/* CPUs arch_cpu_kick was called for, in order. */
extern unsigned int fake_kicks[64];
extern unsigned int fake_kick_count;

/* Number of times needle occurs in fake_log_text. */
int fake_log_count(const char *needle);

#endif
