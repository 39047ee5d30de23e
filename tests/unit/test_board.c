/* SPDX-License-Identifier: MIT */
/*
 * board_dt_parse against the device tree QEMU builds for `-M virt` (dumped by
 * tests/unit/board.mk), and against copies of it edited with libfdt to
 * break one thing each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>
#include <vigil/board.h>

#include "../../hyp/arch/arm64/board_dt.h"

#define QEMU_VIRT_DTB "build/host/qemu-virt.dtb"
#define EDIT_ROOM 4096 /* free space in a copy for edits */

static void *qemu_dtb;      /* as QEMU dumped it */
static size_t qemu_dtb_size;

static int load_dtb(void **state)
{
	(void)state;
	FILE *f = fopen(QEMU_VIRT_DTB, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s (run from the repo root)\n",
			QEMU_VIRT_DTB);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	qemu_dtb = malloc((size_t)size);
	size_t got = fread(qemu_dtb, 1, (size_t)size, f);
	fclose(f);
	qemu_dtb_size = (size_t)size;
	if (got != qemu_dtb_size || fdt_check_header(qemu_dtb) != 0)
		return -1;
	return 0;
}

static int free_dtb(void **state)
{
	(void)state;
	free(qemu_dtb);
	return 0;
}

/* A copy of QEMU's tree with room for edits; free() it. */
static void *edit_copy(void)
{
	size_t size = qemu_dtb_size + EDIT_ROOM;
	void *copy = malloc(size);
	assert_non_null(copy);
	assert_int_equal(fdt_open_into(qemu_dtb, copy, (int)size), 0);
	return copy;
}

static int node(const void *fdt, const char *path)
{
	int offset = fdt_path_offset(fdt, path);
	assert_true(offset >= 0);
	return offset;
}

/* board_dt_parse must fail on fdt with exactly this message. */
static void expect_error(const void *fdt, const char *message)
{
	struct board board;
	struct board_dt dt;
	char err[160] = "";
	assert_int_equal(board_dt_parse(fdt, &board, &dt, err, sizeof(err)), -1);
	assert_string_equal(err, message);
}

static void parses_qemu_virt(void **state)
{
	(void)state;
	struct board b;
	struct board_dt dt;
	char err[160] = "";
	assert_int_equal(board_dt_parse(qemu_dtb, &b, &dt, err, sizeof(err)), 0);
	assert_string_equal(err, "");

	assert_int_equal(b.memory_count, 1);
	assert_int_equal(b.memory[0].base, 0x40000000);
	assert_int_equal(b.memory[0].size, GiB(1));

	assert_int_equal(b.cpu_count, 4);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(b.cpu_hw_id[i], i);

	assert_int_equal(dt.gic_dist.base, 0x08000000);
	assert_int_equal(dt.gic_dist.size, 0x10000);
	assert_int_equal(dt.gic_redist.base, 0x080A0000);
	assert_true(dt.gic_redist.size >= 4 * 0x20000); /* 4 CPUs' frames */

	assert_int_equal(dt.uart.base, 0x09000000);
	assert_int_equal(dt.uart.size, 0x1000);
	assert_string_equal(dt.uart_compatible, "arm,pl011");

	assert_int_equal(dt.psci, PSCI_CONDUIT_SMC);
	assert_int_equal(dt.dtb.base, (uintptr_t)qemu_dtb);
	assert_int_equal(dt.dtb.size, fdt_totalsize(qemu_dtb));
	assert_int_equal(b.config.size, 0); /* no -initrd */
}

static void cpu_index_and_memory_queries(void **state)
{
	(void)state;
	struct board b;
	struct board_dt dt;
	char err[160];
	assert_int_equal(board_dt_parse(qemu_dtb, &b, &dt, err, sizeof(err)), 0);
	assert_int_equal(board_cpu_index(&b, 0), 0);
	assert_int_equal(board_cpu_index(&b, 3), 3);
	assert_int_equal(board_cpu_index(&b, 4), -1);
	assert_int_equal(board_cpu_index(&b, 0x100), -1);

	assert_true(board_memory_contains(&b, 0x40000000, GiB(1)));
	assert_true(board_memory_contains(&b, 0x7ffff000, 0x1000));
	assert_false(board_memory_contains(&b, 0x7ffff000, 0x1001));
	assert_false(board_memory_contains(&b, 0x3ffff000, 0x2000));
	assert_false(board_memory_contains(&b, 0x80000000, 0x1000));
	assert_false(board_memory_contains(&b, 0x40000000, UINT64_MAX));
}

static void missing_cpus_node(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	assert_int_equal(fdt_del_node(fdt, node(fdt, "/cpus")), 0);
	expect_error(fdt, "board: no /cpus node");
	free(fdt);
}

static void missing_memory_node(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	assert_int_equal(fdt_del_node(fdt, node(fdt, "/memory@40000000")), 0);
	expect_error(fdt, "board: no memory node with a non-empty 'reg'");
	free(fdt);
}

/* Properties are bytes: one without its NUL must not be read past. */
static void unterminated_strings_are_not_matched(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	assert_int_equal(fdt_setprop(fdt, node(fdt, "/memory@40000000"),
				     "device_type", "memory", 6), 0);
	expect_error(fdt, "board: no memory node with a non-empty 'reg'");
	free(fdt);
	fdt = edit_copy();
	assert_int_equal(fdt_setprop(fdt, node(fdt, "/psci"), "method", "smc", 3),
			 0);
	expect_error(fdt, "board: psci: 'method' must be \"smc\" or \"hvc\"");
	free(fdt);
}

static void psci_method_foo(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	assert_int_equal(fdt_setprop_string(fdt, node(fdt, "/psci"), "method",
					    "foo"), 0);
	expect_error(fdt, "board: psci: 'method' must be \"smc\" or \"hvc\"");
	free(fdt);
}

static void psci_method_hvc(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	struct board b;
	struct board_dt dt;
	char err[160];
	assert_int_equal(fdt_setprop_string(fdt, node(fdt, "/psci"), "method",
					    "hvc"), 0);
	assert_int_equal(board_dt_parse(fdt, &b, &dt, err, sizeof(err)), 0);
	assert_int_equal(dt.psci, PSCI_CONDUIT_HVC);
	free(fdt);
}

static void no_stdout_path(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	assert_int_equal(fdt_delprop(fdt, node(fdt, "/chosen"), "stdout-path"), 0);
	expect_error(fdt, "board: /chosen has no 'stdout-path'");
	free(fdt);
}

static void stdout_path_naming_no_node(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	assert_int_equal(fdt_setprop_string(fdt, node(fdt, "/chosen"),
					    "stdout-path", "/serial@1:115200"), 0);
	expect_error(fdt, "board: stdout-path '/serial@1' names no node");
	free(fdt);
}

static void stdout_path_with_options(void **state)
{
	(void)state;
	void *fdt = edit_copy();
	struct board b;
	struct board_dt dt;
	char err[160];
	assert_int_equal(fdt_setprop_string(fdt, node(fdt, "/chosen"),
					    "stdout-path",
					    "/pl011@9000000:115200n8"), 0);
	assert_int_equal(board_dt_parse(fdt, &b, &dt, err, sizeof(err)), 0);
	assert_int_equal(dt.uart.base, 0x09000000);
	free(fdt);
}

static void not_a_device_tree(void **state)
{
	(void)state;
	static uint32_t junk[64];
	struct board b;
	struct board_dt dt;
	char err[160] = "";
	assert_int_equal(board_dt_parse(junk, &b, &dt, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "board: no valid device tree at "));
}

/* Sets /chosen linux,initrd-start and -end, each of `cells` cells. */
static void *with_initrd(uint64_t start, uint64_t end, int cells)
{
	void *fdt = edit_copy();
	int chosen = node(fdt, "/chosen");
	if (cells == 1) {
		assert_int_equal(fdt_setprop_u32(fdt, chosen, "linux,initrd-start",
						 (uint32_t)start), 0);
		assert_int_equal(fdt_setprop_u32(fdt, chosen, "linux,initrd-end",
						 (uint32_t)end), 0);
	} else {
		assert_int_equal(fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
						 start), 0);
		assert_int_equal(fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
						 end), 0);
	}
	return fdt;
}

static void initrd_one_cell(void **state)
{
	(void)state;
	void *fdt = with_initrd(0x48000000, 0x48001234, 1);
	struct board b;
	struct board_dt dt;
	char err[160];
	assert_int_equal(board_dt_parse(fdt, &b, &dt, err, sizeof(err)), 0);
	assert_int_equal(b.config.base, 0x48000000);
	assert_int_equal(b.config.size, 0x1234);
	free(fdt);
}

static void initrd_two_cells(void **state)
{
	(void)state;
	void *fdt = with_initrd(0x148000000, 0x148002000, 2);
	struct board b;
	struct board_dt dt;
	char err[160];
	assert_int_equal(board_dt_parse(fdt, &b, &dt, err, sizeof(err)), 0);
	assert_int_equal(b.config.base, 0x148000000);
	assert_int_equal(b.config.size, 0x2000);
	free(fdt);
}

static void initrd_ends_before_start(void **state)
{
	(void)state;
	void *fdt = with_initrd(0x48002000, 0x48001000, 2);
	expect_error(fdt, "board: /chosen: initrd ends before it starts");
	free(fdt);
}

static void initrd_malformed(void **state)
{
	(void)state;
	void *fdt = with_initrd(0x48000000, 0x48001000, 1);
	static const uint8_t three[3] = { 0x48, 0, 0 };
	assert_int_equal(fdt_setprop(fdt, node(fdt, "/chosen"),
				     "linux,initrd-end", three, sizeof(three)), 0);
	expect_error(fdt, "board: /chosen: malformed 'linux,initrd-start/end'");
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_qemu_virt),
		cmocka_unit_test(cpu_index_and_memory_queries),
		cmocka_unit_test(missing_cpus_node),
		cmocka_unit_test(missing_memory_node),
		cmocka_unit_test(psci_method_foo),
		cmocka_unit_test(unterminated_strings_are_not_matched),
		cmocka_unit_test(psci_method_hvc),
		cmocka_unit_test(no_stdout_path),
		cmocka_unit_test(stdout_path_naming_no_node),
		cmocka_unit_test(stdout_path_with_options),
		cmocka_unit_test(not_a_device_tree),
		cmocka_unit_test(initrd_one_cell),
		cmocka_unit_test(initrd_two_cells),
		cmocka_unit_test(initrd_ends_before_start),
		cmocka_unit_test(initrd_malformed),
	};
	return cmocka_run_group_tests_name("board", tests, load_dtb, free_dtb);
}
