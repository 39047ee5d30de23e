# QEMU's q35 machine with Debian's OVMF as firmware and four qemu64 CPUs
# with AMD SVM and nested paging, which TCG emulates (Intel VMX it does
# not). Vigil is a UEFI application that OVMF boots from an ESP directory.
ARCH := x86_64
DRIVERS := uart16550

QEMU := qemu-system-x86_64
QEMU_MACHINE := -M q35 -cpu qemu64,+svm,+npt -smp 4 -m 1G -nographic \
	-bios /usr/share/ovmf/OVMF.fd -net none
# The ESP, a directory QEMU serves as a FAT disk ({esp}: `make run` gives
# $(B)/esp, a test a copy of its own): \EFI\BOOT\BOOTX64.EFI (vigil.efi),
# and in \vigil\ the config, config.dtb, and every guest image
# (mk/image-x86_64.mk builds it). A test puts the config it boots into
# its copy; nothing else carries a config.
QEMU_BOOT_ARGS = -drive format=raw,file=fat:rw:{esp}
QEMU_CONFIG_ARGS :=
# The device secret (build/uds.bin, made once by the Makefile and kept),
# as the fw_cfg file Vigil reads before any partition starts
# (platform/qemu-x86_64/rot.c); no config names a RAM region for it.
QEMU_UDS_ARGS = -fw_cfg name=opt/vigil/uds,file=$(BUILD)/uds.bin

# Guest images (built for x86-64, PVH entry): files in the ESP's \vigil\,
# which the configs name (vigil,uefi-binary = "<name>.bin").
GUEST_IMAGES := hello attester isolation-probe isolation-probe-vigil
# x86-64's own isolation probes (mk/guests.mk).
GUEST_IMAGES += isolation-probe-wrmsr isolation-probe-rdmsr \
	isolation-probe-out isolation-probe-in isolation-probe-vmrun \
	isolation-probe-vmload isolation-probe-vmsave isolation-probe-stgi \
	isolation-probe-clgi isolation-probe-skinit isolation-probe-invlpga \
	isolation-probe-triple-fault isolation-probe-halt-masked
# Detached image signatures (mk/signing.mk) as image:key: files in the
# ESP's \vigil\ (<image>.<key>.sig), which configs name by
# vigil,uefi-binary; no address, as the images have none.
GUEST_SIGNATURES :=

DEMO_CONFIG := partitions
CONFIG_SOURCES := platform/qemu-x86_64/partitions.dts \
	platform/qemu-x86_64/test-configs/other-cpu.dts \
	platform/qemu-x86_64/test-configs/outside-ram.dts \
	platform/qemu-x86_64/test-configs/attest.dts \
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
	platform/qemu-x86_64/test-configs/probe-triple-fault.dts \
	platform/qemu-x86_64/test-configs/probe-halt-masked.dts
$(patsubst platform/qemu-x86_64/test-configs/%.dts,$(B)/configs/%.dtb,\
	$(filter platform/qemu-x86_64/test-configs/probe-%,$(CONFIG_SOURCES))): \
	platform/qemu-x86_64/test-configs/probe-beside-hello.dtsi

# The local APIC samples and their config (test_x86_apic.py): the ticker
# counts its timer's interrupts beside the IPI probe.
GUEST_IMAGES += ticker ipi-probe
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/apic.dts

# Intercepted instructions behind prefixes (test_x86_intercepts.py), alone
# on the boot CPU.
GUEST_IMAGES += prefixed
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/prefixed.dts

# A partition with two CPUs (test_x86_smp_partition.py).
GUEST_IMAGES += smp
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/smp.dts

# The integration suite's configs for what both platforms are tested on
# (tests/integration/platforms.py): the attester changed in one byte, and
# the configs that must be refused. With the image they need
# (mk/guests.mk): that one-byte variant of the attester.
GUEST_IMAGES += attester-modified
CONFIG_SOURCES += \
	platform/qemu-x86_64/test-configs/attest-modified.dts \
	platform/qemu-x86_64/test-configs/overlap.dts \
	platform/qemu-x86_64/test-configs/cpu-twice.dts \
	platform/qemu-x86_64/test-configs/cpu-absent.dts \
	platform/qemu-x86_64/test-configs/image-too-big.dts \
	platform/qemu-x86_64/test-configs/missing-static-mem.dts \
	platform/qemu-x86_64/test-configs/two-errors.dts

# Launch policies (tests/integration/test_launch_policy.py): by allowed
# digest (signing.h's IMAGE_<NAME>_SHA256), with a required partition
# refused, and by signature, with the signatures those configs name.
GUEST_SIGNATURES += hello:signer hello:other hello:truncated attester:signer
CONFIG_SOURCES += \
	platform/qemu-x86_64/test-configs/policy-digest.dts \
	platform/qemu-x86_64/test-configs/policy-required.dts \
	platform/qemu-x86_64/test-configs/policy-signed.dts

# Sealing (tests/integration/test_sealing.py): the sealing sample and its
# one-byte variant (mk/guests.mk), two sealers under "measure" (seal.dts),
# and under "verify" by signature the sealer (seal-signer.dts), the
# variant signed by the same signer (seal-signer-modified.dts) and by
# another (seal-signer-other.dts), with the signatures those name.
GUEST_IMAGES += sealer sealer-modified
GUEST_SIGNATURES += sealer:signer sealer-modified:signer sealer-modified:other
CONFIG_SOURCES += \
	platform/qemu-x86_64/test-configs/seal.dts \
	platform/qemu-x86_64/test-configs/seal-signer.dts \
	platform/qemu-x86_64/test-configs/seal-signer-modified.dts \
	platform/qemu-x86_64/test-configs/seal-signer-other.dts

# The files a config names on the ESP (tests/integration/test_x86_esp.py,
# test_config_errors.py): one the ESP does not hold, and a path.
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/file-absent.dts \
	platform/qemu-x86_64/test-configs/file-bad-name.dts

# Partition memory the firmware holds (test_x86_boot.py).
CONFIG_SOURCES += platform/qemu-x86_64/test-configs/firmware-owned.dts

# `make bench` (tests/bench/bench.py): the bench guest and its config, the
# bench alone on the boot CPU.
GUEST_IMAGES += bench
CONFIG_SOURCES += platform/qemu-x86_64/bench.dts
