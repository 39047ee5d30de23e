# SPDX-License-Identifier: MIT
"""Vigil boots at EL2 on QEMU's virt board and prints its banner."""
import pytest

from vigil_qemu import Boot


@pytest.fixture(scope="module")
def boot():
    with Boot() as b:
        b.wait_for(r"^Vigil \d+\.\d+\.\d+ ")
        yield b


def test_banner_names_version_platform_and_el2(boot):
    boot.wait_for(r"^Vigil 0\.1\.0 \(qemu-virt-arm64, arm64\) at EL2$")
