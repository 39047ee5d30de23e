/* SPDX-License-Identifier: MIT */
/*
 * x86-64 entry: Vigil as a UEFI application (GNU-EFI's crt0 relocates the
 * image and calls efi_main). It reads the machine while boot services are
 * up (CPUs from the ACPI MADT, the memory map, SVM support, Vigil's own
 * file for its measurement, the partition config from the ESP, the device
 * secret from QEMU's fw_cfg), reserves the memory the config gives
 * partitions, reads the guest images the config names from the ESP into
 * memory of Vigil's own, leaves boot services,
 * takes the machine over with its own GDT, IDT and page tables, starts
 * the other CPUs (smp.c), and runs the generic boot (hyp/core/main.c): validate, build, measure, start.
 */
#include <libfdt.h>
#include <vigil/arch.h>
#include <vigil/attestation.h>
#include <vigil/boot.h>
#include <vigil/config.h>
#include <vigil/format.h>
#include <vigil/log.h>
#include <vigil/monitor.h>
#include <vigil/rot.h>
#include <vigil/string.h>
#include <vigil/uart.h>
#include <vigil/version.h>

#include "acpi.h"
#include "boot_files.h"
#include "efi_boot.h"
#include "efi_self.h"
#include "fw_cfg.h"
#include "svm_detect.h"
#include "x86_64.h"
#include "x86_plat.h"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* The TSC is measured over this many microseconds of UEFI Stall (7.5.2). */
#define TSC_CALIBRATION_US 10000

/* A PC has no device tree: x86-64 fills the board's memory from the UEFI
 * map, its CPUs (by local APIC ID) from the MADT, its config and files
 * from the ESP (boot_files.c); the console comes from the platform. */
static struct board board;
static struct mem_range loaded_image;

const struct mem_range *efi_loaded_image(void)
{
	return &loaded_image;
}

static _Noreturn void stop_boot(const char *why)
{
	log_printf("vigil: %s; no partition started\n", why);
	arch_cpu_park();
}

void *efi_config_table(EFI_SYSTEM_TABLE *st, const EFI_GUID *guid)
{
	for (UINTN i = 0; i < st->NumberOfTableEntries; i++)
		if (memcmp(&st->ConfigurationTable[i].VendorGuid, guid,
			   sizeof(*guid)) == 0)
			return st->ConfigurationTable[i].VendorTable;
	return NULL;
}

static void calibrate_tsc(EFI_BOOT_SERVICES *bs)
{
	uint64_t t0 = arch_counter_ticks();
	bs->Stall(TSC_CALIBRATION_US);
	uint64_t t1 = arch_counter_ticks();
	tsc_set_hz((t1 - t0) * (1000000 / TSC_CALIBRATION_US));
}

static uint64_t us_since(uint64_t ticks)
{
	uint64_t hz = arch_counter_hz();
	return hz ? (arch_counter_ticks() - ticks) * 1000000 / hz : 0;
}

static void print_range(const char *what, uint64_t base, uint64_t size,
			const char *note)
{
	log_printf("  %-10s %#012lx-%#012lx (%lu KiB) %s\n", what,
		   (unsigned long)base, (unsigned long)(base + size - 1),
		   (unsigned long)(size >> 10), note);
}

/* The CPUs the firmware describes in the ACPI MADT, by local APIC ID. */
static void print_cpus(EFI_SYSTEM_TABLE *st)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	const void *rsdp = efi_config_table(st, &acpi20);
	if (!rsdp)
		rsdp = efi_config_table(st, &acpi10);
	struct acpi_cpus cpus;
	char err[120];
	if (acpi_read_cpus(rsdp, &cpus, err, sizeof(err)) != 0)
		stop_boot(err);
	log_printf("  cpus       %u:", cpus.count);
	for (unsigned int i = 0; i < cpus.count; i++)
		log_printf(" %#x", cpus.apic_id[i]);
	log_printf(" (boot cpu %#lx), local APIC IDs from the ACPI MADT\n",
		   (unsigned long)arch_cpu_hw_id());
	if (cpus.disabled)
		log_printf("  cpus       %u more listed but not enabled\n",
			   cpus.disabled);
	/* Generic code knows CPUs by their index on the board, and the boot
	 * CPU as index 0. */
	if (cpus.count == 0 || cpus.apic_id[0] != arch_cpu_hw_id())
		stop_boot("the boot CPU must be the first CPU of the MADT");
	board.cpu_count = cpus.count < BOARD_MAX_CPUS ? cpus.count
						      : BOARD_MAX_CPUS;
	for (unsigned int i = 0; i < board.cpu_count; i++)
		board.cpu_hw_id[i] = cpus.apic_id[i];
	x86_cpu_ids_set(&board);
}

static void print_memory(EFI_SYSTEM_TABLE *st, EFI_HANDLE image)
{
	struct efi_memory_summary sum;
	char err[120];
	if (efi_memmap_read(st->BootServices, &sum, err, sizeof(err)) != 0)
		stop_boot(err);
	log_printf("  memory     %lu KiB conventional in %u ranges (UEFI memory "
		   "map, %u descriptors)\n",
		   (unsigned long)(sum.conventional_bytes >> 10),
		   sum.conventional_ranges, sum.descriptors);
	EFI_GUID loaded_image_id = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li;
	if (!EFI_ERROR(st->BootServices->HandleProtocol(image, &loaded_image_id,
							(void **)&li))) {
		loaded_image = (struct mem_range){ (uintptr_t)li->ImageBase,
						   li->ImageSize };
		print_range("vigil", loaded_image.base, loaded_image.size,
			    "as loaded by UEFI");
	}
}

static void check_svm(void)
{
	struct svm_support svm;
	char why[200];
	svm_detect(&svm);
	if (!svm_usable(&svm, why, sizeof(why))) {
		char msg[260];
		format(msg, sizeof(msg), "SVM with nested paging is required: %s",
		       why);
		log_printf("  svm        not usable\n");
		stop_boot(msg);
	}
	log_printf("  svm        available: SVM revision %u, nested paging, "
		   "%u ASIDs\n", svm.revision, svm.asids);
}

static void measure_vigil(EFI_HANDLE image, EFI_BOOT_SERVICES *bs)
{
	char err[160];
	if (efi_self_read(image, bs, err, sizeof(err)) != 0) {
		char msg[200];
		format(msg, sizeof(msg), "cannot measure Vigil: %s", err);
		stop_boot(msg);
	}
	const struct rot_provider *rot = plat_rot_provider();
	attestation_measure_vigil(rot);
	char hex[65];
	monitor_digest_hex(attestation_vigil_digest(), hex);
	const struct efi_self_file *f = efi_self_file();
	log_printf("vigil: measured Vigil: sha256 %s (%s, %lu bytes; root of "
		   "trust: %s)\n", hex, f->path, (unsigned long)f->size,
		   rot->name);
}

static struct reserved_range vigil_reserved[2];

/* What no partition may have: Vigil's image and its config. (Everything
 * else the firmware or Vigil allocated is kept from partitions by
 * reserve_partition_memory.) */
static unsigned int reserved_ranges(void)
{
	vigil_reserved[0] = (struct reserved_range){
		"Vigil's image", loaded_image.base, loaded_image.size };
	vigil_reserved[1] = (struct reserved_range){
		"the partition config", board.config.base, board.config.size };
	return 2;
}

static void silent(void *ctx, const char *message)
{
	(void)message;
	(*(int *)ctx)++;
}

/* Takes [base, base + size) from the firmware's free memory for good. */
static void allocate_at(EFI_BOOT_SERVICES *bs, const char *partition,
			const char *what, uint64_t base, uint64_t size)
{
	EFI_PHYSICAL_ADDRESS addr = base & ~(uint64_t)(EFI_PAGE_SIZE - 1);
	UINTN pages = EFI_SIZE_TO_PAGES(base + size - addr);
	EFI_STATUS s = bs->AllocatePages(AllocateAddress, EfiLoaderData, pages,
					 &addr);
	if (!EFI_ERROR(s))
		return;
	char msg[240];
	format(msg, sizeof(msg), "partition '%s': %s %#lx-%#lx is not free "
	       "memory in the UEFI memory map (EFI error %lu): the firmware "
	       "owns it", partition, what, (unsigned long)base,
	       (unsigned long)(base + size - 1), efi_error_code(s));
	stop_boot(msg);
}

/*
 * While boot services are up, the firmware still hands out memory: every
 * host range the config gives a partition, and where the boot loader left
 * its image (QEMU's -device loader, which the firmware does not know of),
 * is allocated here at its address (UEFI 2.10 7.2.1 AllocatePages,
 * AllocateAddress), so that nothing the firmware or Vigil holds (its
 * stack, tables, pools) lies there, and nothing allocated later can be
 * put there. The config is validated here as after ExitBootServices, with
 * its errors reported there; only its ranges are taken now.
 */
static void reserve_partition_memory(EFI_BOOT_SERVICES *bs)
{
	static struct vigil_config config;
	char err[120];
	if (efi_memmap_ram(&board, err, sizeof(err)) != 0)
		stop_boot(err);
	const void *blob = (const void *)(uintptr_t)board.config.base;
	if (board.config.size < sizeof(struct fdt_header) ||
	    fdt_magic(blob) != FDT_MAGIC ||
	    fdt_totalsize(blob) > board.config.size)
		return; /* reported after ExitBootServices */
	const struct config_limits limits = { arch_stage2_ipa_size() };
	int errors = 0;
	if (config_parse(blob, &board, vigil_reserved, reserved_ranges(),
			 &limits, &config, silent, &errors) != 0)
		return; /* reported after ExitBootServices */
	for (unsigned int i = 0; i < config.count; i++) {
		const struct partition_config *p = &config.part[i];
		for (unsigned int m = 0; m < p->mem_count; m++)
			allocate_at(bs, p->name, "vigil,static-mem host range",
				    p->mem[m].pa.pa, p->mem[m].size);
		/* A module given by reg is where a loader left it; one from
		 * a file is read later, into pages of Vigil's own. */
		if (!p->image_from_file)
			allocate_at(bs, p->name, "the kernel module",
				    p->image_pa.pa, p->image_size);
		if (p->signature_size && !p->signature_from_file)
			allocate_at(bs, p->name, "the image signature",
				    p->signature_pa.pa, p->signature_size);
	}
}

/*
 * The firmware's descriptor tables and page tables lie in boot services
 * memory, which is no longer the firmware's: Vigil loads its own. The GDT
 * and IDT come first, so that a fault while the map is built reports
 * itself.
 */
static void take_over(void)
{
	char err[120];

	gdt_init(0);
	idt_init();
	if (efi_memmap_ram(&board, err, sizeof(err)) != 0)
		stop_boot(err);
	arch_mmu_enable(&board);
	log_printf("vigil: x86-64: own GDT, IDT and page tables loaded (%u "
		   "table pages)\n", mmu_table_pages());
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	uint64_t entry_ticks = arch_counter_ticks();
	EFI_BOOT_SERVICES *bs = st->BootServices;
	uart_init(plat_console_uart());
	/* The boot manager arms a 5-minute watchdog for each boot option
	 * (7.5.1); Vigil does not hand control back, so it disarms it. */
	bs->SetWatchdogTimer(0, 0, 0, NULL);
	calibrate_tsc(bs);

	log_printf("\nVigil %s (%s, %s) as a UEFI application\n", VIGIL_VERSION,
		   VIGIL_PLATFORM, arch_name);
	print_cpus(st);
	print_memory(st, image);
	log_printf("  tsc        %lu MHz (measured against UEFI Stall)\n",
		   (unsigned long)(arch_counter_hz() / 1000000));
	check_svm();
	measure_vigil(image, bs);
	char files_err[300];
	if (boot_files_read_config(image, bs, &board, files_err,
				   sizeof(files_err)) != 0 ||
	    boot_files_find(&board, files_err, sizeof(files_err)) != 0)
		stop_boot(files_err);
	/* The device secret, while only Vigil runs (the board's rot.c keeps
	 * it until attestation takes it). */
	plat_rot_read_fw_cfg();
	reserve_partition_memory(bs);
	if (boot_files_read_all(bs, &board, files_err, sizeof(files_err)) != 0)
		stop_boot(files_err);
	/* After the partitions' ranges, so that they come first. */
	smp_prepare(bs);

	char err[120];
	if (efi_exit_boot_services(image, bs, err, sizeof(err)) != 0)
		stop_boot(err);
	log_printf("vigil: left UEFI boot services, %lu us after entry\n",
		   (unsigned long)us_since(entry_ticks));
	take_over();
	smp_start(&board);
	/* Vigil's digest is printed above, with its file. */
	vigil_boot_partitions(&board, vigil_reserved, reserved_ranges(), false,
			      entry_ticks);
}
