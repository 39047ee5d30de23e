/* SPDX-License-Identifier: MIT */
/*
 * Root of trust on QEMU's q35 with OVMF, for now: Vigil's measurement is
 * the SHA-256 of the vigil.efi file as read from the ESP before
 * ExitBootServices (hyp/arch/x86_64/efi_self.c). There is no device secret
 * yet (no UDS region, no TPM provider), so attestation stays off.
 */
#include <mbedtls/sha256.h>
#include <vigil/hypercall.h>
#include <vigil/log.h>
#include <vigil/rot.h>

#include "efi_self.h"

/* mbedtls_sha256_ret: input, length, output, is224 = 0. */
static void esp_measure_self(uint8_t digest[32])
{
	const struct efi_self_file *f = efi_self_file();
	if (!f)
		panic("rot: Vigil's file was not read before its measurement");
	if (mbedtls_sha256_ret(f->bytes, (size_t)f->size, digest, 0) != 0)
		panic("rot: SHA-256 of Vigil's file failed");
}

static int esp_take_device_secret(const struct vigil_config *config,
				  uint8_t secret[ROT_SECRET_SIZE])
{
	(void)config;
	(void)secret;
	log_printf("vigil: attestation off: %s has no device secret yet (no "
		   "UDS region or TPM provider on x86-64)\n", VIGIL_PLATFORM);
	return -VIGIL_ENOENT;
}

static const struct rot_provider esp_file_provider = {
	.name = "vigil.efi read from the ESP, no device secret yet",
	.measure_self = esp_measure_self,
	.take_device_secret = esp_take_device_secret,
};

const struct rot_provider *plat_rot_provider(void)
{
	return &esp_file_provider;
}
