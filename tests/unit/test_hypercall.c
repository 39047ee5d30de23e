/* SPDX-License-Identifier: MIT */
/*
 * Hypercall argument checks: every guest address and length is checked
 * against the caller's own memory, errors are Xen errno values, each kind
 * is logged once, and console output comes out as whole prefixed lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <xen/errno.h>

#include "fake_arch.h"
#include "fake_log.h"
#include <vigil/hypercall_dispatch.h>

enum outcome { HYPERCALL_RETURN, HYPERCALL_STOP };

#define GUEST_BASE 0x40000000UL
#define GUEST_SIZE 0x4000UL
#define SECOND_BASE (GUEST_BASE + GUEST_SIZE) /* contiguous in guest space */

/* Host memory standing in for the partition's two regions and a neighbour. */
static _Alignas(4096) char guest_ram[GUEST_SIZE];
static _Alignas(4096) char second_ram[GUEST_SIZE];

static struct partition_config cfg;
static struct partition part;

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "hello");
	cfg.mem_count = 2;
	cfg.mem[0] = (struct mem_map){ ipa_init(GUEST_BASE),
				       pa_init((uintptr_t)guest_ram), GUEST_SIZE };
	cfg.mem[1] = (struct mem_map){ ipa_init(SECOND_BASE),
				       pa_init((uintptr_t)second_ram), GUEST_SIZE };
	cfg.cpu_count = 3;
	cfg.cpu_index[0] = 1;
	cfg.cpu_index[1] = 2;
	cfg.cpu_index[2] = 3;
	memset(&part, 0, sizeof(part));
	part.cfg = &cfg;
	part.state = PARTITION_RUNNING;
	part.vcpu[0].state = VCPU_ON;
	part.vcpu[2].state = VCPU_ON;
	fake_log_clear();
	fake_kick_count = 0;
	return 0;
}

static int64_t call(uint64_t nr, uint64_t a0, uint64_t a1,
		    enum outcome expect)
{
	struct hypercall c = { .nr = nr, .arg = { a0, a1, 0, 0, 0 } };
	c.result = 12345;
	hypercall_dispatch(&part, 0, &c);
	assert_int_equal(c.stop ? HYPERCALL_STOP : HYPERCALL_RETURN, expect);
	return c.result;
}

static int64_t console_write(uint64_t ipa, uint64_t len)
{
	return call(VIGIL_HC_CONSOLE_WRITE, ipa, len, HYPERCALL_RETURN);
}

/* Places text in guest memory at offset and returns its guest address. */
static uint64_t put_guest(size_t offset, const char *text)
{
	memcpy(guest_ram + offset, text, strlen(text));
	return GUEST_BASE + offset;
}

static void abi_errno_values_are_xen_ones(void **state)
{
	(void)state;
	assert_int_equal(VIGIL_EPERM, XEN_EPERM);
	assert_int_equal(VIGIL_ENOENT, XEN_ENOENT);
	assert_int_equal(VIGIL_E2BIG, XEN_E2BIG);
	assert_int_equal(VIGIL_ENOMEM, XEN_ENOMEM);
	assert_int_equal(VIGIL_EFAULT, XEN_EFAULT);
	assert_int_equal(VIGIL_EBUSY, XEN_EBUSY);
	assert_int_equal(VIGIL_ENODEV, XEN_ENODEV);
	assert_int_equal(VIGIL_EINVAL, XEN_EINVAL);
	assert_int_equal(VIGIL_ENOSPC, XEN_ENOSPC);
	assert_int_equal(VIGIL_ENOSYS, XEN_ENOSYS);
}

static void version_reports_abi(void **state)
{
	(void)state;
	assert_int_equal(call(VIGIL_HC_VERSION, 0, 0, HYPERCALL_RETURN),
			 (VIGIL_ABI_VERSION_MAJOR << 16) | VIGIL_ABI_VERSION_MINOR);
}

static void unknown_numbers_get_enosys_logged_once(void **state)
{
	(void)state;
	assert_int_equal(call(0x7fff, 0, 0, HYPERCALL_RETURN), -VIGIL_ENOSYS);
	assert_int_equal(call(0x7fff, 1, 2, HYPERCALL_RETURN), -VIGIL_ENOSYS);
	assert_int_equal(call(UINT64_MAX, 0, 0, HYPERCALL_RETURN), -VIGIL_ENOSYS);
	assert_int_equal(call(VIGIL_HC_VCPU_OFF + 1, 0, 0, HYPERCALL_RETURN),
			 -VIGIL_ENOSYS);
	assert_int_equal(fake_log_count("hypercall 0x7fff refused with -38"), 1);
	assert_int_equal(fake_log_count("refused with -38"), 3);
	assert_int_equal(fake_log_count("partition 'hello'"), 3);
	assert_int_equal(part.state, PARTITION_RUNNING);
}

static int64_t vcpu_start(uint64_t vcpu, uint64_t entry)
{
	struct hypercall c = { .nr = VIGIL_HC_VCPU_START,
			       .arg = { vcpu, entry, 0x1234, 0, 0 } };
	hypercall_dispatch(&part, 0, &c);
	assert_false(c.stop);
	return c.result;
}

/* vCPU 1 is off, 0 and 2 are on (setup). */
static void vcpu_state_reports_each_of_its_own(void **state)
{
	(void)state;
	assert_int_equal(call(VIGIL_HC_VCPU_STATE, 0, 0, HYPERCALL_RETURN),
			 VIGIL_VCPU_ON);
	assert_int_equal(call(VIGIL_HC_VCPU_STATE, 1, 0, HYPERCALL_RETURN),
			 VIGIL_VCPU_OFF);
	assert_int_equal(call(VIGIL_HC_VCPU_STATE, 3, 0, HYPERCALL_RETURN),
			 -VIGIL_EINVAL);
	assert_int_equal(call(VIGIL_HC_VCPU_STATE, UINT64_MAX, 0,
			      HYPERCALL_RETURN), -VIGIL_EINVAL);
	assert_int_equal(fake_log_count("refused with -22: no such vCPU"), 1);
}

static void vcpu_start_checks_vcpu_and_entry(void **state)
{
	(void)state;
	/* No such vCPU (the partition has three), even far out. */
	assert_int_equal(vcpu_start(3, GUEST_BASE), -VIGIL_EINVAL);
	assert_int_equal(vcpu_start(1ull << 32, GUEST_BASE), -VIGIL_EINVAL);
	/* An entry outside its memory, or straddling its end. */
	assert_int_equal(vcpu_start(1, 0x1000), -VIGIL_EFAULT);
	assert_int_equal(vcpu_start(1, SECOND_BASE + GUEST_SIZE - 2),
			 -VIGIL_EFAULT);
	/* Already on. */
	assert_int_equal(vcpu_start(2, GUEST_BASE), -VIGIL_EBUSY);
	assert_int_equal(part.vcpu[1].state, VCPU_OFF);
	/* vCPU 1, off: asked to start, and reported starting. */
	assert_int_equal(vcpu_start(1, SECOND_BASE), 0);
	assert_int_equal(part.vcpu[1].state, VCPU_STARTING);
	assert_int_equal(call(VIGIL_HC_VCPU_STATE, 1, 0, HYPERCALL_RETURN),
			 VIGIL_VCPU_STARTING);
	assert_int_equal(vcpu_start(1, SECOND_BASE), -VIGIL_EBUSY);
	/* A stopped partition starts nothing. */
	part.state = PARTITION_STOPPED;
	part.vcpu[1].state = VCPU_OFF;
	assert_int_equal(vcpu_start(1, GUEST_BASE), -VIGIL_EPERM);
	assert_int_equal(part.vcpu[1].state, VCPU_OFF);
}

static void console_write_prints_whole_prefixed_lines(void **state)
{
	(void)state;
	uint64_t a = put_guest(0, "tick ");
	uint64_t b = put_guest(64, "1\nsecond line\n");
	assert_int_equal(console_write(a, 5), 5);
	assert_string_equal(fake_log_text, ""); /* no half line yet */
	assert_int_equal(console_write(b, 14), 14);
	assert_string_equal(fake_log_text, "[hello] tick 1\n[hello] second line\n");
}

static void console_write_sanitizes_control_characters(void **state)
{
	(void)state;
	uint64_t a = put_guest(0, "a\033[2Jb\tc\x7f\n");
	assert_int_equal(console_write(a, 10), 10);
	assert_string_equal(fake_log_text, "[hello] a?[2Jb\tc?\n");
}

static void console_write_splits_overlong_lines(void **state)
{
	(void)state;
	memset(guest_ram, 'x', 200);
	assert_int_equal(console_write(GUEST_BASE, 200), 200);
	assert_int_equal(fake_log_count("[hello] "), 1);
	assert_int_equal(strlen(fake_log_text),
			 strlen("[hello] ") + PARTITION_LINE_MAX + 1);
}

static void console_write_refuses_too_long(void **state)
{
	(void)state;
	assert_int_equal(console_write(GUEST_BASE, VIGIL_CONSOLE_WRITE_MAX + 1),
			 -VIGIL_EINVAL);
	/* Length is checked first, whatever the address. */
	assert_int_equal(console_write(0, UINT64_MAX), -VIGIL_EINVAL);
	assert_int_equal(console_write(GUEST_BASE, VIGIL_CONSOLE_WRITE_MAX),
			 VIGIL_CONSOLE_WRITE_MAX);
	assert_int_equal(fake_log_count("refused with -22"), 1);
}

static void console_write_refuses_buffers_outside_own_memory(void **state)
{
	(void)state;
	/* Below, after, straddling the end, wrapping, between regions. */
	assert_int_equal(console_write(0x1000, 8), -VIGIL_EFAULT);
	assert_int_equal(console_write(SECOND_BASE + GUEST_SIZE, 1), -VIGIL_EFAULT);
	assert_int_equal(console_write(SECOND_BASE + GUEST_SIZE - 8, 16),
			 -VIGIL_EFAULT);
	assert_int_equal(console_write(UINT64_MAX - 3, 8), -VIGIL_EFAULT);
	assert_int_equal(console_write(SECOND_BASE - 4, 8), -VIGIL_EFAULT);
	/* The host address of its own memory is not a guest address. */
	assert_int_equal(console_write((uintptr_t)guest_ram, 8), -VIGIL_EFAULT);
	assert_int_equal(fake_log_count("refused with -14"), 1);
	assert_int_equal(fake_log_count("[hello]"), 0);
	/* The last bytes of each region are still the guest's. */
	memcpy(second_ram + GUEST_SIZE - 3, "ok\n", 3);
	assert_int_equal(console_write(SECOND_BASE + GUEST_SIZE - 3, 3), 3);
	assert_int_equal(fake_log_count("[hello] ok\n"), 1);
}

static void console_write_of_nothing_is_fine(void **state)
{
	(void)state;
	assert_int_equal(console_write(0, 0), 0);
	assert_string_equal(fake_log_text, "");
}

static void halt_stops_the_partition_and_kicks_its_cpus(void **state)
{
	(void)state;
	call(VIGIL_HC_HALT, 0, 0, HYPERCALL_STOP);
	assert_int_equal(part.state, PARTITION_STOPPED);
	assert_int_equal(
		fake_log_count("vigil: partition 'hello' stopped: halted itself\n"), 1);
	/* vCPUs 0 and 2 run (on CPUs 1 and 3); vCPU 1 is off. */
	assert_int_equal(fake_kick_count, 2);
	assert_int_equal(fake_kicks[0], 1);
	assert_int_equal(fake_kicks[1], 3);
	/* A second stop (another vCPU faulting) is neither logged nor kicked. */
	partition_stop(&part, "again");
	assert_int_equal(fake_log_count("stopped"), 1);
	assert_int_equal(fake_kick_count, 2);
}

static void nothing_is_printed_once_stopped(void **state)
{
	(void)state;
	uint64_t a = put_guest(0, "late\n");
	partition_stop(&part, "stopped by a test");
	fake_log_clear();
	call(VIGIL_HC_CONSOLE_WRITE, a, 5, HYPERCALL_STOP);
	assert_string_equal(fake_log_text, "");
}

static void console_lines_of_two_vcpus_do_not_mix(void **state)
{
	(void)state;
	partition_console_write(&part, 0, "tick ", 5);
	partition_console_write(&part, 2, "vcpu 2 ", 7);
	partition_console_write(&part, 0, "1\n", 2);
	partition_console_write(&part, 2, "up\n", 3);
	assert_string_equal(fake_log_text, "[hello] tick 1\n[hello] vcpu 2 up\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(abi_errno_values_are_xen_ones, setup),
		cmocka_unit_test_setup(version_reports_abi, setup),
		cmocka_unit_test_setup(unknown_numbers_get_enosys_logged_once, setup),
		cmocka_unit_test_setup(console_write_prints_whole_prefixed_lines, setup),
		cmocka_unit_test_setup(console_write_sanitizes_control_characters, setup),
		cmocka_unit_test_setup(console_write_splits_overlong_lines, setup),
		cmocka_unit_test_setup(console_write_refuses_too_long, setup),
		cmocka_unit_test_setup(console_write_refuses_buffers_outside_own_memory,
				       setup),
		cmocka_unit_test_setup(console_write_of_nothing_is_fine, setup),
		cmocka_unit_test_setup(halt_stops_the_partition_and_kicks_its_cpus, setup),
		cmocka_unit_test_setup(console_lines_of_two_vcpus_do_not_mix, setup),
		cmocka_unit_test_setup(vcpu_state_reports_each_of_its_own, setup),
		cmocka_unit_test_setup(vcpu_start_checks_vcpu_and_entry, setup),
		cmocka_unit_test_setup(nothing_is_printed_once_stopped, setup),
	};
	return cmocka_run_group_tests_name("hypercall", tests, NULL, NULL);
}
