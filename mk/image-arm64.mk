# ARM64: Vigil linked at LOAD_ADDRESS and emitted as a raw Linux arm64
# Image (its header is in hyp/arch/arm64/head.S), which QEMU's -kernel and
# U-Boot's booti load.

VIGIL_ELF := $(B)/vigil.elf
VIGIL_IMAGE := $(B)/Image

$(VIGIL_ELF): $(HYP_OBJECTS) $(LIBFDT_A) $(MBEDTLS_A) hyp/arch/$(ARCH)/vigil.ld
	@echo "  LD      $@"
	$(Q)$(TARGET_CC) $(TARGET_BASE_CFLAGS) -static -Wl,--gc-sections \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,--defsym=LOAD_ADDRESS=$(LOAD_ADDRESS) \
		-T hyp/arch/$(ARCH)/vigil.ld -o $@ $(HYP_OBJECTS) \
		$(MBEDTLS_A) $(LIBFDT_A) -lgcc

$(VIGIL_IMAGE): $(VIGIL_ELF)
	@echo "  IMAGE   $@"
	$(Q)$(TARGET_OBJCOPY) -O binary $< $@
