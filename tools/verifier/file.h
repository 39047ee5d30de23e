/* SPDX-License-Identifier: MIT */
/* Whole-file reads with a size limit, for the verifier's inputs. */
#ifndef VERIFIER_FILE_H
#define VERIFIER_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No artefact Vigil produces comes near this; it bounds what a hostile
 * input can make the verifier allocate. */
#define FILE_MAX_SIZE (4u << 20)

/*
 * Reads the whole of path into a malloc'd buffer (*data, *len), with one
 * NUL byte after the end that *len does not count, so that text parsers
 * (PEM, the reference file) may rely on it. Returns false with a message
 * in err if it cannot be opened or read or is larger than FILE_MAX_SIZE.
 */
bool file_read(const char *path, uint8_t **data, size_t *len, char *err,
	       size_t err_size);

/* True if data, after leading white space, starts a PEM block (RFC 7468):
 * then data[len] must be the NUL file_read puts there. */
bool file_is_pem(const uint8_t *data, size_t len);

#endif /* VERIFIER_FILE_H */
