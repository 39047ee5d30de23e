/* SPDX-License-Identifier: MIT */
/* Launch events against reference values; see launch.h. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "hex.h"
#include "launch.h"

#define HEX_DIGEST (2 * VIGIL_DIGEST_SIZE + 1)
#define SHOWN_DATA 48 /* bytes of event data a failure quotes */

struct want {
	const uint8_t *digest;
	const char *data;
};

static bool same(const struct evlog_event *e, const struct want *w)
{
	size_t n = strlen(w->data);
	return e->type == EV_IPL && e->data_len == n &&
	       memcmp(e->data, w->data, n) == 0 &&
	       memcmp(e->digest, w->digest, VIGIL_DIGEST_SIZE) == 0;
}

/* The log's events on vPCR pcr must be exactly want[0..n-1]; false after
 * reporting otherwise. */
static bool events_are(const struct evlog *log, uint32_t pcr,
		       const struct want *want, size_t n, enum failure kind,
		       struct report *r)
{
	const struct evlog_event *got[EVLOG_KEPT_MAX];
	size_t count = 0;
	char a[HEX_DIGEST], b[HEX_DIGEST];
	for (size_t i = 0; i < log->kept; i++)
		if (log->kept_event[i].pcr == pcr)
			got[count++] = &log->kept_event[i];
	if (count != log->pcr_events[pcr]) {
		report_fail(r, kind,
			    "the event log has more events on vPCRs 0-7 than a launch logs: vPCR %u's were not all examined",
			    pcr);
		return false;
	}
	if (count != n) {
		report_fail(r, kind,
			    "the event log has %zu vPCR %u events, the reference values %zu",
			    count, pcr, n);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct evlog_event *e = got[i];
		if (same(e, &want[i]))
			continue;
		size_t shown = e->data_len < SHOWN_DATA ? e->data_len : SHOWN_DATA;
		report_fail(r, kind,
			    "vPCR %u event %zu is '%.*s' %.16s... (type 0x%x), the reference values say '%.48s' %.16s...",
			    pcr, i, (int)shown, (const char *)e->data,
			    hex_encode(e->digest, VIGIL_DIGEST_SIZE, a, sizeof(a)),
			    e->type, want[i].data,
			    hex_encode(want[i].digest, VIGIL_DIGEST_SIZE, b, sizeof(b)));
		return false;
	}
	return true;
}

/* With its events right, the vPCR can only differ if the reference values
 * contradict themselves; said all the same. */
static void replays_to(const struct evlog *log, uint32_t pcr,
		       const uint8_t want[VIGIL_DIGEST_SIZE], enum failure kind,
		       struct report *r)
{
	char a[HEX_DIGEST], b[HEX_DIGEST];
	if (memcmp(log->pcr[pcr], want, VIGIL_DIGEST_SIZE) == 0)
		return;
	report_fail(r, kind,
		    "vPCR %u replays to %.16s..., the reference values expect %.16s...",
		    pcr, hex_encode(log->pcr[pcr], VIGIL_DIGEST_SIZE, a, sizeof(a)),
		    hex_encode(want, VIGIL_DIGEST_SIZE, b, sizeof(b)));
}

static void selected(const struct quote *q, uint32_t pcr, const char *what,
		     enum failure kind, struct report *r)
{
	if (q->attest_ok && !(q->pcr_mask & (UINT32_C(1) << pcr)))
		report_fail(r, kind,
			    "the quote does not select vPCR %u, so %s is not attested",
			    pcr, what);
}

/* measure.c names a wrong count or digest of vPCR 0 events. */
static void check_image(const struct refval_partition *p,
			const struct evlog *log, struct report *r)
{
	if (log->image_events == 1 &&
	    memcmp(log->image_digest, p->image, VIGIL_DIGEST_SIZE) == 0)
		replays_to(log, VIGIL_VPCR_IMAGE, p->vpcr[VIGIL_VPCR_IMAGE],
			   FAIL_UNKNOWN_PARTITION, r);
}

static void check_config(const struct refvals *rv,
			 const struct refval_partition *p,
			 const struct evlog *log, const struct quote *q,
			 struct report *r)
{
	char node[REFVALS_NAME_MAX + 16];
	snprintf(node, sizeof(node), "%s config node", p->name);
	const struct want w[2] = { { rv->config, "vigil config" },
				   { p->node, node } };
	selected(q, VIGIL_VPCR_CONFIG, "the config", FAIL_CONFIG_MISMATCH, r);
	if (log && events_are(log, VIGIL_VPCR_CONFIG, w, 2,
			      FAIL_CONFIG_MISMATCH, r))
		replays_to(log, VIGIL_VPCR_CONFIG, p->vpcr[VIGIL_VPCR_CONFIG],
			   FAIL_CONFIG_MISMATCH, r);
}

static void check_policy(const struct refval_partition *p,
			 const struct evlog *log, const struct quote *q,
			 struct report *r)
{
	uint8_t digest[VIGIL_DIGEST_SIZE];
	if (p->refused) {
		report_fail(r, FAIL_POLICY_MISMATCH,
			    "the reference values say '%s' is refused by its launch policy",
			    p->name);
		return;
	}
	mbedtls_sha256_ret((const unsigned char *)p->policy_event,
			   strlen(p->policy_event), digest, 0);
	const struct want w = { digest, p->policy_event };
	selected(q, VIGIL_VPCR_POLICY, "the launch policy", FAIL_POLICY_MISMATCH,
		 r);
	if (log && events_are(log, VIGIL_VPCR_POLICY, &w, 1,
			      FAIL_POLICY_MISMATCH, r))
		replays_to(log, VIGIL_VPCR_POLICY, p->vpcr[VIGIL_VPCR_POLICY],
			   FAIL_POLICY_MISMATCH, r);
}

void launch_check(const struct refvals *rv, const struct refval_partition *p,
		  const struct evlog *log, const struct quote *q,
		  struct report *r)
{
	if (log)
		check_image(p, log, r);
	check_config(rv, p, log, q, r);
	check_policy(p, log, q, r);
}
