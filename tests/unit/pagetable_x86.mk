# The generic page-table builder with the x86-64 long-mode encodings.
UNIT_TESTS += pagetable_x86
test_pagetable_x86_SOURCES := hyp/core/pagetable.c hyp/arch/x86_64/pte.c \
	tests/unit/pagetable_fixture.c
