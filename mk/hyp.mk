# The hypervisor: generic core, the monitor, the architecture, the board's
# drivers and code, compiled with Vigil's flags.

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

# The few sources that own FP/SIMD state (the architecture's
# HYP_SIMD_SOURCES: its SHA-256 block function) are compiled without
# -mgeneral-regs-only and with HYP_SIMD_CFLAGS; everything else with
# HYP_CFLAGS.
hyp_file_cflags = $(if $(filter $(1),$(HYP_SIMD_SOURCES)),\
	$(filter-out -mgeneral-regs-only,$(HYP_CFLAGS)) $(HYP_SIMD_CFLAGS),\
	$(HYP_CFLAGS))
HYP_ALL_CFLAGS := $(HYP_CFLAGS) $(HYP_SIMD_SOURCES) $(HYP_SIMD_CFLAGS)

# Rewritten only when the flags change, so that every object is rebuilt
# then (a stale object would also break reproducibility).
$(B)/hyp-cflags: FORCE
	@mkdir -p $(@D)
	@echo '$(HYP_ALL_CFLAGS)' | cmp -s - $@ || echo '$(HYP_ALL_CFLAGS)' > $@
.PHONY: FORCE

$(B)/hyp-obj/%.c.o: %.c $(B)/hyp-cflags | $(LIBFDT_SRC)/.copied
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(TARGET_CC) $(call hyp_file_cflags,$<) -c $< -o $@

$(B)/hyp-obj/%.S.o: %.S $(B)/hyp-cflags
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(TARGET_CC) $(call hyp_file_cflags,$<) -D__ASSEMBLER__ -c $< -o $@

# The image itself (VIGIL_IMAGE, linked from HYP_OBJECTS and the two
# libraries) comes from mk/image-$(ARCH).mk: its format is the
# architecture's way in (ARM64: a Linux Image; x86-64: a UEFI application).
include mk/image-$(ARCH).mk

-include $(HYP_OBJECTS:.o=.d)

