/* SPDX-License-Identifier: MIT */
/*
 * sha256_ce_blocks(state, blocks, count): the SHA-256 compression function
 * (FIPS 180-4 6.2.2) over count 64-byte blocks with the Armv8 Cryptographic
 * Extension: SHA256H, SHA256H2, SHA256SU0 and SHA256SU1 (Arm ARM C7.2,
 * their pages), written from the Arm ARM's pseudocode. Called only by
 * arch_sha256_blocks (sha256_ce.c), after it has checked that the CPU has
 * the instructions and that EL2 may use FP/SIMD.
 *
 * A guest's FP/SIMD registers stay in the CPU while Vigil runs (Vigil does
 * not switch them), and this runs on the hypercall path too, so it saves
 * and restores the ten vector registers it uses, V0-V9, whole. It reads
 * and writes neither FPCR nor FPSR (integer and SHA instructions only).
 *
 * Registers: x0 state (H0..H7), x1 blocks, x2 count, x3 the K table;
 * v0 {A,B,C,D} and v1 {E,F,G,H} (A and E in lane 0, as the Arm ARM's
 * SHA256hash takes them), v2 and v3 their values at the start of the
 * block, v4-v7 16 message words, v8 W[t]+K[t] for four rounds, v9 {A,B,C,D}
 * before SHA256H, for SHA256H2.
 */
	.text

/*
 * Four rounds with W[t..t+3] in \w; then, if \sched, W[t+16..t+19] into \w
 * from W[t..t+3], W[t+4..t+7] (\w4), W[t+8..t+11] (\w8) and W[t+12..t+15]
 * (\w12): SHA256SU0 adds sigma0, SHA256SU1 adds W[t+9..t+12] and sigma1
 * (6.2.2 step 1).
 */
.macro	rounds4 w, w4, w8, w12, sched
	ld1	{v8.4s}, [x3], #16
	add	v8.4s, v8.4s, \w\().4s
	mov	v9.16b, v0.16b
	sha256h	q0, q1, v8.4s
	sha256h2 q1, q9, v8.4s
	.if	\sched
	sha256su0 \w\().4s, \w4\().4s
	sha256su1 \w\().4s, \w8\().4s, \w12\().4s
	.endif
.endm

	.global	sha256_ce_blocks
	.type	sha256_ce_blocks, %function
	.balign	4
sha256_ce_blocks:
	cbz	x2, 2f
	stp	q0, q1, [sp, #-160]!
	stp	q2, q3, [sp, #32]
	stp	q4, q5, [sp, #64]
	stp	q6, q7, [sp, #96]
	stp	q8, q9, [sp, #128]
	ld1	{v0.4s, v1.4s}, [x0]
1:	ld1	{v4.16b-v7.16b}, [x1], #64
	/* Words are big-endian (FIPS 180-4 3.1 item 3). */
	rev32	v4.16b, v4.16b
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	mov	v2.16b, v0.16b
	mov	v3.16b, v1.16b
	adrp	x3, sha256_ce_k
	add	x3, x3, :lo12:sha256_ce_k
	/* Rounds 0-47, making W[16..63]; then 48-63. */
	.rept	3
	rounds4	v4, v5, v6, v7, 1
	rounds4	v5, v6, v7, v4, 1
	rounds4	v6, v7, v4, v5, 1
	rounds4	v7, v4, v5, v6, 1
	.endr
	rounds4	v4, v5, v6, v7, 0
	rounds4	v5, v6, v7, v4, 0
	rounds4	v6, v7, v4, v5, 0
	rounds4	v7, v4, v5, v6, 0
	/* 6.2.2 step 4. */
	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	subs	x2, x2, #1
	b.ne	1b
	st1	{v0.4s, v1.4s}, [x0]
	ldp	q2, q3, [sp, #32]
	ldp	q4, q5, [sp, #64]
	ldp	q6, q7, [sp, #96]
	ldp	q8, q9, [sp, #128]
	ldp	q0, q1, [sp], #160
2:	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks

	.section .rodata
	.balign	16
/* FIPS 180-4 4.2.2. */
sha256_ce_k:
	.word	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
	.word	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
	.word	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
	.word	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
	.word	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
	.word	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
	.word	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
	.word	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
	.word	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
	.word	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
	.word	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
	.word	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
	.word	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
	.word	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
	.word	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
	.word	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
