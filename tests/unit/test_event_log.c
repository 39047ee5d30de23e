/* SPDX-License-Identifier: MIT */
/*
 * The TCG PC Client crypto-agile event log: exact bytes of the Spec ID
 * header and of each TCG_PCR_EVENT2, refusals that leave the log as it
 * was, a replay that rejects every truncation and survives random
 * corruption without reading out of bounds (each input sits in a heap
 * block of exactly its size, so ASan sees any over-read), and tpm2_eventlog
 * itself parsing a log and replaying it to the same PCR values (the test
 * fails if the tool is missing).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <mbedtls/sha256.h>

#include <vigil/event_log.h>
#include <vigil/tpm.h>

#define HEADER_SIZE 65  /* TCG_PCR_EVENT 32 + TCG_EfiSpecIDEvent 33 */
#define EVENT2_SIZE 50  /* TCG_PCR_EVENT2 without its event data */
#define LOG_MAX 8192

/* PFP 10.2.1 TCG_PCR_EVENT and 10.4.5.1 TCG_EfiSpecIDEvent, written out
 * field by field, little-endian. */
static const uint8_t expected_header[HEADER_SIZE] = {
	0, 0, 0, 0,             /* pcrIndex 0 */
	3, 0, 0, 0,             /* eventType EV_NO_ACTION */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* SHA-1 digest: zero */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	33, 0, 0, 0,            /* eventSize */
	'S', 'p', 'e', 'c', ' ', 'I', 'D', ' ', /* signature */
	'E', 'v', 'e', 'n', 't', '0', '3', 0,
	0, 0, 0, 0,             /* platformClass: client */
	0,                      /* specVersionMinor */
	2,                      /* specVersionMajor */
	0,                      /* specErrata */
	2,                      /* uintnSize: UINT64 */
	1, 0, 0, 0,             /* numberOfAlgorithms */
	0x0b, 0x00, 32, 0,      /* {TPM_ALG_SHA256, 32} */
	0,                      /* vendorInfoSize */
};

static void sha256(const void *data, size_t len, uint8_t out[32])
{
	assert_int_equal(mbedtls_sha256_ret(data, len, out, 0), 0);
}

/* A deterministic xorshift, so every failure can be replayed. */
static uint32_t rng_state = 2463534242u;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Appends an event whose digest is SHA-256 of its data (as Vigil does)
 * and applies it to pcrs the slow way. */
static void add(struct event_log *log, uint8_t pcrs[24][32], uint32_t pcr,
		uint32_t type, const void *data, uint32_t len)
{
	uint8_t digest[32], cat[64];
	sha256(data, len, digest);
	assert_int_equal(event_log_append(log, pcr, type, digest, data, len), 0);
	memcpy(cat, pcrs[pcr], 32);
	memcpy(cat + 32, digest, 32);
	sha256(cat, 64, pcrs[pcr]);
}

/* A log with events on several PCRs, data of 0 to 256 bytes, binary. */
static int sample_log(struct event_log *log, uint8_t *buf, size_t capacity,
		      uint8_t pcrs[24][32])
{
	uint8_t bin[VIGIL_EVENT_DATA_MAX];
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)(i * 7);
	memset(pcrs, 0, 24 * 32);
	assert_int_equal(event_log_init(log, buf, capacity), 0);
	add(log, pcrs, 0, EV_IPL, "hello image", 11);
	add(log, pcrs, 8, EV_IPL, "guest event", 11);
	add(log, pcrs, 8, EV_IPL, bin, sizeof(bin));
	add(log, pcrs, 23, EV_IPL, NULL, 0);
	add(log, pcrs, 9, 0x00000001, "\0\0\xff", 3); /* EV_POST_CODE */
	add(log, pcrs, 0, EV_IPL, bin, 1);
	return 6;
}

/* An exact-size heap copy, so ASan catches a read one byte past it. */
static uint8_t *copy(const uint8_t *data, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	assert_non_null(p);
	memcpy(p, data, len);
	return p;
}

static int replay_copy(const uint8_t *data, size_t len, uint8_t pcrs[24][32])
{
	uint8_t *p = copy(data, len);
	int rc = event_log_replay(p, len, pcrs);
	free(p);
	return rc;
}

static void init_writes_spec_id_event(void **state)
{
	(void)state;
	uint8_t buf[HEADER_SIZE + 4];
	struct event_log log;
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(event_log_init(&log, buf, sizeof(buf)), 0);
	assert_int_equal(log.len, HEADER_SIZE);
	assert_ptr_equal(log.buf, buf);
	assert_int_equal(log.capacity, sizeof(buf));
	assert_memory_equal(buf, expected_header, HEADER_SIZE);
	assert_int_equal(buf[HEADER_SIZE], 0xa5);
}

static void init_refuses_small_buffers(void **state)
{
	(void)state;
	uint8_t buf[HEADER_SIZE + 1];
	struct event_log log;
	for (size_t size = 0; size < HEADER_SIZE; size++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(event_log_init(&log, buf, size), -VIGIL_ENOSPC);
		for (size_t i = size; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0xa5);
	}
	assert_int_equal(event_log_init(&log, NULL, 4096), -VIGIL_ENOSPC);
	assert_int_equal(event_log_init(&log, buf, HEADER_SIZE), 0);
}

/* PFP 10.2.2 TCG_PCR_EVENT2, field by field. */
static void append_writes_pcr_event2(void **state)
{
	(void)state;
	uint8_t buf[256], digest[32];
	struct event_log log;
	for (size_t i = 0; i < 32; i++)
		digest[i] = (uint8_t)(0xc0 + i);
	assert_int_equal(event_log_init(&log, buf, sizeof(buf)), 0);
	assert_int_equal(event_log_append(&log, 17, 0x0d, digest, "abc", 3), 0);
	assert_int_equal(log.len, HEADER_SIZE + EVENT2_SIZE + 3);
	const uint8_t *e = buf + HEADER_SIZE;
	assert_memory_equal(e, "\x11\0\0\0", 4);      /* pcrIndex 17 */
	assert_memory_equal(e + 4, "\x0d\0\0\0", 4);  /* eventType EV_IPL */
	assert_memory_equal(e + 8, "\x01\0\0\0", 4);  /* digests.count */
	assert_memory_equal(e + 12, "\x0b\x00", 2);   /* hashAlg SHA-256 */
	assert_memory_equal(e + 14, digest, 32);
	assert_memory_equal(e + 46, "\x03\0\0\0", 4); /* eventSize */
	assert_memory_equal(e + 50, "abc", 3);

	/* The next one follows directly; no data is fine. */
	assert_int_equal(event_log_append(&log, 0, 0x0d, digest, NULL, 0), 0);
	assert_int_equal(log.len, HEADER_SIZE + 2 * EVENT2_SIZE + 3);
	assert_memory_equal(buf + HEADER_SIZE + EVENT2_SIZE + 3 + 46,
			    "\0\0\0\0", 4);
}

static void append_refuses_what_does_not_fit(void **state)
{
	(void)state;
	uint8_t buf[HEADER_SIZE + 2 * EVENT2_SIZE + 10], before[sizeof(buf)];
	uint8_t digest[32] = { 1 };
	struct event_log log;
	assert_int_equal(event_log_init(&log, buf, sizeof(buf)), 0);
	assert_int_equal(event_log_append(&log, 1, EV_IPL, digest, "0123", 4), 0);
	memcpy(before, buf, sizeof(buf));
	size_t len = log.len;

	/* 6 data bytes would fit exactly; 7 do not, nor do 2^32 - 1. */
	assert_int_equal(event_log_append(&log, 2, EV_IPL, digest, "0123456", 7),
			 -VIGIL_ENOSPC);
	assert_int_equal(event_log_append(&log, 2, EV_IPL, digest, "x",
					  UINT32_MAX),
			 -VIGIL_ENOSPC);
	assert_int_equal(log.len, len);
	assert_memory_equal(buf, before, sizeof(buf));
	assert_int_equal(event_log_append(&log, 2, EV_IPL, digest, "012345", 6), 0);
	assert_int_equal(log.len, sizeof(buf));

	/* Full: even an empty event is refused. */
	memcpy(before, buf, sizeof(buf));
	assert_int_equal(event_log_append(&log, 2, EV_IPL, digest, NULL, 0),
			 -VIGIL_ENOSPC);
	assert_int_equal(log.len, sizeof(buf));
	assert_memory_equal(buf, before, sizeof(buf));

	uint8_t pcrs[24][32];
	assert_int_equal(event_log_replay(buf, log.len, pcrs), 2);
}

static void append_refuses_bad_arguments(void **state)
{
	(void)state;
	uint8_t buf[512], before[sizeof(buf)], digest[32] = { 0 };
	struct event_log log;
	assert_int_equal(event_log_init(&log, buf, sizeof(buf)), 0);
	memcpy(before, buf, sizeof(buf));
	assert_int_equal(event_log_append(&log, 24, EV_IPL, digest, "a", 1),
			 -VIGIL_EINVAL);
	assert_int_equal(event_log_append(&log, UINT32_MAX, EV_IPL, digest, "a",
					  1),
			 -VIGIL_EINVAL);
	/* Only the header is EV_NO_ACTION: tools disagree on replaying
	 * later ones. */
	assert_int_equal(event_log_append(&log, 0, EV_NO_ACTION, digest, "a", 1),
			 -VIGIL_EINVAL);
	assert_int_equal(event_log_append(&log, 0, EV_IPL, digest, NULL, 1),
			 -VIGIL_EINVAL);
	assert_int_equal(log.len, HEADER_SIZE);
	assert_memory_equal(buf, before, sizeof(buf));
	assert_int_equal(event_log_append(&log, 23, EV_IPL, digest, "a", 1), 0);
}

static void replay_gives_extended_values(void **state)
{
	(void)state;
	uint8_t buf[LOG_MAX], want[24][32], got[24][32];
	struct event_log log;
	int events = sample_log(&log, buf, sizeof(buf), want);
	memset(got, 0xee, sizeof(got)); /* replay starts from zero itself */
	assert_int_equal(replay_copy(buf, log.len, got), events);
	assert_memory_equal(got, want, sizeof(want));

	/* A log of the header only replays to all zeros. */
	assert_int_equal(event_log_init(&log, buf, sizeof(buf)), 0);
	memset(got, 0xee, sizeof(got));
	memset(want, 0, sizeof(want));
	assert_int_equal(replay_copy(buf, log.len, got), 0);
	assert_memory_equal(got, want, sizeof(want));
}

/* Every prefix is either malformed or ends on a record boundary, where it
 * is the log of the events before it. */
static void replay_rejects_truncation_at_every_length(void **state)
{
	(void)state;
	uint8_t buf[LOG_MAX], pcrs[24][32], sentinel[24][32];
	size_t ends[8];
	struct event_log log;
	assert_int_equal(event_log_init(&log, buf, sizeof(buf)), 0);
	size_t n = 0;
	ends[n++] = log.len;
	memset(pcrs, 0, sizeof(pcrs));
	int events = sample_log(&log, buf, sizeof(buf), pcrs);
	/* Record ends, from the lengths sample_log appends. */
	static const size_t data_len[] = { 11, 11, 256, 0, 3, 1 };
	for (int i = 0; i < events; i++) {
		ends[n] = ends[n - 1] + EVENT2_SIZE + data_len[i];
		n++;
	}
	assert_int_equal(ends[n - 1], log.len);
	memset(sentinel, 0xee, sizeof(sentinel));

	size_t boundary = 0;
	for (size_t len = 0; len <= log.len; len++) {
		memset(pcrs, 0xee, sizeof(pcrs));
		int rc = replay_copy(buf, len, pcrs);
		if (boundary < n && len == ends[boundary]) {
			assert_int_equal(rc, (int)boundary);
			boundary++;
		} else {
			assert_int_equal(rc, -VIGIL_EINVAL);
			/* pcrs untouched on error */
			assert_memory_equal(pcrs, sentinel, sizeof(pcrs));
		}
	}
	assert_int_equal(boundary, n);
	assert_int_equal(event_log_replay(NULL, 0, pcrs), -VIGIL_EINVAL);
}

/* Corrupts one field at off (little-endian, size bytes) and expects
 * replay to refuse the log. */
static void expect_rejected(const uint8_t *log, size_t len, size_t off,
			    size_t size, uint32_t value)
{
	uint8_t *p = copy(log, len);
	uint8_t pcrs[24][32];
	for (size_t i = 0; i < size; i++)
		p[off + i] = (uint8_t)(value >> (8 * i));
	assert_int_equal(event_log_replay(p, len, pcrs), -VIGIL_EINVAL);
	free(p);
}

static void replay_rejects_malformed_fields(void **state)
{
	(void)state;
	uint8_t buf[LOG_MAX], pcrs[24][32];
	struct event_log log;
	sample_log(&log, buf, sizeof(buf), pcrs);
	const uint8_t *b = buf;
	size_t n = log.len;
	const size_t e = HEADER_SIZE; /* the first TCG_PCR_EVENT2 */

	/* The header. */
	expect_rejected(b, n, 0, 4, 1);            /* pcrIndex */
	expect_rejected(b, n, 4, 4, EV_IPL);       /* eventType */
	expect_rejected(b, n, 8 + 19, 1, 1);       /* SHA-1 digest not zero */
	expect_rejected(b, n, 28, 4, 34);          /* eventSize: 1 too long */
	expect_rejected(b, n, 28, 4, 32);          /* 1 too short */
	expect_rejected(b, n, 28, 4, UINT32_MAX);
	expect_rejected(b, n, 32 + 14, 1, '2');    /* "Spec ID Event02" */
	expect_rejected(b, n, 32 + 15, 1, ' ');    /* no NUL */
	expect_rejected(b, n, 32 + 20, 1, 1);      /* specVersionMinor */
	expect_rejected(b, n, 32 + 21, 1, 1);      /* specVersionMajor */
	expect_rejected(b, n, 32 + 23, 1, 3);      /* uintnSize */
	expect_rejected(b, n, 32 + 24, 4, 2);      /* numberOfAlgorithms */
	expect_rejected(b, n, 32 + 24, 4, 0);
	expect_rejected(b, n, 32 + 28, 2, 0x0004); /* SHA-1 bank */
	expect_rejected(b, n, 32 + 30, 2, 20);     /* digestSize */
	expect_rejected(b, n, 32 + 32, 1, 1);      /* vendorInfoSize */

	/* An event. */
	expect_rejected(b, n, e, 4, 24);           /* pcrIndex */
	expect_rejected(b, n, e, 4, UINT32_MAX);
	expect_rejected(b, n, e + 4, 4, EV_NO_ACTION);
	expect_rejected(b, n, e + 8, 4, 2);        /* digests.count */
	expect_rejected(b, n, e + 8, 4, 0);
	expect_rejected(b, n, e + 12, 2, 0x0004);  /* SHA-1 */
	expect_rejected(b, n, e + 46, 4, UINT32_MAX); /* eventSize */
	expect_rejected(b, n, e + 46, 4, 0x10000);

	/* uintnSize 1 (UINT32), another platform class or errata, and vendor
	 * info that eventSize accounts for are all fine. */
	uint8_t *p = copy(b, n);
	p[32 + 23] = 1;
	p[32 + 16] = 1;
	p[32 + 22] = 2;
	assert_int_equal(event_log_replay(p, n, pcrs), 6);
	free(p);
	uint8_t vendor[HEADER_SIZE + 3];
	memcpy(vendor, expected_header, HEADER_SIZE);
	vendor[28] = 36;
	vendor[64] = 3;
	memcpy(vendor + 65, "abc", 3);
	assert_int_equal(replay_copy(vendor, sizeof(vendor), pcrs), 0);
}

/* Random byte corruption: replay must answer (ASan watches for reads
 * past the block), and leave pcrs alone when it refuses. */
static void replay_survives_random_corruption(void **state)
{
	(void)state;
	uint8_t buf[LOG_MAX], pcrs[24][32], sentinel[24][32];
	struct event_log log;
	sample_log(&log, buf, sizeof(buf), pcrs);
	memset(sentinel, 0xee, sizeof(sentinel));
	int refused = 0;
	for (int round = 0; round < 20000; round++) {
		uint8_t *p = copy(buf, log.len);
		int flips = 1 + (int)(rnd() % 4);
		for (int i = 0; i < flips; i++) {
			size_t off = rnd() % log.len;
			/* Often a whole length field to something big. */
			if (rnd() % 4 == 0 && off + 4 <= log.len)
				memset(p + off, 0xff, 4);
			else
				p[off] ^= (uint8_t)(1 + rnd() % 255);
		}
		size_t len = rnd() % 8 == 0 ? rnd() % (log.len + 1) : log.len;
		memset(pcrs, 0xee, sizeof(pcrs));
		int rc = event_log_replay(p, len, pcrs);
		if (rc < 0) {
			assert_int_equal(rc, -VIGIL_EINVAL);
			assert_memory_equal(pcrs, sentinel, sizeof(pcrs));
			refused++;
		} else {
			assert_true(rc <= 6);
		}
		free(p);
	}
	/* About half: a changed digest or event data byte is still a
	 * well-formed log (10838 of 20000 with this seed). */
	assert_true(refused > 8000);
}

/* ---- tpm2_eventlog ---- */

/* Runs a shell command; returns its exit status, output in out. */
static int run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * The PCR values at the end of tpm2_eventlog's output:
 *   pcrs:
 *     sha256:
 *       0  : 0x<64 hex digits>
 * Returns the mask of PCRs it printed.
 */
static uint32_t parse_tool_pcrs(const char *out, uint8_t pcrs[24][32])
{
	const char *p = strstr(out, "\npcrs:\n  sha256:\n");
	assert_non_null(p);
	p += strlen("\npcrs:\n  sha256:\n");
	uint32_t mask = 0;
	unsigned int index;
	char value[65];
	int used;
	while (sscanf(p, " %u : 0x%64[0-9a-fA-F]%n", &index, value, &used) == 2) {
		assert_true(index < 24);
		assert_int_equal(strlen(value), 64);
		for (int i = 0; i < 32; i++) {
			unsigned int v;
			assert_int_equal(sscanf(value + 2 * i, "%2x", &v), 1);
			pcrs[index][i] = (uint8_t)v;
		}
		mask |= 1u << index;
		p += used;
	}
	return mask;
}

static void tpm2_eventlog_replays_to_the_same_pcrs(void **state)
{
	(void)state;
	static uint8_t buf[LOG_MAX];
	static char out[65536];
	uint8_t ours[24][32], theirs[24][32], zero[32] = { 0 };
	struct event_log log;
	int events = sample_log(&log, buf, sizeof(buf), ours);
	assert_int_equal(event_log_replay(buf, log.len, ours), events);

	char path[] = "/tmp/vigil-test-eventlog-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, log.len), (ssize_t)log.len);
	assert_int_equal(close(fd), 0);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "tpm2_eventlog '%s' 2>&1", path);
	int rc = run(cmd, out, sizeof(out));
	unlink(path);
	if (rc != 0)
		fail_msg("tpm2_eventlog exited %d (127: not installed):\n%s", rc,
			 out);
	assert_non_null(strstr(out, "Signature: Spec ID Event03"));

	memset(theirs, 0, sizeof(theirs));
	uint32_t printed = parse_tool_pcrs(out, theirs);
	/* It prints the PCRs that events extended: 0, 8, 9 and 23. */
	assert_int_equal(printed, 1u << 0 | 1u << 8 | 1u << 9 | 1u << 23);
	for (unsigned int i = 0; i < 24; i++) {
		if (printed & (1u << i))
			assert_memory_equal(theirs[i], ours[i], 32);
		else
			assert_memory_equal(ours[i], zero, 32);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_writes_spec_id_event),
		cmocka_unit_test(init_refuses_small_buffers),
		cmocka_unit_test(append_writes_pcr_event2),
		cmocka_unit_test(append_refuses_what_does_not_fit),
		cmocka_unit_test(append_refuses_bad_arguments),
		cmocka_unit_test(replay_gives_extended_values),
		cmocka_unit_test(replay_rejects_truncation_at_every_length),
		cmocka_unit_test(replay_rejects_malformed_fields),
		cmocka_unit_test(replay_survives_random_corruption),
		cmocka_unit_test(tpm2_eventlog_replays_to_the_same_pcrs),
	};
	return cmocka_run_group_tests_name("event_log", tests, NULL, NULL);
}
