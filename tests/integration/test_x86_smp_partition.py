# SPDX-License-Identifier: MIT
"""x86-64: a partition with two CPUs (platform/qemu-x86_64/test-configs/
smp.dts, guests/smp). Its vCPU 0 starts vCPU 1 with VIGIL_HC_VCPU_START
(the PVH state again, EBX = the stack the guest chose), which turns itself
off (VIGIL_HC_VCPU_OFF: Vigil restarts that CPU into its idle loop); vCPU 0
starts it again, and on that run vCPU 1 faults. Vigil must stop the whole
partition: vCPU 0, still ticking in its guest on another CPU, is kicked
out with an NMI and parked, while hello on a third CPU runs on.

Needs the x86-64 build, QEMU's x86 system emulator and OVMF."""
import re

import pytest

from x86_platform import BOOT_TIMEOUT, x86_boot
from x86_platform import missing as missing_pieces

STOP = r"^vigil: partition 'smp' stopped: (.*)$"


def missing():
    return missing_pieces(["vigil.efi", "configs/smp.dtb",
                           "guests/smp.bin", "guests/hello.bin"])


@pytest.fixture(scope="module")
def console():
    assert missing() is None, missing()
    with x86_boot(config="smp") as b:
        m = b.wait_for(STOP + r"|^vigil: PANIC.*$", timeout=BOOT_TIMEOUT)
        # Two of hello's ticks after the stop: time enough for a vCPU 0
        # that was not stopped to tick again (it ticks every 250 ms).
        after = int(re.findall(r"^\[hello\] tick (\d+)$", b.console,
                               re.M)[-1])
        b.wait_for(rf"^\[hello\] tick {after + 2}$", timeout=30,
                   start=m.end())
        yield b.console


def test_vcpus_start_and_turn_off(console):
    assert "PANIC" not in console
    for expected in (r"^\[smp\] vcpu 0 up$",
                     r"^\[smp\] CPU_ON vcpu 1: 0$",
                     r"^\[smp\] CPU_ON vcpu 1 again: -16$",  # -EBUSY
                     r"^\[smp\] CPU_ON vcpu 2: -22$",        # -EINVAL
                     r"^\[smp\] vcpu 1 up, run 1, apic id 0x1$",
                     r"^\[smp\] vcpu 1 is off; CPU_ON vcpu 1: 0$",
                     r"^\[smp\] vcpu 1 up, run 2, apic id 0x1$"):
        assert re.search(expected, console, re.M), (expected, console)
    assert re.search(r"^vigil: partition 'smp': hypercall 0xa refused "
                     r"with -22: no such vCPU in the partition$", console,
                     re.M)


def test_a_fault_on_one_vcpu_stops_the_other(console):
    stops = re.findall(STOP, console, re.M)
    # vCPU 1's read of 0x1000, unmapped in its own page tables and with
    # no IDT to report the page fault, is a triple fault.
    assert stops == ["shutdown (a triple fault, or another condition "
                     "that shuts the processor down)"], console
    stop = re.search(STOP, console, re.M).end()
    ticks_before = re.findall(r"^\[smp\] vcpu 0 tick \d+$",
                              console[:stop], re.M)
    assert ticks_before, console
    assert "[smp]" not in console[stop:], console[stop:]
    assert "isolation broken" not in console


def test_the_other_partition_runs_on(console):
    stop = re.search(STOP, console, re.M).end()
    assert len(re.findall(r"^\[hello\] tick \d+$", console[stop:],
                          re.M)) >= 2
