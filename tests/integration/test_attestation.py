# SPDX-License-Identifier: MIT
"""Attestation end to end, on every platform: the attester guest answers a
fresh random nonce with a quote, a certificate chain and an event log, and
tools Vigil did not write check them: tpm2_checkquote, tpm2_eventlog,
openssl verify; then Vigil's own verifier. Also what must fail: another
nonce, another partition's report, another device, an unknown Vigil, a
Vigil-owned vPCR, bad buffers; and Vigil's copy of the device secret is
zero once its keys are derived.

Two attesters run (platforms.py, `attest`). Vigil measures itself as its
Image on ARM64 and as vigil.efi read from the ESP on x86-64; the device
secret comes from a RAM region on ARM64 (test_arm64_attestation.py probes
it) and through fw_cfg on x86-64 (test_x86_attestation.py boots without
it)."""
import hashlib
import os
import re
import subprocess
import time

import pytest

import attest_artefacts as A
from platforms import BUILD_ROOT

SWITCH_KEY = "\x1d"  # Ctrl-]: console input to the next partition


def attesters(platform):
    """The attester partitions the boot runs."""
    return [p.name for p in platform.attest.partitions
            if p.name.startswith("attester-")]


def attester_bin(platform):
    return platform.path("guests", "attester.bin")


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config=platform.attest.name) as b:
        for name in attesters(platform):
            b.wait_for(rf"^\[{name}\] send a nonce",
                       timeout=platform.boot_timeout)
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


def test_vigil_digest_is_sha256_of_its_image(platform, boot):
    m = re.search(r"^vigil: measured Vigil: sha256 ([0-9a-f]{64}) "
                  rf"{platform.vigil_measured}$", boot.console, re.M)
    assert m and m.group(1) == A.sha256_file(platform.path(platform.vigil_image))
    assert boot.console.count("vigil: measured Vigil") == 1
    assert "vigil: attestation on: DeviceID and Alias keys derived, " \
           "device secret erased" in boot.console


def test_each_partition_measured(platform, boot):
    digests = {}
    for p in platform.attest.partitions:
        m = re.search(rf"^vigil: measured '{p.name}': sha256 ([0-9a-f]{{64}}) ",
                      boot.console, re.M)
        assert m and m.group(1) == A.sha256_file(
            platform.path("guests", p.image + ".bin")), p.name
        digests[p.name] = m.group(1)
    # The attesters run the same bytes: only their names and config nodes
    # differ.
    assert digests["attester-a"] == digests["attester-b"]


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


def test_certificates_carry_names_and_measurements(report_a, platform):
    _, _, paths = report_a
    ak = A.run("openssl", "x509", "-in", paths["ak"], "-noout", "-subject").stdout
    assert "CN = attester-a" in ak
    image = hashlib.sha256(open(attester_bin(platform), "rb").read()).digest()
    vigil = hashlib.sha256(open(platform.path(platform.vigil_image), "rb")
                           .read()).digest()
    assert image in open(paths["ak"].replace(".pem", ".der"), "rb").read()
    assert vigil in open(paths["alias"].replace(".pem", ".der"), "rb").read()
    tcbinfo = A.run("openssl", "asn1parse", "-inform", "DER", "-in",
                    paths["ak"].replace(".pem", ".der")).stdout
    assert "2.23.133.5.4.1" in tcbinfo


def test_event_log_replays_to_the_quoted_vpcrs(report_a, platform):
    _, art, paths = report_a
    replayed = A.eventlog_pcrs(paths["log"])
    for i in A.QUOTED_VPCRS:
        assert replayed[i] == art[f"VPCR {i}"], i
    image = hashlib.sha256(open(attester_bin(platform), "rb").read()).digest()
    assert art["VPCR 0"] == hashlib.sha256(bytes(32) + image).digest()


def test_refusals_reach_the_guest(platform, boot):
    # -1 EPERM (vPCR 0 is Vigil's), -22 EINVAL, -14 EFAULT, -28 ENOSPC
    for p in attesters(platform):
        m = re.search(rf"^\[{p}\] attest checks: extend0 -1 extend24 -22 read24 -22 "
                      rf"nonce65 -22 mask0 -22 certs-outside -14 quote-small -28 "
                      rf"needed (\d+)$", boot.console, re.M)
        assert m, p
        assert int(m.group(1)) == 2 + 113 + 8 + 72  # TPM2B_ATTEST + signature


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


@pytest.fixture(scope="module")
def refs(tmp_path_factory, platform):
    return A.references(tmp_path_factory.mktemp("refs"), platform)


def test_vigil_verify_says_verified(report_a, refs):
    nonce, _, paths = report_a
    r = A.vigil_verify(paths, nonce, refs, paths["deviceid"], "attester-a")
    assert r.returncode == 0 and r.stdout.strip() == "VERIFIED", r.stdout + r.stderr


def test_vigil_verify_names_a_nonce_mismatch(report_a, refs):
    _, _, paths = report_a
    r = A.vigil_verify(paths, A.new_nonce(), refs, paths["deviceid"])
    assert r.returncode == 1
    assert re.search(r"^nonce mismatch", r.stdout, re.M), r.stdout


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


def test_unknown_vigil_is_named(report_a, platform, tmp_path):
    nonce, _, paths = report_a
    refs = tmp_path / "refs.txt"
    image = A.sha256_file(attester_bin(platform))
    refs.write_text(f"{'00' * 32} vigil Vigil\n{image} partition attester\n")
    r = A.vigil_verify(paths, nonce, str(refs), paths["deviceid"])
    assert r.returncode == 1
    assert re.search(r"^unknown vigil measurement", r.stdout, re.M), r.stdout


def symbol(elf, name):
    """(offset, size) of a data symbol in the ELF, from nm."""
    out = subprocess.run(["nm", "-S", elf], check=True, capture_output=True,
                         text=True).stdout
    for fields in (line.split() for line in out.splitlines()):
        if len(fields) == 4 and fields[3] == name:
            return int(fields[0], 16), int(fields[1], 16)
    raise AssertionError(f"{name} not in {elf}")


def monitor_words(boot, addr, count):
    """count 32-bit words of physical memory from addr, read with QEMU's
    monitor (which must have the console)."""
    start = len(boot.console)
    boot.send(f"xp /{count}xw {addr:#x}\n")
    last = addr + (count - 1) // 4 * 16
    boot.wait_for(rf"^0*{last:x}: .*$", timeout=10, start=start)
    lines = re.findall(r"^0*([0-9a-f]+): ((?:0x[0-9a-f]{8} ?){1,4})$",
                       boot.console[start:], re.M)
    assert [int(a, 16) for a, _ in lines] == list(range(addr, last + 1, 16)), \
        boot.console[start:]
    return [int(w, 16) for _, ws in lines for w in ws.split()]


def test_device_secret_was_erased(platform, boot):
    """Last in this module: it borrows the console for QEMU's monitor.
    Vigil's copy of the device secret is all zero once attestation has its
    keys: on ARM64 the UDS region the config names, where the boot loader
    put it; on x86-64 rot.c's buffer (its static uds[]) that the fw_cfg
    file was read into, in Vigil's image, which runs identity-mapped where
    UEFI loaded it."""
    with open(os.path.join(BUILD_ROOT, "uds.bin"), "rb") as f:
        secret = f.read()
    assert len(secret) == 32 and any(secret)
    boot.wait_for(r"^vigil: attestation on", timeout=10)
    where = platform.device_secret
    size_addr = None
    if where.region is not None:
        addr = where.region
    else:
        loaded = re.search(platform.vigil_loaded, boot.console, re.M)
        assert loaded
        base = int(loaded.group(1), 16)
        offset, size = symbol(platform.path(where.elf), where.symbol)
        assert size == 32
        addr = base + offset
        size_addr = base + symbol(platform.path(where.elf),
                                  where.size_symbol)[0]
    start = len(boot.console)
    boot.send("\x01c")  # Ctrl-A c: QEMU's monitor
    boot.wait_for(r"\(qemu\)", timeout=10, start=start)
    time.sleep(0.2)
    if size_addr is not None:
        # The address is right: the size beside it holds the file's size.
        assert monitor_words(boot, size_addr, 1) == [32]
    words = monitor_words(boot, addr, 8)
    assert words == [0] * 8
    boot.send("\x01c")
