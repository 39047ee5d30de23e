# QEMU's q35 machine with Debian's OVMF as firmware and four qemu64 CPUs
# with AMD SVM and nested paging, which TCG emulates (Intel VMX it does
# not). Vigil is a UEFI application that OVMF boots from an ESP directory.
ARCH := x86_64
DRIVERS := uart16550

QEMU := qemu-system-x86_64
QEMU_MACHINE := -M q35 -cpu qemu64,+svm,+npt -smp 4 -m 1G -nographic \
	-bios /usr/share/ovmf/OVMF.fd -net none
# The ESP, served as a FAT disk: \EFI\BOOT\BOOTX64.EFI (vigil.efi) and
# \vigil\config.dtb, the demo config (mk/image-x86_64.mk builds it).
QEMU_BOOT_ARGS = -drive format=raw,file=fat:rw:$(B)/esp
# A test or `make run` hands QEMU a config ({config}, the .dtb) through
# fw_cfg, so that every boot need not rebuild the ESP.
QEMU_CONFIG_ARGS := -fw_cfg name=opt/vigil/config,file={config}
# The device secret (build/uds.bin, made once by the Makefile and kept),
# as the fw_cfg file Vigil reads before any partition starts
# (platform/qemu-x86_64/rot.c); no config names a RAM region for it.
QEMU_UDS_ARGS = -fw_cfg name=opt/vigil/uds,file=$(BUILD)/uds.bin

# Guest images (built for x86-64, PVH entry) and where the loader leaves them.
GUEST_IMAGES := hello:0x20000000 attester:0x20200000 \
	isolation-probe:0x20400000 isolation-probe-vigil:0x20600000
GUEST_SIGNATURES :=

DEMO_CONFIG := partitions
CONFIG_SOURCES := platform/qemu-x86_64/partitions.dts \
	platform/qemu-x86_64/test-configs/other-cpu.dts \
	platform/qemu-x86_64/test-configs/outside-ram.dts \
	platform/qemu-x86_64/test-configs/attest.dts \
	platform/qemu-x86_64/test-configs/isolation.dts \
	platform/qemu-x86_64/test-configs/isolation-vigil.dts \
	platform/qemu-x86_64/test-configs/two-cpus.dts

# The local APIC samples and their config (test_x86_apic.py): the ticker
# counts its timer's interrupts beside the IPI probe.
GUEST_IMAGES += ticker:0x21000000 ipi-probe:0x21200000
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/apic.dts

# `make bench` (tests/bench/bench.py): the bench guest and its config, the
# bench alone on the boot CPU.
GUEST_IMAGES += bench:0x21400000
CONFIG_SOURCES += platform/qemu-x86_64/bench.dts
