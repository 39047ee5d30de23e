/* SPDX-License-Identifier: MIT */
/*
 * The board as every architecture describes it to generic code (its RAM,
 * its CPUs, the partition config and the files a boot stage read), and
 * the questions the config parser asks of it.
 */
#include <vigil/board.h>
#include <vigil/string.h>

int board_cpu_index(const struct board *board, uint64_t hw_id)
{
	for (unsigned int i = 0; i < board->cpu_count; i++) {
		if (board->cpu_hw_id[i] == hw_id)
			return (int)i;
	}
	return -1;
}

bool board_memory_contains(const struct board *board, uint64_t base,
			   uint64_t size)
{
	for (unsigned int i = 0; i < board->memory_count; i++) {
		const struct mem_range *m = &board->memory[i];
		if (range_contains(m->base, m->size, base, size))
			return true;
	}
	return false;
}

bool board_file_name_ok(const char *name, size_t len)
{
	if (len == 0 || len >= BOARD_FILE_NAME_MAX || name[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			  c == '-';
		if (!ok)
			return false;
	}
	return true;
}

const struct board_file *board_file_find(const struct board *board,
					 const char *name)
{
	for (unsigned int i = 0; i < board->file_count; i++) {
		if (strcmp(board->files[i].name, name) == 0)
			return &board->files[i];
	}
	return NULL;
}
