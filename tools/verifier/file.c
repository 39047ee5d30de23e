/* SPDX-License-Identifier: MIT */
/* Whole-file reads; see file.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

bool file_read(const char *path, uint8_t **data, size_t *len, char *err,
	       size_t err_size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return false;
	}
	/* Read in steps rather than trusting a size from stat: the input may be
	 * a pipe or a file that grows. */
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap + 1);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || cap >= FILE_MAX_SIZE)
			break;
		uint8_t *bigger = realloc(buf, 2 * cap + 1);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	bool failed = ferror(f);
	bool too_big = buf && n == cap && fgetc(f) != EOF;
	fclose(f);
	if (!buf || failed || too_big) {
		snprintf(err, err_size, "%s: %s", path,
			 !buf ? "out of memory" :
			 failed ? "read error" : "larger than 4 MiB");
		free(buf);
		return false;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return true;
}

bool file_is_pem(const uint8_t *data, size_t len)
{
	static const char begin[] = "-----BEGIN";
	size_t i = 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\r' || data[i] == '\n'))
		i++;
	return len - i >= sizeof(begin) - 1 &&
	       memcmp(data + i, begin, sizeof(begin) - 1) == 0;
}
