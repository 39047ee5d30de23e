/* SPDX-License-Identifier: MIT */
/*
 * Root of trust on QEMU's q35 with OVMF. Vigil's measurement is the
 * SHA-256 of the vigil.efi file as read from the ESP before
 * ExitBootServices (hyp/arch/x86_64/efi_self.c). The device secret (UDS)
 * is build/uds.bin, which QEMU hands over as the fw_cfg file
 * "opt/vigil/uds" (platform.mk's QEMU_UDS_ARGS); efi_main has it read,
 * while boot services are up and before any partition exists, into a
 * buffer of this file's, which take_device_secret hands over once and then
 * zeroes.
 *
 * QEMU's fw_cfg device cannot be told to forget the file, so the secret
 * stays readable there through ports 0x510, 0x511 (and the DMA port 0x514)
 * for as long as the machine runs. Vigil is the only one who can reach
 * them: a partition's I/O permission map intercepts every port
 * (svm_iopm_build, hyp/arch/x86_64/svm_maps.c, checked port by port in
 * tests/unit/test_svm.c), so a guest's IN or OUT to them stops the guest
 * instead. On a real board the secret would be a fused one that a
 * hardware lock hides after this first read until the next reset (as a
 * boot ROM leaves it for the first mutable stage in TCG DICE), so that
 * nothing later in the boot, Vigil included, could read it again.
 */
#include <mbedtls/sha256.h>
#include <vigil/hypercall.h>
#include <vigil/log.h>
#include <vigil/rot.h>
#include <vigil/string.h>

#include "efi_self.h"
#include "fw_cfg.h"

#define UDS_FW_CFG_FILE "opt/vigil/uds"

/* The secret as read from fw_cfg, until take_device_secret hands it over;
 * zero afterwards. uds_size is the file's size (0: there was none). */
static uint8_t uds[ROT_SECRET_SIZE];
static uint32_t uds_size;
static bool uds_taken;

void plat_rot_read_fw_cfg(void)
{
	uint16_t select;
	uds_size = fw_cfg_find(UDS_FW_CFG_FILE, &select);
	if (uds_size == ROT_SECRET_SIZE)
		fw_cfg_read(select, uds, sizeof(uds));
}

/* mbedtls_sha256_ret: input, length, output, is224 = 0. */
static void esp_measure_self(uint8_t digest[32])
{
	const struct efi_self_file *f = efi_self_file();
	if (!f)
		panic("rot: Vigil's file was not read before its measurement");
	if (mbedtls_sha256_ret(f->bytes, (size_t)f->size, digest, 0) != 0)
		panic("rot: SHA-256 of Vigil's file failed");
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t any = 0;
	for (size_t i = 0; i < n; i++)
		any |= p[i];
	return any == 0;
}

static int fw_cfg_take_device_secret(const struct vigil_config *config,
				     uint8_t secret[ROT_SECRET_SIZE])
{
	(void)config; /* the secret is not in RAM: no vigil,uds-region */
	if (uds_taken) {
		log_printf("vigil: attestation off: the device secret was "
			   "already handed over\n");
		return -VIGIL_ENOENT;
	}
	uds_taken = true;
	if (uds_size == 0) {
		log_printf("vigil: attestation off: no device secret: QEMU "
			   "passed no fw_cfg file \"" UDS_FW_CFG_FILE "\"\n");
		return -VIGIL_ENOENT;
	}
	if (uds_size != ROT_SECRET_SIZE) {
		log_printf("vigil: attestation off: fw_cfg \"" UDS_FW_CFG_FILE
			   "\" is %u bytes, not the %u of a device secret\n",
			   uds_size, ROT_SECRET_SIZE);
		return -VIGIL_ENOENT;
	}
	memcpy(secret, uds, ROT_SECRET_SIZE);
	memset(uds, 0, sizeof(uds));
	if (all_zero(secret, ROT_SECRET_SIZE)) {
		log_printf("vigil: attestation off: fw_cfg \"" UDS_FW_CFG_FILE
			   "\" holds no secret (all zero)\n");
		return -VIGIL_ENOENT;
	}
	return 0;
}

static const struct rot_provider esp_fw_cfg_provider = {
	.name = "vigil.efi read from the ESP, UDS from fw_cfg",
	.measure_self = esp_measure_self,
	.take_device_secret = fw_cfg_take_device_secret,
};

const struct rot_provider *plat_rot_provider(void)
{
	return &esp_fw_cfg_provider;
}
