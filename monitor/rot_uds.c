/* SPDX-License-Identifier: MIT */
/*
 * Root of trust from a Unique Device Secret (UDS) left in RAM at the
 * config's vigil,uds-region, as a boot ROM would leave a fused secret for
 * the first mutable stage (TCG DICE). Vigil reads it once, then zeroes the
 * region; no partition can ever map it (the config parser reserves it).
 * On QEMU the secret is build/uds.bin, loaded with -device loader.
 */
#include <mbedtls/sha256.h>
#include <vigil/arch.h>
#include <vigil/log.h>
#include <vigil/hypercall.h>
#include <vigil/rot.h>
#include <vigil/string.h>

extern char _image_start[], _image_file_end[];

/* The bytes of the Image file as loaded: text, rodata and data before any
 * write (mbedtls_sha256_ret: input, length, output, is224 = 0). */
static void uds_measure_self(uint8_t digest[32])
{
	mbedtls_sha256_ret((const unsigned char *)_image_start,
			   (uintptr_t)_image_file_end - (uintptr_t)_image_start,
			   digest, 0);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t any = 0;
	for (size_t i = 0; i < n; i++)
		any |= p[i];
	return any == 0;
}

static int uds_take_device_secret(const struct vigil_config *config,
				  uint8_t secret[ROT_SECRET_SIZE])
{
	if (config->uds.size < ROT_SECRET_SIZE) {
		log_printf("vigil: attestation off: the config names no "
			   "vigil,uds-region\n");
		return -VIGIL_ENOENT;
	}
	uint8_t *uds = pa_ptr(pa_init(config->uds.base));
	arch_sync_guest_memory(uds, config->uds.size); /* see memory, not cache */
	memcpy(secret, uds, ROT_SECRET_SIZE);
	memset(uds, 0, config->uds.size);
	arch_sync_guest_memory(uds, config->uds.size);
	if (all_zero(secret, ROT_SECRET_SIZE)) {
		log_printf("vigil: attestation off: the UDS region at %#lx holds "
			   "no secret (all zero)\n",
			   (unsigned long)config->uds.base);
		return -VIGIL_ENOENT;
	}
	return 0;
}

const struct rot_provider rot_uds_provider = {
	.name = "UDS in RAM",
	.measure_self = uds_measure_self,
	.take_device_secret = uds_take_device_secret,
};
