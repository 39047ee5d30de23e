/* SPDX-License-Identifier: MIT */
/*
 * Table layouts from the ACPI Specification 6.5: RSDP 5.2.5.3, the common
 * table header 5.2.6, RSDT 5.2.7, XSDT 5.2.8, MADT 5.2.12 with its
 * Processor Local APIC (5.2.12.2, type 0) and Processor Local x2APIC
 * (5.2.12.12, type 9) structures. Fields are read with memcpy: XSDT
 * entries, for one, are 8 bytes at offset 36.
 */
#include <vigil/format.h>
#include <vigil/string.h>

#include "acpi.h"

#define RSDP_SIGNATURE "RSD PTR "
#define RSDP_V1_SIZE 20       /* ACPI 1.0: checksum covers these */
#define RSDP_RSDT_ADDRESS 16  /* u32 */
#define RSDP_REVISION 15      /* u8: 0 = ACPI 1.0, 2 = 2.0 and later */
#define RSDP_LENGTH 20        /* u32, revision >= 2 */
#define RSDP_XSDT_ADDRESS 24  /* u64, revision >= 2 */
#define RSDP_V2_MIN_SIZE 36

#define SDT_HEADER_SIZE 36
#define SDT_LENGTH 4          /* u32: the whole table, header included */

#define MADT_ENTRIES 44       /* after the local APIC address and flags */
#define MADT_LAPIC_ADDRESS 36 /* u32 */
#define MADT_LOCAL_APIC 0
#define MADT_LOCAL_APIC_ID 3  /* u8 */
#define MADT_LOCAL_APIC_FLAGS 4
#define MADT_LOCAL_X2APIC 9
#define MADT_LOCAL_X2APIC_ID 4 /* u32 */
#define MADT_LOCAL_X2APIC_FLAGS 8
#define MADT_LAPIC_ADDRESS_OVERRIDE 5 /* u64 at 4 */
#define LAPIC_FLAG_ENABLED (1u << 0)

static uint32_t read32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t read64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* All bytes of a table sum to zero (ACPI 6.5, 5.2.5.3 and 5.2.6). */
static int checksum_ok(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

/* The table at pa if its header and checksum hold, else NULL. */
static const uint8_t *table_at(uint64_t pa, uint32_t *len)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)pa;
	if (!t)
		return NULL;
	*len = read32(t + SDT_LENGTH);
	if (*len < SDT_HEADER_SIZE || !checksum_ok(t, *len))
		return NULL;
	return t;
}

/* Walks the XSDT (8-byte entries) or RSDT (4-byte) for signature "APIC". */
static const uint8_t *find_madt(const uint8_t *root, uint32_t root_len,
				size_t entry_size, uint32_t *madt_len)
{
	for (size_t off = SDT_HEADER_SIZE; off + entry_size <= root_len;
	     off += entry_size) {
		uint64_t pa = entry_size == 8 ? read64(root + off)
					      : read32(root + off);
		const uint8_t *t = table_at(pa, madt_len);
		if (t && memcmp(t, "APIC", 4) == 0)
			return t;
	}
	return NULL;
}

static void add_cpu(struct acpi_cpus *cpus, uint32_t apic_id, uint32_t flags)
{
	if (!(flags & LAPIC_FLAG_ENABLED))
		cpus->disabled++;
	else if (cpus->count < ACPI_MAX_CPUS)
		cpus->apic_id[cpus->count++] = apic_id;
}

static int parse_madt(const uint8_t *madt, uint32_t len,
		      struct acpi_cpus *cpus, char *err, size_t err_size)
{
	if (len < MADT_ENTRIES) {
		format(err, err_size, "acpi: the MADT is %u bytes, too short", len);
		return -1;
	}
	cpus->lapic_base = read32(madt + MADT_LAPIC_ADDRESS);
	for (uint32_t off = MADT_ENTRIES; off + 2 <= len;) {
		uint8_t type = madt[off], n = madt[off + 1];
		if (n < 2 || off + n > len) {
			format(err, err_size, "acpi: MADT entry at offset %u "
			       "has a bad length %u", off, n);
			return -1;
		}
		const uint8_t *e = madt + off;
		if (type == MADT_LOCAL_APIC && n >= 8)
			add_cpu(cpus, e[MADT_LOCAL_APIC_ID],
				read32(e + MADT_LOCAL_APIC_FLAGS));
		else if (type == MADT_LOCAL_X2APIC && n >= 16)
			add_cpu(cpus, read32(e + MADT_LOCAL_X2APIC_ID),
				read32(e + MADT_LOCAL_X2APIC_FLAGS));
		else if (type == MADT_LAPIC_ADDRESS_OVERRIDE && n >= 12)
			cpus->lapic_base = read64(e + 4);
		off += n;
	}
	if (cpus->count == 0) {
		format(err, err_size, "acpi: the MADT lists no enabled CPU");
		return -1;
	}
	return 0;
}

int acpi_read_cpus(const void *rsdp_ptr, struct acpi_cpus *cpus, char *err,
		   size_t err_size)
{
	const uint8_t *rsdp = rsdp_ptr;
	*cpus = (struct acpi_cpus){ 0 };
	if (!rsdp || memcmp(rsdp, RSDP_SIGNATURE, 8) != 0 ||
	    !checksum_ok(rsdp, RSDP_V1_SIZE)) {
		format(err, err_size, "acpi: no valid RSDP");
		return -1;
	}
	const uint8_t *root = NULL;
	uint32_t root_len = 0;
	size_t entry_size = 4;
	if (rsdp[RSDP_REVISION] >= 2) {
		uint32_t rsdp_len = read32(rsdp + RSDP_LENGTH);
		if (rsdp_len < RSDP_V2_MIN_SIZE || !checksum_ok(rsdp, rsdp_len)) {
			format(err, err_size, "acpi: the RSDP's extended "
			       "checksum is wrong");
			return -1;
		}
		root = table_at(read64(rsdp + RSDP_XSDT_ADDRESS), &root_len);
		entry_size = 8;
	}
	if (!root) { /* ACPI 1.0, or no usable XSDT: the RSDT */
		root = table_at(read32(rsdp + RSDP_RSDT_ADDRESS), &root_len);
		entry_size = 4;
	}
	if (!root) {
		format(err, err_size, "acpi: neither XSDT nor RSDT is valid");
		return -1;
	}
	uint32_t madt_len = 0;
	const uint8_t *madt = find_madt(root, root_len, entry_size, &madt_len);
	if (!madt) {
		format(err, err_size, "acpi: no valid MADT (\"APIC\") table");
		return -1;
	}
	return parse_madt(madt, madt_len, cpus, err, err_size);
}
