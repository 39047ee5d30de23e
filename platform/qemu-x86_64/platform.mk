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
# x86-64's own isolation probes (mk/guests.mk), 2 MiB apart after those.
GUEST_IMAGES += isolation-probe-wrmsr:0x20800000 \
	isolation-probe-rdmsr:0x20a00000 isolation-probe-out:0x20c00000 \
	isolation-probe-in:0x20e00000 isolation-probe-vmrun:0x21000000 \
	isolation-probe-vmload:0x21200000 isolation-probe-vmsave:0x21400000 \
	isolation-probe-stgi:0x21600000 isolation-probe-clgi:0x21800000 \
	isolation-probe-skinit:0x21a00000 isolation-probe-invlpga:0x21c00000 \
	isolation-probe-triple-fault:0x21e00000
GUEST_SIGNATURES :=

DEMO_CONFIG := partitions
CONFIG_SOURCES := platform/qemu-x86_64/partitions.dts \
	platform/qemu-x86_64/test-configs/other-cpu.dts \
	platform/qemu-x86_64/test-configs/outside-ram.dts \
	platform/qemu-x86_64/test-configs/attest.dts \
	platform/qemu-x86_64/test-configs/isolation.dts \
	platform/qemu-x86_64/test-configs/isolation-vigil.dts \
	platform/qemu-x86_64/test-configs/two-cpus.dts

# x86-64's own isolation probes (tests/integration/test_x86_probes.py):
# each probe on APIC ID 1 beside hello on APIC ID 0, all from
# test-configs/probe-beside-hello.dtsi.
CONFIG_SOURCES += \
	platform/qemu-x86_64/test-configs/probe-wrmsr.dts \
	platform/qemu-x86_64/test-configs/probe-rdmsr.dts \
	platform/qemu-x86_64/test-configs/probe-io.dts \
	platform/qemu-x86_64/test-configs/probe-vmrun.dts \
	platform/qemu-x86_64/test-configs/probe-vmload.dts \
	platform/qemu-x86_64/test-configs/probe-vmsave.dts \
	platform/qemu-x86_64/test-configs/probe-stgi.dts \
	platform/qemu-x86_64/test-configs/probe-clgi.dts \
	platform/qemu-x86_64/test-configs/probe-skinit.dts \
	platform/qemu-x86_64/test-configs/probe-invlpga.dts \
	platform/qemu-x86_64/test-configs/probe-triple-fault.dts
$(patsubst platform/qemu-x86_64/test-configs/%.dts,$(B)/configs/%.dtb,\
	$(filter platform/qemu-x86_64/test-configs/probe-%,$(CONFIG_SOURCES))): \
	platform/qemu-x86_64/test-configs/probe-beside-hello.dtsi

# The local APIC samples and their config (test_x86_apic.py): the ticker
# counts its timer's interrupts beside the IPI probe.
GUEST_IMAGES += ticker:0x22000000 ipi-probe:0x22200000
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/apic.dts

# A partition with two CPUs (test_x86_smp_partition.py).
GUEST_IMAGES += smp:0x22400000
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/smp.dts

# The integration suite's configs for what both platforms are tested on
# (tests/integration/platforms.py): the attester changed in one byte, and
# the configs that must be refused. With the images they need
# (mk/guests.mk): that one-byte variant of the attester, and a
# byte-identical twin of it for the second attester of
# test-configs/attest.dts.
GUEST_IMAGES += attester-modified:0x22600000 attester-twin:0x22800000
CONFIG_SOURCES += \
	platform/qemu-x86_64/test-configs/attest-modified.dts \
	platform/qemu-x86_64/test-configs/overlap.dts \
	platform/qemu-x86_64/test-configs/cpu-twice.dts \
	platform/qemu-x86_64/test-configs/cpu-absent.dts \
	platform/qemu-x86_64/test-configs/image-too-big.dts \
	platform/qemu-x86_64/test-configs/missing-static-mem.dts \
	platform/qemu-x86_64/test-configs/two-errors.dts

# `make bench` (tests/bench/bench.py): the bench guest and its config, the
# bench alone on the boot CPU.
GUEST_IMAGES += bench:0x22a00000
CONFIG_SOURCES += platform/qemu-x86_64/bench.dts
