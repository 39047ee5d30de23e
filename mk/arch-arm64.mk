# ARM64: the cross compiler from gcc-aarch64-linux-gnu.
CROSS_COMPILE ?= aarch64-linux-gnu-
TARGET_CC := $(CROSS_COMPILE)gcc
TARGET_OBJCOPY := $(CROSS_COMPILE)objcopy

# General registers only (FP/SIMD state belongs to the guest on each CPU);
# strict alignment because Vigil parses device trees before its MMU is on,
# when every access is Device memory.
TARGET_ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-march=armv8-a

# The SHA-256 block function with the Cryptographic Extension
# (hyp/arch/arm64/sha256_ce.S) is the one file that uses vector registers:
# it saves and restores those it uses (see its comment).
HYP_SIMD_SOURCES := hyp/arch/arm64/sha256_ce.S
HYP_SIMD_CFLAGS := -march=armv8-a+crypto
