/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "fake_rot.h"

uint8_t fake_rot_vigil_byte = 0x11;
uint8_t fake_rot_secret_byte = 0x5a;

static void fake_measure_self(uint8_t digest[32])
{
	memset(digest, fake_rot_vigil_byte, 32);
}

static int fake_take_secret(const struct vigil_config *config,
			    uint8_t secret[ROT_SECRET_SIZE])
{
	(void)config;
	memset(secret, fake_rot_secret_byte, ROT_SECRET_SIZE);
	return 0;
}

const struct rot_provider fake_rot = {
	.name = "test",
	.measure_self = fake_measure_self,
	.take_device_secret = fake_take_secret,
};
