UNIT_TESTS += hypercall
test_hypercall_SOURCES := hyp/core/hypercall.c hyp/core/partition.c \
	hyp/core/config_ipa.c hyp/core/format.c tests/unit/fake_log.c
