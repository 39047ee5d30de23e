/* SPDX-License-Identifier: MIT */
/* Collecting and printing failures; see report.h. */
#include <stdarg.h>
#include <string.h>

#include "report.h"

static const char *const names[FAIL_KINDS] = {
	[FAIL_BAD_SIGNATURE] = "bad signature",
	[FAIL_NONCE_MISMATCH] = "nonce mismatch",
	[FAIL_MALFORMED_QUOTE] = "malformed quote",
	[FAIL_CHAIN_BROKEN] = "chain broken",
	[FAIL_UNKNOWN_VIGIL] = "unknown vigil measurement",
	[FAIL_UNKNOWN_PARTITION] = "unknown partition measurement",
	[FAIL_WRONG_PARTITION] = "wrong partition",
	[FAIL_LOG_NO_REPLAY] = "event log does not replay",
	[FAIL_PCR_VALUES] = "pcr values mismatch",
	[FAIL_CONFIG_MISMATCH] = "config mismatch",
	[FAIL_POLICY_MISMATCH] = "launch policy mismatch",
};

const char *failure_name(enum failure kind)
{
	return (unsigned)kind < FAIL_KINDS ? names[kind] : "unknown failure";
}

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

void report_fail(struct report *r, enum failure kind, const char *fmt, ...)
{
	if (r->count == REPORT_MAX) {
		r->dropped++;
		return;
	}
	r->item[r->count].kind = kind;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->item[r->count].detail, REPORT_DETAIL_MAX, fmt, ap);
	va_end(ap);
	/* Details quote what the device sent (a CN, say): keep its control
	 * characters off the verifier's terminal and out of its one-line
	 * format. */
	for (char *c = r->item[r->count].detail; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	r->count++;
}

bool report_has(const struct report *r, enum failure kind)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->item[i].kind == kind)
			return true;
	return false;
}

bool report_ok(const struct report *r)
{
	return r->count == 0 && r->dropped == 0;
}

void report_print(const struct report *r, FILE *out)
{
	for (size_t i = 0; i < r->count; i++)
		fprintf(out, "%s: %s\n", failure_name(r->item[i].kind),
			r->item[i].detail);
	if (r->dropped)
		fprintf(out, "(%zu more failures not shown)\n", r->dropped);
}
