/* SPDX-License-Identifier: MIT */
/*
 * Loading the certificate chain a partition hands over: DeviceID
 * (self-signed), Alias (Vigil's key, a CA), AK (the partition's
 * attestation key, subject CN = partition name). They come as one file of
 * DER certificates back to back (each DER SEQUENCE gives its own length),
 * as PEM, or as one file each. Each certificate's TcbInfo extension is
 * captured while mbedTLS parses it.
 */
#ifndef VERIFIER_CERTS_H
#define VERIFIER_CERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/x509_crt.h>

#include "tcbinfo.h"

enum cert_index { CERT_DEVICE_ID, CERT_ALIAS, CERT_AK, CERT_CHAIN_LEN };

/* DER certificates split out of one or more files, each malloc'd. */
struct cert_list {
	size_t count;
	struct {
		uint8_t *der;
		size_t len;
	} item[CERT_CHAIN_LEN];
};

/* What a certificate's TcbInfo extension held. */
struct cert_tcb {
	bool present;
	bool ok;           /* parsed; else err says why ("has ...") */
	struct tcbinfo tcb;
	char err[128];
};

struct chain {
	/* The AK and then the Alias, linked: the order mbedtls_x509_crt_verify
	 * takes a leaf and its untrusted intermediates in. */
	mbedtls_x509_crt path;
	mbedtls_x509_crt device; /* the chain's own DeviceID */
	struct cert_tcb tcb[CERT_CHAIN_LEN];
	bool loaded;
};

void cert_list_init(struct cert_list *list);
void cert_list_free(struct cert_list *list);

/*
 * Appends the certificates in data (PEM CERTIFICATE blocks, or DER
 * certificates back to back) to list. Returns false with the reason in err
 * if the data holds none, is malformed, or the list would exceed three.
 */
bool cert_list_add(struct cert_list *list, const uint8_t *data, size_t len,
		   char *err, size_t err_size);

void chain_init(struct chain *c);
void chain_free(struct chain *c);

/* Parses exactly three certificates, DeviceID, Alias, AK, into c. Returns
 * false with the reason in err; c->loaded tells success. */
bool chain_load(struct chain *c, const struct cert_list *list, char *err,
		size_t err_size);

/* One of the three, once loaded. */
const mbedtls_x509_crt *chain_cert(const struct chain *c, enum cert_index i);

/* Parses a single certificate, PEM or DER (the pinned DeviceID), into crt,
 * initialised by the caller. */
bool cert_load_one(mbedtls_x509_crt *crt, const uint8_t *data, size_t len,
		   char *err, size_t err_size);

/* The subject's one commonName, as a C string; false if there is none, more
 * than one, it does not fit in size, or it holds a NUL byte. */
bool cert_common_name(const mbedtls_x509_crt *crt, char *out, size_t size);

#endif /* VERIFIER_CERTS_H */
