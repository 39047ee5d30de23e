/* SPDX-License-Identifier: MIT */
/*
 * config_parse against the QEMU virt board and the configs in
 * tests/unit/configs: one valid config whose every field is checked, then
 * one config per error, each asserting the exact messages and their count.
 * Also partition_ipa_to_pa, and configs damaged at random, which must be
 * rejected or accepted without any sanitizer report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>
#include <vigil/board.h>
#include <vigil/config.h>

#include "../../hyp/arch/arm64/board_dt.h"

#define BOARD_DTB "build/host/qemu-virt.dtb"
#define CONFIG_DIR "build/host/configs/"
#define MAX_LINES 8
#define MESSAGE_MAX 256
#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS 20000
#endif

/* Like Vigil's own: its image, the board DTB and the config itself. */
static const struct reserved_range reserved[] = {
	{ "Vigil's image", 0x40200000, 0x50000 },
	{ "the board DTB", 0x40000000, 0x100000 },
	{ "the partition config", 0x48000000, 0x10000 },
};
static const struct config_limits limits = { .ipa_size = 1ULL << 39 };

static struct board qemu_board;  /* from BOARD_DTB */
static struct board eight_cpus;  /* the same with CPUs 0 to 7 */
static struct board with_files;  /* the same with files a UEFI boot read */
static struct vigil_config out;

struct capture {
	int count;
	char lines[MAX_LINES][MESSAGE_MAX];
};

static void capture_report(void *ctx, const char *message)
{
	struct capture *c = ctx;
	assert_non_null(message);
	assert_true(strlen(message) < MESSAGE_MAX);
	assert_null(strchr(message, '\n'));
	if (c->count < MAX_LINES)
		strcpy(c->lines[c->count], message);
	c->count++;
}

/* Reads a whole file into a buffer of exactly its size; free() it. */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (tests run from the repo root)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	void *buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if (size)
		*size = (size_t)n;
	return buf;
}

static void *read_config(const char *name, size_t *size)
{
	char path[128];
	snprintf(path, sizeof(path), CONFIG_DIR "%s.dtb", name);
	return read_file(path, size);
}

static int parse(const void *fdt, const struct board *board,
		 struct capture *c)
{
	memset(c, 0, sizeof(*c));
	return config_parse(fdt, board, reserved, ARRAY_SIZE(reserved), &limits,
			    &out, capture_report, c);
}

static int setup_board(void **state)
{
	(void)state;
	void *dtb = read_file(BOARD_DTB, NULL);
	char err[160];
	struct board_dt dt;
	int rc = board_dt_parse(dtb, &qemu_board, &dt, err, sizeof(err));
	free(dtb);
	if (rc != 0 || qemu_board.cpu_count != 4)
		return -1;
	eight_cpus = qemu_board;
	eight_cpus.cpu_count = 8;
	for (unsigned int i = 0; i < 8; i++)
		eight_cpus.cpu_hw_id[i] = i;
	with_files = qemu_board;
	with_files.files[0] = (struct board_file){
		"hello.bin", { 0x4c000000, 0x8000 }, true };
	with_files.files[1] = (struct board_file){
		"hello.sig", { 0x4d000000, 0x48 }, true };
	with_files.file_count = 2;
	return 0;
}

/* ---- The valid config ---- */

static void assert_region(const struct mem_map *m, uint64_t ipa, uint64_t pa,
			  uint64_t size)
{
	assert_int_equal(m->ipa.ipa, ipa);
	assert_int_equal(m->pa.pa, pa);
	assert_int_equal(m->size, size);
}

static void valid_config(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = read_config("valid", NULL);
	assert_int_equal(parse(fdt, &qemu_board, &c), 0);
	assert_int_equal(c.count, 0);
	assert_int_equal(out.count, 2);

	const struct partition_config *hello = &out.part[0];
	assert_string_equal(hello->name, "hello");
	assert_int_equal(hello->cpu_count, 1);
	assert_int_equal(hello->cpu_hw_id[0], 1);
	assert_int_equal(hello->cpu_index[0], 1);
	assert_int_equal(hello->mem_count, 1);
	assert_region(&hello->mem[0], 0x40000000, 0x50000000, MiB(16));
	assert_int_equal(hello->image_pa.pa, 0x4c000000);
	assert_int_equal(hello->image_size, 0x10000);
	assert_int_equal(hello->load_ipa.ipa, 0x40000000); /* first region */
	assert_int_equal(hello->entry_ipa.ipa, 0x40000000); /* load address */

	const struct partition_config *probe = &out.part[1];
	assert_string_equal(probe->name, "probe"); /* without "@1" */
	assert_int_equal(probe->cpu_count, 2);
	assert_int_equal(probe->cpu_hw_id[0], 3);
	assert_int_equal(probe->cpu_hw_id[1], 2);
	assert_int_equal(probe->cpu_index[0], 3);
	assert_int_equal(probe->cpu_index[1], 2);
	assert_int_equal(probe->mem_count, 2);
	assert_region(&probe->mem[0], 0x80000000, 0x51000000, MiB(16));
	assert_region(&probe->mem[1], 0x90000000, 0x52000000, MiB(2));
	assert_int_equal(probe->image_pa.pa, 0x4c100000);
	assert_int_equal(probe->image_size, 0x8000);
	assert_int_equal(probe->load_ipa.ipa, 0x90000000);
	assert_int_equal(probe->entry_ipa.ipa, 0x90000100);
	free(fdt);
}

/* The board's CPU indexes, not the MPIDRs, go into cpu_index. */
static void cpu_index_is_board_order(void **state)
{
	(void)state;
	struct board b = qemu_board;
	struct capture c;
	for (unsigned int i = 0; i < 4; i++)
		b.cpu_hw_id[i] = 3 - i; /* CPU nodes listed backwards */
	void *fdt = read_config("valid", NULL);
	assert_int_equal(parse(fdt, &b, &c), 0);
	assert_int_equal(out.part[0].cpu_index[0], 2);
	assert_int_equal(out.part[1].cpu_index[0], 0);
	assert_int_equal(out.part[1].cpu_index[1], 1);
	free(fdt);
}

/* ---- One config per error ---- */

struct error_case {
	const char *config;
	const struct board *board; /* NULL: the QEMU virt board */
	int count;
	const char *messages[MAX_LINES];
};

static void error_case(void **state)
{
	const struct error_case *e = *state;
	struct capture c;
	void *fdt = read_config(e->config, NULL);
	int rc = parse(fdt, e->board ? e->board : &qemu_board, &c);
	if (rc != e->count) {
		for (int i = 0; i < c.count && i < MAX_LINES; i++)
			print_message("  reported: %s\n", c.lines[i]);
	}
	assert_int_equal(rc, e->count);
	assert_int_equal(c.count, rc);
	for (int i = 0; i < e->count; i++)
		assert_string_equal(c.lines[i], e->messages[i]);
	free(fdt);
}

#define P(name) "config: partition '" name "': "

static const struct error_case cases[] = {
	{ "overlap_partition", NULL, 1,
	  { P("probe") "vigil,static-mem: host 0x50000000-0x50ffffff overlaps "
		       "partition 'hello' (0x50000000-0x50ffffff)" } },
	{ "overlap_reserved", NULL, 1,
	  { P("hello") "vigil,static-mem: host 0x40200000-0x403fffff overlaps "
		       "Vigil's image (0x40200000-0x4024ffff)" } },
	{ "overlap_self_guest", NULL, 1,
	  { P("probe") "vigil,static-mem: guest 0x80800000-0x809fffff overlaps "
		       "its region at guest 0x80000000-0x80ffffff" } },
	{ "overlap_self_host", NULL, 1,
	  { P("probe") "vigil,static-mem: host 0x51800000-0x519fffff overlaps "
		       "its region at host 0x51000000-0x51ffffff" } },
	{ "cpu_twice_across", NULL, 1,
	  { P("probe") "vigil,cpus: CPU 0x1 is already given to partition "
		       "'hello'" } },
	{ "cpu_twice_within", NULL, 1,
	  { P("probe") "vigil,cpus: CPU 0x3 is listed twice" } },
	{ "cpu_not_on_board", NULL, 1,
	  { P("probe") "vigil,cpus: CPU 0x9 is not on the board" } },
	{ "cpus_missing_or_empty", NULL, 2,
	  { P("hello") "vigil,cpus: missing", P("probe") "vigil,cpus: empty" } },
	{ "image_too_large", NULL, 1,
	  { P("hello") "kernel: image of 0x2000000 bytes does not fit in "
		       "partition memory at 0x40000000" } },
	{ "image_overlaps_memory", NULL, 2,
	  { P("hello") "kernel: image 0x51000000-0x5100ffff overlaps partition "
		       "'probe' memory (0x51000000-0x51ffffff)",
	    P("probe") "kernel: image 0x52000000-0x52007fff overlaps partition "
		       "'probe' memory (0x52000000-0x521fffff)" } },
	{ "image_placement", NULL, 3,
	  { P("hello") "kernel: image 0x48000000-0x48000fff overlaps the "
		       "partition config (0x48000000-0x4800ffff)",
	    P("probe") "kernel: image 0x3ffff000-0x40000fff is not inside one "
		       "board memory bank",
	    P("probe") "kernel: image 0x3ffff000-0x40000fff overlaps the board "
		       "DTB (0x40000000-0x400fffff)" } },
	{ "kernel_reg", NULL, 2,
	  { P("hello") "kernel: reg: is 0xc bytes long, not one (address, size) "
		       "pair of 0x10",
	    P("probe") "kernel: image at 0x4c100000 is empty" } },
	{ "missing_static_mem", NULL, 1,
	  { P("hello") "vigil,static-mem: missing" } },
	{ "static_mem_length", NULL, 1,
	  { P("hello") "vigil,static-mem: is 0x14 bytes long, not a non-zero "
		       "multiple of 0x18 (guest base, host base, size)" } },
	{ "static_mem_cells", NULL, 1,
	  { P("hello") "#vigil,static-mem-address-cells: must be 1 or 2, not "
		       "0x3" } },
	{ "too_many_regions", NULL, 1,
	  { P("hello") "vigil,static-mem: more than 4 regions" } },
	{ "region_shape", NULL, 2,
	  { P("hello") "vigil,static-mem: guest 0xffffffffff000000, host "
		       "0x50000000, size 0x2000000: wraps around the end of the "
		       "address space",
	    P("probe") "vigil,static-mem: guest 0x90000000, host 0x52000000: "
		       "size is 0" } },
	{ "host_outside_memory", NULL, 1,
	  { P("hello") "vigil,static-mem: host 0x7f800000-0x807fffff is not "
		       "inside one board memory bank" } },
	{ "unaligned", NULL, 1,
	  { P("hello") "vigil,static-mem: guest 0x40000000, host 0x50000800, "
		       "size 0x1000000: not 4 KiB aligned" } },
	{ "ipa_beyond_limit", NULL, 1,
	  { P("hello") "vigil,static-mem: guest 0x7fff800000-0x80007fffff is "
		       "beyond the guest-physical limit 0x8000000000" } },
	{ "entry_outside_image", NULL, 1,
	  { P("hello") "vigil,entry: 0x40010000 is outside the image "
		       "(0x40000000-0x4000ffff)" } },
	{ "address_length", NULL, 2,
	  { P("hello") "vigil,entry: is 0x4 bytes long, not 0x8 (#address-cells "
		       "2)",
	    P("probe") "kernel: vigil,load-address: is 0x8 bytes long, not 0x4 "
		       "(#address-cells 1)" } },
	{ "bad_cells", NULL, 2,
	  { P("hello") "#address-cells: must be 1 or 2, not 0x3",
	    P("probe") "#size-cells: is 0x8 bytes long, not one cell" } },
	{ "missing_kernel", NULL, 1,
	  { P("hello") "kernel: missing (no subnode is \"multiboot,kernel\")" } },
	{ "two_kernels", NULL, 1,
	  { P("hello") "kernel: more than one subnode is \"multiboot,kernel\" "
		       "('kernel' and 'linux')" } },
	{ "bad_root_compatible", NULL, 1,
	  { "config: /: compatible: must be \"vigil,config\"" } },
	{ "missing_root_compatible", NULL, 1,
	  { "config: /: compatible: missing" } },
	{ "no_partitions", NULL, 1,
	  { "config: /: no partitions (no node is compatible with "
	    "\"vigil,partition\")" } },
	{ "too_many_partitions", &eight_cpus, 1,
	  { "config: /: more than 8 partitions (nodes compatible with "
	    "\"vigil,partition\")" } },
	{ "duplicate_names", NULL, 1,
	  { P("hello") "name: another partition has this name" } },
	{ "uds_overlaps_partition", NULL, 1,
	  { P("hello") "vigil,static-mem: host 0x50000000-0x50ffffff overlaps "
		       "the UDS region (0x50000000-0x50000fff)" } },
	{ "uds_under_image", NULL, 1,
	  { P("hello") "kernel: image 0x4c000000-0x4c00ffff overlaps the UDS "
		       "region (0x4c000000-0x4c000fff)" } },
	{ "uds_too_small", NULL, 1,
	  { "config: /: vigil,uds-region: 0x10 bytes, smaller than the "
	    "0x20-byte UDS" } },
	{ "uds_outside_ram", NULL, 1,
	  { "config: /: vigil,uds-region: 0x10000000-0x10000fff is not in RAM" } },
	{ "uds_overlaps_reserved", NULL, 1,
	  { "config: /: vigil,uds-region: 0x40200000-0x40200fff overlaps "
	    "Vigil's image (0x40200000-0x4024ffff)" } },
	{ "uds_length", NULL, 1,
	  { "config: /: vigil,uds-region: is 0x8 bytes long, not <address "
	    "size> of two cells each (0x10)" } },
	{ "policy_bad_name", NULL, 1,
	  { P("hello") "vigil,launch-policy: must be \"measure\" or \"verify\"" } },
	{ "policy_verify_empty", NULL, 1,
	  { P("hello") "vigil,launch-policy: \"verify\" needs "
		       "vigil,allowed-digests or vigil,image-signer" } },
	{ "policy_allowed_length", NULL, 2,
	  { P("hello") "vigil,allowed-digests: is 0x1f bytes long, not 1 to 8 "
		       "SHA-256 values of 32 bytes",
	    P("hello") "vigil,launch-policy: \"verify\" needs "
		       "vigil,allowed-digests or vigil,image-signer" } },
	{ "policy_signature_in_memory", NULL, 1,
	  { P("hello") "signature: 0x50000000-0x50000047 overlaps partition "
		       "'hello' memory" } },
	{ "uefi_binary", NULL, 2,
	  { P("hello") "kernel: vigil,uefi-binary \"hello.bin\": no such file "
		       "was read at boot (only a UEFI boot reads them)",
	    P("probe") "kernel: vigil,uefi-binary \"hello.bin\": no such file "
		       "was read at boot (only a UEFI boot reads them)" } },
	{ "uefi_binary_errors", &with_files, 2,
	  { P("hello") "kernel: give reg or vigil,uefi-binary, not both",
	    P("probe") "kernel: vigil,uefi-binary: not a file name (1 to 63 "
		       "letters, digits, '.', '_' or '-', no path)" } },
	{ "name_too_long", NULL, 1,
	  { P("name-with-exactly-32-characters.") "name: longer than 31 "
						  "characters" } },
};

static void launch_policy_is_read(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = read_config("policy_valid", NULL);
	assert_int_equal(parse(fdt, &qemu_board, &c), 0);
	const struct partition_config *h = &out.part[0];
	assert_int_equal(h->launch_policy, LAUNCH_VERIFY);
	assert_true(h->required);
	assert_int_equal(h->allowed_count, 1);
	for (int i = 0; i < 32; i++)
		assert_int_equal(h->allowed_digests[0][i], i);
	assert_int_equal(h->signer_key_len, 4);
	assert_memory_equal(h->signer_key, "\x30\x59\x01\x02", 4);
	assert_int_equal(h->signature_pa.pa, 0x4d000000);
	assert_int_equal(h->signature_size, 0x48);
	assert_false(h->signature_from_file);
	assert_false(h->image_from_file);
	assert_true(h->node > 0);
	/* The other partition keeps the defaults. */
	assert_int_equal(out.part[1].launch_policy, LAUNCH_MEASURE);
	assert_false(out.part[1].required);
	assert_int_equal(out.part[1].signer_key_len, 0);
	free(fdt);
}

static void uds_region_is_read(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = read_config("uds_valid", NULL);
	assert_int_equal(parse(fdt, &qemu_board, &c), 0);
	assert_int_equal(out.uds.base, 0x4bfff000);
	assert_int_equal(out.uds.size, 0x1000);
	free(fdt);
	fdt = read_config("valid", NULL);
	assert_int_equal(parse(fdt, &qemu_board, &c), 0);
	assert_int_equal(out.uds.size, 0); /* absent: no UDS */
	free(fdt);
}

/* Two partitions may name one file; each image is where the file was read. */
static void kernels_from_files(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = read_config("uefi_binary", NULL);
	assert_int_equal(parse(fdt, &with_files, &c), 0);
	for (unsigned int i = 0; i < 2; i++) {
		assert_int_equal(out.part[i].image_pa.pa, 0x4c000000);
		assert_int_equal(out.part[i].image_size, 0x8000);
		assert_true(out.part[i].image_from_file);
	}
	free(fdt);
}

/* A signature from a file, as a kernel. */
static void signature_from_file(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = read_config("uefi_binary_signature", NULL);
	assert_int_equal(parse(fdt, &with_files, &c), 0);
	assert_int_equal(out.part[0].signature_pa.pa, 0x4d000000);
	assert_int_equal(out.part[0].signature_size, 0x48);
	assert_true(out.part[0].signature_from_file);
	free(fdt);
}

/*
 * Before a UEFI boot reads its files, it parses the config knowing their
 * sizes only (to learn which memory to take from the firmware): where the
 * files will lie is not checked yet, whether they fit the partition is.
 */
static void files_not_read_yet(void **state)
{
	(void)state;
	struct capture c;
	struct board b = with_files;
	for (unsigned int i = 0; i < b.file_count; i++)
		b.files[i].where.base = 0; /* not inside any memory bank */
	b.files[0].read = b.files[1].read = false;
	void *fdt = read_config("uefi_binary_signature", NULL);
	assert_int_equal(parse(fdt, &b, &c), 0);
	free(fdt);
	b.files[0].where.size = 0x2000000; /* 32 MiB for 16 and 2 MiB */
	fdt = read_config("uefi_binary", NULL);
	assert_int_equal(parse(fdt, &b, &c), 2);
	assert_string_equal(c.lines[0],
			    P("hello") "kernel: image of 0x2000000 bytes does "
				       "not fit in partition memory at "
				       "0x40000000");
	assert_string_equal(c.lines[1],
			    P("probe") "kernel: image of 0x2000000 bytes does "
				       "not fit in partition memory at "
				       "0x90000000");
	free(fdt);
}

static void file_names(void **state)
{
	(void)state;
	static const char *const good[] = { "hello.bin", "a", "x86_64-guest.efi",
					    "VIGIL.DTB" };
	static const char *const bad[] = { "", ".hidden", "../hello.bin",
					   "dir/hello.bin", "dir\\hello.bin",
					   "hello bin", "hello:bin" };
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_true(board_file_name_ok(good[i], strlen(good[i])));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(board_file_name_ok(bad[i], strlen(bad[i])));
	char longest[BOARD_FILE_NAME_MAX + 1];
	memset(longest, 'a', sizeof(longest));
	assert_true(board_file_name_ok(longest, BOARD_FILE_NAME_MAX - 1));
	assert_false(board_file_name_ok(longest, BOARD_FILE_NAME_MAX));
	assert_non_null(board_file_find(&with_files, "hello.sig"));
	assert_null(board_file_find(&with_files, "hello"));
	assert_null(board_file_find(&qemu_board, "hello.bin"));
}

/* The eight partitions of too_many_partitions are fine on their own. */
static void eight_partitions_are_allowed(void **state)
{
	(void)state;
	size_t size;
	void *fdt = read_config("too_many_partitions", &size);
	void *copy = malloc(size);
	struct capture c;
	assert_int_equal(fdt_open_into(fdt, copy, (int)size), 0);
	assert_int_equal(fdt_del_node(copy, fdt_path_offset(copy, "/p8")), 0);
	assert_int_equal(parse(copy, &eight_cpus, &c), 0);
	assert_int_equal(out.count, 8);
	assert_string_equal(out.part[7].name, "p7");
	assert_int_equal(out.part[7].cpu_index[0], 7);
	free(copy);
	free(fdt);
}

/* The 31-character name in name_too_long is accepted in full. */
static void longest_name_is_kept(void **state)
{
	(void)state;
	size_t size;
	void *fdt = read_config("name_too_long", &size);
	void *copy = malloc(size);
	struct capture c;
	assert_int_equal(fdt_open_into(fdt, copy, (int)size), 0);
	int node = fdt_path_offset(copy, "/name-with-exactly-32-characters.@4");
	assert_true(node >= 0);
	assert_int_equal(fdt_del_node(copy, node), 0);
	assert_int_equal(parse(copy, &qemu_board, &c), 0);
	assert_int_equal(out.count, 3);
	assert_string_equal(out.part[2].name, "name-with-exactly-31-characters");
	free(copy);
	free(fdt);
}

/* A copy of the valid config with hello renamed; free() it. */
static void *valid_with_hello_named(const char *name)
{
	size_t size;
	void *fdt = read_config("valid", &size);
	size_t room = size + 256;
	void *copy = malloc(room);
	assert_int_equal(fdt_open_into(fdt, copy, (int)room), 0);
	assert_int_equal(fdt_set_name(copy, fdt_path_offset(copy, "/hello"),
				      name), 0);
	free(fdt);
	return copy;
}

/* Names reach the log: control characters must not. */
static void name_with_control_characters(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = valid_with_hello_named("he\nl\x1blo@1");
	assert_int_equal(parse(fdt, &qemu_board, &c), 1);
	assert_string_equal(c.lines[0], P("he?l?lo") "name: may only contain "
				       "letters, digits and \",._+-\"");
	free(fdt);
}

/* A very long name is shortened in messages, visibly. */
static void very_long_name_is_shortened(void **state)
{
	(void)state;
	struct capture c;
	void *fdt = valid_with_hello_named(
		"a-name-far-too-long-for-a-partition-and-even-for-a-message");
	assert_int_equal(parse(fdt, &qemu_board, &c), 1);
	assert_string_equal(c.lines[0],
			    P("a-name-far-too-long-for-a-partition-and-even...")
			    "name: longer than 31 characters");
	free(fdt);
}

/* ---- Input that is not a config at all ---- */

static void not_a_device_tree(void **state)
{
	(void)state;
	static uint64_t junk[32];
	struct capture c;
	assert_int_equal(parse(junk, &qemu_board, &c), 1);
	assert_string_equal(c.lines[0],
			    "config: /: not a valid device tree (FDT_ERR_BADMAGIC)");
}

/* libfdt needs the tree 8-byte aligned; Vigil reads cells as words. */
static void misaligned_tree(void **state)
{
	(void)state;
	size_t size;
	void *fdt = read_config("valid", &size);
	uint64_t *buf = malloc(size + 8);
	struct capture c;
	memcpy((char *)buf + 4, fdt, size);
	char expected[128];
	assert_int_equal(parse((char *)buf + 4, &qemu_board, &c), 1);
	snprintf(expected, sizeof(expected),
		 "config: /: not a valid device tree (%s)",
		 fdt_strerror(-FDT_ERR_ALIGNMENT)); /* 1.6.1 has no name for it */
	assert_string_equal(c.lines[0], expected);

	memcpy(buf, fdt, size);
	fdt_set_off_dt_struct(buf, fdt_off_dt_struct(buf) + 2);
	fdt_set_size_dt_struct(buf, fdt_size_dt_struct(buf) - 4);
	assert_int_equal(fdt_check_header(buf), 0);
	assert_int_equal(parse(buf, &qemu_board, &c), 1);
	snprintf(expected, sizeof(expected),
		 "config: /: not a valid device tree (structure block at "
		 "offset 0x%x is not 4-byte aligned)", fdt_off_dt_struct(buf));
	assert_string_equal(c.lines[0], expected);
	free(buf);
	free(fdt);
}

static uint32_t rng_state = 0x2545f491;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * Damages a few bytes of the valid config, thousands of times, leaving only
 * the header's totalsize alone (the caller vouches that many bytes are
 * there). Every outcome is fine except a crash or a sanitizer report, and
 * the count returned must match the lines reported.
 */
static void damaged_configs_do_not_crash(void **state)
{
	(void)state;
	size_t size;
	void *fdt = read_config("valid", &size);
	uint8_t *copy = malloc(size);
	int rejected = 0;
	for (int round = 0; round < FUZZ_ROUNDS; round++) {
		memcpy(copy, fdt, size);
		int flips = 1 + (int)(rng() % 4);
		for (int i = 0; i < flips; i++) {
			size_t at = rng() % size;
			if (at >= 4 && at < 8)
				continue;
			copy[at] = (uint8_t)(round % 3 ? rng() : copy[at] ^ 1);
		}
		struct capture c;
		int rc = parse(copy, &qemu_board, &c);
		assert_true(rc >= 0);
		assert_int_equal(c.count, rc);
		rejected += rc > 0;
	}
	assert_true(rejected > 0); /* the damage was seen at all */
	free(copy);
	free(fdt);
}

/* ---- partition_ipa_to_pa ---- */

static const struct partition_config two_regions = {
	.mem_count = 2,
	.mem = {
		{ { 0x80000000 }, { 0x51000000 }, MiB(16) },
		{ { 0x81000000 }, { 0x60000000 }, MiB(2) }, /* adjacent in IPA */
	},
};

static void ipa_to_pa_inside(void **state)
{
	(void)state;
	paddr_t pa = { 0 };
	assert_true(partition_ipa_to_pa(&two_regions, ipa_init(0x80000000),
					0x1000, &pa));
	assert_int_equal(pa.pa, 0x51000000);
	assert_true(partition_ipa_to_pa(&two_regions, ipa_init(0x80123456), 8,
					&pa));
	assert_int_equal(pa.pa, 0x51123456);
	assert_true(partition_ipa_to_pa(&two_regions, ipa_init(0x81000010), 16,
					&pa));
	assert_int_equal(pa.pa, 0x60000010);
}

static void ipa_to_pa_exactly_at_end(void **state)
{
	(void)state;
	paddr_t pa = { 0 };
	assert_true(partition_ipa_to_pa(&two_regions, ipa_init(0x80fff000),
					0x1000, &pa));
	assert_int_equal(pa.pa, 0x51fff000);
	assert_true(partition_ipa_to_pa(&two_regions, ipa_init(0x80000000),
					MiB(16), &pa));
	assert_int_equal(pa.pa, 0x51000000);
	assert_true(partition_ipa_to_pa(&two_regions, ipa_init(0x811fffff), 1,
					&pa));
	assert_int_equal(pa.pa, 0x601fffff);
}

static void ipa_to_pa_refuses(void **state)
{
	(void)state;
	paddr_t pa = pa_init(0xdead);
	/* straddling the end of the first region, into the adjacent second */
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x80fff000),
					 0x1001, &pa));
	/* straddling the end of the last region */
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x811ff000),
					 0x2000, &pa));
	/* wrapping: a huge length from inside a region */
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x80001000),
					 UINT64_MAX - 0xfff, &pa));
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x80001000),
					 UINT64_MAX, &pa));
	/* outside every region, and zero length (documented as refused) */
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x7ffff000),
					 0x1000, &pa));
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x81200000), 1,
					 &pa));
	assert_false(partition_ipa_to_pa(&two_regions, ipa_init(0x80000000), 0,
					 &pa));
	assert_int_equal(pa.pa, 0xdead); /* untouched when refused */
}

static void ipa_to_pa_between_regions(void **state)
{
	(void)state;
	struct capture c;
	paddr_t pa = pa_init(0xdead);
	void *fdt = read_config("valid", NULL);
	assert_int_equal(parse(fdt, &qemu_board, &c), 0);
	const struct partition_config *probe = &out.part[1];
	/* probe: 0x80000000 (16 MiB) and 0x90000000 (2 MiB), a gap between */
	assert_false(partition_ipa_to_pa(probe, ipa_init(0x81000000), 0x1000,
					 &pa));
	assert_false(partition_ipa_to_pa(probe, ipa_init(0x8ffff000), 0x1000,
					 &pa));
	assert_false(partition_ipa_to_pa(probe, ipa_init(0x80fff000), 0x10000000,
					 &pa));
	assert_int_equal(pa.pa, 0xdead);
	assert_true(partition_ipa_to_pa(probe, ipa_init(0x90000100), 4, &pa));
	assert_int_equal(pa.pa, 0x52000100);
	free(fdt);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(valid_config),
		cmocka_unit_test(cpu_index_is_board_order),
		cmocka_unit_test(eight_partitions_are_allowed),
		cmocka_unit_test(uds_region_is_read),
		cmocka_unit_test(launch_policy_is_read),
		cmocka_unit_test(kernels_from_files),
		cmocka_unit_test(signature_from_file),
		cmocka_unit_test(files_not_read_yet),
		cmocka_unit_test(file_names),
		cmocka_unit_test(longest_name_is_kept),
		cmocka_unit_test(name_with_control_characters),
		cmocka_unit_test(very_long_name_is_shortened),
		cmocka_unit_test(not_a_device_tree),
		cmocka_unit_test(misaligned_tree),
		cmocka_unit_test(damaged_configs_do_not_crash),
		cmocka_unit_test(ipa_to_pa_inside),
		cmocka_unit_test(ipa_to_pa_exactly_at_end),
		cmocka_unit_test(ipa_to_pa_refuses),
		cmocka_unit_test(ipa_to_pa_between_regions),
	};
	/* Each error case is a test of its own, named after its config. */
	struct CMUnitTest tests[ARRAY_SIZE(fixed) + ARRAY_SIZE(cases)];
	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		tests[ARRAY_SIZE(fixed) + i] = (struct CMUnitTest){
			.name = cases[i].config,
			.test_func = error_case,
			.initial_state = (void *)&cases[i],
		};
	return _cmocka_run_group_tests("config", tests, ARRAY_SIZE(tests),
				       setup_board, NULL);
}
