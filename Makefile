# SPDX-License-Identifier: MIT
# Vigil: `make run` boots the demo in QEMU, `make test` runs every test,
# `make bench` prints instruction counts measured under QEMU's -icount.
# Build output goes under build/ only.

PLATFORM ?= qemu-virt-arm64
BOARDS := $(notdir $(patsubst %/platform.mk,%,$(wildcard platform/*/platform.mk)))
ifeq ($(filter $(PLATFORM),$(BOARDS)),)
$(error unknown PLATFORM '$(PLATFORM)'; boards: $(BOARDS))
endif

BUILD := build
B := $(BUILD)/$(PLATFORM)
THIRD_PARTY := $(BUILD)/third_party
PYTHON := /usr/bin/python3

# `make V=1` shows every command.
Q := $(if $(filter 1,$(V)),,@)

include platform/$(PLATFORM)/platform.mk
include mk/arch-$(ARCH).mk

.DEFAULT_GOAL := all
.PHONY: all deps run test unit-test integration-test bench clean

# Installs missing packages and fetches third-party sources; cheap when done.
deps:
	@bash mk/deps.sh $(BUILD)

include mk/third_party.mk
include mk/hyp.mk
include mk/guests.mk
include mk/signing.mk
include mk/configs.mk
include mk/host_tests.mk
include mk/tools.mk
include mk/reference_values.mk
include mk/lint.mk

# The QEMU command line for this build, one argument per line ({esp}
# stands for an ESP directory, on x86-64), and in qemu-config-args how to
# hand it a partition config ({config} stands for the .dtb; empty where the
# config goes into the ESP): `make run` and the integration tests put the
# two together.
$(B)/qemu-args: platform/$(PLATFORM)/platform.mk $(GUEST_BINS) $(VIGIL_IMAGE) \
		$(ESP_FILES) \
		$(SIGNATURE_FILES) \
		$(BUILD)/uds.bin Makefile
	@printf '%s\n' $(QEMU_MACHINE) $(QEMU_BOOT_ARGS) $(QEMU_LOADER_ARGS) \
		$(QEMU_UDS_ARGS) > $@
	@printf '%s\n' $(QEMU_CONFIG_ARGS) > $(B)/qemu-config-args

# This machine's device secret: made once, then kept (no prerequisites), so
# that its keys stay the same from build to build, as a device's would.
$(BUILD)/uds.bin:
	@mkdir -p $(@D)
	@head -c 32 /dev/urandom > $@.tmp && mv $@.tmp $@
	@echo "  UDS     $@ (new random device secret)"

all: $(VIGIL_IMAGE) $(GUEST_BINS) $(SIGNATURE_FILES) $(CONFIG_DTBS) \
	$(B)/qemu-args

run: all
	@echo "Vigil: booting $(PLATFORM) in QEMU (Ctrl-A X quits)"
	$(QEMU) $$(sed 's|{esp}|$(ESP)|' $(B)/qemu-args) \
		$(subst {config},$(B)/configs/$(DEMO_CONFIG).dtb,$(QEMU_CONFIG_ARGS))

# Both platforms, whichever PLATFORM says: the suite runs on both.
test: unit-test $(VIGIL_VERIFY) verifier-check
	@$(MAKE) --no-print-directory PLATFORM=qemu-virt-arm64 all
	@$(MAKE) --no-print-directory PLATFORM=qemu-x86_64 all
	@VIGIL_BUILD=$(BUILD)/qemu-virt-arm64 VIGIL_VERIFY=$(VIGIL_VERIFY) $(PYTHON) -m pytest -q -p no:cacheprovider tests/integration \
		&& echo "test: unit and integration tests passed"

# Both platforms, ARM64 first, in one run of bench.py.
bench:
	@$(MAKE) --no-print-directory PLATFORM=qemu-virt-arm64 all
	@$(MAKE) --no-print-directory PLATFORM=qemu-x86_64 all
	@VIGIL_BUILD=$(BUILD)/qemu-virt-arm64 $(PYTHON) tests/bench/bench.py

clean:
	rm -rf $(B) $(BUILD)/host
