/* SPDX-License-Identifier: MIT */
/*
 * attester: what a guest does to prove what it runs. It "loads" a second
 * stage (a payload inside its image), measures it into vPCR 8, then, for
 * every nonce a verifier sends over the console (a line of hex), prints a
 * quote of vPCRs 0, 1, 2 and 8, its certificate chain and its event log, framed
 * for a program to read:
 *
 *   -----BEGIN VIGIL QUOTE-----      (likewise CERTS, EVENT LOG)
 *   <hex, 32 bytes per line>
 *   -----END VIGIL QUOTE-----
 *
 * It also checks that Vigil refuses what it must, and says so in one line.
 */
#include <stdbool.h>

#include "vigil.h"

/* Vigil's launch vPCRs (image, config, launch policy) and the guest's 8. */
#define QUOTE_MASK ((1u << VIGIL_VPCR_IMAGE) | (1u << VIGIL_VPCR_CONFIG) | \
		    (1u << VIGIL_VPCR_POLICY) | (1u << 8))
#define OUTPUT_MAX 4096

/* The second stage it "loads". VARIANT lets the build make a copy of this
 * image that differs in one byte (see mk/guests.mk). */
static const char payload[] = "attester stage 2 payload, VIGIL-VARIANT-BYTE:0";

static uint8_t output[OUTPUT_MAX];

static void print_hex_block(const char *what, const uint8_t *p, long len)
{
	guest_printf("-----BEGIN VIGIL %s-----\n", what);
	for (long i = 0; i < len; i += 32) {
		for (long j = i; j < len && j < i + 32; j++)
			guest_printf("%02x", p[j]);
		guest_printf("\n");
	}
	guest_printf("-----END VIGIL %s-----\n", what);
}

static void check_refusals(void)
{
	uint8_t digest[32] = { 0 };
	unsigned long needed = 0;
	uint8_t nonce[VIGIL_NONCE_MAX + 1] = { 0 };
	long extend0 = vigil_vpcr_extend(0, digest, "x", 1);
	long extend24 = vigil_vpcr_extend(24, digest, "x", 1);
	long read24 = vigil_vpcr_read(24, output);
	long nonce65 = vigil_attest_quote(nonce, sizeof(nonce), QUOTE_MASK,
					  output, OUTPUT_MAX, NULL);
	long mask0 = vigil_attest_quote(nonce, 8, 0, output, OUTPUT_MAX, NULL);
	long outside = vigil_attest_certs((void *)0x1000, 64, NULL);
	long small = vigil_attest_quote(nonce, 8, QUOTE_MASK, output, 16,
					&needed);
	guest_printf("attest checks: extend0 %ld extend24 %ld read24 %ld "
		     "nonce65 %ld mask0 %ld certs-outside %ld quote-small %ld "
		     "needed %lu\n",
		     extend0, extend24, read24, nonce65, mask0, outside, small,
		     needed);
}

static void load_second_stage(void)
{
	uint8_t digest[32];
	sha256(payload, sizeof(payload), digest);
	long rc = vigil_vpcr_extend(8, digest, "stage 2", 7);
	guest_printf("extended vPCR 8 with the stage 2 digest: %ld\n", rc);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads one line of hex from the console into nonce; returns its length
 * in bytes, or -1 if the line was not even-length hex of at most 64 bytes. */
static long read_nonce(uint8_t nonce[VIGIL_NONCE_MAX])
{
	char line[2 * VIGIL_NONCE_MAX + 2];
	unsigned long len = 0;
	bool too_long = false;
	for (;;) {
		char c;
		if (vigil_console_read(&c, 1) != 1) {
			delay_ms(10);
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (len == 0 && !too_long)
				continue; /* an empty line: wait for the nonce */
			break;
		}
		if (len < sizeof(line))
			line[len++] = c;
		else
			too_long = true;
	}
	if (too_long || len % 2 || len / 2 > VIGIL_NONCE_MAX)
		return -1;
	for (unsigned long i = 0; i < len; i += 2) {
		int hi = hex_value(line[i]), lo = hex_value(line[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		nonce[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

static void attest(const uint8_t *nonce, long nonce_len)
{
	long n = vigil_attest_quote(nonce, (unsigned long)nonce_len, QUOTE_MASK,
				    output, OUTPUT_MAX, NULL);
	if (n < 0) {
		guest_printf("quote failed: %ld\n", n);
		return;
	}
	print_hex_block("QUOTE", output, n);
	n = vigil_attest_certs(output, OUTPUT_MAX, NULL);
	if (n >= 0)
		print_hex_block("CERTS", output, n);
	n = vigil_attest_event_log(output, OUTPUT_MAX, NULL);
	if (n >= 0)
		print_hex_block("EVENT LOG", output, n);
	for (unsigned int i = 0; i < VIGIL_VPCR_COUNT; i++) {
		char name[8] = "VPCR ";
		name[5] = (char)('0' + i);
		if ((QUOTE_MASK >> i) & 1 && vigil_vpcr_read(i, output) == 32)
			print_hex_block(name, output, 32);
	}
	guest_printf("attestation done\n");
}

int main(void)
{
	check_refusals();
	load_second_stage();
	for (;;) {
		uint8_t nonce[VIGIL_NONCE_MAX];
		guest_printf("send a nonce (hex, up to 64 bytes)\n");
		long len = read_nonce(nonce);
		if (len < 0)
			guest_printf("not a nonce: want even-length hex\n");
		else
			attest(nonce, len);
	}
}
