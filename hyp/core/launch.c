/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/console_input.h>
#include <vigil/launch.h>
#include <vigil/launch_policy.h>
#include <vigil/log.h>
#include <vigil/monitor.h>
#include <vigil/string.h>
#include <vigil/vcpu.h>

/* Stage-2 tables for all partitions, set aside at build time. */
#define STAGE2_PT_PAGES 64
static uint64_t stage2_pages[STAGE2_PT_PAGES][PT_ENTRIES]
	__attribute__((aligned(PT_PAGE_SIZE)));
static struct pt_pool stage2_pool = { stage2_pages, STAGE2_PT_PAGES, 0 };

static struct partition partitions[CONFIG_MAX_PARTITIONS];
static unsigned int partition_count;
static uint64_t measure_ticks; /* spent hashing images, for the boot log */

static int build_stage2(struct partition *p)
{
	const struct partition_config *cfg = p->cfg;
	/* Guest memory is Normal, read/write/execute; nothing else is mapped. */
	const struct pt_attrs ram = { PT_MEM_NORMAL, true, true };
	int rc = pt_init(&p->stage2, PT_STAGE_GUEST, arch_stage2_root_level(),
			 &stage2_pool);
	for (unsigned int i = 0; rc == 0 && i < cfg->mem_count; i++)
		rc = pt_map(&p->stage2, cfg->mem[i].ipa.ipa, cfg->mem[i].pa,
			    cfg->mem[i].size, ram);
	if (rc)
		log_printf("vigil: partition '%s': stage-2 map failed (error %d): "
			   "out of Vigil's %u stage-2 table pages?\n",
			   cfg->name, rc, STAGE2_PT_PAGES);
	return rc;
}

int launch_build(const struct vigil_config *config)
{
	int failures = 0;
	partition_count = config->count;
	for (unsigned int i = 0; i < config->count; i++) {
		struct partition *p = &partitions[i];
		memset(p, 0, sizeof(*p));
		p->cfg = &config->part[i];
		p->id = i;
		p->state = PARTITION_READY;
		if (build_stage2(p))
			failures++;
	}
	console_input_init(partitions, partition_count);
	return failures;
}

/* Clears the partition's memory and copies its image in; returns where
 * the image now lies. */
static void *place_image(const struct partition_config *cfg)
{
	paddr_t load;
	if (!partition_ipa_to_pa(cfg, cfg->load_ipa, cfg->image_size, &load))
		panic("partition '%s': validated image does not fit", cfg->name);
	/* No stale data from before may reach the guest. */
	for (unsigned int i = 0; i < cfg->mem_count; i++)
		memset(pa_ptr(cfg->mem[i].pa), 0, cfg->mem[i].size);
	memcpy(pa_ptr(load), pa_ptr(cfg->image_pa), cfg->image_size);
	for (unsigned int i = 0; i < cfg->mem_count; i++)
		arch_sync_guest_memory(pa_ptr(cfg->mem[i].pa), cfg->mem[i].size);
	return pa_ptr(load);
}

/*
 * Returns 0 if the partition may start, 1 if its launch policy refused it
 * (it stays off), -1 if nothing may start.
 */
static int place_and_measure(struct partition *p, const void *config_blob,
			     const uint8_t config_digest[VIGIL_DIGEST_SIZE])
{
	const struct partition_config *cfg = p->cfg;
	void *image = place_image(cfg);

	/*
	 * Measured where the guest will run it, after Vigil's last write. Its
	 * CPU is not started until every partition is measured, and no other
	 * partition maps this memory, so nothing can change it in between.
	 */
	uint64_t start = arch_counter_ticks();
	const struct measurement *m = monitor_measure_image(
		cfg->name, image, cfg->image_size, cfg->entry_ipa.ipa);
	measure_ticks += arch_counter_ticks() - start;
	if (!m) {
		log_printf("vigil: partition '%s': measurement failed\n", cfg->name);
		return -1;
	}
	char hex[65];
	monitor_digest_hex(m->digest, hex);
	log_printf("vigil: measured '%s': sha256 %s size %#lx entry %#lx\n",
		   cfg->name, hex, (unsigned long)m->size,
		   (unsigned long)m->entry);

	struct launch_facts facts = { .name = cfg->name };
	memcpy(facts.image_digest, m->digest, VIGIL_DIGEST_SIZE);
	config_measure_node(config_blob, cfg->node, facts.node_digest);
	char why[700];
	if (!launch_policy_check(cfg, m->digest, &facts, why, sizeof(why))) {
		p->state = PARTITION_STOPPED;
		log_printf("vigil: partition '%s' refused by its launch policy: %s\n",
			   cfg->name, why);
		return cfg->required ? -1 : 1;
	}

	/* The vPCRs, the event log and the AK follow from the measurement. */
	int rc = attestation_launch(&p->attest, &facts, config_digest);
	if (rc && rc != -VIGIL_ENODEV) { /* ENODEV: attestation is off */
		log_printf("vigil: partition '%s': attestation keys failed (%d)\n",
			   cfg->name, rc);
		return -1;
	}
	return 0;
}

int launch_place_and_measure(const void *config_blob,
			     const uint8_t config_digest[VIGIL_DIGEST_SIZE])
{
	for (unsigned int i = 0; i < partition_count; i++) {
		struct partition *p = &partitions[i];
		int rc = place_and_measure(p, config_blob, config_digest);
		if (rc < 0) {
			if (p->state == PARTITION_STOPPED) /* refused, required */
				log_printf("vigil: partition '%s' is vigil,required\n",
					   p->cfg->name);
			return -1;
		}
	}
	return 0;
}

static uint64_t ticks_to_us(uint64_t ticks)
{
	return ticks * 1000000u / arch_counter_hz();
}

void launch_start_all(uint64_t boot_ticks)
{
	unsigned int allowed = 0;
	for (unsigned int i = 0; i < partition_count; i++)
		allowed += partitions[i].state == PARTITION_READY;
	/* Printed first: once started, partitions print too. */
	log_printf("vigil: starting %u partition%s, %lu us after entry "
		   "(hashing images took %lu us)\n",
		   allowed, allowed == 1 ? "" : "s",
		   (unsigned long)ticks_to_us(arch_counter_ticks() - boot_ticks),
		   (unsigned long)ticks_to_us(measure_ticks));
	for (unsigned int i = 0; i < partition_count; i++) {
		struct partition *p = &partitions[i];
		if (p->state != PARTITION_READY)
			continue; /* refused by its launch policy */
		int rc = vcpu_start(p, 0, p->cfg->entry_ipa, 0);
		if (rc) /* the config was validated: this is Vigil's bug */
			panic("partition '%s': vCPU 0 did not start (%d)",
			      p->cfg->name, rc);
	}
}
