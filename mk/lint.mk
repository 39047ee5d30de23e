# `make lint`: cppcheck over Vigil's own C (not third-party sources), for
# the mistakes the compiler's warnings do not catch. Not part of `make test`.
# Suppressed: comparePointers (linker-symbol ranges are compared on
# purpose), unknownMacro (libfdt's iteration macros), and the #error that
# a probe built without its -D values is meant to raise.

LINT_DIRS := hyp/core hyp/arch hyp/drivers monitor tools/verifier guests

.PHONY: lint
lint: | deps
	@command -v cppcheck >/dev/null || { echo "lint: cppcheck is not installed"; exit 1; }
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -U__ASSEMBLER__ -Ihyp/include -Iinclude \
		--suppress=missingIncludeSystem --suppress=comparePointers \
		--suppress=unknownMacro --suppress=preprocessorErrorDirective \
		$(LINT_DIRS)
	@echo "lint: cppcheck found nothing"
