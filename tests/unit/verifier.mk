# vigil-verify's checks (tools/verifier, all but main.c), against real TPM
# quotes (tests/unit/verifier-fixtures/tpm2-quote*, copies of the project's
# reference files) and against Vigil-shaped evidence that
# verifier-fixtures/fixtures.c makes with the host's mbedTLS at test time.
# The test writes its CLI input files under build/host/tests/verifier-fixtures.
UNIT_TESTS += verifier
test_verifier_SOURCES := $(filter-out tools/verifier/main.c,\
	$(wildcard tools/verifier/*.c)) tests/unit/verifier-fixtures/fixtures.c
test_verifier_DEPS := $(wildcard tests/unit/verifier-fixtures/tpm2-quote*/*)
test_verifier_LDLIBS := -lmbedx509 -lmbedcrypto
# The test compiles the verifier's sources itself: it follows their headers.
$(HOST_B)/tests/test_verifier: $(wildcard tools/verifier/*.h)
