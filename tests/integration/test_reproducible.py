# SPDX-License-Identifier: MIT
"""Two clean builds of the same commit, in two directories, at two times,
give byte-identical Vigil and guest images: a verifier can rebuild what it
pins. Slow (two full builds), so marked; it runs in `make test` all the
same."""
import hashlib
import os
import subprocess
import time

import pytest

IMAGES = ("Image", "guests/hello.bin", "guests/attester.bin",
          "guests/isolation-probe.bin", "guests/smp.bin")


def build_in(tmp_path, name, epoch):
    src = tmp_path / name
    subprocess.run(["git", "clone", "-q", os.getcwd(), str(src)], check=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    targets = [f"build/qemu-virt-arm64/{i}" for i in IMAGES]
    subprocess.run(["make", "-s", "-j2", *targets], cwd=src, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    digests = {}
    for image in IMAGES:
        with open(src / "build" / "qemu-virt-arm64" / image, "rb") as f:
            digests[image] = hashlib.sha256(f.read()).hexdigest()
    return digests


@pytest.mark.slow
def test_two_clean_builds_are_identical(tmp_path):
    first = build_in(tmp_path, "one", 1700000000)
    time.sleep(1.1)  # a later second, in case anything records the time
    second = build_in(tmp_path, "two", 1800000000)
    assert first == second
