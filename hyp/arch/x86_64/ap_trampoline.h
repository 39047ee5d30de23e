/* SPDX-License-Identifier: MIT */
/*
 * Shared by ap_trampoline.S and smp.c: the AP start page's layout and the
 * bits the trampoline sets (AMD APM vol 2: CR0 3.1.1, CR4 3.1.3, EFER
 * 3.1.7).
 */
#ifndef VIGIL_AP_TRAMPOLINE_H
#define VIGIL_AP_TRAMPOLINE_H

/* The trampoline's own GDT's selectors. */
#define AP_SEL_CODE32 0x08
#define AP_SEL_DATA32 0x10
#define AP_SEL_CODE64 0x18

#define AP_CR0_WP (1 << 16)
#define AP_CR0_NW (1 << 29)
#define AP_CR0_CD (1 << 30)
#define AP_CR0_PG (1 << 31)
#define AP_CR4_PAE (1 << 5)
#define AP_MSR_EFER 0xc0000080
#define AP_EFER_LME (1 << 8)
#define AP_EFER_NXE (1 << 11)

/* struct ap_boot_data (smp.c) lies at the code page + AP_DATA_OFFSET. */
#define AP_DATA_OFFSET 4096
#define AP_DATA_CR3 0
#define AP_DATA_STACK 8
#define AP_DATA_ENTRY 16
#define AP_DATA_CPU 24

#endif /* VIGIL_AP_TRAMPOLINE_H */
