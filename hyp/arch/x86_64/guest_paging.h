/* SPDX-License-Identifier: MIT */
/*
 * Translating a guest's linear address to a guest-physical one by walking
 * the guest's own page tables, as the CPU would, so that Vigil can fetch
 * the instruction at the guest's RIP (insn_decode.h). Guest memory is read
 * only through the caller's callback, which refuses whatever lies outside
 * the partition. Pure C, no globals: the host unit tests build this file
 * as it is.
 *
 * Only what a fetch needs is checked: the present bit of every entry. No
 * permission, reserved-bit or accessed/dirty handling: the guest has
 * already executed the instruction up to its fault, so its own walk
 * succeeded. References are to the AMD64 Architecture Programmer's
 * Manual, volume 2 (publication 24593), chapter 5 "Page Translation and
 * Protection".
 */
#ifndef VIGIL_X86_64_GUEST_PAGING_H
#define VIGIL_X86_64_GUEST_PAGING_H

#include <stddef.h>
#include <stdint.h>

/* The guest's registers that choose the paging mode (the VMCB's copies). */
struct x86_guest_paging {
	uint64_t cr0, cr3, cr4, efer;
};

/*
 * Reads len bytes of guest-physical memory at gpa into buf. Returns 0, or
 * a negative value if any of it is not the partition's memory.
 */
typedef int (*x86_guest_read_fn)(void *ctx, uint64_t gpa, void *buf,
				 size_t len);

/* Why a translation failed: x86_guest_translate's negative results. */
enum x86_paging_error {
	X86_PAGING_NOT_PRESENT = -1,  /* an entry on the way has P = 0 */
	X86_PAGING_READ_FAILED = -2,  /* the callback refused a table read */
	X86_PAGING_UNSUPPORTED = -3,  /* 5-level paging, or long mode with
					 paging off (not a state a CPU has) */
	X86_PAGING_NON_CANONICAL = -4, /* long mode, bits 63:47 not all equal */
};

/*
 * Translates linear to a guest-physical address in *gpa. The mode comes
 * from the registers: CR0.PG = 0, no paging (outside long mode the
 * address is 32 bits); CR4.PAE = 0, 32-bit paging with 4 MiB pages under
 * CR4.PSE; EFER.LMA = 0, PAE paging; otherwise 4-level long-mode paging.
 * Returns 0, or a negative enum x86_paging_error.
 */
int x86_guest_translate(const struct x86_guest_paging *paging,
			uint64_t linear, x86_guest_read_fn read, void *ctx,
			uint64_t *gpa);

/* A phrase for a log line, for a result of x86_guest_translate. */
const char *x86_guest_paging_error(int err);

/*
 * Reads up to len bytes of instruction at linear into buf, translating
 * each 4 KiB page on its own (an instruction may straddle two pages that
 * are not adjacent in guest-physical memory). Returns how many bytes were
 * read: len, fewer if a later page does not translate or cannot be read,
 * 0 if the first byte cannot be. The decoder then says whether what there
 * is was enough.
 */
unsigned int x86_guest_fetch(const struct x86_guest_paging *paging,
			     uint64_t linear, uint8_t *buf, unsigned int len,
			     x86_guest_read_fn read, void *ctx);

#endif /* VIGIL_X86_64_GUEST_PAGING_H */
