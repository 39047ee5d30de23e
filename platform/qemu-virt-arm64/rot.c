/* SPDX-License-Identifier: MIT */
/* QEMU's virt board has no fuses or TPM: its UDS comes from build/uds.bin. */
#include <vigil/rot.h>

const struct rot_provider *plat_rot_provider(void)
{
	return &rot_uds_provider;
}
