# The SVM core of the x86-64 port (hyp/arch/x86_64/svm_*.c): the VMCB's
# layout and contents, the I/O and MSR permission maps, exit decoding. Pure
# C with no inline assembly, so the host's gcc builds it as it is.
# The port's own headers are listed too: the rule compiles only the .c
# files, and the headers make the test rebuild when they change.
UNIT_TESTS += svm
test_svm_SOURCES := hyp/arch/x86_64/svm_setup.c hyp/arch/x86_64/svm_maps.c \
	hyp/arch/x86_64/svm_exit.c hyp/core/format.c \
	hyp/arch/x86_64/svm.h hyp/arch/x86_64/vmcb.h hyp/arch/x86_64/pte_bits.h
