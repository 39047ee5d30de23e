UNIT_TESTS += pagetable
test_pagetable_SOURCES := hyp/core/pagetable.c hyp/arch/arm64/pte.c \
	tests/unit/pagetable_fixture.c
