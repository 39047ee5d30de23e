/* SPDX-License-Identifier: MIT */
/* Functions shared inside the ARM64 port only. */
#ifndef VIGIL_ARM64_H
#define VIGIL_ARM64_H

#include <stdint.h>
#include <vigil/partition.h>

#include "trap_frame.h"

/* SMC Calling Convention call to firmware (DEN0028): result of x0. */
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* vcpu_entry.S: erets to elr with spsr, x0 = arg, x1-x30 zero. */
_Noreturn void vcpu_first_entry(uint64_t elr, uint64_t spsr, uint64_t arg);

/* head.S: where PSCI CPU_ON starts secondary CPUs. */
void secondary_entry(void);

/* mmu.c: PARange (ID_AA64MMFR0_EL1), and making the EL2 tables' root
 * visible to CPUs whose MMU is still off. */
uint64_t arm64_pa_range(void);
void mmu_publish_for_secondaries(void);

/* The partition this CPU runs (NULL before arch_vcpu_enter), and which of
 * its vCPUs this CPU is. */
struct partition *current_partition(void);
unsigned int current_vcpu(void);

/* gicv3.c: acknowledges the pending interrupt; true if it was a kick. */
bool gic_take_kick(void);

/*
 * Handles a guest SMC or HVC #0 carrying a PSCI function ID in x0
 * (vpsci.c). Returns false if the call is not one a partition may make.
 */
bool vpsci_handle(struct partition *p, struct trap_frame *frame);

#endif /* VIGIL_ARM64_H */
