/* SPDX-License-Identifier: MIT */
/*
 * A partition at run time: its validated config, its stage-2 map, its
 * state and its console line. Partitions are created once at boot and never
 * freed.
 *
 * Lock order: partition.lock, then the console lock inside log.c.
 */
#ifndef VIGIL_PARTITION_H
#define VIGIL_PARTITION_H

#include <vigil/attestation.h>
#include <vigil/config.h>
#include <vigil/hypercall.h>
#include <vigil/pagetable.h>
#include <vigil/spinlock.h>

enum partition_state {
	PARTITION_READY,   /* built and measured, not yet started */
	PARTITION_RUNNING,
	PARTITION_STOPPED, /* halted itself or was stopped by Vigil */
};

#define PARTITION_LINE_MAX 160
#define PARTITION_REFUSALS_LOGGED 16

enum vcpu_state {
	VCPU_OFF,      /* not started, or turned itself off */
	VCPU_STARTING, /* its CPU has been asked to enter the partition */
	VCPU_ON,
};

/* One of the partition's CPUs, as the partition sees it (vCPU n runs on
 * physical CPU cfg->cpu_index[n] and reads n as its MPIDR Aff0). */
struct vcpu {
	enum vcpu_state state;
	char line[PARTITION_LINE_MAX]; /* console output up to its '\n' */
	size_t line_len;
};

/* A refused hypercall, remembered so that each kind is logged once. */
struct refusal {
	uint64_t nr;
	int64_t err;
};

struct partition {
	const struct partition_config *cfg;
	unsigned int id;      /* index in the config; the VMID is id + 1 */
	struct pagetable stage2;
	enum partition_state state;
	struct spinlock lock; /* protects state, vcpu[], refusals */
	struct vcpu vcpu[PARTITION_MAX_CPUS];
	struct refusal refusals[PARTITION_REFUSALS_LOGGED];
	unsigned int refusal_count;
	struct attestation attest; /* its own lock; see attestation.h */
};

/*
 * Records that the partition stopped and why, in one log line:
 * "vigil: partition '<name>' stopped: <reason>", and kicks its other
 * running CPUs out of it (they park when they see the state). Returns
 * without parking; the caller stops its own CPU.
 */
void partition_stop(struct partition *p, const char *reason_fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Appends guest console bytes to vCPU vcpu's line, printing each completed
 * line as "[<name>] <text>" (so two vCPUs never mix within a line).
 * Control characters other than '\n' and '\t' print as '?'; a line longer
 * than PARTITION_LINE_MAX is printed in pieces. Returns false, printing
 * nothing, if the partition has stopped.
 */
bool partition_console_write(struct partition *p, unsigned int vcpu,
			     const char *bytes, size_t n);

/* True once partition_stop has run: its CPUs must not resume it. */
bool partition_is_stopped(struct partition *p);

/*
 * Copies len bytes at guest-physical ipa of partition p into dst. Returns
 * 0, or -VIGIL_EFAULT unless the whole range lies in the partition's memory.
 * The guest's bytes are read exactly once.
 */
int partition_copy_from_guest(const struct partition *p, void *dst,
			      ipaddr_t ipa, uint64_t len);

/*
 * Logs a refused hypercall, once per (number, error) pair per partition,
 * and returns err (a negative VIGIL_E* value) for the caller to hand back.
 */
int64_t partition_refuse(struct partition *p, uint64_t nr, int64_t err,
			 const char *why);

#endif /* VIGIL_PARTITION_H */
