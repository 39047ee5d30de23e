/* SPDX-License-Identifier: MIT */
/*
 * ARM64 Vigil is booted with the board's device tree: from it come the
 * generic board (vigil/board.h) and what only ARM64 uses: the GICv3, the
 * console UART, the PSCI conduit and where the DTB itself lies.
 */
#ifndef VIGIL_ARM64_BOARD_DT_H
#define VIGIL_ARM64_BOARD_DT_H

#include <stddef.h>
#include <vigil/board.h>

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

struct board_dt {
	struct mem_range gic_dist;
	struct mem_range gic_redist;
	struct mem_range uart;
	char uart_compatible[32];
	enum psci_conduit psci;
	struct mem_range dtb;
};

/*
 * Fills *board and *dt from the flattened device tree at fdt. Returns 0,
 * or -1 after writing a message naming the node and property into err.
 */
int board_dt_parse(const void *fdt, struct board *board,
		   struct board_dt *dt, char *err, size_t err_size);

/* The device tree's devices as read at boot (boot.c). */
const struct board_dt *board_dt(void);

#endif /* VIGIL_ARM64_BOARD_DT_H */
