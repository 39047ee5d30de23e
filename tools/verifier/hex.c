/* SPDX-License-Identifier: MIT */
/* Hex text; see hex.h. */
#include "hex.h"

int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool hex_decode(const char *text, size_t text_len, uint8_t *out, size_t max,
		size_t *out_len)
{
	if (text_len % 2 != 0 || text_len / 2 > max)
		return false;
	for (size_t i = 0; i < text_len / 2; i++) {
		int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*out_len = text_len / 2;
	return true;
}

char *hex_encode(const uint8_t *bytes, size_t len, char *out, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	size_t i = 0;
	if (size == 0)
		return out;
	for (; i < len && 2 * i + 2 < size; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * i] = '\0';
	return out;
}
