# Host unit tests (cmocka), built with ASan and UBSan: any sanitizer report
# aborts the test binary, which fails `make test`.

HOST_CC := gcc
HOST_B := $(BUILD)/host
HOST_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wshadow -Wvla \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Ihyp/include -Iinclude -Itests/unit \
	-DVIGIL_PLATFORM='"host"'
HOST_LDLIBS := -lcmocka -lfdt

# Each test is tests/unit/test_<name>.c, declared with the Vigil sources it
# exercises in tests/unit/<name>.mk:
#   UNIT_TESTS += <name>
#   test_<name>_SOURCES := hyp/core/<file>.c ...
#   test_<name>_DEPS := files the test reads at run time (optional)
#   test_<name>_LDLIBS := extra libraries, e.g. -lmbedcrypto (optional)
UNIT_TESTS :=
include $(sort $(wildcard tests/unit/*.mk))

UNIT_TEST_BINS := $(UNIT_TESTS:%=$(HOST_B)/tests/test_%)

# One gcc call builds each test from several sources, so -MMD would record
# only the last one's headers: every test depends on every header instead.
UNIT_TEST_HEADERS := $(wildcard include/vigil/*.h hyp/include/vigil/*.h \
	hyp/core/*.h monitor/*.h tests/unit/*.h)

define unit_test_rule
$(HOST_B)/tests/test_$(1): tests/unit/test_$(1).c $$(test_$(1)_SOURCES) \
		$$(UNIT_TEST_HEADERS) | deps $$(test_$(1)_DEPS)
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	$(Q)$$(HOST_CC) $$(HOST_CFLAGS) -o $$@ $$(filter %.c,$$^) $$(HOST_LDLIBS) $$(test_$(1)_LDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

unit-test: $(UNIT_TEST_BINS)
	@set -e; for t in $(UNIT_TEST_BINS); do \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$$t > $$t.log 2>&1 || { cat $$t.log; echo "unit: $$t FAILED"; exit 1; }; \
		echo "unit: $$(basename $$t): $$(grep -o '[0-9]* test(s)' $$t.log | tail -n 1) passed"; \
	done

