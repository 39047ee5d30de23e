/* SPDX-License-Identifier: MIT */
/* Functions shared inside the x86-64 port only. */
#ifndef VIGIL_X86_64_H
#define VIGIL_X86_64_H

#include <stdint.h>
#include <vigil/board.h>
#include <vigil/config.h>

/* cpu.c: the TSC's rate in Hz, as measured at entry (arch_counter_hz). */
void tsc_set_hz(uint64_t hz);

/* efi_main.c: Vigil's image as the firmware loaded it (the loaded image
 * protocol's ImageBase and ImageSize); empty until efi_main reads it. */
const struct mem_range *efi_loaded_image(void);

/* gdt.c: loads Vigil's GDT and TSS for CPU cpu (each CPU has its own, with
 * its own IST stacks) on this CPU and reloads every segment register.
 * Before idt_init, whose gates name the code segment. */
void gdt_init(unsigned int cpu);
uint16_t gdt_code_selector(void);

/* idt.c: loads the IDT whose 32 exception vectors report and stop. */
void idt_init(void);

/* mmu.c: the page-table pages Vigil's own map uses so far. */
unsigned int mmu_table_pages(void);

/* mmu.c: before arch_mmu_enable(board): the AP trampoline's code page at pa
 * is mapped read-only and executable, like Vigil's text (the page after it,
 * its data, stays writable and not executable). */
void mmu_set_trampoline(uint64_t pa);

/* cpu.c: the board's CPUs by local APIC ID, for arch_cpu_index, and the
 * local APIC ID of board CPU cpu_index. */
void x86_cpu_ids_set(const struct board *board);
uint32_t x86_cpu_apic_id(unsigned int cpu_index);

/* smp.c, after take_over: marks the boot CPU online, starts the board's
 * other CPUs (if smp_prepare found room for the trampoline), and prints
 * how many are online. */
void smp_start(const struct board *board);

#endif /* VIGIL_X86_64_H */
