# SPDX-License-Identifier: MIT
"""Two clean builds of the same commit, in two directories, at two times,
give byte-identical Vigil and guest images on both platforms (on x86-64
Vigil's measurement is the SHA-256 of vigil.efi itself): a verifier can
rebuild what it pins. Slow (two full builds), so marked; it runs in
`make test` all the same."""
import hashlib
import os
import subprocess
import time

import pytest

GUESTS = ("guests/hello.bin", "guests/attester.bin",
          "guests/isolation-probe.bin", "guests/smp.bin")
IMAGES = tuple(f"qemu-virt-arm64/{i}" for i in ("Image",) + GUESTS) + \
    tuple(f"qemu-x86_64/{i}" for i in ("vigil.efi",) + GUESTS)


def build_in(tmp_path, name, epoch):
    src = tmp_path / name
    subprocess.run(["git", "clone", "-q", os.getcwd(), str(src)], check=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    for platform in ("qemu-virt-arm64", "qemu-x86_64"):
        targets = [f"build/{i}" for i in IMAGES if i.startswith(platform)]
        subprocess.run(["make", "-s", "-j2", f"PLATFORM={platform}",
                        *targets], cwd=src, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    digests = {}
    for image in IMAGES:
        with open(src / "build" / image, "rb") as f:
            digests[image] = hashlib.sha256(f.read()).hexdigest()
    return digests


@pytest.mark.slow
def test_two_clean_builds_are_identical(tmp_path):
    first = build_in(tmp_path, "one", 1700000000)
    time.sleep(1.1)  # a later second, in case anything records the time
    second = build_in(tmp_path, "two", 1800000000)
    assert first == second
