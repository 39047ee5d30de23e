/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <vigil/arch.h>
#include <vigil/format.h>
#include <vigil/log.h>
#include <vigil/partition.h>
#include <vigil/string.h>

void partition_stop(struct partition *p, const char *reason_fmt, ...)
{
	char reason[200];
	va_list ap;
	va_start(ap, reason_fmt);
	format_v(reason, sizeof(reason), reason_fmt, ap);
	va_end(ap);

	spin_lock(&p->lock);
	bool already = p->state == PARTITION_STOPPED;
	p->state = PARTITION_STOPPED;
	spin_unlock(&p->lock);
	if (already) /* another of its CPUs got there first */
		return;
	log_printf("vigil: partition '%s' stopped: %s\n", p->cfg->name, reason);
	for (unsigned int i = 0; i < p->cfg->cpu_count; i++) {
		if (p->vcpu[i].state != VCPU_OFF)
			arch_cpu_kick(p->cfg->cpu_index[i]);
	}
}

/* Prints a vCPU's pending line; called with p->lock held. */
static void flush_line(struct partition *p, struct vcpu *v)
{
	char prefix[PARTITION_NAME_MAX + 4];
	format(prefix, sizeof(prefix), "[%s] ", p->cfg->name);
	log_line(prefix, v->line, v->line_len);
	v->line_len = 0;
}

bool partition_console_write(struct partition *p, unsigned int vcpu,
			     const char *bytes, size_t n)
{
	struct vcpu *v = &p->vcpu[vcpu];
	spin_lock(&p->lock);
	if (p->state == PARTITION_STOPPED) { /* nothing after the stop line */
		spin_unlock(&p->lock);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char c = bytes[i];
		if (c == '\n') {
			flush_line(p, v);
			continue;
		}
		if ((c < ' ' && c != '\t') || c > '~')
			c = '?';
		v->line[v->line_len++] = c;
		if (v->line_len == PARTITION_LINE_MAX)
			flush_line(p, v);
	}
	spin_unlock(&p->lock);
	return true;
}

bool partition_is_stopped(struct partition *p)
{
	spin_lock(&p->lock);
	bool stopped = p->state == PARTITION_STOPPED;
	spin_unlock(&p->lock);
	return stopped;
}

int partition_copy_from_guest(const struct partition *p, void *dst,
			      ipaddr_t ipa, uint64_t len)
{
	paddr_t pa;
	if (!partition_ipa_to_pa(p->cfg, ipa, len, &pa))
		return -VIGIL_EFAULT;
	/* The guest may have written with its caches off. */
	arch_dcache_discard_for_read(pa_ptr(pa), len);
	memcpy(dst, pa_ptr(pa), len);
	return 0;
}

static bool refusal_seen(struct partition *p, uint64_t nr, int64_t err)
{
	for (unsigned int i = 0; i < p->refusal_count; i++) {
		if (p->refusals[i].nr == nr && p->refusals[i].err == err)
			return true;
	}
	if (p->refusal_count < PARTITION_REFUSALS_LOGGED)
		p->refusals[p->refusal_count++] = (struct refusal){ nr, err };
	else
		return true; /* table full: stay quiet rather than flood */
	return false;
}

int64_t partition_refuse(struct partition *p, uint64_t nr, int64_t err,
			 const char *why)
{
	spin_lock(&p->lock);
	bool seen = refusal_seen(p, nr, err);
	spin_unlock(&p->lock);
	if (!seen)
		log_printf("vigil: partition '%s': hypercall %#lx refused with %ld: %s\n",
			   p->cfg->name, (unsigned long)nr, (long)err, why);
	return err;
}
