/* SPDX-License-Identifier: MIT */
/*
 * Boot: read the board, turn the MMU on, bring every CPU up, then validate
 * the whole partition config, build and measure every partition, and only
 * then start them. Any error before the start leaves every partition off.
 */
#include <libfdt.h>
#include <vigil/arch.h>
#include <vigil/attestation.h>
#include <vigil/banner.h>
#include <vigil/board.h>
#include <vigil/boot.h>
#include <vigil/config.h>
#include <vigil/launch.h>
#include <vigil/launch_policy.h>
#include <vigil/log.h>
#include <vigil/monitor.h>
#include <vigil/rot.h>
#include <vigil/string.h>
#include <vigil/uart.h>
#include <vigil/vcpu.h>
#include <vigil/version.h>

void vigil_main(void *dtb);
void secondary_main(unsigned int cpu);

extern char _image_start[], _image_end[];

static struct board board;
static struct vigil_config config;
static const void *config_blob;
static uint8_t config_digest[32];

static _Noreturn void stop_boot(const char *why, int count)
{
	log_printf("vigil: %s", why);
	if (count)
		log_printf(" (%d error%s)", count, count == 1 ? "" : "s");
	log_printf("; no partition started\n");
	arch_cpu_park();
}

static void read_board(void *dtb)
{
	char err[160];
	int rc = board_parse(dtb, &board, err, sizeof(err));
	if (board.uart.size &&
	    strcmp(board.uart_compatible, uart_driver_compatible) == 0)
		uart_init(pa_init(board.uart.base));
	if (rc)
		panic("%s", err); /* printed only if the UART was found */
	if (board.psci != PSCI_CONDUIT_SMC)
		panic("board: psci method must be \"smc\": Vigil owns EL2");
	if (board_cpu_index(&board, arch_cpu_hw_id()) != 0)
		panic("board: the boot CPU (hw id %#lx) must be the first cpu node",
		      (unsigned long)arch_cpu_hw_id());
}

static void start_secondary_cpus(void)
{
	vcpu_cpu_online(0);
	for (unsigned int i = 1; i < board.cpu_count; i++) {
		int rc = arch_cpu_power_on(board.cpu_mpidr[i], i);
		if (rc)
			log_printf("vigil: CPU %#lx did not start: PSCI error %d\n",
				   (unsigned long)board.cpu_mpidr[i], rc);
		else
			while (!vcpu_cpu_is_online(i))
				;
	}
}

static void config_report(void *ctx, const char *message)
{
	(void)ctx;
	log_printf("%s\n", message);
}

static void read_config(const struct board *b,
			const struct reserved_range *reserved,
			unsigned int reserved_count)
{
	if (!b->config.size)
		stop_boot("no partition config: pass it as the initrd", 0);
	const void *blob = pa_ptr(pa_init(b->config.base));
	config_blob = blob;
	if (b->config.size < sizeof(struct fdt_header) ||
	    fdt_magic(blob) != FDT_MAGIC ||
	    fdt_totalsize(blob) > b->config.size)
		stop_boot("config: the initrd is not a device tree that fits in it",
			  1);
	const struct config_limits limits = { arch_stage2_ipa_size() };
	int errors = config_parse(blob, b, reserved, reserved_count, &limits,
				  &config, config_report, NULL);
	if (errors)
		stop_boot("config rejected", errors);
	config_measure_blob(blob, config_digest);
	char hex[65];
	monitor_digest_hex(config_digest, hex);
	log_printf("vigil: measured the config: sha256 %s\n", hex);
}

static void start_attestation(bool print_vigil_digest)
{
	const struct rot_provider *rot = plat_rot_provider();
	char hex[65];
	monitor_digest_hex(attestation_vigil_digest(), hex);
	if (print_vigil_digest)
		log_printf("vigil: measured Vigil: sha256 %s (root of trust: "
			   "%s)\n", hex, rot->name);
	if (attestation_boot(rot, &config, config_digest) != 0)
		return;
	log_printf("vigil: attestation on: DeviceID and Alias keys derived, "
		   "device secret erased\n");
	size_t len = 0;
	const uint8_t *der = attestation_device_id_cert(&len);
	banner_print_hex_block("DEVICEID", der, len);
}

_Noreturn void vigil_boot_partitions(const struct board *b,
				     const struct reserved_range *reserved,
				     unsigned int reserved_count,
				     bool print_vigil_digest,
				     uint64_t boot_ticks)
{
	read_config(b, reserved, reserved_count);
	banner_print_partitions(&config);
	start_attestation(print_vigil_digest);
	int failures = launch_build(&config);
	if (failures)
		stop_boot("stage-2 maps could not be built", failures);
	if (launch_place_and_measure(config_blob, config_digest))
		stop_boot("launch stopped", 0);

	launch_start_all(boot_ticks);
	vcpu_idle_loop(0);
}

void vigil_main(void *dtb)
{
	uint64_t boot_ticks = arch_counter_ticks();
	/* First, before Vigil writes any of its initialised data. */
	attestation_measure_vigil(plat_rot_provider());
	read_board(dtb);
	arch_mmu_enable(&board);
	arch_irq_init(&board);
	banner_print_board(&board, _image_start, _image_end);

	start_secondary_cpus();
	banner_print_cpus_online(&board);

	const struct reserved_range reserved[] = {
		{ "Vigil's image", (uintptr_t)_image_start,
		  (uint64_t)(_image_end - _image_start) },
		{ "the board DTB", board.dtb.base, board.dtb.size },
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
