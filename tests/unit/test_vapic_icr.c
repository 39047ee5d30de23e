/* SPDX-License-Identifier: MIT */
/*
 * The IPI policy of a partition's local APIC (vapic_icr.c): its vCPUs are
 * APIC IDs 0..n-1; fixed interrupts to them (by ID or shorthand) go to
 * their physical APIC IDs; everything else is refused and sent nowhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../hyp/arch/x86_64/lapic.h"
#include "../../hyp/arch/x86_64/vapic_icr.h"

/* A partition of three vCPUs on the CPUs with local APIC IDs 4, 9, 2. */
static const uint32_t apic_ids[3] = { 4, 9, 2 };
#define VCPUS 3

static struct vapic_ipi_route route;
static char why[200];

static uint32_t route_ipi(uint32_t icr_low, uint32_t dest, unsigned int self)
{
	memset(&route, 0xa5, sizeof(route));
	memset(why, 0, sizeof(why));
	return vapic_icr_route(icr_low, dest << ICR_DEST_SHIFT, self, VCPUS,
			       apic_ids, &route, why, sizeof(why));
}

static void fixed_to_own_vcpu_goes_to_its_cpu(void **state)
{
	(void)state;
	/* Level and trigger bits are the guest's business; only mode,
	 * vector and the destination travel. */
	assert_int_equal(route_ipi(0x41 | ICR_LEVEL_ASSERT, 1, 0),
			 VAPIC_REFUSED_NONE);
	assert_int_equal(route.count, 1);
	assert_int_equal(route.apic_id[0], 9);
	assert_int_equal(route.icr_low, 0x41);
	assert_int_equal(route_ipi(0xfe, 2, 2), VAPIC_REFUSED_NONE);
	assert_int_equal(route.count, 1);
	assert_int_equal(route.apic_id[0], 2);
	assert_int_equal(route.icr_low, 0xfe);
}

static void shorthands_reach_only_the_partition(void **state)
{
	(void)state;
	assert_int_equal(route_ipi(0x30 | ICR_SHORTHAND_SELF << 18, 7, 1),
			 VAPIC_REFUSED_NONE);
	assert_int_equal(route.count, 1);
	assert_int_equal(route.apic_id[0], 9);

	assert_int_equal(route_ipi(0x30 | ICR_SHORTHAND_ALL << 18, 0, 1),
			 VAPIC_REFUSED_NONE);
	assert_int_equal(route.count, 3);
	assert_int_equal(route.apic_id[0], 4);
	assert_int_equal(route.apic_id[1], 9);
	assert_int_equal(route.apic_id[2], 2);

	assert_int_equal(route_ipi(0x30 | ICR_SHORTHAND_OTHERS << 18, 0, 1),
			 VAPIC_REFUSED_NONE);
	assert_int_equal(route.count, 2);
	assert_int_equal(route.apic_id[0], 4);
	assert_int_equal(route.apic_id[1], 2);
	/* What is sent carries no shorthand: Vigil names each CPU. */
	assert_int_equal(route.icr_low, 0x30);
}

static void others_of_a_lone_vcpu_is_nobody(void **state)
{
	(void)state;
	uint32_t one[1] = { 5 };
	assert_int_equal(vapic_icr_route(0x30 | ICR_SHORTHAND_OTHERS << 18, 0,
					 0, 1, one, &route, why, sizeof(why)),
			 VAPIC_REFUSED_NONE);
	assert_int_equal(route.count, 0);
}

static void destination_outside_the_partition_is_refused(void **state)
{
	(void)state;
	/* ID 3 is the first the partition does not have; FFh is the xAPIC
	 * broadcast, which reaches every CPU of the machine. */
	const uint32_t dests[] = { 3, 4, 9, 0xff };
	for (size_t i = 0; i < sizeof(dests) / sizeof(dests[0]); i++) {
		assert_int_equal(route_ipi(0x41, dests[i], 0),
				 VAPIC_REFUSED_DESTINATION);
		assert_int_equal(route.count, 0);
		assert_non_null(strstr(why, "not one of the partition's (0-2)"));
	}
	assert_string_equal(why, "IPI vector 0x41 to APIC ID 255, which is "
				 "not one of the partition's (0-2)");
}

static void logical_destination_is_refused(void **state)
{
	(void)state;
	assert_int_equal(route_ipi(0x41 | ICR_LOGICAL, 1, 0),
			 VAPIC_REFUSED_LOGICAL);
	assert_int_equal(route.count, 0);
}

static void every_mode_but_fixed_is_refused(void **state)
{
	(void)state;
	static const char *const names[8] = {
		NULL, "lowest-priority", "SMI", "reserved-mode", "NMI", "INIT",
		"startup (SIPI)", "ExtINT",
	};
	for (unsigned int mode = 1; mode < 8; mode++) {
		/* To the partition's own vCPU, and to itself by shorthand:
		 * an INIT or SIPI would reset or restart a physical CPU. */
		for (unsigned int sh = 0; sh < 4; sh++) {
			uint32_t icr = ICR_MODE(mode) | sh << 18 | 0x20;
			assert_int_equal(route_ipi(icr, 1, 0),
					 VAPIC_REFUSED_MODE(mode));
			assert_int_equal(route.count, 0);
			assert_memory_equal(why, names[mode],
					    strlen(names[mode]));
		}
	}
	assert_int_equal(route_ipi(ICR_MODE(ICR_DELIVERY_INIT) |
				   ICR_LEVEL_ASSERT, 1, 0),
			 VAPIC_REFUSED_MODE(ICR_DELIVERY_INIT));
	assert_string_equal(why, "INIT IPI (delivery mode 5, ICR "
				 "01000000:00004500): a partition sends "
				 "fixed interrupts only");
	/* Each mode is its own bit, so each is logged once. */
	for (unsigned int a = 0; a < 8; a++)
		for (unsigned int b = 0; b < a; b++)
			assert_int_equal(VAPIC_REFUSED_MODE(a) &
					 VAPIC_REFUSED_MODE(b), 0);
	assert_int_equal(VAPIC_REFUSED_MODE(7) &
			 (VAPIC_REFUSED_DESTINATION | VAPIC_REFUSED_LOGICAL |
			  VAPIC_REFUSED_VECTOR), 0);
}

static void illegal_vectors_are_refused(void **state)
{
	(void)state;
	for (uint32_t v = 0; v < 16; v++) {
		assert_int_equal(route_ipi(v, 0, 0), VAPIC_REFUSED_VECTOR);
		assert_int_equal(route.count, 0);
	}
	assert_int_equal(route_ipi(16, 0, 0), VAPIC_REFUSED_NONE);
}

/* Whatever the ICR holds, a route never names a CPU outside the
 * partition, and a refusal sends nothing. */
static void no_icr_value_escapes(void **state)
{
	(void)state;
	uint32_t x = 0x12345678;
	for (unsigned int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		uint32_t high = (x & 0xff) << ICR_DEST_SHIFT;
		uint32_t low = x * 2654435761u;
		memset(&route, 0xa5, sizeof(route));
		uint32_t r = vapic_icr_route(low, high, i % VCPUS, VCPUS,
					     apic_ids, &route, why,
					     sizeof(why));
		if (r != VAPIC_REFUSED_NONE) {
			assert_int_equal(route.count, 0);
			continue;
		}
		assert_true(route.count <= VCPUS);
		assert_int_equal(ICR_DELIVERY_MODE(route.icr_low),
				 ICR_DELIVERY_FIXED);
		assert_int_equal(route.icr_low & ~0xffu, 0);
		for (unsigned int k = 0; k < route.count; k++)
			assert_true(route.apic_id[k] == 4 ||
				    route.apic_id[k] == 9 ||
				    route.apic_id[k] == 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixed_to_own_vcpu_goes_to_its_cpu),
		cmocka_unit_test(shorthands_reach_only_the_partition),
		cmocka_unit_test(others_of_a_lone_vcpu_is_nobody),
		cmocka_unit_test(destination_outside_the_partition_is_refused),
		cmocka_unit_test(logical_destination_is_refused),
		cmocka_unit_test(every_mode_but_fixed_is_refused),
		cmocka_unit_test(illegal_vectors_are_refused),
		cmocka_unit_test(no_icr_value_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
