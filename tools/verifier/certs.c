/* SPDX-License-Identifier: MIT */
/* Splitting and parsing the certificate chain; see certs.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>

#include <vigil/attest.h>

#include "certs.h"
#include "file.h"
#include "reader.h"

#define DER_SEQUENCE 0x30
#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"

static const char *const cert_names[CERT_CHAIN_LEN] = {
	[CERT_DEVICE_ID] = "DeviceID",
	[CERT_ALIAS] = "Alias",
	[CERT_AK] = "AK",
};

void cert_list_init(struct cert_list *list)
{
	memset(list, 0, sizeof(*list));
}

void cert_list_free(struct cert_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->item[i].der);
	cert_list_init(list);
}

static bool list_append(struct cert_list *list, const uint8_t *der,
			size_t len, char *err, size_t err_size)
{
	if (list->count == CERT_CHAIN_LEN) {
		snprintf(err, err_size, "more than three certificates");
		return false;
	}
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy) {
		snprintf(err, err_size, "out of memory");
		return false;
	}
	memcpy(copy, der, len);
	list->item[list->count].der = copy;
	list->item[list->count].len = len;
	list->count++;
	return true;
}

/* DER certificates back to back: each is one SEQUENCE, its length its own. */
static bool split_der(struct cert_list *list, const uint8_t *data, size_t len,
		      char *err, size_t err_size)
{
	struct reader r;
	reader_init(&r, data, len);
	while (reader_left(&r) != 0) {
		size_t start = r.off, body_len;
		uint8_t tag;
		const uint8_t *body;
		if (!read_der(&r, &tag, &body, &body_len) || tag != DER_SEQUENCE) {
			snprintf(err, err_size,
				 "no DER certificate at offset 0x%zx", start);
			return false;
		}
		if (!list_append(list, data + start, r.off - start, err,
				 err_size))
			return false;
	}
	return true;
}

/* PEM CERTIFICATE blocks (RFC 7468); text is NUL-terminated, as mbedTLS's
 * PEM reader searches it with string functions. */
static bool split_pem(struct cert_list *list, const char *text, char *err,
		      size_t err_size)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t found = 0;
	for (;;) {
		mbedtls_pem_context pem;
		size_t used = 0;
		mbedtls_pem_init(&pem);
		int ret = mbedtls_pem_read_buffer(&pem, PEM_BEGIN, PEM_END, p,
						  NULL, 0, &used);
		bool ok = ret == 0 &&
			  list_append(list, pem.buf, pem.buflen, err, err_size);
		mbedtls_pem_free(&pem);
		if (ret == MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT && found)
			return true;
		if (ret != 0)
			snprintf(err, err_size, "no valid PEM CERTIFICATE block");
		if (!ok)
			return false;
		found++;
		p += used;
	}
}

bool cert_list_add(struct cert_list *list, const uint8_t *data, size_t len,
		   char *err, size_t err_size)
{
	if (len == 0) {
		snprintf(err, err_size, "no certificate");
		return false;
	}
	if (!file_is_pem(data, len))
		return split_der(list, data, len, err, err_size);
	char *text = malloc(len + 1);
	if (!text) {
		snprintf(err, err_size, "out of memory");
		return false;
	}
	memcpy(text, data, len);
	text[len] = '\0';
	bool ok = split_pem(list, text, err, err_size);
	free(text);
	return ok;
}

void chain_init(struct chain *c)
{
	memset(c, 0, sizeof(*c));
	mbedtls_x509_crt_init(&c->path);
	mbedtls_x509_crt_init(&c->device);
}

void chain_free(struct chain *c)
{
	mbedtls_x509_crt_free(&c->path);
	mbedtls_x509_crt_free(&c->device);
	chain_init(c);
}

static bool is_tcbinfo(const mbedtls_x509_buf *oid)
{
	char text[32];
	int n = mbedtls_oid_get_numeric_string(text, sizeof(text), oid);
	return n > 0 && strcmp(text, VIGIL_OID_TCG_DICE_TCBINFO) == 0;
}

/*
 * Called by mbedTLS for each extension it does not know. TcbInfo is parsed
 * here; any other unknown extension keeps mbedTLS's own rule, ignored if
 * non-critical and failing the certificate if critical (RFC 5280 4.2).
 */
static int extension_cb(void *ctx, mbedtls_x509_crt const *crt,
			mbedtls_x509_buf const *oid, int critical,
			const unsigned char *p, const unsigned char *end)
{
	struct cert_tcb *t = ctx;
	(void)crt;
	if (!is_tcbinfo(oid))
		return critical ? MBEDTLS_ERR_X509_INVALID_EXTENSIONS : 0;
	if (t->present) {
		t->ok = false;
		snprintf(t->err, sizeof(t->err), "has two TcbInfo extensions");
		return MBEDTLS_ERR_X509_INVALID_EXTENSIONS;
	}
	char why[96];
	t->present = true;
	t->ok = tcbinfo_parse(p, (size_t)(end - p), &t->tcb, why, sizeof(why));
	if (!t->ok)
		snprintf(t->err, sizeof(t->err), "has a malformed %s", why);
	return t->ok ? 0 : MBEDTLS_ERR_X509_INVALID_EXTENSIONS;
}

static bool parse_one(mbedtls_x509_crt *into, const uint8_t *der, size_t len,
		      struct cert_tcb *tcb, const char *name, char *err,
		      size_t err_size)
{
	int ret = mbedtls_x509_crt_parse_der_with_ext_cb(into, der, len, 1,
							 extension_cb, tcb);
	if (ret == 0)
		return true;
	char why[100];
	mbedtls_strerror(ret, why, sizeof(why));
	snprintf(err, err_size, "%s certificate does not parse: %s", name, why);
	return false;
}

bool chain_load(struct chain *c, const struct cert_list *list, char *err,
		size_t err_size)
{
	chain_free(c);
	if (list->count != CERT_CHAIN_LEN) {
		snprintf(err, err_size,
			 "%zu certificates, not three (DeviceID, Alias, AK)",
			 list->count);
		return false;
	}
	/* The AK first, so that its Alias follows it in c->path. */
	static const enum cert_index order[] = { CERT_AK, CERT_ALIAS };
	for (size_t i = 0; i < 2; i++) {
		enum cert_index k = order[i];
		if (!parse_one(&c->path, list->item[k].der, list->item[k].len,
			       &c->tcb[k], cert_names[k], err, err_size))
			return false;
	}
	if (!parse_one(&c->device, list->item[CERT_DEVICE_ID].der,
		       list->item[CERT_DEVICE_ID].len, &c->tcb[CERT_DEVICE_ID],
		       cert_names[CERT_DEVICE_ID], err, err_size))
		return false;
	c->loaded = true;
	return true;
}

const mbedtls_x509_crt *chain_cert(const struct chain *c, enum cert_index i)
{
	if (!c->loaded)
		return NULL;
	switch (i) {
	case CERT_DEVICE_ID:
		return &c->device;
	case CERT_ALIAS:
		return c->path.next;
	case CERT_AK:
		return &c->path;
	default:
		return NULL;
	}
}

bool cert_load_one(mbedtls_x509_crt *crt, const uint8_t *data, size_t len,
		   char *err, size_t err_size)
{
	struct cert_list list;
	struct cert_tcb unused = { 0 };
	cert_list_init(&list);
	bool ok = cert_list_add(&list, data, len, err, err_size);
	if (ok && list.count != 1) {
		snprintf(err, err_size, "%zu certificates, not one", list.count);
		ok = false;
	}
	ok = ok && parse_one(crt, list.item[0].der, list.item[0].len, &unused,
			     "the", err, err_size);
	cert_list_free(&list);
	return ok;
}

bool cert_common_name(const mbedtls_x509_crt *crt, char *out, size_t size)
{
	const mbedtls_x509_buf *cn = NULL;
	for (const mbedtls_x509_name *n = &crt->subject; n; n = n->next) {
		if (n->oid.p && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0) {
			if (cn)
				return false; /* two CNs: which is the name? */
			cn = &n->val;
		}
	}
	if (!cn || cn->len >= size || memchr(cn->p, '\0', cn->len))
		return false;
	memcpy(out, cn->p, cn->len);
	out[cn->len] = '\0';
	return true;
}
