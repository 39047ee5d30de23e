# libfdt (from Xen's source package) and mbedTLS, fetched by mk/deps.sh and
# compiled freestanding with Vigil's flags; no third-party source is committed.

# -fno-tree-loop-distribute-patterns: GCC may otherwise turn the loops of
# memset and memcpy themselves into calls to memset and memcpy.
# -ffile-prefix-map: no absolute path of this checkout reaches the output,
# so two checkouts build byte-identical images (tests/integration/
# test_reproducible.py).
TARGET_BASE_CFLAGS := -std=c11 -O2 -g -ffreestanding -fno-builtin -nostdlib \
	-fno-tree-loop-distribute-patterns -ffile-prefix-map=$(CURDIR)=. \
	-fno-stack-protector -fno-pie -fno-common $(TARGET_ARCH_CFLAGS)

XEN_SRC := $(THIRD_PARTY)/xen/xen
LIBFDT_SRC := $(B)/libfdt/src
LIBFDT_FILES := fdt fdt_addresses fdt_check fdt_empty_tree fdt_ro fdt_rw \
	fdt_strerror fdt_sw fdt_wip
LIBFDT_A := $(B)/libfdt.a
LIBFDT_INCLUDES := -I$(LIBFDT_SRC) -Ihyp/lib/fdt-env -Ihyp/include

# Xen's libfdt headers name each other as <xen/libfdt/...>; the copies under
# build/ name Vigil's libfdt_env.h instead.
$(LIBFDT_SRC)/.copied: | deps
	@mkdir -p $(LIBFDT_SRC)
	$(Q)cp $(XEN_SRC)/common/libfdt/*.c $(XEN_SRC)/common/libfdt/libfdt_internal.h \
		$(XEN_SRC)/include/xen/libfdt/fdt.h $(XEN_SRC)/include/xen/libfdt/libfdt.h \
		$(LIBFDT_SRC)/
	$(Q)sed -i -e 's|<xen/libfdt/libfdt_env.h>|"libfdt_env.h"|' \
		-e 's|<xen/libfdt/fdt.h>|"fdt.h"|' $(LIBFDT_SRC)/libfdt.h
	@touch $@

$(B)/libfdt/%.o: $(LIBFDT_SRC)/.copied
	@echo "  CC      libfdt/$*.c"
	$(Q)$(TARGET_CC) -std=gnu11 $(filter-out -std=c11,$(TARGET_BASE_CFLAGS)) -Wall \
		$(LIBFDT_INCLUDES) -c $(LIBFDT_SRC)/$*.c -o $@

$(LIBFDT_A): $(LIBFDT_FILES:%=$(B)/libfdt/%.o)
	$(Q)rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^

MBEDTLS_SRC := $(THIRD_PARTY)/mbedtls
MBEDTLS_FILES := sha256 md hkdf hmac_drbg bignum ecp ecp_curves ecdsa \
	asn1parse asn1write oid pk pk_wrap pkparse pkwrite x509 x509_create \
	x509write_crt platform platform_util constant_time pem base64
MBEDTLS_A := $(B)/libmbedcrypto.a
MBEDTLS_INCLUDES := -I$(MBEDTLS_SRC)/include -Imonitor \
	-DMBEDTLS_CONFIG_FILE='"mbedtls_config.h"'

$(B)/mbedtls/%.o: monitor/mbedtls_config.h | deps
	@mkdir -p $(@D)
	@echo "  CC      mbedtls/$*.c"
	$(Q)$(TARGET_CC) $(TARGET_BASE_CFLAGS) -Wall $(MBEDTLS_INCLUDES) \
		-c $(MBEDTLS_SRC)/library/$*.c -o $@

$(MBEDTLS_A): $(MBEDTLS_FILES:%=$(B)/mbedtls/%.o)
	$(Q)rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^
