/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/banner.h>
#include <vigil/format.h>
#include <vigil/log.h>
#include <vigil/vcpu.h>
#include <vigil/version.h>

void banner_print_range(const char *what, uint64_t base, uint64_t size)
{
	bool small = size < KiB(16);
	log_printf("  %-10s %#012lx-%#012lx (%lu %s)\n", what,
		   (unsigned long)base, (unsigned long)(base + size - 1),
		   (unsigned long)(small ? size : size >> 10),
		   small ? "bytes" : "KiB");
}

void banner_print_cpus_online(const struct board *board)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < board->cpu_count; i++)
		n += vcpu_cpu_is_online(i) ? 1 : 0;
	log_printf("  cpus online: %u of %u\n", n, board->cpu_count);
}

void banner_print_partitions(const struct vigil_config *config)
{
	log_printf("partitions: %u\n", config->count);
	log_printf("  %-12s %-8s %-38s %-10s %s\n", "name", "cpus",
		   "memory (guest -> host)", "image", "entry");
	for (unsigned int i = 0; i < config->count; i++) {
		const struct partition_config *p = &config->part[i];
		char cpus[32] = "";
		size_t used = 0;
		for (unsigned int c = 0; c < p->cpu_count && used < sizeof(cpus); c++)
			used += (size_t)format(cpus + used, sizeof(cpus) - used,
					       c ? ",%lx" : "%lx",
					       (unsigned long)p->cpu_hw_id[c]);
		for (unsigned int m = 0; m < p->mem_count; m++) {
			char mem[48];
			format(mem, sizeof(mem), "%#lx+%#lx -> %#lx",
			       (unsigned long)p->mem[m].ipa.ipa,
			       (unsigned long)p->mem[m].size,
			       (unsigned long)p->mem[m].pa.pa);
			if (m == 0)
				log_printf("  %-12s %-8s %-38s %#-10lx %#lx\n",
					   p->name, cpus, mem,
					   (unsigned long)p->image_size,
					   (unsigned long)p->entry_ipa.ipa);
			else
				log_printf("  %-12s %-8s %s\n", "", "", mem);
		}
	}
}

void banner_print_hex_block(const char *what, const uint8_t *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	log_printf("vigil: -----BEGIN VIGIL %s-----\n", what);
	for (size_t i = 0; i < len; i += 32) {
		char line[65];
		size_t n = len - i < 32 ? len - i : 32;
		for (size_t j = 0; j < n; j++) {
			line[2 * j] = digits[bytes[i + j] >> 4];
			line[2 * j + 1] = digits[bytes[i + j] & 0xf];
		}
		line[2 * n] = '\0';
		log_printf("vigil: %s\n", line);
	}
	log_printf("vigil: -----END VIGIL %s-----\n", what);
}
