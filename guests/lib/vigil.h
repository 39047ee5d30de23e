/* SPDX-License-Identifier: MIT */
/*
 * The guest library: what a bare-metal Vigil guest needs to talk to Vigil
 * (hypercalls), print (guest_printf) and wait (delay_ms).
 *
 * A pointer's value is its guest-physical address, so buffers are passed
 * to Vigil as they are: on ARM64 a guest runs at EL1 with its MMU off; on
 * x86-64 in long mode at CPL 0, its memory identity-mapped by start.S.
 *
 * A guest's own sources (not this library) are compiled with GUEST_BASE and
 * GUEST_MEM_SIZE defined (mk/guests.mk): its memory is
 * [GUEST_BASE, GUEST_BASE + GUEST_MEM_SIZE) and nothing else is mapped.
 *
 * The per-architecture parts are under arch/<arch>/ (start.S, smp.c,
 * arch.h, guest.ld). On ARM64, main() gets no argument. On x86-64 a guest
 * starts as Xen's PVH boot starts one (arch/x86_64/start.S) and main()
 * gets the guest-physical address of the struct hvm_start_info (Xen's
 * public arch-x86/hvm/start_info.h) as its first argument, which
 * int main(void) may ignore.
 */
#ifndef GUEST_VIGIL_H
#define GUEST_VIGIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>
#include <vigil/hypercall.h>

/* hypercall.c: the raw call and one wrapper per hypercall. */
long vigil_hypercall(unsigned long nr, unsigned long a0, unsigned long a1,
		     unsigned long a2, unsigned long a3, unsigned long a4);
/* The same, also giving x1 (the size needed after -VIGIL_ENOSPC). */
long vigil_hypercall_x1(unsigned long nr, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4,
			unsigned long *x1_out);
long vigil_version(void);
long vigil_console_write(const void *buf, unsigned long len);
_Noreturn void vigil_halt(void);

/*
 * printf.c: %d %i %u %x %X %p %s %c %%, a width, the '0' and '-' flags and
 * the l, ll and z length modifiers. Output is sent one line per console
 * write; a line longer than VIGIL_CONSOLE_WRITE_MAX goes out in pieces.
 */
int guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int guest_vprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
/* Sends a partial line now rather than at its '\n'. */
void guest_flush(void);

/*
 * timer.c: a free-running count and its frequency in Hz. ARM64: the generic
 * timer's virtual count. x86-64: the TSC, its frequency from Vigil's CPUID
 * leaf (arch/x86_64/arch.h); 0 when not run under Vigil, and then
 * delay_ms does not wait.
 */
uint64_t timer_count(void);
uint64_t timer_frequency(void);
void delay_ms(unsigned int ms);

/*
 * arch/<arch>/smp.c: the partition's other vCPUs. ARM64: through PSCI over
 * HVC #0 (DEN0022); a vCPU's MPIDR is its index in the partition (0 = the
 * one Vigil starts). x86-64: through VIGIL_HC_VCPU_START, _STATE and _OFF;
 * the index is the vCPU's initial local APIC ID (CPUID 1 EBX[31:24]).
 */
#define GUEST_MAX_VCPUS 4
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
unsigned int guest_vcpu_index(void);
/* Starts vCPU vcpu running fn(vcpu) on a stack of its own; when fn
 * returns, the vCPU turns itself off. Returns 0 when done; else the PSCI
 * result on ARM64, a -VIGIL_E* value on x86-64. */
long guest_cpu_on(unsigned int vcpu, void (*fn)(unsigned int vcpu));
/* PSCI AFFINITY_INFO of vCPU vcpu: PSCI_AFFINITY_ON, _OFF, 2 (pending). */
long guest_cpu_state(unsigned int vcpu);
#if defined(__aarch64__)
/* The raw PSCI call: function ID and three arguments, result in x0. */
long guest_psci(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
#endif

/* sha256.c: SHA-256 of len bytes (FIPS 180-4). */
void sha256(const void *data, size_t len, uint8_t digest[32]);

/*
 * attest.c: the attestation hypercalls (include/vigil/attest.h). Each
 * returns the hypercall's result; on -VIGIL_ENOSPC, *needed (if not NULL)
 * gets the size Vigil asked for.
 */
long vigil_vpcr_extend(unsigned int index, const uint8_t digest[32],
		       const void *event, unsigned long event_len);
long vigil_vpcr_read(unsigned int index, uint8_t out[32]);
long vigil_attest_quote(const void *nonce, unsigned long nonce_len,
			uint32_t mask, void *out, unsigned long size,
			unsigned long *needed);
long vigil_attest_certs(void *out, unsigned long size, unsigned long *needed);
long vigil_attest_event_log(void *out, unsigned long size,
			    unsigned long *needed);
/* console_read: bytes waiting for this partition (0 if none; never waits). */
long vigil_console_read(void *out, unsigned long size);

/*
 * seal.c: VIGIL_HC_SEAL_KEY. Writes the partition's 32-byte sealing key
 * for policy (VIGIL_SEAL_DIGEST or VIGIL_SEAL_SIGNER) and label (at most
 * VIGIL_SEAL_LABEL_MAX bytes) into key; returns 32 or the hypercall's
 * error (-VIGIL_EPERM: SIGNER, but no signer verified this image).
 * AES-256-GCM to seal with is in aead.h.
 */
long vigil_seal_key(uint32_t policy, const void *label, unsigned long len,
		    uint8_t key[VIGIL_SEAL_KEY_SIZE]);

#endif /* GUEST_VIGIL_H */
