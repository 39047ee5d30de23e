# SPDX-License-Identifier: MIT
"""A bad config is refused as a whole: each error named once, with its
partition and property, and no partition started (nothing measured, no
guest output)."""
import re

import pytest

from vigil_qemu import Boot, build_path

CASES = {
    "overlap": [r"config: partition 'probe': vigil,static-mem: host 0x50800000-0x517fffff "
                r"overlaps partition 'hello' \(0x50000000-0x50ffffff\)"],
    "cpu-twice": [r"config: partition 'probe': vigil,cpus: CPU 0x1 is already given to "
                  r"partition 'hello'"],
    "cpu-absent": [r"config: partition 'hello': vigil,cpus: CPU 0x7 is not on the board"],
    "image-too-big": [r"config: partition 'hello': kernel: image of 0x2000000 bytes does "
                      r"not fit in partition memory at 0x40000000"],
    "overlap-vigil": [r"config: partition 'hello': vigil,static-mem: host "
                      r"0x40000000-0x40ffffff overlaps Vigil's image \(0x40200000-"],
    "missing-static-mem": [r"config: partition 'hello': vigil,static-mem: missing"],
    "two-errors": [r"config: partition 'probe': vigil,cpus: CPU 0x1 is already given",
                   r"config: partition 'probe': vigil,static-mem: host 0x50800000-"],
}


@pytest.mark.parametrize("config", sorted(CASES))
def test_bad_config_starts_nothing(config):
    errors = CASES[config]
    with Boot(config=config) as b:
        b.wait_for(r"^vigil: config rejected \((\d+) errors?\); no partition started$")
        b.run_for(1)  # anything a guest would print would show up by now
    c = b.console
    for pattern in errors:
        assert len(re.findall(rf"^{pattern}", c, re.M)) == 1, pattern
    assert len(re.findall(r"^config: ", c, re.M)) == len(errors)
    assert f"({len(errors)} error" in c
    assert "measured" not in c
    assert "vigil: starting" not in c
    assert not re.search(r"^\[", c, re.M)


def test_no_config_starts_nothing():
    with Boot() as b:
        b.wait_for(r"^vigil: no partition config: pass it as the initrd; "
                   r"no partition started$")


def test_initrd_that_is_not_a_device_tree_starts_nothing():
    with Boot(extra_args=["-initrd", build_path("guests", "hello.bin")]) as b:
        b.wait_for(r"^vigil: config: the initrd is not a device tree that fits "
                   r"in it \(1 error\); no partition started$")
