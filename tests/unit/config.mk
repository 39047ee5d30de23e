# config_parse and partition_ipa_to_pa against the QEMU virt board and the
# test configs in tests/unit/configs (each *.dts is one case; *.dtsi are
# shared by them).
UNIT_TESTS += config
test_config_SOURCES := hyp/core/config.c hyp/core/config_partition.c \
	hyp/core/config_uds.c hyp/core/config_policy.c \
	hyp/core/config_cpus.c hyp/core/config_memory.c \
	hyp/core/config_region.c hyp/core/config_kernel.c hyp/core/config_module.c \
	hyp/core/config_image.c hyp/core/config_prop.c \
	hyp/core/config_report.c hyp/core/config_ipa.c \
	hyp/core/board.c hyp/arch/arm64/board_dt.c hyp/core/fdt_util.c \
	hyp/core/format.c

CONFIG_TEST_DTBS := $(patsubst tests/unit/configs/%.dts,$(HOST_B)/configs/%.dtb,\
	$(wildcard tests/unit/configs/*.dts))
test_config_DEPS := $(HOST_B)/qemu-virt.dtb $(CONFIG_TEST_DTBS)

$(HOST_B)/configs/%.dtb: tests/unit/configs/%.dts \
		$(wildcard tests/unit/configs/*.dtsi) | deps
	@mkdir -p $(@D)
	@echo "  DTC     $<"
	$(Q)dtc -q -I dts -O dtb -o $@ $<
