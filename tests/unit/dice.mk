# DICE keys and certificates (monitor/dice_*.c).
#
# test_dice: against Debian's mbedTLS 2.28 (its own configuration, libc
# calloc) and OpenSSL, which must be installed: the chain is checked with
# `openssl verify` and `openssl asn1parse`.
UNIT_TESTS += dice
test_dice_SOURCES := monitor/dice_keys.c monitor/dice_cert.c \
	tests/unit/dice_test_chain.c tests/unit/fake_log.c hyp/core/format.c
test_dice_LDLIBS := -lmbedx509 -lmbedcrypto
$(HOST_B)/tests/test_dice: HOST_CFLAGS += -Imonitor

# test_dice_arena: the same code against Vigil's own configuration of
# mbedTLS (monitor/mbedtls_config.h), compiled for the host from the source
# the hypervisor build uses, with the crypto arena as its only allocator.
DICE_HOST_MBEDTLS := $(HOST_B)/vigil-mbedtls/libmbedcrypto.a

$(HOST_B)/vigil-mbedtls/%.o: monitor/mbedtls_config.h | deps
	@mkdir -p $(@D)
	@echo "  HOSTCC  vigil-mbedtls/$*.c"
	$(Q)$(HOST_CC) -std=c11 -g -O1 -Wall -fsanitize=address,undefined \
		-fno-sanitize-recover=all $(MBEDTLS_INCLUDES) \
		-c $(MBEDTLS_SRC)/library/$*.c -o $@

$(DICE_HOST_MBEDTLS): $(MBEDTLS_FILES:%=$(HOST_B)/vigil-mbedtls/%.o)
	$(Q)rm -f $@ && ar rcs $@ $^

UNIT_TESTS += dice_arena
test_dice_arena_SOURCES := monitor/crypto_arena.c monitor/dice_keys.c \
	monitor/dice_cert.c tests/unit/dice_test_chain.c tests/unit/fake_log.c \
	hyp/core/format.c
test_dice_arena_LDLIBS := $(DICE_HOST_MBEDTLS)
# Vigil's mbedTLS headers and configuration, not Debian's.
$(HOST_B)/tests/test_dice_arena: HOST_CFLAGS += $(MBEDTLS_INCLUDES)
$(HOST_B)/tests/test_dice_arena: $(DICE_HOST_MBEDTLS)

# mk/host_tests.mk compiles all of a test's sources in one gcc call, whose
# -MMD file keeps only the last source's headers: name ours here.
DICE_TEST_HEADERS := hyp/include/vigil/dice.h monitor/dice_internal.h \
	tests/unit/dice_test_chain.h include/vigil/attest.h
$(HOST_B)/tests/test_dice $(HOST_B)/tests/test_dice_arena: $(DICE_TEST_HEADERS)
