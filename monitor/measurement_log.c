/* SPDX-License-Identifier: MIT */
#include <mbedtls/sha256.h>
#include <vigil/format.h>
#include <vigil/monitor.h>
#include <vigil/string.h>

/* Written only at boot, before any partition runs; read-only afterwards. */
static struct measurement measurement_log[MONITOR_MAX_MEASUREMENTS];
static unsigned int measurement_count;

const struct measurement *monitor_measure_image(const char *partition,
						const void *image, uint64_t size,
						uint64_t entry)
{
	if (measurement_count == MONITOR_MAX_MEASUREMENTS)
		return NULL;
	struct measurement *m = &measurement_log[measurement_count];
	memset(m, 0, sizeof(*m));
	/* mbedtls_sha256_ret(input, length, output, is224 = 0): plain SHA-256 */
	if (mbedtls_sha256_ret(image, size, m->digest, 0) != 0)
		return NULL;
	format(m->partition, sizeof(m->partition), "%s", partition);
	m->size = size;
	m->entry = entry;
	measurement_count++;
	return m;
}

unsigned int monitor_log_count(void)
{
	return measurement_count;
}

const struct measurement *monitor_log_entry(unsigned int i)
{
	return i < measurement_count ? &measurement_log[i] : NULL;
}

void monitor_digest_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0xf];
	}
	out[64] = '\0';
}
