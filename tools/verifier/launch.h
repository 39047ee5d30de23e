/* SPDX-License-Identifier: MIT */
/*
 * Judging a partition's launch events against reference values
 * (refvals.h): Vigil logs, at launch and in this order (vigil/attest.h),
 *   vPCR 0  the image digest,        data "<name> image"
 *   vPCR 1  the config blob digest,  data "vigil config"
 *           the partition's node,    data "<name> config node"
 *   vPCR 2  SHA-256 of the data,     data the launch-policy event text
 * and each vPCR then holds the extends of its events from zero.
 */
#ifndef VERIFIER_LAUNCH_H
#define VERIFIER_LAUNCH_H

#include "eventlog.h"
#include "quote.h"
#include "refvals.h"
#include "report.h"

/*
 * With the reference values rv and the partition p expected (one of rv's)
 * and, when it replayed, the log (else NULL):
 *   "config mismatch" unless the quote selects vPCR 1 and the log's vPCR 1
 *   events are exactly rv's config digest, data "vigil config", and p's
 *   node digest, data "<p's name> config node" (EV_IPL both), replaying to
 *   p's expected vPCR 1;
 *   "launch policy mismatch" unless p is not refused, the quote selects
 *   vPCR 2 and the log's vPCR 2 event is exactly one, SHA-256 of p's
 *   policy event with that text as its data, replaying to p's expected
 *   vPCR 2;
 *   "unknown partition measurement" unless vPCR 0 replays to p's expected
 *   vPCR 0 (measure.h checks its one event's digest; the name in its data
 *   is the AK certificate's CN, which measure.h checks too).
 */
void launch_check(const struct refvals *rv, const struct refval_partition *p,
		  const struct evlog *log, const struct quote *q,
		  struct report *r);

#endif /* VERIFIER_LAUNCH_H */
