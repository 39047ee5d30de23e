# The guests' AES-256 and AES-256-GCM (guests/lib/aes.c, gcm.c), built for
# the host: NIST and GCM-specification vectors, agreement with Debian's
# mbedTLS GCM, and tampering.
UNIT_TESTS += aes_gcm
test_aes_gcm_SOURCES := guests/lib/aes.c guests/lib/gcm.c
test_aes_gcm_LDLIBS := -lmbedcrypto
$(HOST_B)/tests/test_aes_gcm: HOST_CFLAGS += -Iguests/lib
$(HOST_B)/tests/test_aes_gcm: guests/lib/aead.h
