/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "dice_test_chain.h"

/* Any fixed values: what matters is that both tests use the same ones. */
static void fill(uint8_t *buf, size_t n, uint8_t first)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(first + 7 * i);
}

static void requests(struct test_chain *c)
{
	c->req[CERT_DEVICEID] = (struct dice_cert_request){
		.subject = &c->deviceid, .issuer = &c->deviceid,
		.subject_cn = "Vigil DeviceID", .issuer_cn = "Vigil DeviceID",
		.is_ca = 1,
	};
	c->req[CERT_ALIAS] = (struct dice_cert_request){
		.subject = &c->alias, .issuer = &c->deviceid,
		.subject_cn = "Vigil Alias", .issuer_cn = "Vigil DeviceID",
		.is_ca = 1, .fwid = c->vigil_digest, .tcb_vendor = "Vigil",
		.tcb_model = "Vigil hypervisor", .tcb_version = "0.1.0",
		.tcb_layer = 1,
	};
	c->req[CERT_AK] = (struct dice_cert_request){
		.subject = &c->ak, .issuer = &c->alias, .subject_cn = "hello",
		.issuer_cn = "Vigil Alias", .is_ca = 0, .fwid = c->image_digest,
		.tcb_vendor = "Vigil", .tcb_model = "hello", .tcb_layer = 2,
	};
}

int test_chain_derive(struct test_chain *c)
{
	memset(c, 0, sizeof(*c));
	fill(c->uds, sizeof(c->uds), 0x10);
	fill(c->vigil_digest, sizeof(c->vigil_digest), 0x80);
	fill(c->image_digest, sizeof(c->image_digest), 0xc3);
	dice_derive_cdi(c->uds, c->vigil_digest, c->vigil_cdi);
	dice_derive_cdi(c->vigil_cdi, c->image_digest, c->partition_cdi);
	int ret = dice_derive_keypair(c->uds, "Vigil DeviceID", &c->deviceid);
	if (!ret)
		ret = dice_derive_keypair(c->vigil_cdi, "Vigil Alias", &c->alias);
	if (!ret)
		ret = dice_derive_keypair(c->partition_cdi, "Vigil AK", &c->ak);
	requests(c);
	return ret;
}

int test_chain_build(struct test_chain *c)
{
	int ret = test_chain_derive(c);
	for (int i = 0; !ret && i < CERT_COUNT; i++) {
		ret = dice_cert_write(&c->req[i], c->der[i], sizeof(c->der[i]),
				      &c->len[i]);
		ret = ret < 0 ? ret : 0;
	}
	return ret;
}

/* Recorded from the first build whose chain openssl verified; a change
 * here is a change of every deployed certificate. */
const uint8_t test_chain_cert_sha256[CERT_COUNT][32] = {
	{
		0x51, 0x87, 0x3d, 0xdd, 0x8c, 0xae, 0xf9, 0x2e, 0x90, 0x5e, 0x97,
		0x09, 0xf7, 0xac, 0xde, 0x08, 0x6e, 0xed, 0xb2, 0xb5, 0x2d, 0xe1,
		0x6d, 0x2d, 0x69, 0x63, 0x2a, 0x20, 0xe5, 0xb7, 0x50, 0xd7,
	},
	{
		0x77, 0xd7, 0xa6, 0x70, 0x32, 0x47, 0x34, 0x4c, 0x17, 0xcd, 0x00,
		0xf6, 0x3f, 0xb7, 0x21, 0x5b, 0xd0, 0x8b, 0x61, 0xda, 0x32, 0x3a,
		0x59, 0x7d, 0x67, 0x49, 0xd8, 0x76, 0xad, 0x54, 0x6d, 0x19,
	},
	{
		0x77, 0x5e, 0xea, 0xbc, 0x24, 0x5f, 0xbf, 0x92, 0x1e, 0x67, 0xe2,
		0xf5, 0x65, 0x58, 0xe8, 0x2b, 0x9d, 0x99, 0xba, 0xe0, 0x7c, 0xf0,
		0xd6, 0x54, 0x77, 0x78, 0x4d, 0xb6, 0xfd, 0x41, 0x4e, 0x8d,
	},
};
