# SPDX-License-Identifier: MIT
"""x86-64: each partition's own local APIC (hyp/arch/x86_64/vapic*.c).

A partition reaches its APIC at 0xFEE00000, which nested paging leaves
unmapped: Vigil decodes each access (it has no decode assists under TCG),
passes the timer, EOI, TPR and in-service registers through to the CPU's
own APIC, and routes IPIs only to the partition's own vCPUs. The apic
config (platform/qemu-x86_64/test-configs/apic.dts) runs:

  ipi-probe on the boot CPU (local APIC ID 0): sends fixed IPIs to itself
    (by shorthand, by its APIC ID 0, to all) and receives each; then a
    fixed IPI, an NMI, an INIT and a startup IPI to APIC ID 1, the
    ticker's CPU, which Vigil refuses and logs once each;
  ticker on local APIC ID 1: runs its APIC timer at 100 Hz and counts
    ticks (each ends with an EOI through Vigil) and any interrupt on the
    probe's vector, of which there must be none.

Needs the x86-64 build, QEMU's x86 system emulator and OVMF."""
import re

import pytest

from x86_platform import BOOT_TIMEOUT, x86_boot
from x86_platform import missing as missing_pieces

END = (r"^(\[ticker\] done: .*|vigil: partition 'ticker' stopped: .*|"
       r"vigil: .*no partition started|vigil: PANIC.*)\r?\n")
REPORTS = 5
TICKS_PER_REPORT = 100  # 100 Hz: one report a second


def missing():
    return missing_pieces(["vigil.efi", "configs/apic.dtb",
                           "guests/ticker.bin", "guests/ipi-probe.bin"])


@pytest.fixture(scope="module")
def console():
    assert missing() is None, missing()
    with x86_boot(config="apic") as b:
        b.wait_for(END, timeout=BOOT_TIMEOUT + 30)
        b.wait_for(r"^vigil: partition 'ticker' stopped: .*$", timeout=10)
        yield b.console


def lines(console, pattern):
    return re.findall(pattern, console, re.M)


def test_no_panic_and_both_halt_themselves(console):
    assert "PANIC" not in console
    for name in ("ipi-probe", "ticker"):
        stops = lines(console, rf"^vigil: partition '{name}' stopped: (.*)$")
        assert stops == ["halted itself"], console


def test_each_vcpu_reads_its_index_as_apic_id(console):
    # The ticker runs on the CPU whose local APIC ID is 1, as its vCPU 0.
    assert lines(console, r"^\[ticker\] local APIC: ID (\d+), version "
                          r"0x[0-9a-f]+$") == ["0"], console
    assert lines(console, r"^\[ipi-probe\] local APIC ID (\d+)$") == ["0"]


def test_timer_interrupts_counted_at_its_rate(console):
    reports = lines(console, r"^\[ticker\] timer ticks (\d+) in (\d+) ms, "
                             r"foreign (\d+)$")
    assert len(reports) == REPORTS, console
    previous_ms = 0
    for n, (ticks, ms, foreign) in enumerate(reports, start=1):
        # Counted in the handler, reported once the count is reached:
        # without an EOI the count would stop at 1.
        assert int(ticks) == n * TICKS_PER_REPORT
        assert int(foreign) == 0
        assert int(ms) > previous_ms
        previous_ms = int(ms)
    # 100 Hz by the guest's own calibration against the TSC: 500 ticks
    # in 5 s of TSC time, no fewer (a timer running fast, its divider
    # lost, would take less). Not an upper bound: QEMU drops the periods
    # a descheduled vCPU misses, so a loaded host stretches it (12.7 s
    # seen with four QEMUs on two cores).
    assert previous_ms >= 4500, reports
    assert lines(console, r"^\[ticker\] done: (\d+) ticks, (\d+) foreign, "
                          r"\d+ spurious$") == [("500", "0")]


def test_ipis_to_itself_are_delivered(console):
    for what, count in (("self IPI by shorthand", 1),
                        ("IPI to own APIC ID 0", 1),
                        ("IPI to all including self", 1),
                        ("IPI to all but self", 0)):
        assert lines(console, rf"^\[ipi-probe\] {re.escape(what)}: received "
                              r"(\d+)$") == [str(count)], console


def test_ipis_to_another_partitions_cpu_are_refused(console):
    for what in ("fixed IPI to APIC ID 1", "NMI to APIC ID 1",
                 "INIT to APIC ID 1", "startup IPI to APIC ID 1"):
        assert lines(console, rf"^\[ipi-probe\] {re.escape(what)}: received "
                              r"(\d+)$") == ["0"], console
    refusals = lines(console, r"^vigil: partition 'ipi-probe': refused (.*)$")
    assert refusals == [
        "IPI vector 0x41 to APIC ID 1, which is not one of the "
        "partition's (0-0)",
        "NMI IPI (delivery mode 4, ICR 01000000:00000400): a partition "
        "sends fixed interrupts only",
        "INIT IPI (delivery mode 5, ICR 01000000:00004500): a partition "
        "sends fixed interrupts only",
        "startup (SIPI) IPI (delivery mode 6, ICR 01000000:00004610): a "
        "partition sends fixed interrupts only",
    ], console
    # None reached the ticker: no interrupt on the probe's vector, and
    # no INIT (which would have stopped it), through to its last report.
    probe_done = console.index("[ipi-probe] done")
    last_report = console.rindex("[ticker] timer ticks")
    assert probe_done < last_report
