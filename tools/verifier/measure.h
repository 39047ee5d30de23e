/* SPDX-License-Identifier: MIT */
/*
 * Judging what was measured against the verifier's reference digests:
 * Vigil's image (the Alias certificate's TcbInfo FWID), the partition's
 * image (the AK certificate's TcbInfo FWID, and the event log's vPCR 0
 * event, which must agree), and the partition's name (the AK
 * certificate's subject CN).
 */
#ifndef VERIFIER_MEASURE_H
#define VERIFIER_MEASURE_H

#include "certs.h"
#include "eventlog.h"
#include "quote.h"
#include "refs.h"
#include "report.h"

/* "unknown vigil measurement" unless the Alias FWID is a vigil reference. */
void measure_check_vigil(const struct chain *c, const struct refs *refs,
			 struct report *r);

/*
 * "unknown partition measurement" unless the AK FWID is a partition
 * reference and, when the log replayed (log not NULL), vPCR 0 holds exactly
 * one event, whose digest is the AK FWID. The quote (when parsed) must
 * select vPCR 0: otherwise the log's image event is not covered by the
 * signature.
 */
void measure_check_partition(const struct chain *c, const struct refs *refs,
			     const struct evlog *log, const struct quote *q,
			     struct report *r);

/* "wrong partition" unless expected is NULL or the AK's CN equals it. */
void measure_check_name(const struct chain *c, const char *expected,
			struct report *r);

#endif /* VERIFIER_MEASURE_H */
