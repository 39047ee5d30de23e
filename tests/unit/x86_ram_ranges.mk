# The UEFI memory map's RAM descriptors merged into Vigil's RAM ranges.
UNIT_TESTS += x86_ram_ranges
test_x86_ram_ranges_SOURCES := hyp/arch/x86_64/ram_ranges.c
