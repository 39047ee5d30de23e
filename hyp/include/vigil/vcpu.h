/* SPDX-License-Identifier: MIT */
/*
 * Starting and stopping a partition's CPUs. Every physical CPU runs at most
 * one vCPU, of one partition, for good: between runs it waits in Vigil's
 * idle loop for a request to enter its partition. Requests come from the
 * boot CPU (each partition's vCPU 0) and from the partition itself (PSCI
 * CPU_ON for its other vCPUs).
 */
#ifndef VIGIL_VCPU_H
#define VIGIL_VCPU_H

#include <vigil/partition.h>

/* Called by each CPU once it runs in Vigil with its MMU on. */
void vcpu_cpu_online(unsigned int cpu);
bool vcpu_cpu_is_online(unsigned int cpu);

/*
 * Asks vCPU vcpu of p to start at entry, with arg in its first argument
 * register. Returns 0; -VIGIL_EINVAL if p has no such vCPU; -VIGIL_EBUSY if
 * it is not off; -VIGIL_EFAULT if entry is not in p's memory; -VIGIL_EPERM
 * if p is stopped.
 */
int vcpu_start(struct partition *p, unsigned int vcpu, ipaddr_t entry,
	       uint64_t arg);

/*
 * The calling CPU's vCPU turns itself off and the CPU returns to the idle
 * loop. If it was the partition's last vCPU, the partition stops.
 */
_Noreturn void vcpu_off(struct partition *p, unsigned int vcpu);

/* The state of vCPU vcpu (VCPU_OFF if p has no such vCPU). */
enum vcpu_state vcpu_state(struct partition *p, unsigned int vcpu);

/*
 * Called on a CPU running vcpu of p that was kicked (see partition_stop).
 * Returns true if the partition has stopped and this CPU must stop too.
 */
bool vcpu_kicked(struct partition *p, unsigned int vcpu);

/* Waits for a request to enter a partition on this CPU, then enters it. */
_Noreturn void vcpu_idle_loop(unsigned int cpu);

#endif /* VIGIL_VCPU_H */
