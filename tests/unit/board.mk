# board_dt_parse (ARM64's reading of the board's device tree) against the device tree QEMU builds for the demo's machine
# (the same -M/-cpu/-smp/-m as platform/qemu-virt-arm64/platform.mk).
UNIT_TESTS += board
test_board_SOURCES := hyp/arch/arm64/board_dt.c hyp/core/board.c \
	hyp/core/fdt_util.c hyp/core/format.c
test_board_DEPS := $(HOST_B)/qemu-virt.dtb

$(HOST_B)/qemu-virt.dtb: | deps
	@mkdir -p $(@D)
	@echo "  DUMPDTB $@"
	$(Q)qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dumpdtb=$@ \
		-cpu cortex-a72 -smp 4 -m 1G -nographic 2>/dev/null
