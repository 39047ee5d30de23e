/* SPDX-License-Identifier: MIT */
/* The sealing-key hypercall (VIGIL_HC_SEAL_KEY, include/vigil/hypercall.h). */
#include "vigil.h"

long vigil_seal_key(uint32_t policy, const void *label, unsigned long len,
		    uint8_t key[VIGIL_SEAL_KEY_SIZE])
{
	return vigil_hypercall(VIGIL_HC_SEAL_KEY, policy, (uintptr_t)label, len,
			       (uintptr_t)key, 0);
}
