/* SPDX-License-Identifier: MIT */
/*
 * The partition config: a device tree (separate from the board's) that the
 * boot loader passes as the initrd. Vigil parses and validates all of it
 * before any partition starts; a config with any error starts nothing.
 * The binding is documented in README.md ("Partition config").
 */
#ifndef VIGIL_CONFIG_H
#define VIGIL_CONFIG_H

#include <vigil/board.h>
#include <vigil/types.h>

#define CONFIG_MAX_PARTITIONS 8
#define PARTITION_MAX_MEM 4
#define PARTITION_MAX_CPUS BOARD_MAX_CPUS
#define PARTITION_NAME_MAX 32

/* One vigil,static-mem entry: guest-physical [ipa, ipa + size) -> host pa. */
struct mem_map {
	ipaddr_t ipa;
	paddr_t pa;
	uint64_t size;
};

/* vigil,launch-policy: what must hold before a partition may run. */
enum launch_policy {
	LAUNCH_MEASURE, /* "measure" (default): measure, record, run */
	LAUNCH_VERIFY,  /* "verify": an allowed digest or a valid signature */
};

#define PARTITION_MAX_ALLOWED 8
#define PARTITION_SIGNER_MAX 512 /* bytes of a DER or PEM public key */

struct partition_config {
	char name[PARTITION_NAME_MAX]; /* the node name, without unit address */
	unsigned int cpu_count;
	uint64_t cpu_hw_id[PARTITION_MAX_CPUS];  /* from vigil,cpus */
	unsigned int cpu_index[PARTITION_MAX_CPUS]; /* board CPU indexes */
	unsigned int mem_count;
	struct mem_map mem[PARTITION_MAX_MEM];
	paddr_t image_pa;  /* where the boot loader left the kernel module */
	uint64_t image_size;
	bool image_from_file; /* vigil,uefi-binary, not reg */
	ipaddr_t load_ipa; /* where Vigil copies it in the partition */
	ipaddr_t entry_ipa;
	int node;          /* its node's offset in the config blob */
	enum launch_policy launch_policy;
	bool required;     /* vigil,required: a refusal stops the whole boot */
	unsigned int allowed_count; /* vigil,allowed-digests */
	uint8_t allowed_digests[PARTITION_MAX_ALLOWED][32];
	const uint8_t *signer_key;  /* vigil,image-signer, in the config blob */
	size_t signer_key_len;      /* 0: no signer */
	paddr_t signature_pa;       /* the image-signature module, if any */
	bool signature_from_file;   /* vigil,uefi-binary, not reg */
	uint64_t signature_size;    /* 0: no signature */
};

/* The Unique Device Secret: its first CONFIG_UDS_SIZE bytes. */
#define CONFIG_UDS_SIZE 32

struct vigil_config {
	unsigned int count;
	struct partition_config part[CONFIG_MAX_PARTITIONS];
	struct mem_range uds; /* vigil,uds-region; size 0 if absent */
};

/* Host memory no partition may map or receive an image in. */
struct reserved_range {
	const char *what; /* e.g. "Vigil's image", "the board DTB" */
	uint64_t base;
	uint64_t size;
};

/* The most reserved ranges a caller may pass to config_parse. */
#define CONFIG_MAX_RESERVED 8

/* Receives each error as one line of text, without a trailing newline. */
typedef void (*config_report_fn)(void *ctx, const char *message);

struct config_limits {
	uint64_t ipa_size; /* guest-physical addresses must be below this */
};

/*
 * Parses and validates the config at fdt against the board, the reserved
 * ranges (at most CONFIG_MAX_RESERVED) and the limits; the root's
 * optional vigil,uds-region becomes one more reserved range. Reports every
 * error found, each naming the
 * partition and the property (for example
 * "config: partition 'probe': vigil,cpus: CPU 0x1 is already given to
 * partition 'hello'"), and returns how many there were. Only a return of 0
 * leaves *out meaningful.
 */
int config_parse(const void *fdt, const struct board *board,
		 const struct reserved_range *reserved, unsigned int reserved_count,
		 const struct config_limits *limits, struct vigil_config *out,
		 config_report_fn report, void *ctx);

/*
 * Translates [ipa, ipa + len) of a validated partition to host-physical.
 * Returns false unless the whole range lies inside one of its memory
 * regions (so a range straddling two regions, or wrapping, is refused).
 */
bool partition_ipa_to_pa(const struct partition_config *part, ipaddr_t ipa,
			 uint64_t len, paddr_t *pa);

#endif /* VIGIL_CONFIG_H */
