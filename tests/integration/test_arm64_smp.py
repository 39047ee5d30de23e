# SPDX-License-Identifier: MIT
"""ARM64: a partition with two CPUs: it starts, stops and restarts its
second vCPU with PSCI, cannot start a vCPU it does not have, and when one
of its vCPUs faults the whole partition stops, the other vCPU included.
(x86-64 runs partitions of one CPU so far; test_x86_smp.py starts its
CPUs.)"""
import re

import pytest

pytestmark = pytest.mark.platforms("qemu-virt-arm64")


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config="smp") as b:
        stop = b.wait_for(r"^vigil: partition 'smp' stopped: .*$").end()
        # hello's clock: two more ticks mean over a second has passed
        first = b.wait_for(r"^\[hello\] tick \d+$", start=stop).end()
        b.wait_for(r"^\[hello\] tick \d+$", start=first)
        yield b


def lines(boot, prefix):
    return [l for l in boot.console.splitlines() if l.startswith(prefix)]


def test_psci_cpu_on_off_and_restart(boot):
    smp = lines(boot, "[smp] ")
    for expected in ("[smp] vcpu 0 up",
                     "[smp] CPU_ON vcpu 1: 0",
                     "[smp] CPU_ON vcpu 1 again: -4",   # ALREADY_ON
                     "[smp] CPU_ON vcpu 2: -2",         # no such vCPU
                     "[smp] vcpu 1 up, run 1, mpidr 0x1",
                     "[smp] vcpu 1 is off; CPU_ON vcpu 1: 0",
                     "[smp] vcpu 1 up, run 2, mpidr 0x1"):
        assert expected in smp, expected


def test_fault_on_one_vcpu_stops_the_whole_partition(boot):
    c = boot.console
    m = re.search(r"^vigil: partition 'smp' stopped: stage-2 data abort on read at "
                  r"IPA 0x1000 ", c, re.M)
    assert m
    assert c.count("partition 'smp' stopped") == 1
    assert re.search(r"^\[smp\] vcpu 0 tick \d+$", c[:m.start()], re.M)
    assert not re.search(r"^\[smp\]", c[m.end():], re.M)
    assert "isolation broken" not in c


def test_other_partition_unaffected(boot):
    stop = boot.console.index("partition 'smp' stopped")
    assert len(re.findall(r"^\[hello\] tick \d+$", boot.console[stop:], re.M)) >= 2
    assert re.search(r"^  smp +2,3 ", boot.console, re.M)
