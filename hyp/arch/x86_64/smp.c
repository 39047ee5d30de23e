/* SPDX-License-Identifier: MIT */
/*
 * Starting the application processors (APs) after ExitBootServices.
 *
 * While boot services are up, smp_prepare takes two pages below 1 MiB from
 * the firmware (UEFI 2.10, 7.2.1 AllocatePages, AllocateMaxAddress): the
 * first gets the real-mode trampoline (ap_trampoline.S), the second the
 * struct ap_boot_data it reads. A startup IPI can only name a page below
 * 1 MiB: its 8-bit vector is the page number (AMD APM vol 2, 16.5
 * "Interprocessor Interrupts"; Intel SDM vol 3, 9.4.4).
 *
 * After Vigil has taken the machine over, smp_start starts the board's
 * other CPUs (the ACPI MADT's, by local APIC ID) one at a time, with the
 * sequence of Intel SDM vol 3, 9.4.4.1 "Typical BSP Initialization
 * Sequence": an INIT IPI, 10 ms, a startup IPI, 200 us, a second startup
 * IPI (ignored by a CPU the first one started), then it waits for the CPU
 * to report in (vcpu_cpu_online) before it rewrites the data page for the
 * next one. IPIs go through the local APIC's interrupt command register
 * (lapic.c).
 *
 * Each AP enters ap_entry on a stack of its own, loads its own GDT and TSS
 * (gdt.c), the IDT, and Vigil's page tables, reports in, and waits in the
 * generic idle loop for a partition to enter (hyp/core/vcpu.c). Until a
 * CPU has started, arch_cpu_index knows it by its local APIC ID (cpu.c).
 */
#include <stddef.h>
#include <vigil/arch.h>
#include <vigil/banner.h>
#include <vigil/log.h>
#include <vigil/string.h>
#include <vigil/vcpu.h>

#include "ap_trampoline.h"
#include "efi_boot.h"
#include "lapic.h"
#include "x86.h"
#include "x86_64.h"

/* Read by the trampoline at AP_DATA_OFFSET past its page (ap_trampoline.h). */
struct ap_boot_data {
	uint64_t cr3;
	uint64_t stack;
	uint64_t entry;
	uint32_t cpu;
};

_Static_assert(offsetof(struct ap_boot_data, cr3) == AP_DATA_CR3, "cr3");
_Static_assert(offsetof(struct ap_boot_data, stack) == AP_DATA_STACK, "stack");
_Static_assert(offsetof(struct ap_boot_data, entry) == AP_DATA_ENTRY, "entry");
_Static_assert(offsetof(struct ap_boot_data, cpu) == AP_DATA_CPU, "cpu");

extern const char x86_ap_trampoline[], x86_ap_trampoline_end[];
extern const char x86_ap_gdtr[], x86_ap_far32[], x86_ap_far64[];

/* Below it, the startup IPI's vectors A0h-BFh are not for RAM (the legacy
 * video range from A0000h); UEFI's AllocateMaxAddress takes the last byte
 * the allocation may reach. */
#define TRAMPOLINE_MAX_ADDR 0x9ffffull
#define TRAMPOLINE_PAGES 2

#define AP_STACK_SIZE 16384
#define AP_START_TIMEOUT_US 1000000

static uint8_t ap_stacks[BOARD_MAX_CPUS][AP_STACK_SIZE]
	__attribute__((aligned(16)));

/* Where the trampoline is, if smp_prepare found room for it (else only
 * the boot CPU runs). */
static uint64_t trampoline_pa;
static bool have_trampoline;

/* CR0 (APM vol 2, 3.1.1) and CR4 (3.1.3) bits an AP takes as the boot
 * CPU has them from UEFI (UEFI 2.10, 2.3.4: SSE enabled), which
 * sha256_ni.c needs on whatever CPU a quote is hashed. */
#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_NE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)

static uint64_t boot_cpu_cr4_sse;

void smp_prepare(EFI_BOOT_SERVICES *bs)
{
	EFI_PHYSICAL_ADDRESS addr = TRAMPOLINE_MAX_ADDR;
	EFI_STATUS s = bs->AllocatePages(AllocateMaxAddress, EfiLoaderData,
					 TRAMPOLINE_PAGES, &addr);
	if (EFI_ERROR(s)) {
		log_printf("vigil: x86-64: no free page below 1 MiB for the "
			   "other CPUs' start (EFI error %lu): only the boot "
			   "CPU will run\n", efi_error_code(s));
		return;
	}
	size_t size = (size_t)(x86_ap_trampoline_end - x86_ap_trampoline);
	uint8_t *page = (uint8_t *)(uintptr_t)addr;
	memset(page, 0, TRAMPOLINE_PAGES * EFI_PAGE_SIZE);
	memcpy(page, x86_ap_trampoline, size);
	/* The GDTR's base and the far pointers' offsets: page-relative in
	 * the image, absolute (below 1 MiB, so 32 bits) in the copy. */
	const size_t fixups[] = {
		(size_t)(x86_ap_gdtr - x86_ap_trampoline) + 2,
		(size_t)(x86_ap_far32 - x86_ap_trampoline),
		(size_t)(x86_ap_far64 - x86_ap_trampoline),
	};
	for (size_t i = 0; i < sizeof(fixups) / sizeof(fixups[0]); i++) {
		uint32_t v;
		memcpy(&v, page + fixups[i], sizeof(v));
		v += (uint32_t)addr;
		memcpy(page + fixups[i], &v, sizeof(v));
	}
	trampoline_pa = addr;
	have_trampoline = true;
	mmu_set_trampoline(addr);
	boot_cpu_cr4_sse = x86_read_cr4() & (CR4_OSFXSR | CR4_OSXMMEXCPT);
}

static _Noreturn void ap_entry(unsigned int cpu)
{
	gdt_init(cpu);
	idt_init();
	x86_write_cr0((x86_read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	x86_write_cr4(x86_read_cr4() | boot_cpu_cr4_sse);
	arch_mmu_enable(NULL);
	vcpu_cpu_online(cpu);
	vcpu_idle_loop(cpu);
}

static void delay_us(uint64_t us)
{
	uint64_t t0 = arch_counter_ticks();
	uint64_t ticks = arch_counter_hz() / 1000000 * us;
	while (arch_counter_ticks() - t0 < ticks)
		x86_pause();
}

/* Starts CPU cpu; true once it has reported in. */
static bool start_ap(const struct board *board, unsigned int cpu)
{
	uint32_t apic_id = (uint32_t)board->cpu_hw_id[cpu];
	volatile struct ap_boot_data *data =
		(volatile struct ap_boot_data *)(uintptr_t)(trampoline_pa +
							    AP_DATA_OFFSET);
	data->cr3 = x86_read_cr3();
	data->stack = (uint64_t)(uintptr_t)(ap_stacks[cpu] + AP_STACK_SIZE);
	data->entry = (uint64_t)(uintptr_t)ap_entry;
	data->cpu = cpu;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	uint32_t vector = (uint32_t)(trampoline_pa >> 12);
	if (lapic_send_ipi(apic_id, ICR_MODE(ICR_DELIVERY_INIT) |
				       ICR_LEVEL_ASSERT) != 0)
		return false;
	delay_us(10000);
	for (int i = 0; i < 2 && !vcpu_cpu_is_online(cpu); i++) {
		if (lapic_send_ipi(apic_id,
				   ICR_MODE(ICR_DELIVERY_STARTUP) |
					   ICR_LEVEL_ASSERT | vector) != 0)
			return false;
		delay_us(200);
	}
	uint64_t t0 = arch_counter_ticks();
	uint64_t limit = arch_counter_hz() / 1000000 * AP_START_TIMEOUT_US;
	while (!vcpu_cpu_is_online(cpu))
		if (arch_counter_ticks() - t0 > limit)
			return false;
	return true;
}

void smp_start(const struct board *board)
{
	vcpu_cpu_online(0);
	if (board->cpu_count > 1 && !have_trampoline) {
		banner_print_cpus_online(board);
		return;
	}
	if (x86_read_cr3() >> 32) {
		/* The trampoline loads CR3 in 32-bit mode. */
		log_printf("vigil: x86-64: Vigil's page tables lie above "
			   "4 GiB (%#lx), out of the AP trampoline's reach: "
			   "only the boot CPU will run\n",
			   (unsigned long)x86_read_cr3());
		banner_print_cpus_online(board);
		return;
	}
	for (unsigned int i = 1; i < board->cpu_count; i++) {
		if (start_ap(board, i))
			continue;
		/* A late AP would read the next one's stack and index from
		 * the shared data page: start no more. */
		log_printf("vigil: x86-64: CPU %u (local APIC ID %#lx) did not "
			   "report in within %u ms of its INIT and startup "
			   "IPIs; no further CPU started\n", i,
			   (unsigned long)board->cpu_hw_id[i],
			   AP_START_TIMEOUT_US / 1000);
		break;
	}
	banner_print_cpus_online(board);
}
