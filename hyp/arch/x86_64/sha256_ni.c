/* SPDX-License-Identifier: MIT */
/*
 * arch_sha256_blocks with the SHA extensions (SHA-NI): SHA256RNDS2,
 * SHA256MSG1 and SHA256MSG2 (Intel SDM vol 2, their pages in chapter 4),
 * written from the SDM's operand layouts and FIPS 180-4 6.2.2.
 *
 * The only file of the port compiled with SSE (mk/arch-x86_64.mk:
 * HYP_SIMD_SOURCES, -msha -msse4.1 and not -mgeneral-regs-only).
 *
 * When it is safe to call: SSE instructions need CR4.OSFXSR = 1 and
 * CR0.EM = CR0.TS = 0 (SDM vol 3, 13.1.3). UEFI hands over a CPU set up
 * that way (UEFI 2.10, 2.3.4: SSE enabled for x64), and Vigil keeps it (it
 * changes only CR0.WP and CR4.PGE, hyp/arch/x86_64/mmu.c). The callers are
 * the boot path (measuring Vigil's own file and the partitions' images,
 * before any guest runs, so no guest XMM state exists yet) and, through the
 * generic hypercalls, attestation (quotes, sealing) on a CPU whose guest's
 * XMM registers are live: SVM saves none of them on #VMEXIT (AMD APM vol 2,
 * 15.5.1), so sha256_ni_blocks's wrapper saves and restores XMM0-XMM15
 * itself. Legacy SSE encodings leave bits 255:128 of the YMM registers
 * alone (SDM vol 1, 14.1.3), and none of these instructions reads or
 * writes MXCSR, so no other FP state changes.
 */
#include <immintrin.h>

#include <vigil/arch.h>
#include <vigil/sha256_constants.h>

#include "x86.h"


/*
 * CPUID (SDM vol 2, "CPUID"): Fn0000_0001 ECX bit 9 SSSE3 (PSHUFB,
 * PALIGNR) and bit 19 SSE4.1; Fn0000_0007 subleaf 0 EBX bit 29 SHA.
 */
#define CPUID1_ECX_SSSE3 (1u << 9)
#define CPUID1_ECX_SSE41 (1u << 19)
#define CPUID7_EBX_SHA (1u << 29)

static bool sha256_ni_supported(void)
{
	/* 0 not yet asked, 1 yes, -1 no. CPUs agree, so a race only asks
	 * twice. */
	static int supported;
	if (supported == 0) {
		bool yes = x86_cpuid(0, 0).eax >= 7 &&
			   (x86_cpuid(7, 0).ebx & CPUID7_EBX_SHA) &&
			   (x86_cpuid(1, 0).ecx & CPUID1_ECX_SSSE3) &&
			   (x86_cpuid(1, 0).ecx & CPUID1_ECX_SSE41);
		supported = yes ? 1 : -1;
	}
	return supported == 1;
}

/*
 * Four rounds (FIPS 180-4 6.2.2 step 3) with W[t..t+3] in msg: SHA256RNDS2
 * takes {A,B,E,F} and {C,D,G,H} in two registers (A and C in bits 127:96,
 * F and H in bits 31:0) and W[t]+K[t], W[t+1]+K[t+1] in bits 63:0 of its
 * implicit XMM0 operand, and returns {A,B,E,F} two rounds on; the old
 * {A,B,E,F} are then the new {C,D,G,H}.
 */
static inline void sha256_ni_rounds4(__m128i *abef, __m128i *cdgh, __m128i msg,
				     unsigned int t)
{
	__m128i k = _mm_load_si128((const __m128i *)&sha256_round_constants[t]);
	__m128i wk = _mm_add_epi32(msg, k);
	*cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
	/* W[t+2]+K[t+2], W[t+3]+K[t+3] down to bits 63:0. */
	wk = _mm_shuffle_epi32(wk, 0x0e);
	*abef = _mm_sha256rnds2_epu32(*abef, *cdgh, wk);
}

/*
 * W[t..t+3] from the 16 words before (6.2.2 step 1): SHA256MSG1 gives
 * W[t-16+i] + sigma0(W[t-15+i]); adding W[t-7..t-4] (PALIGNR of the last
 * two groups) and SHA256MSG2 with W[t-4..t-1] adds sigma1(W[t-2+i]).
 */
static inline __m128i sha256_ni_schedule(__m128i w0, __m128i w4, __m128i w8,
					 __m128i w12)
{
	__m128i w = _mm_sha256msg1_epu32(w0, w4);
	w = _mm_add_epi32(w, _mm_alignr_epi8(w12, w8, 4));
	return _mm_sha256msg2_epu32(w, w12);
}

__attribute__((noinline)) static void
sha256_ni_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	/* PSHUFB mask: each 32-bit word from big-endian bytes (3.1 item 3). */
	const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5,
					   6, 7, 0, 1, 2, 3);
	/* state[0..3] = {A,B,C,D} and state[4..7] = {E,F,G,H}, A and E in
	 * bits 31:0, to {A,B,E,F} and {C,D,G,H} with A and C in 127:96. */
	__m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0x1b);
	__m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1b);
	__m128i abef = _mm_unpackhi_epi64(hgfe, dcba);
	__m128i cdgh = _mm_unpacklo_epi64(hgfe, dcba);

	for (size_t i = 0; i < count; i++, blocks += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh;
		__m128i w[4];
		for (unsigned int j = 0; j < 4; j++)
			w[j] = _mm_shuffle_epi8(
				_mm_loadu_si128((const __m128i *)(blocks + 16 * j)),
				bswap);
		for (unsigned int t = 0; t < 64; t += 4) {
			unsigned int j = (t / 4) % 4;
			if (t >= 16)
				w[j] = sha256_ni_schedule(w[j], w[(j + 1) % 4],
							  w[(j + 2) % 4],
							  w[(j + 3) % 4]);
			sha256_ni_rounds4(&abef, &cdgh, w[j], t);
		}
		/* 6.2.2 step 4. */
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}

	/* Back: {D,C,B,A} and {H,G,F,E} (A, E in bits 127:96), reversed. */
	dcba = _mm_unpackhi_epi64(cdgh, abef);
	hgfe = _mm_unpacklo_epi64(cdgh, abef);
	_mm_storeu_si128((__m128i *)&state[0], _mm_shuffle_epi32(dcba, 0x1b));
	_mm_storeu_si128((__m128i *)&state[4], _mm_shuffle_epi32(hgfe, 0x1b));
}

/* XMM0-XMM15 to/from buf (256 bytes), with MOVDQU (SDM vol 2). */
#define XMM_SAVE(n) "movdqu %%xmm" #n ", " #n "*16(%0)\n\t"
#define XMM_LOAD(n) "movdqu " #n "*16(%0), %%xmm" #n "\n\t"
#define XMM_ALL(op)                                                       \
	op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) \
	op(11) op(12) op(13) op(14) op(15)

bool arch_sha256_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	if (!sha256_ni_supported())
		return false;
	/* A guest's XMM registers, which sha256_ni_blocks may clobber (they
	 * are all caller-saved in the SysV ABI). */
	uint8_t saved[256];
	__asm__ volatile(XMM_ALL(XMM_SAVE) : : "r"(saved) : "memory");
	sha256_ni_blocks(state, blocks, count);
	__asm__ volatile(XMM_ALL(XMM_LOAD) : : "r"(saved) : "memory");
	return true;
}
