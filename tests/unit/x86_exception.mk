# What an x86-64 exception report says: names, error codes, the line.
UNIT_TESTS += x86_exception
test_x86_exception_SOURCES := hyp/arch/x86_64/exception_report.c hyp/core/format.c
