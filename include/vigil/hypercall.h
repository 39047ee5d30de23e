/* SPDX-License-Identifier: MIT */
/*
 * Vigil guest ABI: the one header that Vigil, its guests and host tools share.
 * It includes nothing of Vigil's and needs only a C11 compiler.
 *
 * Calling convention (the same as Xen's on each architecture):
 *
 *   ARM64   HVC #0xEA1 from EL1. Hypercall number in x16, arguments in
 *           x0..x4, result in x0. Other registers are preserved.
 *
 * A result >= 0 is success. A negative result is minus a Xen errno value
 * (xen/errno.h, mirrored below); Vigil logs the refusal once and carries on.
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
 */
#define VIGIL_HC_VERSION 0
#define VIGIL_HC_CONSOLE_WRITE 1
#define VIGIL_HC_HALT 2

#define VIGIL_CONSOLE_WRITE_MAX 256

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
#define VIGIL_EINVAL 22
#define VIGIL_ENOSPC 28
#define VIGIL_ENOSYS 38

#endif /* VIGIL_HYPERCALL_H */
