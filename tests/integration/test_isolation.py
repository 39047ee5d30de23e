# SPDX-License-Identifier: MIT
"""One boot per platform: beside hello, a probe reads what is Vigil's and
no partition's, and is stopped there with a decoded log line; hello
carries on. On ARM64 the probe reads Vigil's own image; x86-64 Vigil has
no fixed address (UEFI loads it), so there it reads the I/O APIC, which no
partition is given (platforms.py, `isolation`). ARM64's config runs its
SMC and system-register probes beside them (on the boot CPU too), whose
reasons test_arm64_isolation.py checks; here every probe of the config
must be stopped once, and hello keep printing after the last."""
import re

import pytest

from platforms import MEM_SIZE


def attackers(platform):
    return [p.name for p in platform.isolation.partitions if p.name != "hello"]


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config=platform.isolation.name) as b:
        ends = [b.wait_for(rf"^vigil: partition '{name}' stopped: ",
                           timeout=platform.boot_timeout).end()
                for name in attackers(platform)]
        # hello's clock: two more ticks mean over a second has passed.
        first = b.wait_for(r"^\[hello\] tick \d+$", start=max(ends)).end()
        b.wait_for(r"^\[hello\] tick \d+$", start=first)
        yield b


def test_probe_of_vigil_stopped_with_reason(platform, boot):
    (probe,) = platform.isolation.probes
    own = platform.isolation.partition(probe.name)
    assert not own.guest - 8 < probe.target < own.guest + MEM_SIZE
    assert re.search(rf"^\[{probe.name}\] reading {re.escape(probe.what)} at "
                     rf"{probe.target:#x}$", boot.console, re.M)
    m = re.search(platform.stop_line(probe), boot.console, re.M)
    assert m, platform.stop_line(probe)
    assert own.guest <= int(m.group("pc"), 16) < own.guest + MEM_SIZE


def test_every_attacker_stopped_once(platform, boot):
    for name in attackers(platform):
        assert boot.console.count(f"partition '{name}' stopped") == 1, name


def test_no_attack_succeeded(boot):
    assert "isolation broken" not in boot.console
    assert "PANIC" not in boot.console


def test_all_partitions_started(platform, boot):
    partitions = platform.isolation.partitions
    assert f"vigil: starting {len(partitions)} partitions, " in boot.console
    # One on the boot CPU too (ARM64: sysreg-probe; x86-64: vigil-probe).
    assert any(p.cpus == "0" for p in partitions)
    for p in partitions:
        row = (rf"^  {p.name} +{p.cpus} +{p.guest:#x}\+{MEM_SIZE:#x} -> "
               rf"{p.host:#x} +{len(platform.image(p.image)):#x} +"
               rf"{p.guest:#x}$")
        assert re.search(row, boot.console, re.M), row


def test_hello_keeps_running_after_every_stop(platform, boot):
    last_stop = max(boot.console.index(f"partition '{n}' stopped")
                    for n in attackers(platform))
    assert len(re.findall(r"^\[hello\] tick \d+$", boot.console[last_stop:],
                          re.M)) >= 2
