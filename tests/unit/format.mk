UNIT_TESTS += format
test_format_SOURCES := hyp/core/format.c
