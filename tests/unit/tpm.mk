# TPM 2.0 marshalling (quotes, signatures, the AK's public area) against
# reference artefacts from a software TPM, and tpm2_checkquote run on quotes
# built and signed here (tpm2-tools must be installed: the test fails, not
# skips, without it).
UNIT_TESTS += tpm
test_tpm_SOURCES := monitor/tpm_marshal.c monitor/tpm_buffer.c \
	monitor/event_log.c
test_tpm_DEPS := $(wildcard tests/unit/tpm-fixtures/*/*)
test_tpm_LDLIBS += -lmbedcrypto
