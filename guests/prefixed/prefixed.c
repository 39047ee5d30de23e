/* SPDX-License-Identifier: MIT */
/*
 * prefixed (x86-64): the intercepted instructions Vigil emulates, each
 * behind prefixes the CPU ignores for it, so that Vigil must read the
 * instruction to know how far to step (QEMU's TCG saves no next RIP):
 * CPUID behind CS, operand-size and REX.W; RDMSR of EFER behind
 * operand-size; WRMSR of EFER (the same value back) behind DS and REP.
 * Each result is checked; stepping short would run the rest of the
 * instruction as code of its own, stepping long would skip what follows.
 */
#include "vigil.h"

#define MSR_EFER 0xc0000080u
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_SVME (1ull << 12)

/* What each instruction is followed by: a count the guest checks. */
static volatile unsigned int steps;

static void cpuid_behind_prefixes(uint32_t leaf, uint32_t r[4])
{
	/* 2E 66 48 0F A2: CS, operand size, REX.W, CPUID. */
	__asm__ volatile(".byte 0x2e, 0x66, 0x48, 0x0f, 0xa2\n\t"
			 "incl %4"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]),
			   "+m"(steps)
			 : "a"(leaf), "c"(0));
}

static uint64_t rdmsr_behind_prefix(uint32_t msr)
{
	uint32_t lo, hi;
	/* 66 0F 32: operand size, RDMSR. */
	__asm__ volatile(".byte 0x66, 0x0f, 0x32\n\t"
			 "incl %2"
			 : "=a"(lo), "=d"(hi), "+m"(steps)
			 : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr_behind_prefixes(uint32_t msr, uint64_t v)
{
	/* 3E F3 0F 30: DS, REP, WRMSR. */
	__asm__ volatile(".byte 0x3e, 0xf3, 0x0f, 0x30\n\t"
			 "incl %0"
			 : "+m"(steps)
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

int main(void)
{
	uint32_t r[4];
	cpuid_behind_prefixes(0x40000000u, r);
	char sig[13];
	for (int i = 0; i < 4; i++) {
		sig[i] = (char)(r[1] >> (8 * i));
		sig[4 + i] = (char)(r[2] >> (8 * i));
		sig[8 + i] = (char)(r[3] >> (8 * i));
	}
	sig[12] = '\0';
	guest_printf("2E 66 48 0F A2: CPUID 0x40000000 says %s, step %u\n",
		     sig, steps);

	uint64_t efer = rdmsr_behind_prefix(MSR_EFER);
	guest_printf("66 0F 32: RDMSR EFER 0x%lx: LME %s, LMA %s, SVME %s, "
		     "step %u\n", (unsigned long)efer,
		     (efer & EFER_LME) ? "set" : "clear",
		     (efer & EFER_LMA) ? "set" : "clear",
		     (efer & EFER_SVME) ? "set" : "clear", steps);

	wrmsr_behind_prefixes(MSR_EFER, efer);
	unsigned int after_write = steps;
	uint64_t again = rdmsr_behind_prefix(MSR_EFER);
	guest_printf("3E F3 0F 30: WRMSR EFER 0x%lx, step %u; then it reads "
		     "0x%lx, step %u\n", (unsigned long)efer, after_write,
		     (unsigned long)again, steps);
	return 0;
}
