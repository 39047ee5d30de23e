# The hypervisor image: generic core, the monitor, the architecture, the
# board's drivers, linked at LOAD_ADDRESS and emitted as a raw Image.

HYP_CFLAGS := $(TARGET_BASE_CFLAGS) -Wall -Wextra -Werror -Wshadow -Wvla \
	-Ihyp/include -Iinclude -Ihyp/arch/$(ARCH) $(LIBFDT_INCLUDES) \
	$(MBEDTLS_INCLUDES) -DVIGIL_PLATFORM='"$(PLATFORM)"' \
	-DIMAGE_TEXT_OFFSET=$(IMAGE_TEXT_OFFSET) -MMD -MP

# Sorted: the link order, and so the image, must not depend on the order a
# file system lists a directory in.
HYP_SOURCES := $(sort $(wildcard hyp/core/*.c) $(wildcard monitor/*.c) \
	$(wildcard hyp/arch/$(ARCH)/*.c) $(wildcard hyp/arch/$(ARCH)/*.S) \
	$(wildcard platform/$(PLATFORM)/*.c)) $(DRIVERS:%=hyp/drivers/%.c)
HYP_OBJECTS := $(patsubst %,$(B)/hyp-obj/%.o,$(HYP_SOURCES))

VIGIL_ELF := $(B)/vigil.elf
VIGIL_IMAGE := $(B)/Image

$(B)/hyp-obj/%.c.o: %.c | $(LIBFDT_SRC)/.copied
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(TARGET_CC) $(HYP_CFLAGS) -c $< -o $@

$(B)/hyp-obj/%.S.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(TARGET_CC) $(HYP_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(VIGIL_ELF): $(HYP_OBJECTS) $(LIBFDT_A) $(MBEDTLS_A) hyp/arch/$(ARCH)/vigil.ld
	@echo "  LD      $@"
	$(Q)$(TARGET_CC) $(TARGET_BASE_CFLAGS) -static -Wl,--gc-sections -Wl,--build-id=none \
		-Wl,--no-warn-rwx-segments \
		-Wl,--defsym=LOAD_ADDRESS=$(LOAD_ADDRESS) \
		-T hyp/arch/$(ARCH)/vigil.ld -o $@ $(HYP_OBJECTS) \
		$(MBEDTLS_A) $(LIBFDT_A) -lgcc

$(VIGIL_IMAGE): $(VIGIL_ELF)
	@echo "  IMAGE   $@"
	$(Q)$(TARGET_OBJCOPY) -O binary $< $@

-include $(HYP_OBJECTS:.o=.d)

