# SPDX-License-Identifier: MIT
"""One boot, one attack per CPU (the boot CPU included): reading Vigil's
memory, a firmware call over SMC, an interrupt to other CPUs through the
GIC. Each attacker is stopped with a decoded log line; hello carries on."""
import re

import pytest

from vigil_qemu import Boot

STOPS = {
    "vigil-probe": r"stage-2 data abort on read at IPA 0x40200000 \(PC 0x800[0-9a-f]+, "
                   r"ESR 0x[0-9a-f]+: translation fault, level 1\)",
    "smc-probe": r"SMC function 0xc2000001 at PC 0x800[0-9a-f]+ is not an allowed "
                 r"PSCI call",
    "sysreg-probe": r"trapped write of system register S3_0_C12_C11_5 at PC "
                    r"0x800[0-9a-f]+ \(ESR 0x[0-9a-f]+\)",
}


@pytest.fixture(scope="module")
def boot():
    with Boot(config="isolation") as b:
        ends = [b.wait_for(rf"^vigil: partition '{name}' stopped: ").end()
                for name in STOPS]
        b.wait_for(r"^\[hello\] tick \d+$", start=max(ends))
        b.wait_for(r"^\[hello\] tick \d+$", start=b.console.rindex("[hello] tick") + 1)
        yield b


@pytest.mark.parametrize("name", sorted(STOPS))
def test_attacker_stopped_with_reason(boot, name):
    assert re.search(rf"^vigil: partition '{name}' stopped: {STOPS[name]}$",
                     boot.console, re.M)
    assert boot.console.count(f"partition '{name}' stopped") == 1


def test_cpu_on_cannot_reach_another_partitions_cpu(boot):
    # -2: PSCI INVALID_PARAMETERS; the partition has only vCPU 0
    assert re.search(r"^\[smc-probe\] PSCI CPU_ON of CPU 3 returned -2$",
                     boot.console, re.M)


def test_no_attack_succeeded(boot):
    assert "isolation broken" not in boot.console
    assert "PANIC" not in boot.console


def test_all_four_partitions_started(boot):
    assert "vigil: starting 4 partitions, " in boot.console
    assert re.search(r"^  sysreg-probe +0 ", boot.console, re.M)


def test_hello_keeps_running_after_every_stop(boot):
    last_stop = max(boot.console.index(f"partition '{n}' stopped") for n in STOPS)
    assert len(re.findall(r"^\[hello\] tick \d+$", boot.console[last_stop:], re.M)) >= 2
