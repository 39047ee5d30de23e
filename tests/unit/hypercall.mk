# Hypercall argument checks, with the real monitor behind them (its crypto
# on Debian's mbedTLS) and stand-ins for the architecture and the log.
HYPERCALL_TEST_SOURCES := hyp/core/hypercall.c hyp/core/hypercall_console.c \
	hyp/core/hypercall_vcpu.c hyp/core/vcpu.c tests/unit/fake_cpu.c \
	hyp/core/hypercall_attest.c hyp/core/hypercall_seal.c \
	hyp/core/partition.c hyp/core/config_ipa.c monitor/attest_seal.c \
	hyp/core/console_input.c hyp/core/format.c \
	monitor/attest_chain.c monitor/attest_partition.c monitor/attest_quote.c \
	monitor/dice_keys.c monitor/dice_cert.c monitor/tpm_marshal.c \
	monitor/tpm_buffer.c monitor/event_log.c \
	tests/unit/fake_log.c tests/unit/fake_arch.c tests/unit/fake_rot.c

UNIT_TESTS += hypercall
test_hypercall_SOURCES := $(HYPERCALL_TEST_SOURCES)
test_hypercall_LDLIBS := -lmbedx509 -lmbedcrypto

UNIT_TESTS += attest_hypercalls
test_attest_hypercalls_SOURCES := $(HYPERCALL_TEST_SOURCES)
test_attest_hypercalls_LDLIBS := -lmbedx509 -lmbedcrypto -pthread
