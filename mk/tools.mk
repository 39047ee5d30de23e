# Host tools. vigil-verify, the remote verifier of a partition's
# attestation (tools/verifier/), built with the host gcc, ASan and UBSan like
# the unit tests, against Debian's mbedTLS 2.28 (libmbedtls-dev).
#
# Its include path is include/ (the public ABI) and its own directory only,
# never hyp/include or monitor/: the verifier must implement the formats on
# its own, or a shared mistake would pass unnoticed.

VERIFIER_B := $(BUILD)/host/verifier
VIGIL_VERIFY := $(BUILD)/host/vigil-verify
VERIFIER_SOURCES := $(wildcard tools/verifier/*.c)
VERIFIER_OBJECTS := $(VERIFIER_SOURCES:tools/verifier/%.c=$(VERIFIER_B)/%.o)
VERIFIER_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wshadow -Wvla \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Iinclude -Itools/verifier -MMD -MP
VERIFIER_LDLIBS := -lmbedx509 -lmbedcrypto

.PHONY: verifier verifier-check

verifier: $(VIGIL_VERIFY)

$(VERIFIER_B)/%.o: tools/verifier/%.c | deps
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(HOST_CC) $(VERIFIER_CFLAGS) -c $< -o $@

$(VIGIL_VERIFY): $(VERIFIER_OBJECTS)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(VERIFIER_CFLAGS) -o $@ $^ $(VERIFIER_LDLIBS)

# The built binary against a real TPM's quote (tests/unit/verifier-fixtures,
# copies of /work/shared/ref): accepted with its nonce, refused with another.
# The unit tests (tests/unit/test_verifier.c) cover the rest in-process.
VERIFIER_REF := tests/unit/verifier-fixtures/tpm2-quote
verifier-check: $(VIGIL_VERIFY)
	@$(VIGIL_VERIFY) --quote-only --ak-key $(VERIFIER_REF)/ak.pem \
		--quote-msg $(VERIFIER_REF)/quote.msg \
		--quote-sig $(VERIFIER_REF)/quote.sig \
		--pcrs $(VERIFIER_REF)/quote.pcrs --nonce-hex 0011223344556677 \
		| grep -q '^QUOTE OK' \
		|| { echo "verifier-check: reference quote refused"; exit 1; }
	@out=$$($(VIGIL_VERIFY) --quote-only --ak-key $(VERIFIER_REF)/ak.pem \
		--quote-msg $(VERIFIER_REF)/quote.msg \
		--quote-sig $(VERIFIER_REF)/quote.sig \
		--pcrs $(VERIFIER_REF)/quote.pcrs --nonce-hex 0011223344556678); \
		test $$? -eq 1 && echo "$$out" | grep -q '^nonce mismatch: ' \
		|| { echo "verifier-check: wrong nonce accepted"; exit 1; }
	@echo "verifier: vigil-verify checks the reference quote"

-include $(VERIFIER_OBJECTS:.o=.d)
