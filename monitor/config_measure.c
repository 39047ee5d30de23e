/* SPDX-License-Identifier: MIT */
/*
 * Measuring the partition config: the blob as a whole (Vigil's CDI and
 * every partition's vPCR 1), and each partition's node in a canonical form
 * a verifier can recompute from the source without caring how dtc laid
 * out the strings block.
 */
#include <libfdt.h>
#include <mbedtls/sha256.h>
#include <vigil/launch_policy.h>
#include <vigil/string.h>

void config_measure_blob(const void *fdt, uint8_t digest[VIGIL_DIGEST_SIZE])
{
	mbedtls_sha256_ret(fdt, fdt_totalsize(fdt), digest, 0);
}

static void put(mbedtls_sha256_context *ctx, const void *p, size_t n)
{
	mbedtls_sha256_update_ret(ctx, p, n);
}

static void put_be32(mbedtls_sha256_context *ctx, uint32_t v)
{
	const uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			       (uint8_t)(v >> 8), (uint8_t)v };
	put(ctx, b, sizeof(b));
}

/* The config was checked with fdt_check_full, so its names and lengths are
 * sound; the recursion is as deep as the node nesting (two levels here). */
static void hash_node(mbedtls_sha256_context *ctx, const void *fdt, int node)
{
	int len = 0, off, sub;
	const char *name = fdt_get_name(fdt, node, &len);
	put(ctx, "N", 1);
	put(ctx, name, (size_t)len);
	put(ctx, "", 1);
	fdt_for_each_property_offset(off, fdt, node) {
		const char *pname;
		const void *value = fdt_getprop_by_offset(fdt, off, &pname, &len);
		put(ctx, "P", 1);
		put(ctx, pname, strlen(pname) + 1);
		put_be32(ctx, (uint32_t)len);
		put(ctx, value, (size_t)len);
	}
	fdt_for_each_subnode(sub, fdt, node)
		hash_node(ctx, fdt, sub);
	put(ctx, "E", 1);
}

void config_measure_node(const void *fdt, int node,
			 uint8_t digest[VIGIL_DIGEST_SIZE])
{
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	hash_node(&ctx, fdt, node);
	mbedtls_sha256_finish_ret(&ctx, digest);
	mbedtls_sha256_free(&ctx);
}
