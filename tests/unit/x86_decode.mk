# The x86-64 MMIO instruction decoder and the guest page-table walker that
# fetches its bytes (hyp/arch/x86_64/insn_decode.c, guest_paging.c): pure
# C that the hypervisor and these tests compile alike. The paging test
# decodes what it fetches, as the MMIO handler will. The decoder's table
# of encodings is checked against binutils' objdump by
# tests/unit/x86_decode_crosscheck.py (run by hand; not part of make test).
UNIT_TESTS += x86_decode x86_guest_paging
test_x86_decode_SOURCES := hyp/arch/x86_64/insn_decode.c \
	hyp/arch/x86_64/insn_decode.h
test_x86_guest_paging_SOURCES := hyp/arch/x86_64/guest_paging.c \
	hyp/arch/x86_64/insn_decode.c hyp/arch/x86_64/guest_paging.h \
	hyp/arch/x86_64/insn_decode.h
