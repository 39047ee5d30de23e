# SPDX-License-Identifier: MIT
"""ARM64's device secret lies in RAM, in the region the config names with
vigil,uds-region (platform.mk UDS_ADDRESS), where the boot loader put it:
the attest config's uds-probe reads it and is stopped by stage-2
translation, since the config parser keeps every partition off it.
(test_attestation.py checks that Vigil zeroed it; on x86-64 the secret
comes through fw_cfg, whose ports no guest reaches.)"""
import re

import pytest

from platforms import Probe

pytestmark = pytest.mark.platforms("qemu-virt-arm64")


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config="attest") as b:
        b.wait_for(r"^vigil: partition 'uds-probe' stopped: .*$",
                   timeout=platform.boot_timeout)
        yield b


def test_device_secret_is_out_of_reach(platform, boot):
    probe = Probe("uds-probe", platform.device_secret.region,
                  "the device secret")
    assert re.search(rf"^\[uds-probe\] reading {probe.what} at "
                     rf"{probe.target:#x}$", boot.console, re.M)
    assert re.search(platform.stop_line(probe), boot.console, re.M)
    assert boot.console.count("partition 'uds-probe' stopped") == 1
    assert "isolation broken" not in boot.console
