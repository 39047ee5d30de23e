/* SPDX-License-Identifier: MIT */
/* Reading the reference values; see refvals.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "json.h"
#include "refvals.h"

struct ctx {
	const struct json_doc *d;
	char where[48]; /* "partitions[3]." while reading a partition */
	char *err;
	size_t err_size;
};

static bool bad(struct ctx *c, const char *key, const char *why)
{
	snprintf(c->err, c->err_size, "%s%s: %s", c->where, key, why);
	return false;
}

static enum json_type type(const struct ctx *c, uint32_t tok)
{
	return c->d->tok[tok].type;
}

/* Up to 32 bytes of a key from the file, safe to print. */
static void shown(const struct ctx *c, uint32_t tok, char out[36])
{
	const char *s = json_str(c->d, tok);
	size_t n = c->d->tok[tok].len, i;
	for (i = 0; i < n && i < 32; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	memcpy(out + i, n > 32 ? "..." : "", n > 32 ? 4 : 1);
}

/* obj must be an object with exactly the keys names[0..n-1]; val[i]
 * receives the value of names[i]. */
static bool members(struct ctx *c, uint32_t obj, const char *what,
		    const char *const *names, size_t n, uint32_t *val)
{
	char key[36], why[64];
	if (type(c, obj) != JSON_OBJECT)
		return bad(c, what, "not an object");
	memset(val, 0, n * sizeof(*val));
	for (uint32_t k = obj + 1; k < c->d->tok[obj].end;
	     k = json_next(c->d, k + 1)) {
		size_t i = 0;
		while (i < n && strcmp(json_str(c->d, k), names[i]) != 0)
			i++;
		if (i == n) {
			shown(c, k, key);
			snprintf(why, sizeof(why), "unknown key \"%s\"", key);
			return bad(c, what, why);
		}
		val[i] = k + 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!val[i]) {
			snprintf(why, sizeof(why), "no \"%s\"", names[i]);
			return bad(c, what, why);
		}
	return true;
}

static bool digest(struct ctx *c, uint32_t tok, const char *key,
		   uint8_t out[VIGIL_DIGEST_SIZE])
{
	size_t n;
	if (type(c, tok) != JSON_STRING ||
	    !hex_decode(json_str(c->d, tok), c->d->tok[tok].len, out,
			VIGIL_DIGEST_SIZE, &n) ||
	    n != VIGIL_DIGEST_SIZE)
		return bad(c, key, "not a string of 64 hex digits");
	return true;
}

/* A string of 1 to size - 1 bytes (json.h strings hold no NUL). */
static bool text(struct ctx *c, uint32_t tok, const char *key, char *out,
		 size_t size)
{
	size_t n = c->d->tok[tok].len;
	if (type(c, tok) != JSON_STRING)
		return bad(c, key, "not a string");
	if (n == 0 || n >= size)
		return bad(c, key, "empty, or longer than it may be");
	memcpy(out, json_str(c->d, tok), n + 1);
	return true;
}

static bool boolean(struct ctx *c, uint32_t tok, const char *key, bool *out)
{
	if (type(c, tok) != JSON_TRUE && type(c, tok) != JSON_FALSE)
		return bad(c, key, "not true or false");
	*out = type(c, tok) == JSON_TRUE;
	return true;
}

/* As Vigil takes a partition's name: 1 to 31 of [A-Za-z0-9,._+-]. */
static bool name_ok(const char *name)
{
	for (const char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789,._+-", *p))
			return false;
	return true;
}

static bool allowed_digests(struct ctx *c, uint32_t arr,
			    struct refval_partition *p)
{
	static const char key[] = "allowed_digests";
	if (type(c, arr) != JSON_ARRAY)
		return bad(c, key, "not an array");
	if (c->d->tok[arr].count > REFVALS_ALLOWED_MAX)
		return bad(c, key, "more than 8 digests");
	p->allowed_count = 0;
	for (uint32_t i = json_first(c->d, arr); i < c->d->tok[arr].end;
	     i = json_next(c->d, i))
		if (!digest(c, i, key, p->allowed[p->allowed_count++]))
			return false;
	return true;
}

static bool expected_vpcrs(struct ctx *c, uint32_t obj,
			   struct refval_partition *p)
{
	static const char *const names[] = { "0", "1", "2" };
	static const char *const keys[] = { "expected_vpcrs.0",
					    "expected_vpcrs.1",
					    "expected_vpcrs.2" };
	uint32_t v[REFVALS_LAUNCH_VPCRS];
	if (!members(c, obj, "expected_vpcrs", names, REFVALS_LAUNCH_VPCRS, v))
		return false;
	for (size_t i = 0; i < REFVALS_LAUNCH_VPCRS; i++) {
		if (i == VIGIL_VPCR_POLICY && p->refused) {
			if (type(c, v[i]) != JSON_NULL)
				return bad(c, keys[i], "not null for a refused partition");
		} else if (!digest(c, v[i], keys[i], p->vpcr[i])) {
			return false;
		}
	}
	return true;
}

enum {
	P_NAME, P_IMAGE, P_NODE, P_POLICY, P_ALLOWED, P_SIGNER, P_EVENT,
	P_VPCRS, P_REFUSED, P_KEYS
};

static bool launch_policy(struct ctx *c, uint32_t tok,
			  struct refval_partition *p)
{
	const char *s = json_str(c->d, tok);
	if (type(c, tok) != JSON_STRING ||
	    (strcmp(s, "measure") != 0 && strcmp(s, "verify") != 0))
		return bad(c, "launch_policy", "not \"measure\" or \"verify\"");
	p->verify = strcmp(s, "verify") == 0;
	return true;
}

static bool partition(struct ctx *c, uint32_t obj, struct refval_partition *p)
{
	static const char *const names[P_KEYS] = {
		"name", "image_sha256", "config_node_sha256", "launch_policy",
		"allowed_digests", "signer_sha256", "policy_event",
		"expected_vpcrs", "refused",
	};
	uint32_t v[P_KEYS];
	memset(p, 0, sizeof(*p));
	if (!members(c, obj, "partition", names, P_KEYS, v) ||
	    !text(c, v[P_NAME], "name", p->name, sizeof(p->name)) ||
	    !digest(c, v[P_IMAGE], "image_sha256", p->image) ||
	    !digest(c, v[P_NODE], "config_node_sha256", p->node) ||
	    !launch_policy(c, v[P_POLICY], p) ||
	    !allowed_digests(c, v[P_ALLOWED], p) ||
	    !boolean(c, v[P_REFUSED], "refused", &p->refused))
		return false;
	if (!name_ok(p->name))
		return bad(c, "name", "holds a character a partition name may not");
	p->has_signer = type(c, v[P_SIGNER]) != JSON_NULL;
	if (p->has_signer && !digest(c, v[P_SIGNER], "signer_sha256", p->signer))
		return false;
	if (p->refused != (type(c, v[P_EVENT]) == JSON_NULL))
		return bad(c, "policy_event",
			   "must be null exactly when the partition is refused");
	if (!p->refused && !text(c, v[P_EVENT], "policy_event", p->policy_event,
				 sizeof(p->policy_event)))
		return false;
	return expected_vpcrs(c, v[P_VPCRS], p);
}

static bool partitions(struct ctx *c, uint32_t arr, struct refvals *out)
{
	if (type(c, arr) != JSON_ARRAY)
		return bad(c, "partitions", "not an array");
	if (c->d->tok[arr].count == 0 ||
	    c->d->tok[arr].count > REFVALS_PARTITIONS_MAX)
		return bad(c, "partitions", "not 1 to 8 partitions");
	out->count = 0;
	for (uint32_t i = json_first(c->d, arr); i < c->d->tok[arr].end;
	     i = json_next(c->d, i)) {
		snprintf(c->where, sizeof(c->where), "partitions[%zu].",
			 out->count);
		struct refval_partition *p = &out->part[out->count];
		if (!partition(c, i, p))
			return false;
		if (refvals_find(out, p->name))
			return bad(c, "name", "another partition has this name");
		out->count++;
	}
	c->where[0] = '\0';
	return true;
}

enum { R_FORMAT, R_VIGIL, R_CONFIG, R_DEVICE_ID, R_PARTITIONS, R_KEYS };

static bool root(struct ctx *c, struct refvals *out)
{
	static const char *const names[R_KEYS] = {
		"format", "vigil", "config", "device_id_cert_pem", "partitions",
	};
	static const char *const vigil_names[] = { "image_sha256" };
	static const char *const config_names[] = { "name", "sha256" };
	uint32_t v[R_KEYS], vigil[1], config[2];
	char format[sizeof(REFVALS_FORMAT) + 1];
	if (!members(c, 0, "the file", names, R_KEYS, v) ||
	    !text(c, v[R_FORMAT], "format", format, sizeof(format)))
		return false;
	if (strcmp(format, REFVALS_FORMAT) != 0)
		return bad(c, "format", "not \"" REFVALS_FORMAT "\"");
	return members(c, v[R_VIGIL], "vigil", vigil_names, 1, vigil) &&
	       digest(c, vigil[0], "vigil.image_sha256", out->vigil) &&
	       members(c, v[R_CONFIG], "config", config_names, 2, config) &&
	       text(c, config[0], "config.name", out->config_name,
		    sizeof(out->config_name)) &&
	       digest(c, config[1], "config.sha256", out->config) &&
	       text(c, v[R_DEVICE_ID], "device_id_cert_pem", out->device_id_pem,
		    sizeof(out->device_id_pem)) &&
	       partitions(c, v[R_PARTITIONS], out);
}

bool refvals_parse(const char *text_, size_t len, struct refvals *out,
		   char *err, size_t err_size)
{
	struct json_doc *d = malloc(sizeof(*d));
	char why[160];
	bool ok = false;
	memset(out, 0, sizeof(*out));
	if (!d) {
		snprintf(err, err_size, "out of memory");
		return false;
	}
	if (!json_parse(text_, len, d, why, sizeof(why))) {
		snprintf(err, err_size, "not strict JSON: %s", why);
	} else {
		struct ctx c = { .d = d, .err = err, .err_size = err_size };
		ok = root(&c, out);
	}
	free(d);
	if (!ok)
		memset(out, 0, sizeof(*out));
	return ok;
}

const struct refval_partition *refvals_find(const struct refvals *rv,
					    const char *name)
{
	for (size_t i = 0; i < rv->count; i++)
		if (strcmp(rv->part[i].name, name) == 0)
			return &rv->part[i];
	return NULL;
}
