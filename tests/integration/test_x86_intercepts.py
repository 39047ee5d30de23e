# SPDX-License-Identifier: MIT
"""x86-64: the intercepted instructions Vigil emulates (CPUID, RDMSR and
WRMSR of EFER) behind prefixes the CPU ignores for them. QEMU's TCG saves
no next RIP, so Vigil reads the instruction at RIP through the guest's own
page tables to know how far to step (hyp/arch/x86_64/vcpu.c,
intercepted_length; the decoder is unit-tested in test_x86_decode.c).
The guest (guests/prefixed) counts a step after each instruction: a step
short would run the instruction's tail as code, a step long would skip
the count. Its own start (guests/lib/arch/x86_64/start.S) runs RDMSR and
WRMSR of EFER in 32-bit mode first."""
import re

import pytest

from x86_platform import BOOT_TIMEOUT, x86_boot

pytestmark = pytest.mark.platforms("qemu-x86_64")


@pytest.fixture(scope="module")
def console():
    with x86_boot(config="prefixed") as b:
        b.wait_for(r"^vigil: partition 'prefixed' stopped: (.*)$",
                   timeout=BOOT_TIMEOUT)
    return b.console


def said(console, pattern):
    m = re.search(rf"^\[prefixed\] {pattern}$", console, re.M)
    assert m, f"no line {pattern!r}; console was:\n{console}"
    return m


def test_prefixed_cpuid_gives_vigils_leaf(console):
    said(console, r"2E 66 48 0F A2: CPUID 0x40000000 says VigilVigilVi, "
                  r"step 1")


def test_prefixed_rdmsr_reads_the_guests_efer(console):
    # Long mode on (LME, LMA); SVME, which VMRUN needs in the guest's
    # EFER, hidden from it.
    said(console, r"66 0F 32: RDMSR EFER 0x500: LME set, LMA set, "
                  r"SVME clear, step 2")


def test_prefixed_wrmsr_writes_it_back(console):
    said(console, r"3E F3 0F 30: WRMSR EFER 0x500, step 3; then it reads "
                  r"0x500, step 4")


def test_the_guest_ends_on_its_own(console):
    assert re.search(r"^vigil: partition 'prefixed' stopped: halted "
                     r"itself$", console, re.M), console
    assert "PANIC" not in console
