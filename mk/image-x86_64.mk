# x86-64: Vigil as a UEFI application. The objects are linked as a
# position-independent shared object with GNU-EFI's crt0 and linker script,
# then objcopy writes the PE32+ image (EFI application subsystem) with the
# relocations the firmware applies. The ESP directory holds it as the
# removable-media boot path \EFI\BOOT\BOOTX64.EFI (UEFI 2.10, 3.5.1.1),
# and \vigil\ the demo config (config.dtb), every guest image and every
# image signature (<image>.<key>.sig, mk/signing.mk), which configs name by
# file (vigil,uefi-binary).

VIGIL_SO := $(B)/vigil.so
VIGIL_IMAGE := $(B)/vigil.efi
ESP := $(B)/esp
# (=, not :=: GUEST_NAMES and SIGNATURE_FILES come from mk/guests.mk and
# mk/signing.mk, read after this file.)
ESP_FILES = $(ESP)/EFI/BOOT/BOOTX64.EFI $(ESP)/vigil/config.dtb \
	$(GUEST_NAMES:%=$(ESP)/vigil/%.bin) \
	$(SIGNATURE_FILES:$(B)/signatures/%=$(ESP)/vigil/%)

# _image_start, _image_file_end and _image_end are the ARM64 linker
# script's; code x86-64 does not run (monitor/rot_uds.c) names them,
# monitor/rot_uds.c) names them, so they are defined here for the link.
# At run time the firmware's loaded image protocol gives Vigil's bounds.
$(VIGIL_SO): $(HYP_OBJECTS) $(LIBFDT_A) $(MBEDTLS_A)
	@echo "  LD      $@"
	$(Q)$(TARGET_CC) -nostdlib -shared -Wl,-Bsymbolic -Wl,--no-undefined \
		-Wl,--build-id=none -Wl,-T,$(GNU_EFI_LIB)/elf_x86_64_efi.lds \
		-Wl,--defsym=_image_start=ImageBase \
		-Wl,--defsym=_image_file_end=_edata -Wl,--defsym=_image_end=_edata \
		-o $@ $(GNU_EFI_LIB)/crt0-efi-x86_64.o $(HYP_OBJECTS) \
		$(MBEDTLS_A) $(LIBFDT_A) -L$(GNU_EFI_LIB) -lgnuefi -lefi -lgcc

$(VIGIL_IMAGE): $(VIGIL_SO)
	@echo "  EFI     $@"
	$(Q)$(TARGET_OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym \
		-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc \
		--target efi-app-x86_64 $< $@

$(ESP)/EFI/BOOT/BOOTX64.EFI: $(VIGIL_IMAGE)
	@mkdir -p $(@D)
	$(Q)cp $< $@

$(ESP)/vigil/config.dtb: $(B)/configs/$(DEMO_CONFIG).dtb
	@mkdir -p $(@D)
	$(Q)cp $< $@

$(ESP)/vigil/%.bin: $(B)/guests/%.bin
	@mkdir -p $(@D)
	$(Q)cp $< $@

$(ESP)/vigil/%.sig: $(B)/signatures/%.sig
	@mkdir -p $(@D)
	$(Q)cp $< $@

all: $(ESP_FILES)
