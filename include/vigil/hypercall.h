/* SPDX-License-Identifier: MIT */
/*
 * Vigil guest ABI: the one header that Vigil, its guests and host tools share.
 * It includes nothing of Vigil's and needs only a C11 compiler.
 *
 * Calling convention (the same as Xen's on each architecture):
 *
 *   ARM64   HVC #0xEA1 from EL1. Hypercall number in x16, arguments in
 *           x0..x4, result in x0. Other registers are preserved.
 *   x86-64  VMMCALL. Hypercall number in RAX, arguments in RDI, RSI, RDX,
 *           R10, R8, result in RAX (Xen's x86-64 order). Where ARM64 gives
 *           a second result in x1 (the size needed), x86-64 gives it in
 *           RSI. Other registers are preserved.
 *
 * A result >= 0 is success. A negative result is minus a Xen errno value
 * (xen/errno.h, mirrored below); Vigil logs the refusal once and carries on.
 * When a result is -VIGIL_ENOSPC (an output buffer too small), x1 (RSI on
 * x86-64) holds the size needed; otherwise it is preserved.
 *
 * Addresses are guest-physical. A buffer must lie wholly inside one of the
 * caller's memory ranges (else -VIGIL_EFAULT); Vigil reads each input once.
 * An output buffer of size 0 is not checked: it only asks for the size.
 */
#ifndef VIGIL_HYPERCALL_H
#define VIGIL_HYPERCALL_H

#define VIGIL_ABI_VERSION_MAJOR 0
#define VIGIL_ABI_VERSION_MINOR 1

/* The immediate of the HVC instruction, XEN_HYPERCALL_TAG in xen/arch-arm.h. */
#define VIGIL_HVC_IMM 0xEA1

/*
 * Hypercall numbers.
 *
 * VIGIL_HC_VERSION        () -> (major << 16) | minor
 * VIGIL_HC_CONSOLE_WRITE  (buf, len) -> bytes written
 *                         buf: guest-physical address, wholly inside the
 *                         caller's memory (else -EFAULT); len <= 
 *                         VIGIL_CONSOLE_WRITE_MAX (else -EINVAL). Output is
 *                         printed in whole lines prefixed with the
 *                         partition's name.
 * VIGIL_HC_HALT           () -> does not return; the partition stops.
 * VIGIL_HC_CONSOLE_READ   (buf, size) -> bytes read, 0 if none waiting.
 *                         Never waits. Console input goes to one partition
 *                         at a time, the first in the config at boot; the
 *                         key VIGIL_CONSOLE_SWITCH_KEY (Ctrl-]) passes it
 *                         to the next.
 *
 * Attestation (formats in attest.h; -VIGIL_ENODEV if the device has no
 * root of trust):
 * VIGIL_HC_VPCR_EXTEND    (index, digest, event, event_len) -> 0
 *                         digest: 32 bytes; event: event_len <=
 *                         VIGIL_EVENT_DATA_MAX bytes logged with it.
 *                         -EPERM for vPCRs 0-7 (Vigil's), -EINVAL for an
 *                         index >= 24 or a longer event, -ENOSPC if the
 *                         event log is full (nothing extended).
 * VIGIL_HC_VPCR_READ      (index, out) -> 32: the vPCR's value in out.
 * VIGIL_HC_ATTEST_QUOTE   (nonce, nonce_len, pcr_mask, out, size) -> length
 *                         of the quote written to out. -EINVAL for a nonce
 *                         over VIGIL_NONCE_MAX bytes or a mask that is 0 or
 *                         names a vPCR >= 24.
 * VIGIL_HC_ATTEST_CERTS   (out, size) -> length of the DER chain.
 * VIGIL_HC_ATTEST_EVENT_LOG (out, size) -> length of the event log.
 *
 * Sealing:
 * VIGIL_HC_SEAL_KEY       (policy, label, label_len, out) -> 32: a key for
 *                         the caller's label written to out (32 bytes).
 *                         VIGIL_SEAL_DIGEST: the same only for this device,
 *                         this Vigil, this partition's config node and this
 *                         exact image. VIGIL_SEAL_SIGNER: the same for this
 *                         device, this Vigil, this partition and any image
 *                         its launch policy verified with the same signer
 *                         (-EPERM if no signer verified the image).
 *                         -EINVAL for another policy or label_len over
 *                         VIGIL_SEAL_LABEL_MAX.
 *
 * The partition's own vCPUs (numbered 0..n-1 in its config's vigil,cpus
 * order; vCPU 0 is the one Vigil starts). On ARM64, PSCI CPU_ON,
 * AFFINITY_INFO and CPU_OFF do the same; on x86-64, these are the way:
 * VIGIL_HC_VCPU_START     (vcpu, entry, arg) -> 0: vCPU vcpu starts at
 *                         guest-physical entry (inside the caller's memory)
 *                         in the state vCPU 0 started in (ARM64: EL1, MMU
 *                         off, arg in x0; x86-64: the PVH state, 32-bit
 *                         protected mode, arg in EBX, so below 4 GiB).
 *                         -EINVAL if there is no such vCPU, -EBUSY if it is
 *                         not off, -EFAULT for an entry outside.
 * VIGIL_HC_VCPU_STATE     (vcpu) -> VIGIL_VCPU_ON, _OFF or _STARTING (the
 *                         values of PSCI AFFINITY_INFO); -EINVAL if there
 *                         is no such vCPU.
 * VIGIL_HC_VCPU_OFF       () -> does not return: the calling vCPU stops,
 *                         and may be started again; with the partition's
 *                         last vCPU, the partition stops.
 */
#define VIGIL_HC_VERSION 0
#define VIGIL_HC_CONSOLE_WRITE 1
#define VIGIL_HC_HALT 2
#define VIGIL_HC_VPCR_EXTEND 3
#define VIGIL_HC_VPCR_READ 4
#define VIGIL_HC_ATTEST_QUOTE 5
#define VIGIL_HC_ATTEST_CERTS 6
#define VIGIL_HC_ATTEST_EVENT_LOG 7
#define VIGIL_HC_CONSOLE_READ 8
#define VIGIL_HC_SEAL_KEY 9
#define VIGIL_HC_VCPU_START 10
#define VIGIL_HC_VCPU_STATE 11
#define VIGIL_HC_VCPU_OFF 12

#define VIGIL_VCPU_ON 0
#define VIGIL_VCPU_OFF 1
#define VIGIL_VCPU_STARTING 2

#define VIGIL_SEAL_DIGEST 0
#define VIGIL_SEAL_SIGNER 1
#define VIGIL_SEAL_KEY_SIZE 32
#define VIGIL_SEAL_LABEL_MAX 64

#define VIGIL_CONSOLE_WRITE_MAX 256
#define VIGIL_CONSOLE_SWITCH_KEY 0x1d /* Ctrl-] */

/*
 * Errors: the values of xen/errno.h (Xen public headers, libxen-dev), which
 * the host unit tests compare against that header.
 */
#define VIGIL_EPERM 1
#define VIGIL_ENOENT 2
#define VIGIL_E2BIG 7
#define VIGIL_ENOMEM 12
#define VIGIL_EFAULT 14
#define VIGIL_EBUSY 16
#define VIGIL_ENODEV 19
#define VIGIL_EINVAL 22
#define VIGIL_ENOSPC 28
#define VIGIL_ENOSYS 38

#endif /* VIGIL_HYPERCALL_H */
