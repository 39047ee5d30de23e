/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 instructions the port uses from C: CPUID, RDMSR and WRMSR,
 * RDTSC, port I/O, the control registers, and stopping the CPU. Inside the x86-64 port only (and the 16550
 * driver, which is I/O-port based).
 */
#ifndef VIGIL_X86_H
#define VIGIL_X86_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* CPUID with EAX = leaf and ECX = subleaf (AMD APM vol 3, "CPUID"). */
static inline struct cpuid_regs x86_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

/* RDMSR: faults (#GP) on an MSR the CPU does not implement. */
static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

/* WRMSR: EDX:EAX into the MSR ECX names. */
static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

/* Control registers (AMD APM vol 2, 3.1.1-3.1.3). Writes are "memory"
 * clobbers: CR0 and CR4 change how memory is accessed, CR3 which tables
 * translate it. */
#define X86_CR_ACCESSORS(n)                                                 \
	static inline uint64_t x86_read_cr##n(void)                        \
	{                                                                   \
		uint64_t v;                                                 \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));           \
		return v;                                                   \
	}                                                                   \
	static inline void x86_write_cr##n(uint64_t v)                     \
	{                                                                   \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
X86_CR_ACCESSORS(0)
X86_CR_ACCESSORS(3)
X86_CR_ACCESSORS(4)
#undef X86_CR_ACCESSORS

/* CR2: the linear address of the last page fault (APM vol 2, 3.1.2). */
static inline uint64_t x86_read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* WBINVD: writes back and invalidates every cache line (AMD APM vol 3,
 * "WBINVD"), as due before the PAT changes a memory type (vol 2, 7.8). */
static inline void x86_wbinvd(void)
{
	__asm__ volatile("wbinvd" ::: "memory");
}

/* The time-stamp counter (not serialising: good enough for the log). */
static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint8_t x86_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void x86_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void x86_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/* PAUSE (APM vol 3): a spin-wait hint. */
static inline void x86_pause(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline void x86_cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void x86_hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

#endif /* VIGIL_X86_H */
