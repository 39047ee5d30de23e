# The SHA-256 block functions: generic (monitor/sha256_blocks.c) and
# SHA-NI (hyp/arch/x86_64/sha256_ni.c, built for the host with the flags
# the x86-64 build gives that file), on NIST's vectors and on each other.
UNIT_TESTS += sha256_blocks
test_sha256_blocks_SOURCES := monitor/sha256_process.c monitor/sha256_blocks.c \
	hyp/arch/x86_64/sha256_ni.c
SHA256_HOST_CFLAGS := -msha -msse4.1 -Ihyp/arch/x86_64 $(MBEDTLS_INCLUDES)
$(HOST_B)/tests/test_sha256_blocks: HOST_CFLAGS += $(SHA256_HOST_CFLAGS)
$(HOST_B)/tests/test_sha256_blocks: hyp/arch/x86_64/x86.h

# Vigil's mbedTLS configuration (MBEDTLS_SHA256_PROCESS_ALT) leaves the
# compression function to monitor/sha256_process.c, so the test that links
# Vigil's configuration of mbedTLS (tests/unit/dice.mk) links it too, with
# the host's SHA-NI path behind it.
test_dice_arena_SOURCES += monitor/sha256_process.c monitor/sha256_blocks.c \
	hyp/arch/x86_64/sha256_ni.c
$(HOST_B)/tests/test_dice_arena: HOST_CFLAGS += -msha -msse4.1 -Ihyp/arch/x86_64
$(HOST_B)/tests/test_dice_arena: hyp/arch/x86_64/x86.h
