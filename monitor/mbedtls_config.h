/* SPDX-License-Identifier: MIT */
/*
 * Vigil's mbedTLS 2.28 configuration: only what the monitor uses (SHA-256,
 * HMAC, HKDF, deterministic ECDSA on P-256, and X.509 certificate writing),
 * built freestanding. Option names are mbedTLS's (include/mbedtls/config.h).
 */
#ifndef VIGIL_MBEDTLS_CONFIG_H
#define VIGIL_MBEDTLS_CONFIG_H

#include <stddef.h>

/* No operating system: no entropy source, no stdio, no libc allocator. */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS

/*
 * The monitor gives mbedTLS a fixed arena carved out at build time and
 * Vigil's own formatter.
 */
void *monitor_crypto_calloc(size_t count, size_t size);
void monitor_crypto_free(void *ptr);
int format(char *buf, size_t size, const char *fmt, ...);
#define MBEDTLS_PLATFORM_CALLOC_MACRO monitor_crypto_calloc
#define MBEDTLS_PLATFORM_FREE_MACRO monitor_crypto_free
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO format

/* Hashes and key derivation. */
#define MBEDTLS_SHA256_C
/*
 * The SHA-256 compression function is Vigil's (monitor/sha256_process.c:
 * the CPU's SHA-256 instructions through arch_sha256_blocks, generic C
 * otherwise); sha256.c keeps padding and the rest.
 */
#define MBEDTLS_SHA256_PROCESS_ALT
#define MBEDTLS_MD_C
#define MBEDTLS_HKDF_C
#define MBEDTLS_HMAC_DRBG_C

/* Deterministic ECDSA on NIST P-256 (RFC 6979): needs no entropy. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC

/* Keys and certificates. */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PEM_PARSE_C /* image-signer keys may be PEM */
#define MBEDTLS_BASE64_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CRT_WRITE_C

#include "mbedtls/check_config.h"

#endif /* VIGIL_MBEDTLS_CONFIG_H */
