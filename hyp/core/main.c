/* SPDX-License-Identifier: MIT */
/*
 * The generic boot, once the architecture's entry has read the board,
 * turned its MMU on and brought its CPUs up (hyp/arch/arm64/boot.c,
 * hyp/arch/x86_64/efi_main.c): validate the whole partition config, build
 * and measure every partition, and only then start them. Any error before
 * the start leaves every partition off.
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
#include <vigil/vcpu.h>

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
		stop_boot("no partition config", 0);
	const void *blob = pa_ptr(pa_init(b->config.base));
	config_blob = blob;
	if (b->config.size < sizeof(struct fdt_header) ||
	    fdt_magic(blob) != FDT_MAGIC ||
	    fdt_totalsize(blob) > b->config.size)
		stop_boot("config: not a device tree that fits in the bytes "
			  "the boot loader gave", 1);
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
