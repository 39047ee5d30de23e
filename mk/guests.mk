# Guest images: bare-metal programs on the guest library (guests/lib), built
# against the guest ABI header (include/vigil/hypercall.h) and nothing of
# Vigil's own. Each image is named in GUEST_IMAGES (platform.mk) as
# name:hostaddr, the host-physical address where the boot loader puts it.
#
# Per image below: <name>_DIR (its sources), <name>_BASE (link base: the
# guest-physical address where it is loaded and entered), <name>_MEM (its
# memory size in bytes) and optional <name>_DEFINES. They are for ARM64;
# the x86-64 values, where they differ, follow the list.

hello_DIR := guests/hello
hello_BASE := 0x40000000
hello_MEM := 0x1000000

# The probe, aimed at the host memory of the hello partition in the demo
# config (platform/qemu-virt-arm64/partitions.dts)...
isolation-probe_DIR := guests/isolation-probe
isolation-probe_BASE := 0x80000000
isolation-probe_MEM := 0x1000000
isolation-probe_DEFINES := -DPROBE_ACTION=1 -DPROBE_TARGET=0x50000000 \
	-DPROBE_WHAT="\"partition hello's memory\""

# ...and at Vigil's own image.
isolation-probe-vigil_DIR := guests/isolation-probe
isolation-probe-vigil_BASE := 0x80000000
isolation-probe-vigil_MEM := 0x1000000
isolation-probe-vigil_DEFINES := -DPROBE_ACTION=1 \
	-DPROBE_TARGET=$(LOAD_ADDRESS) -DPROBE_WHAT="\"Vigil's memory\""

# ...at the device secret (platform.mk UDS_ADDRESS)...
isolation-probe-uds_DIR := guests/isolation-probe
isolation-probe-uds_BASE := 0x80000000
isolation-probe-uds_MEM := 0x1000000
isolation-probe-uds_DEFINES := -DPROBE_ACTION=1 \
	-DPROBE_TARGET=$(UDS_ADDRESS) -DPROBE_WHAT="\"the device secret\""

# ...at the firmware, over SMC...
isolation-probe-smc_DIR := guests/isolation-probe
isolation-probe-smc_BASE := 0x80000000
isolation-probe-smc_MEM := 0x1000000
isolation-probe-smc_DEFINES := -DPROBE_ACTION=2

# ...and at the other CPUs, through the interrupt controller.
isolation-probe-sysreg_DIR := guests/isolation-probe
isolation-probe-sysreg_BASE := 0x80000000
isolation-probe-sysreg_MEM := 0x1000000
isolation-probe-sysreg_DEFINES := -DPROBE_ACTION=3

# A partition with two CPUs (platform/.../test-configs/smp.dts).
smp_DIR := guests/smp
smp_BASE := 0x80000000
smp_MEM := 0x1000000

# `make bench` (platform/.../bench.dts); the figures only one architecture
# has (PSCI on ARM64; CPUID and the emulated local APIC on x86-64) are in
# guests/bench/arch/$(ARCH).
bench_DIR := guests/bench
bench_BASE := 0x40000000
bench_MEM := 0x1000000

# The attestation sample, and a copy of it that differs in one byte (the
# '0' of "VIGIL-VARIANT-BYTE:0" in its payload becomes '1'): a changed image
# must get a different measurement, key and certificate.
attester_DIR := guests/attester
attester_BASE := 0x80000000
attester_MEM := 0x1000000
attester-modified_COPY_OF := attester

# The sealing sample, and a copy of it that differs in one byte (the same
# marker, in its data): a changed image must not unseal what the original
# sealed under DIGEST, and may under SIGNER only when the signer signed it.
sealer_DIR := guests/sealer
sealer_BASE := 0x80000000
sealer_MEM := 0x1000000
sealer-modified_COPY_OF := sealer

# x86-64: guest memory from 16 MiB, 16 MiB of it. Above the first MiB,
# which on a PC holds the real-mode vectors, the BIOS data and the VGA and
# ROM holes; below 2 GiB, where the 32-bit PVH entry and -mcmodel=small
# code can reach it; 2 MiB aligned, for start.S's 2 MiB pages; and inside
# the 128 MiB of a default QEMU machine, so that QEMU's PVH loader
# (-kernel hello.elf) can start it without Vigil too. The last 4 KiB are
# for Vigil's hvm_start_info (guests/lib/arch/x86_64/guest.ld).
ifeq ($(ARCH),x86_64)
hello_BASE := 0x1000000
attester_BASE := 0x1000000
attester_MEM := 0x1000000
sealer_BASE := 0x1000000
# The read probes (platform/qemu-x86_64/test-configs/isolation*.dts). The
# first reads guest-physical 0x30000000, where the demo config puts hello's
# host memory (platform/qemu-x86_64/partitions.dts). Vigil's own image has
# no fixed address on x86-64 (UEFI loads it), so the second reads the
# I/O APIC's page at 0xfec00000, a device of the machine's that no
# partition is given (the local APIC page, 0xfee00000, is each
# partition's own, emulated); like any address outside the probe's
# 0x1000000+16 MiB, nested paging must stop it. probe.c checks the target
# is outside the probe's memory.
isolation-probe_BASE := 0x1000000
isolation-probe_DEFINES := -DPROBE_ACTION=1 -DPROBE_TARGET=0x30000000 \
	-DPROBE_WHAT="\"partition hello's host memory (demo config)\""
isolation-probe-vigil_BASE := 0x1000000
isolation-probe-vigil_DEFINES := -DPROBE_ACTION=1 -DPROBE_TARGET=0xfec00000 \
	-DPROBE_WHAT="\"the I/O APIC, which no partition is given\""

# ---- x86-64's own probes: MSRs, I/O ports, SVM instructions, a triple
# fault (guests/isolation-probe/probe.c, PROBE_ACTION 4-9), each stopped
# by an SVM intercept. Each runs on APIC ID 1 beside hello on APIC ID 0
# (platform/qemu-x86_64/test-configs/probe-*.dts), where hello's host
# memory is 0x30000000 (PROBE_TARGET of VMLOAD and VMSAVE).
# tests/integration/test_x86_probes.py boots each once.
define x86_probe
isolation-probe-$(1)_DIR := guests/isolation-probe
isolation-probe-$(1)_BASE := 0x1000000
isolation-probe-$(1)_MEM := 0x1000000
endef
# The MSR permission map: a write, then a read, of VM_HSAVE_PA.
$(eval $(call x86_probe,wrmsr))
isolation-probe-wrmsr_DEFINES := -DPROBE_ACTION=4
$(eval $(call x86_probe,rdmsr))
isolation-probe-rdmsr_DEFINES := -DPROBE_ACTION=5
# The I/O permission map: fw_cfg's selector port, and then (a second
# probe, once the first is stopped) its data port.
$(eval $(call x86_probe,out))
isolation-probe-out_DEFINES := -DPROBE_ACTION=6
$(eval $(call x86_probe,in))
isolation-probe-in_DEFINES := -DPROBE_ACTION=7 -DPROBE_DELAY_MS=2000
# The SVM instructions, one image each, as <image suffix>:<probe.c's
# SVM_INSN_ name>.
X86_SVM_PROBES := vmrun:VMRUN vmload:VMLOAD vmsave:VMSAVE stgi:STGI \
	clgi:CLGI skinit:SKINIT invlpga:INVLPGA
define x86_svm_probe
$(call x86_probe,$(word 1,$(1)))
isolation-probe-$(word 1,$(1))_DEFINES := -DPROBE_ACTION=8 \
	-DPROBE_INSN=SVM_INSN_$(word 2,$(1)) -DPROBE_TARGET=0x30000000
endef
$(foreach p,$(X86_SVM_PROBES),$(eval $(call x86_svm_probe,$(subst :, ,$(p)))))
# The shutdown intercept: an exception with an empty IDT.
$(eval $(call x86_probe,triple-fault))
isolation-probe-triple-fault_DEFINES := -DPROBE_ACTION=9
# The HLT intercept: a halt with interrupts masked.
$(eval $(call x86_probe,halt-masked))
isolation-probe-halt-masked_DEFINES := -DPROBE_ACTION=10
bench_BASE := 0x1000000
endif

# x86-64 only: the local APIC samples (platform/qemu-x86_64/test-configs/
# apic.dts). The ticker runs its APIC timer and counts the interrupts; the
# IPI probe, beside it, sends the IPIs a partition may send and those
# Vigil must refuse.
ticker_DIR := guests/ticker
ticker_BASE := 0x1000000
ticker_MEM := 0x1000000
ipi-probe_DIR := guests/ipi-probe
ipi-probe_BASE := 0x1000000
ipi-probe_MEM := 0x1000000
# Intercepted instructions behind prefixes (test_x86_intercepts.py).
prefixed_DIR := guests/prefixed
prefixed_BASE := 0x1000000
prefixed_MEM := 0x1000000
ifeq ($(ARCH),x86_64)
smp_BASE := 0x1000000
endif

# The guest library is generic C (guests/lib) and, under
# guests/lib/arch/$(ARCH), what each architecture does its own way: the
# entry (start.S), the hypercall instruction, counter and idle instruction
# (arch.h, included by the generic files), the vCPU calls (smp.c) and the
# linker script (guest.ld).
GUEST_ARCH_DIR := guests/lib/arch/$(ARCH)
GUEST_LD := $(GUEST_ARCH_DIR)/guest.ld

# The target flags. ARM64: Vigil's own (mk/arch-arm64.mk). x86-64: Vigil's
# are a UEFI application's (mk/arch-x86_64.mk: -fpic, UCS-2 wchar_t, the
# GNU-EFI headers), so a guest keeps the common ones and takes its own: a
# static image run where it is linked (-fno-pic, -no-pie), 64-bit code for
# the long mode start.S enters, no red zone (as Vigil), no SSE, MMX or x87
# state (-mgeneral-regs-only: the library needs none, and start.S enables
# none), no unwind tables (guest.ld would discard them anyway).
ifeq ($(ARCH),x86_64)
GUEST_TARGET_CFLAGS := $(filter-out $(TARGET_ARCH_CFLAGS),$(TARGET_BASE_CFLAGS)) \
	-m64 -mno-red-zone -mgeneral-regs-only -fno-pic \
	-fno-asynchronous-unwind-tables
# One segment from GUEST_BASE on, without the page-aligned split of code
# from data that x86-64 ld makes by default.
GUEST_ARCH_LDFLAGS := -no-pie -Wl,-z,noseparate-code \
	-Wl,-z,max-page-size=0x1000
else
GUEST_TARGET_CFLAGS := $(TARGET_BASE_CFLAGS)
GUEST_ARCH_LDFLAGS :=
endif

# -fno-tree-loop-distribute-patterns: GCC may otherwise turn a plain loop
# into a call to memset or memcpy, which guests do not have.
GUEST_CFLAGS := $(GUEST_TARGET_CFLAGS) -Wall -Wextra -Werror -Wshadow -Wvla \
	-fno-tree-loop-distribute-patterns -Iinclude -Iguests/lib \
	-I$(GUEST_ARCH_DIR) -MMD -MP

# One flat image (on ARM64 run with the MMU off; on x86-64 identity-mapped
# as one): its single segment is necessarily writable and executable, and
# it has no use for a build ID.
GUEST_LDFLAGS := -static -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments $(GUEST_ARCH_LDFLAGS)

guest_name = $(firstword $(subst :, ,$(1)))
guest_addr = $(lastword $(subst :, ,$(1)))
GUEST_NAMES := $(foreach i,$(GUEST_IMAGES),$(call guest_name,$(i)))
GUEST_BINS := $(GUEST_NAMES:%=$(B)/guests/%.bin)
# The images given a host address (name:address); the others are files
# the boot reads itself (x86-64: from the ESP).
GUEST_PLACED := $(foreach i,$(GUEST_IMAGES),$(if $(findstring :,$(i)),$(i)))

# QEMU's generic loader copies each placed image, as raw bytes, to its
# host address.
comma := ,
loader_file = file=$(B)/guests/$(call guest_name,$(1)).bin
loader_opts = $(loader_file)$(comma)addr=$(call guest_addr,$(1))$(comma)force-raw=on
QEMU_LOADER_ARGS := $(foreach i,$(GUEST_PLACED),-device loader$(comma)$(call loader_opts,$(i)))

# The library, compiled once and linked into every guest. Linked in the
# order of the files' names, wherever they lie, so that moving a file
# between the generic and the architecture's part does not reorder an image
# (and change its digest); a name is therefore used once.
GUEST_LIB_FILES := $(wildcard guests/lib/*.c guests/lib/*.S \
	$(GUEST_ARCH_DIR)/*.c $(GUEST_ARCH_DIR)/*.S)
GUEST_LIB_NAMES := $(sort $(notdir $(GUEST_LIB_FILES)))
ifneq ($(words $(GUEST_LIB_FILES)),$(words $(GUEST_LIB_NAMES)))
$(error mk/guests.mk: a file name is used twice in guests/lib and $(GUEST_ARCH_DIR))
endif
GUEST_LIB_SOURCES := $(foreach n,$(GUEST_LIB_NAMES),$(filter %/$(n),$(GUEST_LIB_FILES)))
GUEST_LIB_OBJECTS := $(GUEST_LIB_SOURCES:guests/lib/%=$(B)/guests/lib/%.o)

# Code the library shares with Vigil, compiled as it is: SHA-256's
# compression function (pure C; its header and constants are Vigil's).
GUEST_SHARED_SOURCES := monitor/sha256_blocks.c
GUEST_LIB_OBJECTS += $(GUEST_SHARED_SOURCES:%=$(B)/guests/shared/%.o)
$(B)/guests/shared/%.o $(B)/guests/lib/sha256.c.o: \
	GUEST_CFLAGS += -Ihyp/include
GUEST_DEPFILES := $(GUEST_LIB_OBJECTS:.o=.d)

$(B)/guests/lib/%.o: guests/lib/% | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(TARGET_CC) $(GUEST_CFLAGS) -c $< -o $@

$(B)/guests/shared/%.o: % | deps
	@mkdir -p $(@D)
	@echo "  CC      $< (guests)"
	$(Q)$(TARGET_CC) $(GUEST_CFLAGS) -c $< -o $@

# A guest's own objects go under $(B)/guests/<name>/: one source directory
# may build several images with different defines. They depend on the
# makefiles that hold those defines. A guest's sources are the .c files of
# its directory and, if it has one, of its arch/$(ARCH) subdirectory (what
# it does on one architecture only), as for the library.
define guest_rule
$(if $($(1)_DIR)$($(1)_COPY_OF),,$(error mk/guests.mk: no settings for guest '$(1)'))
$(1)_OBJECTS := $(patsubst $($(1)_DIR)/%.c,$(B)/guests/$(1)/%.o,\
	$(sort $(wildcard $($(1)_DIR)/*.c $($(1)_DIR)/arch/$(ARCH)/*.c)))
GUEST_DEPFILES += $$($(1)_OBJECTS:.o=.d)

$(B)/guests/$(1)/%.o: $($(1)_DIR)/%.c mk/guests.mk \
		platform/$(PLATFORM)/platform.mk | deps
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1))"
	$(Q)$$(TARGET_CC) $$(GUEST_CFLAGS) -DGUEST_BASE=$($(1)_BASE) \
		-DGUEST_MEM_SIZE=$($(1)_MEM) $$($(1)_DEFINES) -c $$< -o $$@

$(B)/guests/$(1).elf: $$($(1)_OBJECTS) $$(GUEST_LIB_OBJECTS) \
		$(GUEST_LD) mk/guests.mk
	@echo "  LD      $$@"
	$(Q)$$(TARGET_CC) $$(GUEST_TARGET_CFLAGS) $$(GUEST_LDFLAGS) \
		-Wl,--defsym=GUEST_BASE=$($(1)_BASE) \
		-Wl,--defsym=GUEST_MEM_SIZE=$($(1)_MEM) \
		-T $(GUEST_LD) -o $$@ $$($(1)_OBJECTS) $$(GUEST_LIB_OBJECTS)
endef
$(foreach n,$(GUEST_NAMES),$(if $($(n)_COPY_OF),,$(eval $(call guest_rule,$(n)))))

# A one-byte variant of another image; fails if the marker is not found.
define guest_copy_rule
$(B)/guests/$(1).bin: $(B)/guests/$($(1)_COPY_OF).bin
	$(Q)offset=$$$$(grep -obUa 'VIGIL-VARIANT-BYTE:0' $$< | head -n 1 | cut -d: -f1); \
	test -n "$$$$offset" || { echo "no variant marker in $$<" >&2; exit 1; }; \
	cp $$< $$@.tmp && printf '1' | dd of=$$@.tmp bs=1 \
		seek=$$$$((offset + 19)) conv=notrunc status=none && mv $$@.tmp $$@
endef
$(foreach n,$(GUEST_NAMES),$(if $($(n)_COPY_OF),$(eval $(call guest_copy_rule,$(n)))))

$(B)/guests/%.bin: $(B)/guests/%.elf
	$(Q)$(TARGET_OBJCOPY) -O binary $< $@

# Placed images' addresses and sizes for the partition configs
# (mk/configs.mk runs them through cpp): plain #defines only,
# IMAGE_<NAME>_ADDR and _SIZE with NAME upper-cased and '-' as '_'.
$(B)/images.h: $(GUEST_BINS) platform/$(PLATFORM)/platform.mk
	@set -e; { \
	echo '/* Generated by mk/guests.mk from GUEST_IMAGES; do not edit. */'; \
	for img in $(GUEST_PLACED); do \
		name=$${img%%:*}; \
		macro=$$(printf '%s' "$$name" | tr 'a-z-' 'A-Z_'); \
		printf '#define IMAGE_%s_ADDR 0x%x\n' "$$macro" "$${img#*:}"; \
		printf '#define IMAGE_%s_SIZE 0x%x\n' "$$macro" \
			"$$(wc -c < $(B)/guests/$$name.bin)"; \
	done; } > $@.tmp
	@mv $@.tmp $@

-include $(GUEST_DEPFILES)
