# SPDX-License-Identifier: MIT
"""ARM64 takes the partition config as the initrd (Linux's boot protocol,
/chosen/linux,initrd-start): an initrd that is not a device tree starts
nothing."""
import pytest

pytestmark = pytest.mark.platforms("qemu-virt-arm64")


def test_initrd_that_is_not_a_device_tree_starts_nothing(platform):
    with platform.boot(extra_args=["-initrd",
                                   platform.path("guests", "hello.bin")]) as b:
        b.wait_for(r"^vigil: config: not a device tree that fits in the "
                   r"bytes the boot loader gave \(1 error\); no partition "
                   r"started$")
