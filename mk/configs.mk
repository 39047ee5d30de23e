# Partition configs: device-tree sources run through the C preprocessor (for
# the image addresses and sizes in the generated images.h and signing.h),
# then dtc, which finds /incbin/ files (signing keys) under build/.

CONFIG_DTBS := $(patsubst %.dts,$(B)/configs/%.dtb,$(notdir $(CONFIG_SOURCES)))

define config_rule
$(B)/configs/$(basename $(notdir $(1))).dtb: $(1) $(B)/images.h $(B)/signing.h \
		$(SIGNING_KEYS) | deps
	@mkdir -p $$(@D)
	@echo "  DTC     $$<"
	$(Q)cpp -P -nostdinc -undef -x assembler-with-cpp -I$(B) \
		-DVIGIL_UDS_ADDR=$(UDS_ADDRESS) -o $$@.pre $$<
	$(Q)dtc -q -i $(BUILD) -I dts -O dtb -o $$@ $$@.pre
endef
$(foreach c,$(CONFIG_SOURCES),$(eval $(call config_rule,$(c))))
