/* SPDX-License-Identifier: MIT */
/*
 * The verifier's reference digests, one per line:
 *
 *   <64 hex digits> <kind> <name>
 *
 * kind `vigil`: a Vigil image digest (the Alias certificate's TcbInfo
 * FWID); kind `partition`: a guest image digest (the AK certificate's
 * TcbInfo FWID and the log's vPCR 0 event). The name, the rest of the line,
 * is for people. Blank lines and lines starting with '#' are skipped.
 */
#ifndef VERIFIER_REFS_H
#define VERIFIER_REFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vigil/attest.h>

#define REFS_MAX 256
#define REFS_NAME_MAX 64

enum ref_kind { REF_VIGIL, REF_PARTITION };

struct ref {
	enum ref_kind kind;
	uint8_t digest[VIGIL_DIGEST_SIZE];
	char name[REFS_NAME_MAX];
};

struct refs {
	size_t count;
	struct ref item[REFS_MAX];
};

/*
 * Parses the text (len bytes, no NUL needed). Returns false with the line
 * number and reason in err for a malformed line, an unknown kind, a name
 * longer than 63 bytes or more than REFS_MAX lines of digests.
 */
bool refs_parse(const char *text, size_t len, struct refs *out, char *err,
		size_t err_size);

/* The entry of that kind and digest, or NULL (also if refs is NULL). */
const struct ref *refs_find(const struct refs *refs, enum ref_kind kind,
			    const uint8_t digest[VIGIL_DIGEST_SIZE]);

#endif /* VERIFIER_REFS_H */
