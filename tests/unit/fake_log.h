/* SPDX-License-Identifier: MIT */
/* A host stand-in for hyp/core/log.c that keeps what Vigil would print. */
#ifndef VIGIL_TEST_FAKE_LOG_H
#define VIGIL_TEST_FAKE_LOG_H

#include <stddef.h>

/* Everything printed since the last fake_log_clear(). */
extern char fake_log_text[16384];

void fake_log_clear(void);

/* Number of times needle occurs in fake_log_text. */
int fake_log_count(const char *needle);

#endif
