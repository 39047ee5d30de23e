/* SPDX-License-Identifier: MIT */
/*
 * ARM64's entry, from head.S at EL2 with the board's device tree: read the
 * board from it, turn the MMU on, bring every CPU up with PSCI, then hand
 * over to the generic boot (hyp/core/main.c), which starts the partitions.
 */
#include <vigil/arch.h>
#include <vigil/attestation.h>
#include <vigil/banner.h>
#include <vigil/boot.h>
#include <vigil/log.h>
#include <vigil/rot.h>
#include <vigil/string.h>
#include <vigil/uart.h>
#include <vigil/vcpu.h>
#include <vigil/version.h>

#include "board_dt.h"

void vigil_main(void *dtb);
void secondary_main(unsigned int cpu);

extern char _image_start[], _image_end[];

static struct board board;
static struct board_dt dt;

const struct board_dt *board_dt(void)
{
	return &dt;
}

static void read_board(void *dtb)
{
	char err[160];
	int rc = board_dt_parse(dtb, &board, &dt, err, sizeof(err));
	if (dt.uart.size &&
	    strcmp(dt.uart_compatible, uart_driver_compatible) == 0)
		uart_init(pa_init(dt.uart.base));
	if (rc)
		panic("%s", err); /* printed only if the UART was found */
	if (dt.psci != PSCI_CONDUIT_SMC)
		panic("board: psci method must be \"smc\": Vigil owns EL2");
	if (board_cpu_index(&board, arch_cpu_hw_id()) != 0)
		panic("board: the boot CPU (hw id %#lx) must be the first cpu node",
		      (unsigned long)arch_cpu_hw_id());
}

static void print_board(void)
{
	log_printf("\nVigil %s (%s, %s) at EL2\n", VIGIL_VERSION, VIGIL_PLATFORM,
		   arch_name);
	log_printf("  cpus       %u:", board.cpu_count);
	for (unsigned int i = 0; i < board.cpu_count; i++)
		log_printf(" %#lx", (unsigned long)board.cpu_hw_id[i]);
	log_printf(" (boot cpu %#lx), PSCI via smc\n",
		   (unsigned long)arch_cpu_hw_id());
	for (unsigned int i = 0; i < board.memory_count; i++)
		banner_print_range("memory", board.memory[i].base,
				   board.memory[i].size);
	banner_print_range("vigil", (uintptr_t)_image_start,
			   (uint64_t)(_image_end - _image_start));
	banner_print_range("board dtb", dt.dtb.base, dt.dtb.size);
	if (board.config.size)
		banner_print_range("config", board.config.base,
				   board.config.size);
	banner_print_range("uart", dt.uart.base, dt.uart.size);
	banner_print_range("gic dist", dt.gic_dist.base, dt.gic_dist.size);
	banner_print_range("gic redist", dt.gic_redist.base,
			   dt.gic_redist.size);
}

static void start_secondary_cpus(void)
{
	vcpu_cpu_online(0);
	for (unsigned int i = 1; i < board.cpu_count; i++) {
		int rc = arch_cpu_power_on(board.cpu_hw_id[i], i);
		if (rc)
			log_printf("vigil: CPU %#lx did not start: PSCI error %d\n",
				   (unsigned long)board.cpu_hw_id[i], rc);
		else
			while (!vcpu_cpu_is_online(i))
				;
	}
}

void vigil_main(void *dtb)
{
	uint64_t boot_ticks = arch_counter_ticks();
	/* First, before Vigil writes any of its initialised data. */
	attestation_measure_vigil(plat_rot_provider());
	read_board(dtb);
	arch_mmu_enable(&board);
	arch_irq_init(&board);
	print_board();

	start_secondary_cpus();
	banner_print_cpus_online(&board);

	if (!board.config.size) {
		log_printf("vigil: no partition config: pass it as the initrd; "
			   "no partition started\n");
		arch_cpu_park();
	}
	const struct reserved_range reserved[] = {
		{ "Vigil's image", (uintptr_t)_image_start,
		  (uint64_t)(_image_end - _image_start) },
		{ "the board DTB", dt.dtb.base, dt.dtb.size },
		{ "the partition config", board.config.base, board.config.size },
	};
	vigil_boot_partitions(&board, reserved, ARRAY_SIZE(reserved), true,
			      boot_ticks);
}

void secondary_main(unsigned int cpu)
{
	arch_mmu_enable(NULL);
	arch_irq_init(NULL);
	vcpu_cpu_online(cpu);
	vcpu_idle_loop(cpu);
}
