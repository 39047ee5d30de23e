/* SPDX-License-Identifier: MIT */
/*
 * Console input for partitions. Keys from the UART go to one partition at
 * a time (its "focus"): the first partition at boot; the key
 * VIGIL_CONSOLE_SWITCH_KEY (Ctrl-]) moves it to the next, and Vigil says
 * which. There are no interrupts: the UART is drained whenever a partition
 * asks for input.
 */
#ifndef VIGIL_CONSOLE_INPUT_H
#define VIGIL_CONSOLE_INPUT_H

#include <vigil/partition.h>

#define CONSOLE_INPUT_BUFFER 128 /* per partition; more waits in the UART */

/* The partitions input can go to, in config order. */
void console_input_init(struct partition *partitions, unsigned int count);

/* Drains the UART, then moves up to max bytes waiting for p into out.
 * Returns the number moved (0 if none; never waits). */
size_t console_input_read(struct partition *p, char *out, size_t max);

#endif /* VIGIL_CONSOLE_INPUT_H */
