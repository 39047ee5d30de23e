/* SPDX-License-Identifier: MIT */
/*
 * Vigil's IDT: the 32 exception vectors, each an interrupt gate to its
 * stub in vectors.S, and the C handler those stubs call. Any exception in
 * Vigil is a bug of Vigil's, so the handler reports it on the console and
 * stops the CPU. The one event it returns from is an NMI that another CPU
 * sent as a kick (x86_nmi_kick), which it counted first. Vectors 32 and above lie past the IDT's
 * limit: Vigil enables no interrupt, and one arriving anyway raises #GP
 * with the IDT vector in its error code (8.4.1), which is reported too.
 *
 * Gate format from the AMD64 APM vol 2, 4.8.4 "Gate Descriptors" (Figure
 * "Interrupt-Gate and Trap-Gate Descriptors--Long Mode").
 */
#include <vigil/arch.h>
#include <vigil/log.h>
#include <vigil/uart.h>

#include "exception.h"
#include "lapic.h"
#include "x86.h"
#include "x86_64.h"

struct idt_gate {
	uint16_t offset_low;  /* target offset 15:0 */
	uint16_t selector;    /* the target's code segment */
	uint8_t ist;          /* bits 2:0: IST slot, 0 = the current stack */
	uint8_t attributes;   /* P, DPL, type */
	uint16_t offset_mid;  /* 31:16 */
	uint32_t offset_high; /* 63:32 */
	uint32_t reserved;
};

_Static_assert(sizeof(struct idt_gate) == 16, "long-mode gates are 16 bytes");

/* P = 1, DPL = 0, type 0xe: 64-bit interrupt gate, which clears RFLAGS.IF
 * on entry (4.8.4; 8.9, "Interrupt Gates and Trap Gates"). */
#define GATE_INTERRUPT 0x8e

struct idt_register {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const char x86_vector_stubs[] __attribute__((visibility("hidden")));

static struct idt_gate idt[X86_EXCEPTION_VECTORS] __attribute__((aligned(16)));

/* Set while one exception is being reported, to catch a second. */
static volatile int reporting;

static uint8_t vector_ist(unsigned int vector)
{
	switch (vector) {
	case 2:
		return X86_IST_NMI;
	case 8:
		return X86_IST_DF;
	case 18:
		return X86_IST_MC;
	default:
		return 0;
	}
}

/* The boot CPU fills the IDT; every CPU loads the same one. */
static bool idt_built;

void idt_init(void)
{
	uint16_t cs = gdt_code_selector();

	for (unsigned int v = 0; !idt_built && v < X86_EXCEPTION_VECTORS; v++) {
		uint64_t target = (uint64_t)(uintptr_t)x86_vector_stubs +
				  (uint64_t)v * X86_VECTOR_STUB_SIZE;
		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)target,
			.selector = cs,
			.ist = vector_ist(v),
			.attributes = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(target >> 16),
			.offset_high = (uint32_t)(target >> 32),
		};
	}
	struct idt_register idtr = {
		.limit = sizeof(idt) - 1,
		.base = (uint64_t)(uintptr_t)idt,
	};
	idt_built = true;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/* Straight to the UART, past the console lock a fault inside the log may
 * hold. */
static void put_raw(const char *s)
{
	for (; *s; s++)
		uart_putc(*s);
}

/* Kicks sent to each CPU and not yet taken by its NMI handler. NMIs sent
 * while one is pending merge into one (APM vol 2, 8.2.3), so a count can
 * outlive its NMI: it is then spent on a later one, never fatal. */
static uint32_t kicks_pending[BOARD_MAX_CPUS];

#define VECTOR_NMI 2

void x86_nmi_kick(unsigned int cpu_index, uint32_t apic_id)
{
	__atomic_fetch_add(&kicks_pending[cpu_index], 1, __ATOMIC_SEQ_CST);
	if (lapic_send_ipi(apic_id, ICR_MODE(ICR_DELIVERY_NMI)) != 0)
		panic("x86-64: the kick NMI to CPU %u (local APIC ID %#x) "
		      "was not sent within 1 ms", cpu_index, apic_id);
}

/* Takes one pending kick of this CPU's, if there is one. */
static bool take_kick(void)
{
	uint32_t *pending = &kicks_pending[arch_cpu_index()];
	uint32_t n = __atomic_load_n(pending, __ATOMIC_SEQ_CST);
	while (n) {
		if (__atomic_compare_exchange_n(pending, &n, n - 1, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
	}
	return false;
}

void x86_exception(const struct x86_exception_frame *f)
{
	if (f->vector == VECTOR_NMI && take_kick())
		return;
	if (__atomic_exchange_n(&reporting, 1, __ATOMIC_ACQ_REL)) {
		put_raw("\r\nvigil: PANIC: x86-64 exception while reporting "
			"an exception; halted\r\n");
		arch_cpu_park();
	}
	const struct mem_range *image = efi_loaded_image();
	char report[256];
	x86_exception_report(report, sizeof(report), f, x86_read_cr2(),
			     image->base, image->size);
	panic("%s", report);
}
