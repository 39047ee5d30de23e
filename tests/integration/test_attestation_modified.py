# SPDX-License-Identifier: MIT
"""A guest image changed by one byte, on every platform: its digest, its AK
and its certificate change, the DeviceID does not, and a verifier that
knows only the original image names the unknown measurement."""
import re

import pytest

import attest_artefacts as A


def one_report(platform, config, directory):
    with platform.boot(config=config) as b:
        b.wait_for(r"^\[attester-a\] send a nonce",
                   timeout=platform.boot_timeout)
        nonce = A.new_nonce()
        art = A.attest(b, "attester-a", nonce)
        console = b.console
    return nonce, art, A.write_files(art, nonce, directory), console


@pytest.fixture(scope="module")
def reports(platform, tmp_path_factory):
    original = one_report(platform, platform.attest.name,
                          tmp_path_factory.mktemp("original"))
    modified = one_report(platform, platform.attest_modified.name,
                          tmp_path_factory.mktemp("modified"))
    return original, modified


def measured(console):
    return re.search(r"^vigil: measured 'attester-a': sha256 ([0-9a-f]{64})",
                     console, re.M).group(1)


def test_images_differ_in_one_byte(platform):
    a, b = platform.image("attester"), platform.image("attester-modified")
    assert len(a) == len(b)
    assert sum(x != y for x, y in zip(a, b)) == 1


def test_digest_key_and_certificate_change(platform, reports):
    (_, art_o, _, con_o), (_, art_m, _, con_m) = reports
    assert measured(con_o) == A.sha256_file(
        platform.path("guests", "attester.bin"))
    assert measured(con_m) == A.sha256_file(
        platform.path("guests", "attester-modified.bin"))
    certs_o, certs_m = A.split_der(art_o["CERTS"]), A.split_der(art_m["CERTS"])
    assert certs_o[0] == certs_m[0]       # same device
    # The configs differ (they name other images), and the config is part
    # of Vigil's CDI: another Alias too.
    assert certs_o[1] != certs_m[1]
    assert certs_o[2] != certs_m[2]       # another AK and certificate
    assert art_o["VPCR 0"] != art_m["VPCR 0"]


def test_modified_report_still_checks_but_is_unknown(platform, reports,
                                                     tmp_path):
    _, (nonce, _, paths, _) = reports
    assert A.checkquote(paths, nonce.hex()).returncode == 0  # well-formed
    refs = A.references(tmp_path, platform)  # knows only the original image
    r = A.vigil_verify(paths, nonce, refs, paths["deviceid"], "attester-a")
    assert r.returncode == 1
    assert re.search(r"^unknown partition measurement", r.stdout, re.M), r.stdout
    both = A.references(tmp_path / "both", platform,
                        ("attester", "attester-modified"))
    r = A.vigil_verify(paths, nonce, both, paths["deviceid"], "attester-a")
    assert r.returncode == 0, r.stdout
