# Which IPIs a partition may send through its local APIC, and to which
# physical CPUs (hyp/arch/x86_64/vapic_icr.c): pure C.
UNIT_TESTS += vapic_icr
test_vapic_icr_SOURCES := hyp/arch/x86_64/vapic_icr.c hyp/core/format.c \
	hyp/arch/x86_64/vapic_icr.h hyp/arch/x86_64/lapic.h
