/* SPDX-License-Identifier: MIT */
/*
 * The SHA-256 compression function behind mbedTLS (MBEDTLS_SHA256_PROCESS_ALT
 * in mbedtls_config.h): the CPU's SHA-256 instructions where the
 * architecture has them (arch_sha256_blocks), the generic code of
 * sha256_blocks.c otherwise.
 */
#include <mbedtls/sha256.h>
#include <vigil/arch.h>
#include <vigil/sha256_blocks.h>

/*
 * mbedTLS's hook (sha256.c, with MBEDTLS_SHA256_PROCESS_ALT): sha256.c's
 * update and finish, and md.c's mbedtls_md_process, call it for each
 * 64-byte block. Never fails.
 */
int mbedtls_internal_sha256_process(mbedtls_sha256_context *ctx,
				    const unsigned char data[64])
{
	if (!arch_sha256_blocks(ctx->state, data, 1))
		sha256_blocks_generic(ctx->state, data, 1);
	return 0;
}
