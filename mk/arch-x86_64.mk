# x86-64: the host's gcc and binutils, building a UEFI application with
# GNU-EFI (Debian's gnu-efi: headers under /usr/include/efi, crt0, linker
# script and libraries under /usr/lib; mk/image-x86_64.mk links).
CROSS_COMPILE :=
TARGET_CC := gcc
TARGET_OBJCOPY := objcopy

GNU_EFI_INCLUDE := /usr/include/efi
GNU_EFI_LIB := /usr/lib

# -fpic: the image is linked as a shared object that GNU-EFI's crt0
# relocates to wherever the firmware loads it (this overrides -fno-pie).
# -mno-red-zone: firmware interrupts, and later Vigil's own, run on the
# current stack. -mgeneral-regs-only: no SSE, MMX or x87 state (the FPU
# belongs to the guests, as on ARM64). -fshort-wchar: UEFI strings are
# UCS-2. GNU_EFI_USE_MS_ABI: firmware calls use the Microsoft x64
# convention through EFIAPI function pointers, so the compiler checks their
# arguments (instead of GNU-EFI's untyped uefi_call_wrapper).
TARGET_ARCH_CFLAGS := -fpic -mno-red-zone -mgeneral-regs-only -fshort-wchar \
	-fno-asynchronous-unwind-tables -DGNU_EFI_USE_MS_ABI \
	-isystem $(GNU_EFI_INCLUDE) -isystem $(GNU_EFI_INCLUDE)/x86_64

# The SHA-NI block function (hyp/arch/x86_64/sha256_ni.c) is the one file
# with SSE: the firmware leaves SSE enabled, and the file saves the XMM
# registers it uses (see its comment). -msha for SHA256RNDS2/MSG1/MSG2,
# -msse4.1 (which implies SSSE3's PSHUFB and PALIGNR).
HYP_SIMD_SOURCES := hyp/arch/x86_64/sha256_ni.c
HYP_SIMD_CFLAGS := -msha -msse4.1
