/* SPDX-License-Identifier: MIT */
/*
 * The only memory mbedTLS allocates from (MBEDTLS_PLATFORM_CALLOC_MACRO in
 * monitor/mbedtls_config.h): a fixed static arena, first fit, with
 * boundary tags so that a free merges with both neighbours at once.
 *
 * It is used only at boot (DICE key derivation and certificates) and for
 * signing quotes, always under the monitor's lock: the caller serialises,
 * so there is no lock here. Every operation frees all it allocated, so the
 * arena is empty between operations; it only has to hold the peak of one.
 *
 * Why not mbedTLS's memory_buffer_alloc: it installs itself with
 * mbedtls_platform_set_calloc_free(), which does not exist when the
 * configuration names calloc and free as macros, and it calls exit().
 */
#include <stddef.h>
#include <stdint.h>

#include <vigil/log.h>
#include <vigil/string.h>

#include "dice_internal.h"

#define ARENA_ALIGN 16 /* malloc's guarantee on AArch64 (max_align_t) */

/* Precedes every block; 16 bytes, so payloads stay ARENA_ALIGN-aligned. */
struct block {
	size_t size;      /* whole block, header included; bit 0: in use */
	size_t prev_size; /* whole size of the block before; 0 for the first */
};

#define HEADER_SIZE sizeof(struct block)
#define MIN_BLOCK (HEADER_SIZE + ARENA_ALIGN)
#define IN_USE ((size_t)1)

static _Alignas(ARENA_ALIGN) unsigned char arena[CRYPTO_ARENA_SIZE];
static size_t bytes_in_use, bytes_peak;

_Static_assert(HEADER_SIZE % ARENA_ALIGN == 0, "header keeps alignment");

static size_t block_size(const struct block *b)
{
	return b->size & ~IN_USE;
}

static struct block *first_block(void)
{
	struct block *b = (struct block *)arena;
	if (b->size == 0) /* first use: one free block spans the arena */
		b->size = CRYPTO_ARENA_SIZE;
	return b;
}

/* The block after b, or NULL at the end of the arena. */
static struct block *next_block(struct block *b)
{
	unsigned char *next = (unsigned char *)b + block_size(b);
	return next < arena + CRYPTO_ARENA_SIZE ? (struct block *)next : NULL;
}

static void set_size(struct block *b, size_t size, size_t in_use)
{
	b->size = size | in_use;
	struct block *next = next_block(b);
	if (next)
		next->prev_size = size;
}

/* Cuts b down to size if the rest can hold a block of its own. */
static void split(struct block *b, size_t size)
{
	size_t rest = block_size(b) - size;
	if (rest < MIN_BLOCK)
		return;
	set_size(b, size, 0);
	set_size(next_block(b), rest, 0);
}

static struct block *find_free(size_t size)
{
	for (struct block *b = first_block(); b; b = next_block(b))
		if (!(b->size & IN_USE) && block_size(b) >= size)
			return b;
	return NULL;
}

void *monitor_crypto_calloc(size_t count, size_t size)
{
	if (size && count > CRYPTO_ARENA_SIZE / size)
		return NULL;
	size_t bytes = count * size;
	if (bytes == 0) /* calloc(0, ...) must return a pointer free() takes */
		bytes = 1;
	size_t need = HEADER_SIZE + (bytes + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;

	struct block *b = find_free(need);
	if (!b)
		return NULL;
	split(b, need);
	set_size(b, block_size(b), IN_USE);
	bytes_in_use += block_size(b);
	if (bytes_in_use > bytes_peak)
		bytes_peak = bytes_in_use;
	memset(b + 1, 0, block_size(b) - HEADER_SIZE);
	return b + 1;
}

/* Joins b with the free block after it, if there is one. */
static void merge_next(struct block *b)
{
	struct block *next = next_block(b);
	if (next && !(next->size & IN_USE))
		set_size(b, block_size(b) + block_size(next), 0);
}

void monitor_crypto_free(void *ptr)
{
	if (!ptr)
		return;
	unsigned char *p = ptr;
	struct block *b = (struct block *)ptr - 1;
	if (p < arena + HEADER_SIZE || p >= arena + CRYPTO_ARENA_SIZE ||
	    (uintptr_t)p % ARENA_ALIGN || !(b->size & IN_USE))
		panic("crypto arena: bad free of %p", ptr);

	size_t size = block_size(b);
	bytes_in_use -= size;
	/* Key material passes through here: leave none behind. */
	memset(b + 1, 0, size - HEADER_SIZE);
	set_size(b, size, 0);
	merge_next(b);
	if (b->prev_size) {
		struct block *prev = (struct block *)((unsigned char *)b - b->prev_size);
		if (!(prev->size & IN_USE))
			merge_next(prev);
	}
}

void monitor_crypto_arena_stats(size_t *in_use, size_t *peak)
{
	*in_use = bytes_in_use;
	*peak = bytes_peak;
}

void monitor_crypto_arena_reset_peak(void)
{
	bytes_peak = bytes_in_use;
}
