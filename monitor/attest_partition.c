/* SPDX-License-Identifier: MIT */
/*
 * A partition's layer: its CDI and attestation key (AK) from Vigil's CDI
 * and its image digest, so that a changed image or a changed Vigil gives a
 * different key; its vPCRs and event log.
 */
#include <mbedtls/sha256.h>
#include <vigil/arch.h>
#include <vigil/format.h>
#include <vigil/string.h>
#include <vigil/tpm.h>
#include <vigil/version.h>

#include "attest_internal.h"

static int derive_ak(struct attestation *a, const struct launch_facts *f)
{
	/* The label names the partition too: two partitions running the same
	 * image still get different keys, so one's report cannot pass as the
	 * other's. */
	uint8_t cdi[DICE_SECRET_SIZE];
	char label[PARTITION_NAME_MAX + 16];
	format(label, sizeof(label), "Vigil AK %s", f->name);
	dice_derive_cdi(attest_chain.vigil_cdi, f->image_digest, cdi);
	int rc = dice_derive_keypair(cdi, label, &a->ak);
	memset(cdi, 0, sizeof(cdi));
	if (rc)
		return rc;
	tpm_ecc_public_name(a->ak.public_x, a->ak.public_y, a->ak_name);
	const struct dice_cert_request req = {
		.subject = &a->ak, .issuer = &attest_chain.alias,
		.subject_cn = f->name, .issuer_cn = "Vigil Alias",
		.is_ca = 0, .fwid = f->image_digest, .tcb_vendor = "Vigil",
		.tcb_model = f->name, .tcb_version = VIGIL_VERSION, .tcb_layer = 2,
	};
	size_t needed = 0;
	rc = dice_cert_write(&req, a->ak_cert, sizeof(a->ak_cert), &needed);
	if (rc < 0)
		return rc;
	a->ak_cert_len = (size_t)rc;
	return 0;
}

/* Logs one launch event and extends its vPCR; called with a->lock held. */
static int launch_event(struct attestation *a, uint32_t vpcr,
			const uint8_t digest[VIGIL_DIGEST_SIZE], const char *data)
{
	int rc = event_log_append(&a->log, vpcr, EV_IPL, digest, data,
				  (uint32_t)strlen(data));
	if (!rc)
		tpm_extend(a->vpcr[vpcr], digest);
	return rc;
}

/* The launch events of vigil/attest.h, in order; a->lock held. */
static int log_launch(struct attestation *a, const struct launch_facts *f,
		      const uint8_t config_digest[VIGIL_DIGEST_SIZE])
{
	char text[PARTITION_NAME_MAX + 24];
	uint8_t policy_digest[VIGIL_DIGEST_SIZE];
	int rc = event_log_init(&a->log, a->log_buf, sizeof(a->log_buf));
	format(text, sizeof(text), "%s image", f->name);
	if (!rc)
		rc = launch_event(a, VIGIL_VPCR_IMAGE, f->image_digest, text);
	if (!rc)
		rc = launch_event(a, VIGIL_VPCR_CONFIG, config_digest,
				  "vigil config");
	format(text, sizeof(text), "%s config node", f->name);
	if (!rc)
		rc = launch_event(a, VIGIL_VPCR_CONFIG, f->node_digest, text);
	mbedtls_sha256_ret((const unsigned char *)f->policy_event,
			   strlen(f->policy_event), policy_digest, 0);
	if (!rc)
		rc = launch_event(a, VIGIL_VPCR_POLICY, policy_digest,
				  f->policy_event);
	return rc;
}

int attestation_launch(struct attestation *a, const struct launch_facts *facts,
		       const uint8_t config_digest[VIGIL_DIGEST_SIZE])
{
	if (!attest_chain.ready)
		return -VIGIL_ENODEV;
	spin_lock(&a->lock);
	memset(a->vpcr, 0, sizeof(a->vpcr));
	a->facts = *facts;
	int rc = log_launch(a, facts, config_digest);
	if (!rc) {
		spin_lock(&attest_crypto_lock);
		rc = derive_ak(a, facts);
		spin_unlock(&attest_crypto_lock);
	}
	a->start_ticks = arch_counter_ticks();
	a->ready = rc == 0;
	spin_unlock(&a->lock);
	return rc;
}

int attestation_extend(struct attestation *a, uint32_t index,
		       const uint8_t digest[VIGIL_DIGEST_SIZE],
		       const void *data, uint32_t data_len)
{
	if (index >= VIGIL_VPCR_COUNT || data_len > VIGIL_EVENT_DATA_MAX)
		return -VIGIL_EINVAL;
	if (index < VIGIL_VPCR_FIRST_GUEST)
		return -VIGIL_EPERM;
	spin_lock(&a->lock);
	int rc = a->ready ? 0 : -VIGIL_ENODEV;
	/* Logged first: a vPCR never holds an extend its log lacks. */
	if (!rc)
		rc = event_log_append(&a->log, index, EV_IPL, digest, data,
				      data_len);
	if (!rc)
		tpm_extend(a->vpcr[index], digest);
	spin_unlock(&a->lock);
	return rc;
}

int attestation_read(struct attestation *a, uint32_t index,
		     uint8_t out[VIGIL_DIGEST_SIZE])
{
	if (index >= VIGIL_VPCR_COUNT)
		return -VIGIL_EINVAL;
	spin_lock(&a->lock);
	int rc = a->ready ? 0 : -VIGIL_ENODEV;
	if (!rc)
		memcpy(out, a->vpcr[index], VIGIL_DIGEST_SIZE);
	spin_unlock(&a->lock);
	return rc;
}

/* Concatenated DER: each certificate states its own length. */
int attestation_certs(struct attestation *a, uint8_t *out, size_t size,
		      size_t *needed)
{
	const struct attest_chain *c = &attest_chain;
	spin_lock(&a->lock);
	int rc = a->ready ? 0 : -VIGIL_ENODEV;
	size_t total = c->device_id_cert_len + c->alias_cert_len + a->ak_cert_len;
	if (!rc && total > size) {
		*needed = total;
		rc = -VIGIL_ENOSPC;
	}
	if (!rc) {
		memcpy(out, c->device_id_cert, c->device_id_cert_len);
		memcpy(out + c->device_id_cert_len, c->alias_cert,
		       c->alias_cert_len);
		memcpy(out + c->device_id_cert_len + c->alias_cert_len,
		       a->ak_cert, a->ak_cert_len);
		rc = (int)total;
	}
	spin_unlock(&a->lock);
	return rc;
}

int attestation_event_log(struct attestation *a, uint8_t *out, size_t size,
			  size_t *needed)
{
	spin_lock(&a->lock);
	int rc = a->ready ? attest_copy_out(a->log.buf, a->log.len, out, size,
					    needed)
			  : -VIGIL_ENODEV;
	spin_unlock(&a->lock);
	return rc;
}
