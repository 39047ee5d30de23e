/* SPDX-License-Identifier: MIT */
/* The log formatter must agree with the C library's snprintf on what both do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <vigil/format.h>

#define EXPECT_LIKE_LIBC(...)                                             \
	do {                                                              \
		char ours[128], libc[128];                                \
		int n1 = format(ours, sizeof(ours), __VA_ARGS__);         \
		int n2 = snprintf(libc, sizeof(libc), __VA_ARGS__);       \
		assert_string_equal(ours, libc);                          \
		assert_int_equal(n1, n2);                                 \
	} while (0)

static void integers(void **state)
{
	(void)state;
	EXPECT_LIKE_LIBC("%d %i %u", -42, 7, 4000000000u);
	EXPECT_LIKE_LIBC("%d", (int)INT32_MIN);
	EXPECT_LIKE_LIBC("%lld", (long long)INT64_MIN);
	EXPECT_LIKE_LIBC("%llu", (unsigned long long)UINT64_MAX);
	EXPECT_LIKE_LIBC("%lx %#lx %#x %#010x", 0xdeadbeefUL, 1UL, 0u, 0x1234u);
	EXPECT_LIKE_LIBC("%zu", (size_t)123456);
	EXPECT_LIKE_LIBC("[%5d] [%-5d] [%05d] [%-6d]", 42, 42, -42, -42);
	EXPECT_LIKE_LIBC("[%08x] [%X]", 0xabcu, 0xabcu);
}

static void strings_and_chars(void **state)
{
	(void)state;
	EXPECT_LIKE_LIBC("[%s] [%8s] [%-8s]", "vigil", "el2", "el2");
	EXPECT_LIKE_LIBC("[%.3s] [%.*s]", "partition", 2, "probe");
	EXPECT_LIKE_LIBC("%c%c%%", 'o', 'k');
}

static void pointers(void **state)
{
	(void)state;
	EXPECT_LIKE_LIBC("%p", (void *)0x40200000);
}

static void truncates_like_snprintf(void **state)
{
	(void)state;
	char buf[6];
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(format(buf, sizeof(buf), "%s-%d", "hello", 123), 9);
	assert_string_equal(buf, "hello");
	assert_int_equal(format(buf, 0, "abc"), 3);
	assert_int_equal(buf[0], 'h');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(strings_and_chars),
		cmocka_unit_test(pointers),
		cmocka_unit_test(truncates_like_snprintf),
	};
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
