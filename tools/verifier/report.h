/* SPDX-License-Identifier: MIT */
/*
 * The verdict: a list of failures, each a stable name (what scripts and
 * tests match on) and a detail for people. Checks add to it and carry on,
 * so one run names every problem it can see, not only the first.
 */
#ifndef VERIFIER_REPORT_H
#define VERIFIER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum failure {
	FAIL_BAD_SIGNATURE,
	FAIL_NONCE_MISMATCH,
	FAIL_MALFORMED_QUOTE,
	FAIL_CHAIN_BROKEN,
	FAIL_UNKNOWN_VIGIL,
	FAIL_UNKNOWN_PARTITION,
	FAIL_WRONG_PARTITION,
	FAIL_LOG_NO_REPLAY,
	FAIL_PCR_VALUES, /* --quote-only with --pcrs */
	FAIL_CONFIG_MISMATCH, /* --reference-values */
	FAIL_POLICY_MISMATCH, /* --reference-values */
	FAIL_KINDS
};

#define REPORT_MAX 24
#define REPORT_DETAIL_MAX 200

struct report {
	size_t count;
	size_t dropped; /* failures beyond REPORT_MAX, counted only */
	struct {
		enum failure kind;
		char detail[REPORT_DETAIL_MAX];
	} item[REPORT_MAX];
};

/* The stable name, e.g. "bad signature". */
const char *failure_name(enum failure kind);

void report_init(struct report *r);
void report_fail(struct report *r, enum failure kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool report_has(const struct report *r, enum failure kind);
bool report_ok(const struct report *r);

/* One line per failure: "<name>: <detail>". */
void report_print(const struct report *r, FILE *out);

#endif /* VERIFIER_REPORT_H */
