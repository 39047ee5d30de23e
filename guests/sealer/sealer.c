/* SPDX-License-Identifier: MIT */
/*
 * sealer: keeps a secret across restarts without storage of its own. It
 * seals text with AES-256-GCM under its sealing key (VIGIL_HC_SEAL_KEY,
 * label "sealer demo") and prints the sealed blob; after a restart, given
 * the blob back, it unseals it with the same key, which Vigil derives
 * again only for the same device, Vigil and partition, and for the same
 * image (policy DIGEST) or the same signer (policy SIGNER).
 *
 * Console commands, one per line (text: printable ASCII, at most TEXT_MAX
 * bytes; policy: DIGEST or SIGNER, any case):
 *
 *   seal <policy> <text>     -> sealed <policy> <hex of iv || ct || tag>
 *   unseal <policy> <hex>    -> unsealed: <text>
 *                               or unseal failed: <reason>
 *
 * The blob is AES-256-GCM (SP 800-38D) with a 12-byte IV and a 16-byte
 * tag; its additional data is "sealer v1 <policy>", so a blob unseals
 * only under the policy it was sealed with.
 *
 * At start it prints what Vigil answers to requests it must refuse or may
 * refuse ("seal checks: ..."): SIGNER gives -1 (EPERM) unless a signer
 * verified this image.
 */
#include <stdbool.h>

#include "aead.h"
#include "vigil.h"

/* Vigil prints a console line whole up to 159 characters (longer ones go
 * out in pieces): "sealed SIGNER " and the hex of a blob of 72 bytes fit. */
#define TEXT_MAX 44
#define BLOB_OVERHEAD (GCM_IV_SIZE + GCM_TAG_SIZE)
#define BLOB_MAX (BLOB_OVERHEAD + TEXT_MAX)
#define LINE_MAX (16 + 2 * BLOB_MAX)

static const char label[] = "sealer demo";

/* Printed at start. The build makes a copy of this image that differs in
 * this one byte: the '0' of the marker becomes '1' (mk/guests.mk). */
static const char variant[] = "sealer image VIGIL-VARIANT-BYTE:0";

static const char *const policy_names[] = { "DIGEST", "SIGNER" };

/* Seals made since this boot: one input of the IV (see make_iv). */
static uint64_t seal_count;

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether the word at s (up to a space or the end) is name, in any case;
 * *s moves past it and one space. */
static bool take_word(const char **s, const char *name)
{
	const char *p = *s;
	while (*name && lower(*p) == lower(*name)) {
		p++;
		name++;
	}
	if (*name || (*p != ' ' && *p != '\0'))
		return false;
	*s = *p == ' ' ? p + 1 : p;
	return true;
}

static int take_policy(const char **s)
{
	for (int i = 0; i < 2; i++)
		if (take_word(s, policy_names[i]))
			return i;
	return -1;
}

static unsigned long length(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/*
 * The IV: the first 12 bytes of SHA-256("sealer IV" || key || seal_count
 * || timer count || text). GCM must never see one IV twice under one key
 * with different texts (SP 800-38D 8). The key comes back the same after
 * a restart, and this guest keeps no state across restarts, so a counter
 * alone would start again at 0 and repeat IVs; random bits from the
 * hardware are not available to it. So the IV is derived ("synthetic", as
 * in SIV) from what it protects: the counter keeps two seals in one boot
 * apart, the virtual timer's count differs from boot to boot in practice,
 * and the text makes an accidental repeat of both harmless, since the
 * same key, counter, count and text give the same IV and the same
 * ciphertext, which reveals only that the same text was sealed again.
 * The key makes the IV unpredictable to anyone without it (SHA-256 hides
 * the key: the IV is published in the blob). Over 96 bits, a collision of
 * different texts is as unlikely as with a random IV (SP 800-38D 8.2.2).
 */
static void make_iv(const uint8_t key[VIGIL_SEAL_KEY_SIZE], const char *text,
		    unsigned long len, uint8_t iv[GCM_IV_SIZE])
{
	static const char what[] = "sealer IV";
	uint8_t buf[sizeof(what) - 1 + VIGIL_SEAL_KEY_SIZE + 16 + TEXT_MAX];
	uint8_t digest[32];
	unsigned long n = 0;
	for (unsigned long i = 0; i < sizeof(what) - 1; i++)
		buf[n++] = (uint8_t)what[i];
	for (int i = 0; i < VIGIL_SEAL_KEY_SIZE; i++)
		buf[n++] = key[i];
	put_u64(buf + n, seal_count++);
	put_u64(buf + n + 8, timer_count());
	n += 16;
	for (unsigned long i = 0; i < len; i++)
		buf[n++] = (uint8_t)text[i];
	sha256(buf, n, digest);
	for (int i = 0; i < GCM_IV_SIZE; i++)
		iv[i] = digest[i];
	aead_wipe(buf, sizeof(buf));
	aead_wipe(digest, sizeof(digest));
}

/* The additional data: "sealer v1 <policy>". */
static unsigned long make_aad(int policy, uint8_t aad[16])
{
	static const char prefix[] = "sealer v1 ";
	unsigned long n = 0;
	for (unsigned long i = 0; i < sizeof(prefix) - 1; i++)
		aad[n++] = (uint8_t)prefix[i];
	for (const char *p = policy_names[policy]; *p; p++)
		aad[n++] = (uint8_t)*p;
	return n;
}

static void seal(int policy, const char *text)
{
	uint8_t key[VIGIL_SEAL_KEY_SIZE], blob[BLOB_MAX], aad[16];
	unsigned long len = length(text);
	if (len > TEXT_MAX) {
		guest_printf("seal failed: text longer than %d bytes\n", TEXT_MAX);
		return;
	}
	long rc = vigil_seal_key((uint32_t)policy, label, sizeof(label) - 1, key);
	if (rc != VIGIL_SEAL_KEY_SIZE) {
		guest_printf("seal failed: seal_key %s: %ld\n", policy_names[policy],
			     rc);
		return;
	}
	make_iv(key, text, len, blob);
	unsigned long aad_len = make_aad(policy, aad);
	rc = aes256_gcm_encrypt(key, blob, aad, aad_len, text, len,
				blob + GCM_IV_SIZE, blob + GCM_IV_SIZE + len);
	aead_wipe(key, sizeof(key));
	if (rc) {
		guest_printf("seal failed: encryption refused\n");
		return;
	}
	guest_printf("sealed %s ", policy_names[policy]);
	for (unsigned long i = 0; i < BLOB_OVERHEAD + len; i++)
		guest_printf("%02x", blob[i]);
	guest_printf("\n");
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void unseal(int policy, const char *hex)
{
	uint8_t key[VIGIL_SEAL_KEY_SIZE], blob[BLOB_MAX], aad[16];
	char text[TEXT_MAX + 1];
	unsigned long hex_len = length(hex), n = hex_len / 2;
	if (hex_len % 2 || n > BLOB_MAX) {
		guest_printf("unseal failed: not a blob (even-length hex, at most "
			     "%d bytes)\n", BLOB_MAX);
		return;
	}
	for (unsigned long i = 0; i < n; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			guest_printf("unseal failed: not a blob (not hex)\n");
			return;
		}
		blob[i] = (uint8_t)(hi << 4 | lo);
	}
	if (n < BLOB_OVERHEAD) {
		guest_printf("unseal failed: not a blob (shorter than IV and tag)\n");
		return;
	}
	long rc = vigil_seal_key((uint32_t)policy, label, sizeof(label) - 1, key);
	if (rc != VIGIL_SEAL_KEY_SIZE) {
		guest_printf("unseal failed: seal_key %s: %ld\n",
			     policy_names[policy], rc);
		return;
	}
	unsigned long len = n - BLOB_OVERHEAD;
	unsigned long aad_len = make_aad(policy, aad);
	rc = aes256_gcm_decrypt(key, blob, aad, aad_len, blob + GCM_IV_SIZE, len,
				blob + GCM_IV_SIZE + len, (uint8_t *)text);
	aead_wipe(key, sizeof(key));
	if (rc) {
		guest_printf("unseal failed: not authentic (another key: another "
			     "image, signer, partition, device or Vigil; or a "
			     "changed blob)\n");
		return;
	}
	for (unsigned long i = 0; i < len; i++)
		if (text[i] < 0x20 || text[i] > 0x7e)
			text[i] = '?';
	text[len] = '\0';
	guest_printf("unsealed: %s\n", text);
	aead_wipe(text, sizeof(text));
}

/* What Vigil answers to requests it must refuse, or may (SIGNER). */
static void check_refusals(void)
{
	uint8_t key[VIGIL_SEAL_KEY_SIZE];
	char long_label[VIGIL_SEAL_LABEL_MAX + 1];
	for (int i = 0; i < VIGIL_SEAL_LABEL_MAX + 1; i++)
		long_label[i] = 'x';
	long digest = vigil_seal_key(VIGIL_SEAL_DIGEST, label, sizeof(label) - 1,
				     key);
	long signer = vigil_seal_key(VIGIL_SEAL_SIGNER, label, sizeof(label) - 1,
				     key);
	long policy2 = vigil_seal_key(2, label, sizeof(label) - 1, key);
	long label65 = vigil_seal_key(VIGIL_SEAL_DIGEST, long_label,
				      sizeof(long_label), key);
	long outside = vigil_seal_key(VIGIL_SEAL_DIGEST, label, sizeof(label) - 1,
				      (uint8_t *)0x1000);
	aead_wipe(key, sizeof(key));
	guest_printf("seal checks: digest %ld signer %ld policy2 %ld label65 %ld "
		     "out-outside %ld\n",
		     digest, signer, policy2, label65, outside);
}

/*
 * The next byte of console input; false if none is waiting. Input is taken
 * from Vigil a buffer at a time: Vigil keeps 128 bytes per partition and
 * drops more, and each read moves what the UART holds into that buffer, so
 * reading a byte at a time would let a long line overflow it.
 */
static bool next_char(char *c)
{
	static char input[128];
	static long input_len, input_pos;
	if (input_pos == input_len) {
		long n = vigil_console_read(input, sizeof(input));
		if (n <= 0)
			return false;
		input_len = n;
		input_pos = 0;
	}
	*c = input[input_pos++];
	return true;
}

/* Reads one line (without its end) into line; false if it was too long. */
static bool read_line(char line[LINE_MAX])
{
	unsigned long len = 0;
	bool too_long = false;
	for (;;) {
		char c;
		if (!next_char(&c)) {
			delay_ms(10);
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (len == 0 && !too_long)
				continue; /* an empty line */
			break;
		}
		if (len < LINE_MAX - 1)
			line[len++] = c;
		else
			too_long = true;
	}
	line[len] = '\0';
	return !too_long;
}

int main(void)
{
	static char line[LINE_MAX];
	guest_printf("%s\n", variant);
	check_refusals();
	for (;;) {
		guest_printf("ready: seal <DIGEST|SIGNER> <text>, "
			     "unseal <DIGEST|SIGNER> <hex>\n");
		if (!read_line(line)) {
			guest_printf("line too long\n");
			continue;
		}
		const char *s = line;
		bool sealing = take_word(&s, "seal");
		if (!sealing && !take_word(&s, "unseal")) {
			guest_printf("unknown command\n");
			continue;
		}
		int policy = take_policy(&s);
		if (policy < 0)
			guest_printf("unknown policy: want DIGEST or SIGNER\n");
		else if (sealing)
			seal(policy, s);
		else
			unseal(policy, s);
	}
}
