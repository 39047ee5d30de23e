# SPDX-License-Identifier: MIT
"""x86-64: a partition that reads memory outside its own is stopped by
nested paging. Each probe (guests/isolation-probe, built for x86-64 in
mk/guests.mk) runs alone on the boot CPU (the only one x86-64 Vigil runs so
far), maps its target in its own page tables, so that only Vigil's nested
page tables stand in the way, says what it reads, and reads it. Vigil must
stop it at that read with a decoded nested page fault (svm_exit.c) naming
the target as a not-present read, with no reserved bit; the probe's
"isolation broken" line must never appear.

  config           partition    target (guest-physical)
  isolation        probe        0x30000000, hello's host memory in the
                                demo config (partitions.dts)
  isolation-vigil  vigil-probe  0xfec00000, the I/O APIC's page, which
                                no partition is given (Vigil's own image
                                has no fixed address: UEFI loads it)

Needs the x86-64 build (`make test` makes it), QEMU's x86 system emulator
and OVMF; without them it fails and says what is missing."""
import re

import pytest

from x86_platform import BOOT_TIMEOUT, x86_boot
from x86_platform import missing as missing_pieces

# config: (partition, target, what the probe names)
PROBES = {
    "isolation": ("probe", 0x30000000,
                  "partition hello's host memory (demo config)"),
    "isolation-vigil": ("vigil-probe", 0xfec00000,
                        "the I/O APIC, which no partition is given"),
}
# The probe's memory: guest-physical 0x1000000, 16 MiB (the configs).
GUEST_BASE, GUEST_MEM = 0x1000000, 0x1000000

# A stop, a refusal, a panic or the probe getting through: waiting for any
# of them fails fast instead of timing out. Up to the line's end (\n, not
# $, which would match where the console so far happens to end).
END = (r"^(vigil: partition '[^']+' stopped: .*|vigil: .*no partition "
       r"started|vigil: PANIC.*|.*isolation broken)\r?\n")


def missing():
    return missing_pieces(["vigil.efi", "qemu-args", "qemu-config-args",
                           "guests/isolation-probe.bin",
                           "guests/isolation-probe-vigil.bin"]
                          + [f"configs/{c}.dtb" for c in PROBES])


@pytest.fixture(scope="module", autouse=True)
def x86_build_present():
    assert missing() is None, missing()


@pytest.fixture(scope="module", params=sorted(PROBES))
def probe(request):
    config = request.param
    with x86_boot(config=config) as b:
        b.wait_for(END, timeout=BOOT_TIMEOUT)
        yield (config,) + PROBES[config] + (b.console,)


def test_target_outside_the_probes_memory(probe):
    _, _, target, _, _ = probe
    assert not GUEST_BASE - 8 < target < GUEST_BASE + GUEST_MEM


def test_probe_says_what_it_reads(probe):
    _, name, target, what, console = probe
    assert re.search(rf"^\[{re.escape(name)}\] reading {re.escape(what)} at "
                     rf"{target:#x}$", console, re.M), console


def test_stopped_by_a_nested_page_fault_on_the_target(probe):
    _, name, target, _, console = probe
    m = re.search(rf"^vigil: partition '{re.escape(name)}' stopped: nested "
                  rf"page fault on read at guest-physical {target:#x} "
                  r"\(RIP (0x[0-9a-f]+), EXITINFO1 (0x[0-9a-f]+): "
                  r"(.*)\)$", console, re.M)
    assert m, console
    rip, info, decode = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
    # The read is an instruction of the probe's own image.
    assert GUEST_BASE <= rip < GUEST_BASE + GUEST_MEM
    # A plain read through an unmapped nested page: not present, read,
    # "user" (the nested walk treats every access as a user one, APM
    # 15.25.5), the final translation (not the guest's walk of its own
    # tables), no reserved bit, not a fetch, nothing being delivered.
    assert decode == "not present, read, user, final translation", decode
    assert "reserved bit" not in decode
    assert info & 0x1 == 0 and info & 0x8 == 0  # P, RSVD (APM 15.25.6)
    assert console.count(f"partition '{name}' stopped") == 1


def test_no_read_got_through(probe):
    _, name, _, _, console = probe
    assert "isolation broken" not in console
    assert "PANIC" not in console
    assert "no partition started" not in console
    # It ran: started, measured and alone.
    assert re.search(r"^vigil: starting 1 partition, ", console, re.M)
    assert re.search(rf"^vigil: measured '{re.escape(name)}': sha256 ",
                     console, re.M)
