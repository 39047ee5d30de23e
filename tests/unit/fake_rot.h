/* SPDX-License-Identifier: MIT */
/* A root of trust for unit tests: Vigil's digest and the device secret are
 * the bytes below repeated, so a test can change either. */
#ifndef VIGIL_TEST_FAKE_ROT_H
#define VIGIL_TEST_FAKE_ROT_H

#include <stdint.h>
#include <vigil/rot.h>

extern uint8_t fake_rot_vigil_byte;  /* default 0x11 */
extern uint8_t fake_rot_secret_byte; /* default 0x5a */
extern const struct rot_provider fake_rot;

#endif
