/* SPDX-License-Identifier: MIT */
/*
 * A partition's launch policy (README, "Launch policy"):
 *   vigil,launch-policy = "measure" (default) or "verify";
 *   vigil,allowed-digests = SHA-256 values, 32 bytes each;
 *   vigil,image-signer = a P-256 public key, DER or PEM (/incbin/);
 *   vigil,required (empty): a refused image stops the whole boot;
 *   a subnode compatible "vigil,image-signature" whose reg or file
 *   (config_module.c) gives the image's detached signature (DER ECDSA over
 *   the image's SHA-256).
 * Here the shapes are checked; the digests and signatures at launch.
 */
#include <libfdt.h>
#include <vigil/fdt_util.h>
#include <vigil/string.h>

#include "config_internal.h"

#define SIGNATURE_COMPATIBLE "vigil,image-signature"
#define SIGNATURE_MAX 128 /* a DER ECDSA P-256 signature is at most 72 */

static void parse_policy_name(struct config_parser *p, struct part_state *ps,
			      struct partition_config *part, int node)
{
	int len;
	const char *v = (const char *)config_prop(p, node, "vigil,launch-policy",
						  &len);
	if (!v)
		return; /* LAUNCH_MEASURE */
	if (len == sizeof("measure") && memcmp(v, "measure", (size_t)len) == 0)
		part->launch_policy = LAUNCH_MEASURE;
	else if (len == sizeof("verify") && memcmp(v, "verify", (size_t)len) == 0)
		part->launch_policy = LAUNCH_VERIFY;
	else
		config_error(p, ps, "vigil,launch-policy",
			     "must be \"measure\" or \"verify\"");
}

static void parse_allowed(struct config_parser *p, struct part_state *ps,
			  struct partition_config *part, int node)
{
	int len;
	const uint32_t *v = config_prop(p, node, "vigil,allowed-digests", &len);
	if (!v)
		return;
	if (len == 0 || len % 32 || len / 32 > PARTITION_MAX_ALLOWED) {
		config_error(p, ps, "vigil,allowed-digests",
			     "is 0x%x bytes long, not 1 to %d SHA-256 values of "
			     "32 bytes",
			     len, PARTITION_MAX_ALLOWED);
		return;
	}
	part->allowed_count = (unsigned int)len / 32;
	memcpy(part->allowed_digests, v, (size_t)len);
}

static void parse_signer(struct config_parser *p, struct part_state *ps,
			 struct partition_config *part, int node)
{
	int len;
	const uint32_t *v = config_prop(p, node, "vigil,image-signer", &len);
	if (!v)
		return;
	if (len == 0 || len > PARTITION_SIGNER_MAX) {
		config_error(p, ps, "vigil,image-signer",
			     "is 0x%x bytes long, not a public key of 1 to 0x%x",
			     len, PARTITION_SIGNER_MAX);
		return;
	}
	part->signer_key = (const uint8_t *)v;
	part->signer_key_len = (size_t)len;
}

/* The image-signature subnode, if any: at most one, with a sane reg. */
static void parse_signature(struct config_parser *p, struct part_state *ps,
			    struct partition_config *part, int node)
{
	int sub, found = -1;
	fdt_for_each_subnode(sub, p->fdt, node) {
		if (!fdt_node_is_compatible(p->fdt, sub, SIGNATURE_COMPATIBLE))
			continue;
		if (found >= 0) {
			config_error(p, ps, "signature",
				     "more than one subnode is \""
				     SIGNATURE_COMPATIBLE "\"");
			return;
		}
		found = sub;
	}
	if (found < 0 || !ps->addr_cells || !ps->size_cells)
		return;
	struct mem_range r;
	if (!config_read_module(p, ps, found, "signature", &r,
				&part->signature_from_file,
				&ps->signature_placed))
		return;
	uint64_t base = r.base, size = r.size;
	if (size == 0 || size > SIGNATURE_MAX || range_wraps(base, size) ||
	    (ps->signature_placed &&
	     !board_memory_contains(p->board, base, size))) {
		config_error(p, ps, "signature",
			     RANGE " is empty, over 0x%x bytes, or not in RAM",
			     RANGE_ARGS(base, size), SIGNATURE_MAX);
		return;
	}
	part->signature_pa = pa_init(base);
	part->signature_size = size;
}

void config_parse_policy(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	part->node = node;
	part->required = fdt_getprop(p->fdt, node, "vigil,required", NULL) != NULL;
	parse_policy_name(p, ps, part, node);
	parse_allowed(p, ps, part, node);
	parse_signer(p, ps, part, node);
	parse_signature(p, ps, part, node);
	if (part->launch_policy == LAUNCH_VERIFY && !part->allowed_count &&
	    !part->signer_key_len)
		config_error(p, ps, "vigil,launch-policy",
			     "\"verify\" needs vigil,allowed-digests or "
			     "vigil,image-signer");
}

/* Signatures, like images, must lie clear of partitions and Vigil. */
void config_check_signatures(struct config_parser *p)
{
	for (unsigned int i = 0; i < p->out->count; i++) {
		const struct partition_config *s = &p->out->part[i];
		uint64_t base = s->signature_pa.pa, size = s->signature_size;
		if (!size || !p->state[i].signature_placed)
			continue;
		for (unsigned int r = 0; r < p->reserved_count; r++) {
			if (ranges_overlap(base, size, p->reserved[r].base,
					   p->reserved[r].size))
				config_error(p, &p->state[i], "signature",
					     RANGE " overlaps %s",
					     RANGE_ARGS(base, size),
					     p->reserved[r].what);
		}
		for (unsigned int j = 0; j < p->out->count; j++) {
			const struct partition_config *o = &p->out->part[j];
			for (unsigned int m = 0; m < o->mem_count; m++) {
				if (ranges_overlap(base, size, o->mem[m].pa.pa,
						   o->mem[m].size))
					config_error(p, &p->state[i], "signature",
						     RANGE " overlaps partition "
						     "'%s' memory",
						     RANGE_ARGS(base, size),
						     o->name);
			}
		}
	}
}
