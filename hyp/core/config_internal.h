/* SPDX-License-Identifier: MIT */
/*
 * What the files of the partition-config parser (hyp/core/config*.c) share:
 * the parser's state, the message helpers, and each step that one file calls
 * in another. Included by those files only; the public contract is
 * <vigil/config.h>.
 */
#ifndef VIGIL_CONFIG_INTERNAL_H
#define VIGIL_CONFIG_INTERNAL_H

#include <vigil/config.h>

#define SHOWN_NAME_MAX 48 /* a node name as printed in messages */

/* For "%llx": uint64_t is unsigned long on some targets, long long on others. */
#define ULL(x) ((unsigned long long)(x))
/* An inclusive range for messages: "0x%llx-0x%llx" of [base, base + size). */
#define RANGE "0x%llx-0x%llx"
#define RANGE_ARGS(base, size) ULL(base), ULL((base) + (size) - 1)

/* What the parser keeps about a partition besides its partition_config. */
struct part_state {
	const char *name; /* the node name up to any '@', as in the config */
	int name_len;
	char shown[SHOWN_NAME_MAX]; /* name, printable, for messages */
	bool name_ok;       /* valid and unique: copied to the config */
	int addr_cells;     /* the partition's #address-cells, 0 if invalid */
	int size_cells;     /* the partition's #size-cells, 0 if invalid */
	bool mem_complete;  /* every vigil,static-mem region is well-formed */
	bool image_ok;      /* image_pa and image_size are well-formed */
	bool image_placed;  /* image_pa is known (a file not yet read: no) */
	bool signature_placed; /* likewise signature_pa */
	bool load_ok;       /* load_ipa is known */
};

struct config_parser {
	const void *fdt;
	const struct board *board;
	const struct reserved_range *reserved;
	unsigned int reserved_count;
	const struct config_limits *limits;
	struct vigil_config *out;
	struct part_state state[CONFIG_MAX_PARTITIONS];
	config_report_fn report;
	void *ctx;
	int errors;
};

/* config_report.c: reports and counts one error, naming ps and what. */
void __attribute__((format(printf, 4, 5)))
config_error(struct config_parser *p, const struct part_state *ps,
	     const char *what, const char *fmt, ...);
/* config_report.c: copies name[0, len) into dst, made safe to print. */
void config_printable(char *dst, size_t size, const char *name, int len);

/* config_prop.c: a property's value and length in bytes; NULL if absent. */
const uint32_t *config_prop(const struct config_parser *p, int node,
			    const char *name, int *len);
/* config_prop.c: a cell count, 1 or 2 (default 2); 0 after reporting. */
int config_read_cell_count(struct config_parser *p, struct part_state *ps,
			   int node, const char *name);
/* config_prop.c: an optional address: 1 if read, 0 if absent, -1 if bad. */
int config_read_address(struct config_parser *p, struct part_state *ps,
			int node, const char *what, const char *name, int cells,
			uint64_t *out);

/* config_uds.c: reads the root's vigil,uds-region into the config and, if
 * present and valid, describes it in *slot as a reserved range. */
bool config_parse_uds(struct config_parser *p, struct reserved_range *slot);

/* config_partition.c: reads and checks partition idx from its node. */
void config_parse_partition(struct config_parser *p, unsigned int idx,
			    int node);

/* config_cpus.c: reads vigil,cpus and gives the CPUs to partition idx. */
void config_parse_cpus(struct config_parser *p, unsigned int idx, int node);

/* config_memory.c: reads vigil,static-mem into partition idx's regions. */
void config_parse_static_mem(struct config_parser *p, unsigned int idx,
			     int node);

/* config_region.c: checks one region, keeps it unless malformed (false). */
bool config_add_region(struct config_parser *p, unsigned int idx,
		       const struct mem_map *m);

/* config_module.c: a module's host range from its reg or its
 * vigil,uefi-binary file (*from_file); false after reporting. *placed is
 * false for a file the boot stage has not read yet: its size is known,
 * not its base. */
bool config_read_module(struct config_parser *p, struct part_state *ps,
			int node, const char *what, struct mem_range *out,
			bool *from_file, bool *placed);

/* config_kernel.c: finds the kernel module and reads its reg and load. */
void config_parse_kernel(struct config_parser *p, unsigned int idx, int node);
/* config_kernel.c: reads vigil,entry, by default the load address. */
void config_parse_entry(struct config_parser *p, unsigned int idx, int node);

/* config_policy.c: the launch policy, its digests, signer and signature. */
void config_parse_policy(struct config_parser *p, unsigned int idx, int node);
/* config_policy.c: every signature against Vigil's ranges and all memory. */
void config_check_signatures(struct config_parser *p);

/* config_image.c: checks the image's host range; false if unusable. */
bool config_check_image_host(struct config_parser *p, struct part_state *ps,
			     const struct partition_config *part);
/* config_image.c: reports an image that does not fit in one region. */
void config_check_image_fits(struct config_parser *p, struct part_state *ps,
			     const struct partition_config *part);
/* config_image.c: every image against every partition's host memory. */
void config_check_images_against_memory(struct config_parser *p);

#endif /* VIGIL_CONFIG_INTERNAL_H */
