/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/board.h>
#include <vigil/log.h>
#include <vigil/string.h>
#include <vigil/uart.h>
#include <vigil/version.h>

static struct board board;

void vigil_main(void *dtb);
void secondary_main(unsigned int cpu);

void vigil_main(void *dtb)
{
	char err[160];
	int rc = board_parse(dtb, &board, err, sizeof(err));
	if (board.uart.size)
		uart_init(pa_init(board.uart.base));
	if (rc)
		panic("%s", err);

	log_printf("\nVigil %s (%s, %s) at EL2\n", VIGIL_VERSION, VIGIL_PLATFORM,
		   arch_name);
	arch_cpu_park();
}

void secondary_main(unsigned int cpu)
{
	(void)cpu;
	arch_cpu_park();
}
