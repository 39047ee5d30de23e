/* SPDX-License-Identifier: MIT */
/*
 * x86-64 long-mode page-translation-table entry bits, 4-level paging
 * (CR4.LA57 = 0), for Vigil's own tables and the nested (SVM) tables.
 * Usable from C and assembly.
 *
 * References are to the AMD64 Architecture Programmer's Manual, volume 2
 * (System Programming): 5.3 "Long-Mode Page Translation" (5.3.3-5.3.5 give
 * the PML4E, PDPE, PDE and PTE formats for 4 KiB, 2 MiB and 1 GiB pages),
 * 5.4.1 "Field Definitions", 7.8 "Page-Attribute Table Mechanism" and 15.25
 * "Nested Paging".
 *
 * Vigil's level numbering (vigil/pagetable.h) against the APM's tables:
 * level 0 = PML4 (512 GiB an entry), level 1 = PDP (1 GiB), level 2 = PD
 * (2 MiB), level 3 = PT (4 KiB pages).
 */
#ifndef VIGIL_X86_64_PTE_BITS_H
#define VIGIL_X86_64_PTE_BITS_H

#ifdef __ASSEMBLER__
#define PTE_U64(x) x
#else
#define PTE_U64(x) x##ULL
#endif

/* P, bit 0: the entry translates; with P = 0 every other bit is free for
 * software and the access faults (5.4.1 "Present (P) Bit"). */
#define PTE_P PTE_U64(0x1)

/* R/W, bit 1: 0 = read-only, 1 = read/write, for everything the entry
 * maps; supervisor writes obey it only with CR0.WP = 1 (5.4.1
 * "Read/Write (R/W) Bit", 5.6 "Page-Protection Checks"). */
#define PTE_RW PTE_U64(0x2)

/* U/S, bit 2: 0 = supervisor only, 1 = user too (5.4.1 "User/Supervisor
 * (U/S) Bit"). Nested walks and the guest's accesses through the nested
 * tables are checked as user accesses (15.25.5 "Nested Table Walk"), so
 * every nested entry has U/S = 1. */
#define PTE_US PTE_U64(0x4)

/* PWT, bit 3, and PCD, bit 4: with the PAT bit they form the 3-bit index
 * of the PAT entry giving the page's memory type (5.4.1 "Page-Level
 * Writethrough (PWT) Bit", "Page-Level Cache Disable (PCD) Bit"; 7.8.2
 * "PAT Indexing"). */
#define PTE_PWT PTE_U64(0x8)
#define PTE_PCD PTE_U64(0x10)

/* A, bit 5: set by the processor on the first access through the entry;
 * D, bit 6, leaves only: set on the first write (5.4.1 "Accessed (A) Bit",
 * "Dirty (D) Bit"). Vigil sets both up front (D only where writing is
 * allowed), so the walker never has to write back into the tables. */
#define PTE_A PTE_U64(0x20)
#define PTE_D PTE_U64(0x40)

/* PS, bit 7, in a PDPE (level 1) or PDE (level 2): 1 = this entry maps a
 * 1 GiB or 2 MiB page itself, 0 = it points to the next table (5.4.1
 * "Page Size (PS) Bit"; 5.3.4, 5.3.5). In a PML4E bit 7 is reserved and
 * must be zero (5.3.3); in a PTE it is the PAT bit instead. 1 GiB pages
 * need CPUID Fn8000_0001 EDX[26] (Page1GB) (5.3.5). */
#define PTE_PS PTE_U64(0x80)

/* The physical address of the next table or of the page, bits 51:12
 * (5.3.3, Figures 5-18 to 5-21; 5.4.1 "Physical-Page Base Address").
 * A 2 MiB or 1 GiB page has its address in bits 51:21 or 51:30 and the
 * PAT bit at bit 12 (5.3.4, 5.3.5); Vigil never sets that PAT bit, so the
 * one mask serves every level. */
#define PTE_ADDR_MASK PTE_U64(0x000ffffffffff000)

/* NX, bit 63: no instruction fetch from the page. Reserved (a #PF with
 * RSV set) unless EFER.NXE = 1, which Vigil sets before loading its
 * tables (5.4.1 "No Execute (NX) Bit"; 3.1.7 "Extended Feature Enable
 * Register (EFER)"). */
#define PTE_NX PTE_U64(0x8000000000000000)

/*
 * Memory types through the PAT (7.8.1 "PAT Register", 7.8.2): the index
 * is PAT:PCD:PWT. Vigil keeps the PAT at its reset value, whose entry 0
 * (PAT = PCD = PWT = 0) is WB, write-back, and entry 3 (PCD = PWT = 1) is
 * UC, uncacheable. For the nested tables the host's type from this index
 * is combined with the guest's own PAT type (15.25.8 "Combining Memory
 * Types, MTRRs"): WB leaves the guest's choice, UC forces uncacheable.
 */
#define PTE_MEM_WB PTE_U64(0)
#define PTE_MEM_UC (PTE_PCD | PTE_PWT)

/* The PAT MSR (0000_0277h) at reset: PA0 = WB (6), PA1 = WT (4),
 * PA2 = UC- (7), PA3 = UC (0), and again for PA4-PA7 (7.8.1, "PAT
 * Register", the reset value 0007_0406_0007_0406h). */
#define MSR_PAT 0x277
#define PAT_RESET_VALUE PTE_U64(0x0007040600070406)

#endif /* VIGIL_X86_64_PTE_BITS_H */
