# SPDX-License-Identifier: MIT
"""Launch policies: "verify" starts an image whose digest the config allows
or whose signature the config's signer made, refuses anything else with one
line naming what was measured and what was expected, and leaves the other
partitions running; a vigil,required partition refused stops the boot. The
partition's log says why its image was allowed.

On both platforms, with configs of the same names (policy-*.dts): on
ARM64 the images and signatures are where QEMU's loader puts them (reg),
on x86-64 files in the ESP's \\vigil\\ (vigil,uefi-binary)."""
import hashlib
import os
import re

import pytest

import attest_artefacts as A
from platforms import BUILD_ROOT


def refusal(console, name):
    m = re.search(rf"^vigil: partition '{name}' refused by its launch policy: "
                  r"measured sha256 ([0-9a-f]{64}); expected (.*); signature: (.*)$",
                  console, re.M)
    assert m, f"no refusal line for {name}"
    return m


@pytest.fixture(scope="module")
def digest_boot(platform):
    with platform.boot(config="policy-digest") as b:
        b.wait_for(r"^\[hello\] tick 2$", timeout=platform.boot_timeout)
        b.wait_for(r"^\[pem\] tick 2$")
        yield b


def test_allowed_digest_starts(digest_boot):
    assert "vigil: starting 2 partitions, " in digest_boot.console


def test_changed_image_is_refused_with_measured_and_expected(platform,
                                                            digest_boot):
    m = refusal(digest_boot.console, "changed")
    assert m.group(1) == A.sha256_file(
        platform.path("guests", "attester-modified.bin"))
    assert m.group(2) == "allowed digests: " + A.sha256_file(
        platform.path("guests", "attester.bin"))
    assert not re.search(r"^\[changed\]", digest_boot.console, re.M)


def test_pem_signer_key_is_accepted(digest_boot):
    assert re.search(r"^\[pem\] tick \d+$", digest_boot.console, re.M)


def test_required_partition_refused_stops_everything(platform):
    with platform.boot(config="policy-required") as b:
        b.wait_for(r"^vigil: launch stopped; no partition started$",
                   timeout=platform.boot_timeout)
        b.run_for(1)
    refusal(b.console, "changed")
    assert "vigil: partition 'changed' is vigil,required" in b.console
    assert "vigil: starting" not in b.console
    assert not re.search(r"^\[", b.console, re.M)


@pytest.fixture(scope="module")
def signed_boot(platform):
    with platform.boot(config="policy-signed") as b:
        b.wait_for(r"^\[good\] send a nonce", timeout=60)
        yield b


@pytest.mark.parametrize("name", ["other", "truncated", "wrong-image"])
def test_bad_signature_is_refused(platform, signed_boot, name):
    m = refusal(signed_boot.console, name)
    assert m.group(1) == A.sha256_file(platform.path("guests", "hello.bin"))
    assert m.group(3) == "the signature does not verify with vigil,image-signer"
    assert not re.search(rf"^\[{name}\]", signed_boot.console, re.M)


def test_signed_image_runs_and_its_log_names_the_signer(signed_boot, tmp_path):
    assert "vigil: starting 1 partition, " in signed_boot.console
    nonce = A.new_nonce()
    art = A.attest(signed_boot, "good", nonce)
    paths = A.write_files(art, nonce, tmp_path)
    assert A.checkquote(paths, nonce.hex()).returncode == 0
    signer = hashlib.sha256(open(os.path.join(BUILD_ROOT, "signing",
                                              "signer.der"), "rb")
                            .read()).hexdigest()
    event = f"launch policy: verify: signer {signer}".encode()
    assert event in art["EVENT LOG"]
    # vPCR 2 = extend(zeros, SHA-256(event text))
    expected = hashlib.sha256(bytes(32) + hashlib.sha256(event).digest()).digest()
    assert art["VPCR 2"] == expected
