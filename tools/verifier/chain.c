/* SPDX-License-Identifier: MIT */
/* Chain check against the pinned DeviceID; see chain.h. */
#include <stdio.h>
#include <string.h>

#include "chain.h"

#define PATH_MAX_DEPTH 8

/* The path mbedtls_x509_crt_verify built, leaf at depth 0. */
struct path {
	const mbedtls_x509_crt *at[PATH_MAX_DEPTH];
	int len;
};

static int record_path(void *ctx, mbedtls_x509_crt *crt, int depth,
		       uint32_t *flags)
{
	struct path *p = ctx;
	if (depth >= 0 && depth < PATH_MAX_DEPTH)
		p->at[depth] = crt;
	if (depth + 1 > p->len)
		p->len = depth + 1;
	/* Vigil has no trusted clock, so its certificates carry a fixed
	 * validity (not before 2026-01-01, not after 9999-12-31) that says
	 * nothing; trust comes from the pinned key. A verifier whose clock
	 * is off must not fail them for it. */
	*flags &= ~(uint32_t)(MBEDTLS_X509_BADCERT_EXPIRED |
			      MBEDTLS_X509_BADCERT_FUTURE);
	return 0;
}

static bool same_bytes(const mbedtls_x509_buf *a, const mbedtls_x509_buf *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* mbedTLS's multi-line reason, on one line. */
static void flags_text(uint32_t flags, char *out, size_t size)
{
	int n = mbedtls_x509_crt_verify_info(out, size, "", flags);
	if (n <= 0) {
		snprintf(out, size, "flags 0x%x", (unsigned)flags);
		return;
	}
	for (char *c = out; *c; c++)
		if (*c == '\n')
			*c = (c[1] ? ';' : '\0');
}

static void check_path(struct chain *c, mbedtls_x509_crt *pinned,
		       struct report *r)
{
	struct path path = { { NULL }, 0 };
	uint32_t flags = 0;
	int ret = mbedtls_x509_crt_verify(&c->path, pinned, NULL, NULL, &flags,
					  record_path, &path);
	if (ret != 0) {
		char why[REPORT_DETAIL_MAX - 40];
		flags_text(flags, why, sizeof(why));
		report_fail(r, FAIL_CHAIN_BROKEN,
			    "AK -> Alias -> pinned DeviceID does not verify: %s",
			    why);
		return;
	}
	if (path.len != 3 || path.at[1] != c->path.next || path.at[2] != pinned)
		report_fail(r, FAIL_CHAIN_BROKEN,
			    "the AK is not certified by the Alias and the Alias by the pinned DeviceID");
}

void chain_check(struct chain *c, mbedtls_x509_crt *pinned, struct report *r)
{
	if (!c->loaded)
		return; /* chain_load's failure is already reported */
	/* Byte for byte: the chain's DeviceID is never checked otherwise
	 * (the pinned one is the anchor), so anything but the pinned
	 * certificate itself is something the verifier did not check. Vigil's
	 * certificates are deterministic, so the device sends these bytes. */
	if (!same_bytes(&c->device.raw, &pinned->raw))
		report_fail(r, FAIL_CHAIN_BROKEN,
			    same_bytes(&c->device.pk_raw, &pinned->pk_raw) ?
				    "the chain's DeviceID certificate differs from the pinned one" :
				    "the chain's DeviceID is not the pinned one (public keys differ)");
	check_path(c, pinned, r);
	/* mbedTLS checks that issuers are CAs, not that the leaf is not one. */
	if (c->path.ca_istrue)
		report_fail(r, FAIL_CHAIN_BROKEN, "the AK certificate is a CA");
}
