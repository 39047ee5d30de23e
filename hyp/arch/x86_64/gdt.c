/* SPDX-License-Identifier: MIT */
/*
 * Vigil's own GDT, replacing the firmware's after ExitBootServices: a
 * 64-bit code segment, a data segment and a 64-bit TSS, whose interrupt
 * stack table gives #DF, NMI and #MC stacks of their own. Formats from the
 * AMD64 APM vol 2: 4.8.1 "Code-Segment Descriptors", 4.8.2 "Data-Segment
 * Descriptors" and 4.8.3 "System Descriptors" (long mode), 12.2.5 "64-Bit
 * Task State Segment".
 *
 * Each CPU has a GDT, a TSS and IST stacks of its own (smp.c starts the
 * others): a TSS descriptor is marked busy by LTR, so no two CPUs can load
 * the same one.
 */
#include <stddef.h>
#include <vigil/board.h>
#include <vigil/log.h>
#include <vigil/string.h>

#include "exception.h"
#include "x86_64.h"

/* Descriptor bits (4.8.1, 4.8.2; Figures "Code-Segment Descriptor--Long
 * Mode" and "Data-Segment Descriptor--Long Mode"). In 64-bit mode base and
 * limit are ignored; of the attributes only these count. */
#define DESC_A (1ull << 40)    /* accessed: preset, so the CPU need not write */
#define DESC_RW (1ull << 41)   /* code: readable; data: writable */
#define DESC_CODE (1ull << 43) /* type bit 3: a code segment */
#define DESC_S (1ull << 44)    /* 1: code or data, 0: system */
#define DESC_P (1ull << 47)    /* present */
#define DESC_L (1ull << 53)    /* code: 64-bit mode (D, bit 54, must be 0) */

#define GDT_CODE_DESC (DESC_A | DESC_RW | DESC_CODE | DESC_S | DESC_P | DESC_L)
#define GDT_DATA_DESC (DESC_A | DESC_RW | DESC_S | DESC_P)

/* The 16-byte TSS descriptor (4.8.3, Figure "System-Segment Descriptor--
 * Long Mode"): type 9 is an available 64-bit TSS (Table "System-Segment
 * Descriptor Types--Long Mode"); the CPU makes it 0xb, busy, on LTR. */
#define TSS_TYPE_AVAILABLE 0x9ull
#define TSS_DESC_TYPE_SHIFT 40

enum gdt_slot {
	GDT_NULL,
	GDT_CODE,
	GDT_DATA,
	GDT_TSS,     /* two slots: a system descriptor is 16 bytes */
	GDT_TSS_HIGH,
	GDT_SLOTS,
};

#define SELECTOR(slot) ((uint16_t)((slot) * 8)) /* TI = 0, RPL = 0 */

/* 12.2.5, Figure "Long Mode TSS Format". */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3]; /* stacks for CPL 0-2: unused, Vigil has no CPL 3 */
	uint64_t reserved1;
	uint64_t ist[7]; /* IST1-IST7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iopb_offset;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 0x68, "the 64-bit TSS is 104 bytes");
_Static_assert(offsetof(struct tss64, ist) == 0x24, "IST1 at offset 24h");
_Static_assert(offsetof(struct tss64, iopb_offset) == 0x66,
	       "I/O map base at offset 66h");

#define IST_STACK_SIZE 8192

struct descriptor_table_register {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

struct cpu_tables {
	uint64_t gdt[GDT_SLOTS] __attribute__((aligned(16)));
	struct tss64 tss __attribute__((aligned(16)));
	/* Indexed by IST slot - 1. */
	uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
};

static struct cpu_tables cpu_tables[BOARD_MAX_CPUS];

static void tss_descriptor(uint64_t base, uint32_t limit, uint64_t out[2])
{
	out[0] = (limit & 0xffffull) | (base & 0xffffffull) << 16 |
		 TSS_TYPE_AVAILABLE << TSS_DESC_TYPE_SHIFT | DESC_P |
		 (uint64_t)(limit >> 16 & 0xf) << 48 |
		 (base >> 24 & 0xff) << 56;
	out[1] = base >> 32; /* the upper half's type field stays 0 */
}

static void set_ist(struct cpu_tables *t, unsigned int slot)
{
	t->tss.ist[slot - 1] = (uint64_t)(uintptr_t)(t->ist_stacks[slot - 1] +
						     IST_STACK_SIZE);
}

/* Loads CS through a far return (MOV cannot), then the data segments. */
static void reload_segments(void)
{
	__asm__ volatile("pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %[ds], %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs"
			 :
			 : [cs] "i"(SELECTOR(GDT_CODE)),
			   [ds] "i"(SELECTOR(GDT_DATA))
			 : "rax", "memory");
}

void gdt_init(unsigned int cpu)
{
	if (cpu >= BOARD_MAX_CPUS)
		panic("x86-64: no GDT for CPU %u", cpu);
	struct cpu_tables *t = &cpu_tables[cpu];
	struct descriptor_table_register gdtr = {
		.limit = sizeof(t->gdt) - 1,
		.base = (uint64_t)(uintptr_t)t->gdt,
	};

	memset(&t->tss, 0, sizeof(t->tss));
	set_ist(t, X86_IST_DF);
	set_ist(t, X86_IST_NMI);
	set_ist(t, X86_IST_MC);
	/* At or past the TSS limit: no I/O permission bitmap (12.2.5). */
	t->tss.iopb_offset = sizeof(t->tss);

	t->gdt[GDT_NULL] = 0;
	t->gdt[GDT_CODE] = GDT_CODE_DESC;
	t->gdt[GDT_DATA] = GDT_DATA_DESC;
	tss_descriptor((uint64_t)(uintptr_t)&t->tss, sizeof(t->tss) - 1,
		       &t->gdt[GDT_TSS]);

	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	reload_segments();
	__asm__ volatile("ltr %w0" : : "r"(SELECTOR(GDT_TSS)) : "memory");
}

uint16_t gdt_code_selector(void)
{
	return SELECTOR(GDT_CODE);
}
