# SPDX-License-Identifier: MIT
"""ARM64's own attacks, from the isolation config (beside hello and the
probe of Vigil's memory that test_isolation.py checks): a firmware call
over SMC, and an interrupt to the other CPUs through the GIC's system
registers, on the boot CPU. Each is stopped with a decoded log line; PSCI
CPU_ON cannot reach another partition's CPU."""
import re

import pytest

pytestmark = pytest.mark.platforms("qemu-virt-arm64")

STOPS = {
    "smc-probe": r"SMC function 0xc2000001 at PC 0x800[0-9a-f]+ is not an allowed "
                 r"PSCI call",
    "sysreg-probe": r"trapped write of system register S3_0_C12_C11_5 at PC "
                    r"0x800[0-9a-f]+ \(ESR 0x[0-9a-f]+\)",
}


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config="isolation") as b:
        for name in STOPS:
            b.wait_for(rf"^vigil: partition '{name}' stopped: .*$",
                       timeout=platform.boot_timeout)
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

