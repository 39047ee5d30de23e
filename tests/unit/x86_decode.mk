# The x86-64 MMIO instruction decoder (hyp/arch/x86_64/insn_decode.c):
# pure C that the hypervisor and this test compile alike. The test's table
# of encodings is checked against binutils' objdump by
# tests/unit/x86_decode_crosscheck.py (run by hand; not part of make test).
UNIT_TESTS += x86_decode
test_x86_decode_SOURCES := hyp/arch/x86_64/insn_decode.c \
	hyp/arch/x86_64/insn_decode.h
