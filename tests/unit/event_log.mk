# The TCG PC Client crypto-agile event log: exact bytes, refusals, a replay
# hardened against truncated and corrupted logs (under ASan), and
# tpm2_eventlog replaying a log to the same PCR values (tpm2-tools must be
# installed: the test fails, not skips, without it).
UNIT_TESTS += event_log
test_event_log_SOURCES := monitor/event_log.c monitor/tpm_marshal.c \
	monitor/tpm_buffer.c
test_event_log_LDLIBS += -lmbedcrypto
