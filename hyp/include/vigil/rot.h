/* SPDX-License-Identifier: MIT */
/*
 * The root of trust, as the attestation monitor sees it. A board supplies
 * one provider through plat_rot_provider(); the monitor calls only these
 * functions, so a provider backed by a TPM (a device secret sealed to
 * Vigil's measurement) can replace the UDS one without touching callers.
 *
 * Providers:
 *   monitor/rot_uds.c  a 32-byte Unique Device Secret in a RAM region the
 *                      config names (vigil,uds-region), as a boot ROM or
 *                      fuse controller would leave it; QEMU loads it.
 */
#ifndef VIGIL_ROT_H
#define VIGIL_ROT_H

#include <vigil/config.h>
#include <vigil/types.h>

#define ROT_SECRET_SIZE 32

struct rot_provider {
	const char *name;
	/*
	 * SHA-256 of Vigil's own image as it was loaded. Called first thing
	 * at boot, before Vigil writes any of its initialised data.
	 */
	void (*measure_self)(uint8_t digest[32]);
	/*
	 * Hands over the device secret once, then makes it unreachable (the
	 * UDS provider zeroes its region). Returns 0, or a negative VIGIL_E*
	 * value after logging why (no secret: attestation stays off).
	 */
	int (*take_device_secret)(const struct vigil_config *config,
				  uint8_t secret[ROT_SECRET_SIZE]);
};

/* The board's provider (platform/<board>/). */
const struct rot_provider *plat_rot_provider(void);

/* monitor/rot_uds.c: the UDS-in-RAM provider, for boards to return. */
extern const struct rot_provider rot_uds_provider;

#endif /* VIGIL_ROT_H */
