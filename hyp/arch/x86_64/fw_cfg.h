/* SPDX-License-Identifier: MIT */
/*
 * QEMU's firmware configuration device (fw_cfg), through its x86 I/O
 * ports, as QEMU's docs/specs/fw_cfg.txt describes it: how Vigil is handed
 * its partition config (-fw_cfg name=opt/vigil/config,file=...) and, on
 * QEMU, its device secret (opt/vigil/uds).
 */
#ifndef VIGIL_FW_CFG_H
#define VIGIL_FW_CFG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Finds the fw_cfg file called name. Returns its size in bytes and writes
 * its selector into *select, or returns 0 if there is no fw_cfg device or
 * no such file.
 */
uint32_t fw_cfg_find(const char *name, uint16_t *select);

/* Reads the first size bytes of the item at select into buf. */
void fw_cfg_read(uint16_t select, void *buf, size_t size);

/*
 * The board's root of trust (platform/<board>/rot.c) reads its device
 * secret from fw_cfg: called once by efi_main before ExitBootServices,
 * before any partition exists. A guest never reaches fw_cfg's ports: its
 * I/O permission map intercepts them all (svm_iopm_build).
 */
void plat_rot_read_fw_cfg(void);

#endif /* VIGIL_FW_CFG_H */
