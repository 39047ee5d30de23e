# `make reference-values [REFERENCE_CONFIG=<name>]`: build/reference-values.json,
# everything a verifier pins for one partition config (README,
# "Attestation"), on either platform: Vigil's image digest (Image, or
# vigil.efi as the ESP holds it), the config's digest, each
# partition's image digest, launch policy, signer and expected launch vPCRs,
# and the DeviceID certificate, which tools/reference_values.py takes from
# one boot of the config in QEMU. vigil-verify reads the file with
# --reference-values.

REFERENCE_CONFIG ?= $(DEMO_CONFIG)
REFERENCE_VALUES := $(BUILD)/reference-values.json

.PHONY: reference-values

reference-values: all
	@echo "  REFS    $(REFERENCE_VALUES) (config $(REFERENCE_CONFIG), booting it once for the DeviceID)"
	$(Q)$(PYTHON) tools/reference_values.py --build $(B) --config $(REFERENCE_CONFIG) \
		--qemu $(QEMU) --out $(REFERENCE_VALUES)
