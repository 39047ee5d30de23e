# SPDX-License-Identifier: MIT
"""Attestation end to end: the attester guest answers a fresh random nonce
with a quote, a certificate chain and an event log, and tools Vigil did not
write check them: tpm2_checkquote, tpm2_eventlog, openssl verify; then
Vigil's own verifier. Also what must fail: another nonce, another
partition's report, a Vigil-owned vPCR, bad buffers, the device secret.

The tests that need one attester only run on x86-64 too:
test_x86_attestation.py imports them with its own boot and build
(fixtures boot, build_dir, vigil_image, attesters). Those that need two
partitions or the ARM64 UDS region are ARM64-only, marked below."""
import hashlib
import os
import re

import pytest

import attest_artefacts as A
from vigil_qemu import Boot, build_path

SWITCH_KEY = "\x1d"  # Ctrl-]: console input to the next partition


@pytest.fixture(scope="module")
def build_dir():
    """Where the booted Vigil and its guests were built."""
    return build_path()


@pytest.fixture(scope="module")
def vigil_image(build_dir):
    """The file Vigil measures itself as (ARM64: Image)."""
    return A.vigil_image(build_dir)


@pytest.fixture(scope="module")
def attesters():
    """The attester partitions the boot runs."""
    return ("attester-a", "attester-b")


def attester_bin(build_dir):
    return os.path.join(build_dir, "guests", "attester.bin")


@pytest.fixture(scope="module")
def boot():
    with Boot(config="attest") as b:
        b.wait_for(r"^\[attester-a\] send a nonce", timeout=60)
        b.wait_for(r"^\[attester-b\] send a nonce", timeout=60)
        yield b


@pytest.fixture(scope="module")
def report_a(boot, tmp_path_factory):
    nonce = A.new_nonce()
    art = A.attest(boot, "attester-a", nonce)
    return nonce, art, A.write_files(art, nonce, tmp_path_factory.mktemp("a"))


@pytest.fixture(scope="module")
def report_b(boot, report_a, tmp_path_factory):
    start = len(boot.console)
    boot.send(SWITCH_KEY)
    boot.wait_for(r"^vigil: console input goes to 'attester-b'$", start=start)
    nonce = A.new_nonce(32)
    art = A.attest(boot, "attester-b", nonce)
    return nonce, art, A.write_files(art, nonce, tmp_path_factory.mktemp("b"))


# ARM64 only: x86-64 measures vigil.efi (test_x86_attestation.py).
def test_vigil_digest_is_sha256_of_its_image(boot):
    m = re.search(r"^vigil: measured Vigil: sha256 ([0-9a-f]{64}) "
                  r"\(root of trust: UDS in RAM\)$", boot.console, re.M)
    assert m and m.group(1) == A.sha256_file(build_path("Image"))
    assert "vigil: attestation on: DeviceID and Alias keys derived, " \
           "device secret erased" in boot.console


def test_tpm2_checkquote_accepts_the_quote(report_a):
    nonce, _, paths = report_a
    r = A.checkquote(paths, nonce.hex())
    assert r.returncode == 0, r.stdout + r.stderr


def test_quote_fields(report_a):
    nonce, art, paths = report_a
    attest = open(paths["attest"], "rb").read()
    assert attest[:4] == bytes.fromhex("ff544347")     # TPM_GENERATED_VALUE
    assert attest[4:6] == bytes.fromhex("8018")        # TPM_ST_ATTEST_QUOTE
    n = int.from_bytes(attest[42:44], "big")
    assert attest[44:44 + n] == nonce                  # extraData
    # firmwareVersion 0.1.0, after clockInfo (17 bytes)
    assert attest[61 + n:69 + n] == (1 << 16).to_bytes(8, "big")
    sig = open(paths["sig"], "rb").read()
    assert sig[:4] == bytes.fromhex("0018000b")        # ECDSA, SHA-256


def test_quote_with_another_nonce_fails(report_a):
    _, _, paths = report_a
    r = A.checkquote(paths, A.new_nonce().hex())
    assert r.returncode != 0


def test_openssl_verifies_the_chain(report_a):
    _, _, paths = report_a
    r = A.run("openssl", "verify", "-CAfile", paths["deviceid"], "-untrusted",
              paths["alias"], paths["ak"], check=False)
    assert r.returncode == 0 and r.stdout.strip().endswith(": OK"), r.stderr


def test_certificates_carry_names_and_measurements(report_a, build_dir,
                                                   vigil_image):
    _, _, paths = report_a
    ak = A.run("openssl", "x509", "-in", paths["ak"], "-noout", "-subject").stdout
    assert "CN = attester-a" in ak
    image = hashlib.sha256(open(attester_bin(build_dir), "rb").read()).digest()
    vigil = hashlib.sha256(open(vigil_image, "rb").read()).digest()
    assert image in open(paths["ak"].replace(".pem", ".der"), "rb").read()
    assert vigil in open(paths["alias"].replace(".pem", ".der"), "rb").read()
    tcbinfo = A.run("openssl", "asn1parse", "-inform", "DER", "-in",
                    paths["ak"].replace(".pem", ".der")).stdout
    assert "2.23.133.5.4.1" in tcbinfo


def test_event_log_replays_to_the_quoted_vpcrs(report_a, build_dir):
    _, art, paths = report_a
    replayed = A.eventlog_pcrs(paths["log"])
    for i in A.QUOTED_VPCRS:
        assert replayed[i] == art[f"VPCR {i}"], i
    image = hashlib.sha256(open(attester_bin(build_dir), "rb").read()).digest()
    assert art["VPCR 0"] == hashlib.sha256(bytes(32) + image).digest()


def test_refusals_reach_the_guest(boot, attesters):
    # -1 EPERM (vPCR 0 is Vigil's), -22 EINVAL, -14 EFAULT, -28 ENOSPC
    for p in attesters:
        m = re.search(rf"^\[{p}\] attest checks: extend0 -1 extend24 -22 read24 -22 "
                      rf"nonce65 -22 mask0 -22 certs-outside -14 quote-small -28 "
                      rf"needed (\d+)$", boot.console, re.M)
        assert m, p
        assert int(m.group(1)) == 2 + 113 + 8 + 72  # TPM2B_ATTEST + signature


# ARM64 only: two attesters.
def test_partition_b_has_other_keys(report_a, report_b):
    _, art_a, _ = report_a
    nonce_b, art_b, paths_b = report_b
    assert A.checkquote(paths_b, nonce_b.hex()).returncode == 0
    a_certs, b_certs = A.split_der(art_a["CERTS"]), A.split_der(art_b["CERTS"])
    assert a_certs[:2] == b_certs[:2]      # same DeviceID and Alias
    assert a_certs[2] != b_certs[2]        # its own AK
    # B's quote does not verify with A's key
    mixed = dict(paths_b, ak_pub=report_a[2]["ak_pub"])
    assert A.checkquote(mixed, nonce_b.hex()).returncode != 0


# ARM64 only: the UDS region (x86-64's secret comes through fw_cfg).
def test_device_secret_is_out_of_reach(boot):
    assert re.search(r"^vigil: partition 'uds-probe' stopped: stage-2 data abort on "
                     r"read at IPA 0x4bfff000 ", boot.console, re.M)
    assert "isolation broken" not in boot.console


@pytest.fixture(scope="module")
def refs(tmp_path_factory, build_dir):
    return A.references(tmp_path_factory.mktemp("refs"), build=build_dir)


def test_vigil_verify_says_verified(report_a, refs):
    nonce, _, paths = report_a
    r = A.vigil_verify(paths, nonce, refs, paths["deviceid"], "attester-a")
    assert r.returncode == 0 and r.stdout.strip() == "VERIFIED", r.stdout + r.stderr


def test_vigil_verify_names_a_nonce_mismatch(report_a, refs):
    _, _, paths = report_a
    r = A.vigil_verify(paths, A.new_nonce(), refs, paths["deviceid"])
    assert r.returncode == 1
    assert re.search(r"^nonce mismatch", r.stdout, re.M), r.stdout


# ARM64 only: two attesters.
def test_report_of_b_does_not_pass_as_a(report_b, refs):
    nonce, _, paths = report_b
    assert A.vigil_verify(paths, nonce, refs, paths["deviceid"],
                          "attester-b").returncode == 0
    r = A.vigil_verify(paths, nonce, refs, paths["deviceid"], "attester-a")
    assert r.returncode == 1
    assert re.search(r"^wrong partition", r.stdout, re.M), r.stdout


def test_another_device_breaks_the_chain(report_a, refs, tmp_path):
    nonce, _, paths = report_a
    # A DeviceID certificate of another key: openssl's own.
    key, cert = tmp_path / "k.pem", tmp_path / "other.pem"
    A.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:P-256", "-nodes", "-keyout", str(key), "-out",
          str(cert), "-subj", "/CN=Vigil DeviceID", "-days", "1")
    r = A.vigil_verify(paths, nonce, refs, str(cert))
    assert r.returncode == 1
    assert re.search(r"^chain broken", r.stdout, re.M), r.stdout


def test_unknown_vigil_is_named(report_a, build_dir, tmp_path):
    nonce, _, paths = report_a
    refs = tmp_path / "refs.txt"
    image = A.sha256_file(attester_bin(build_dir))
    refs.write_text(f"{'00' * 32} vigil Vigil\n{image} partition attester\n")
    r = A.vigil_verify(paths, nonce, str(refs), paths["deviceid"])
    assert r.returncode == 1
    assert re.search(r"^unknown vigil measurement", r.stdout, re.M), r.stdout


# ARM64 only: the UDS region.
def test_device_secret_was_erased(boot):
    """Last in this module: it borrows the console for QEMU's monitor."""
    secret = open(build_path("..", "uds.bin"), "rb").read()
    assert len(secret) == 32 and any(secret)
    boot.send("\x01c")  # Ctrl-A c: QEMU's monitor
    boot.wait_for(r"\(qemu\)", timeout=10)
    start = len(boot.console)
    boot.send("xp /8xw 0x4bfff000\n")
    boot.wait_for(r"^0*4bfff010: .*$", timeout=10, start=start)
    words = re.findall(r"^0*4bfff0[01]0: ((?:0x[0-9a-f]{8} ?){4})$",
                       boot.console[start:], re.M)
    assert len(words) == 2
    assert all(w == "0x00000000" for line in words for w in line.split())
    boot.send("\x01c")
