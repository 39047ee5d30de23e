/* SPDX-License-Identifier: MIT */
/*
 * A test-and-set spinlock. On ARM64 the compiler emits an exclusive
 * load/store loop (LDAXR/STXR), which needs the MMU on and the lock in
 * Normal memory: take locks only after arch_mmu_enable.
 */
#ifndef VIGIL_SPINLOCK_H
#define VIGIL_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	uint32_t locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif /* VIGIL_SPINLOCK_H */
