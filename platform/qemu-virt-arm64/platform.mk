# QEMU's `virt` machine with EL2 (virtualization=on), GICv3, four Cortex-A72.
ARCH := arm64
DRIVERS := pl011

# Linux Image header text_offset: QEMU and U-Boot load Vigil this far above
# the DRAM base, which is 0x40000000 on this board.
IMAGE_TEXT_OFFSET := 0x200000
LOAD_ADDRESS := 0x40200000

QEMU := qemu-system-aarch64
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu cortex-a72 \
	-smp 4 -m 1G -nographic
# Vigil as the kernel; the partition config as the initrd ({config}); the
# device secret where the configs' vigil,uds-region says.
QEMU_BOOT_ARGS = -kernel $(VIGIL_IMAGE)
QEMU_CONFIG_ARGS := -initrd {config}
QEMU_UDS_ARGS = -device loader,file=$(BUILD)/uds.bin,addr=$(UDS_ADDRESS),force-raw=on

# Guest images and the host-physical address where the boot loader (QEMU's
# generic loader here) leaves each one; partition configs name the same
# addresses through the generated images.h.
GUEST_IMAGES := hello:0x4c000000 isolation-probe:0x4c100000 \
	isolation-probe-vigil:0x4c200000 isolation-probe-smc:0x4c300000 \
	isolation-probe-sysreg:0x4c400000 smp:0x4c500000 bench:0x4c600000 \
	attester:0x4c700000 attester-modified:0x4c800000 \
	isolation-probe-uds:0x4c900000

# Detached image signatures (mk/signing.mk): image:key:host-address.
GUEST_SIGNATURES := hello:signer:0x4ca00000 hello:other:0x4ca01000 \
	hello:truncated:0x4ca02000 attester:signer:0x4ca03000

# The Unique Device Secret: build/uds.bin, made once from /dev/urandom and
# kept, loaded here; the configs name this region as vigil,uds-region.
UDS_ADDRESS := 0x4bfff000

DEMO_CONFIG := partitions
# The demo config, the benchmark's, and the configs the integration tests
# boot.
CONFIG_SOURCES := platform/qemu-virt-arm64/partitions.dts \
	platform/qemu-virt-arm64/bench.dts \
	$(wildcard platform/qemu-virt-arm64/test-configs/*.dts)

# The sealing sample and its one-byte variant (mk/guests.mk), with the
# signatures its SIGNER tests boot (test-configs/seal-signer*.dts).
GUEST_IMAGES += sealer:0x4cb00000 sealer-modified:0x4cc00000
GUEST_SIGNATURES += sealer:signer:0x4cd00000 sealer-modified:signer:0x4cd01000 \
	sealer-modified:other:0x4cd02000
