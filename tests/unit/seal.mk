# Sealing keys (VIGIL_HC_SEAL_KEY): the hypercall and the monitor's
# derivation (monitor/attest_seal.c), with the sources of the hypercall
# tests (tests/unit/hypercall.mk, included before this file) and their
# stand-ins for the architecture and the log. -Imonitor: the test reads
# Vigil's sealing CDI to check the documented derivation with mbedTLS's HKDF.
UNIT_TESTS += seal
test_seal_SOURCES := $(HYPERCALL_TEST_SOURCES)
test_seal_LDLIBS := -lmbedx509 -lmbedcrypto
$(HOST_B)/tests/test_seal: HOST_CFLAGS += -Imonitor
