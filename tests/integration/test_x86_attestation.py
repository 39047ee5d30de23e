# SPDX-License-Identifier: MIT
"""Attestation on x86-64: the attester guest, alone on the boot CPU
(platform/qemu-x86_64/test-configs/attest.dts), answers a fresh nonce, and
the one-attester tests of test_attestation.py run on what it prints:
tpm2_checkquote accepts the quote and refuses another nonce, openssl
verifies the chain, tpm2_eventlog replays to the quoted vPCRs, and
vigil-verify says VERIFIED with vigil.efi's SHA-256 as the Vigil
reference (and names a wrong nonce, another device, an unknown Vigil).

Here the device secret is build/uds.bin handed over as the fw_cfg file
"opt/vigil/uds" (platform/qemu-x86_64/rot.c): read before any partition
starts, the copy zeroed once attestation has its keys, and without the
file attestation stays off and says why. That no guest reaches fw_cfg's
ports (0x510, 0x511, 0x514) is the I/O permission map's doing, which
intercepts every port (checked port by port in tests/unit/test_svm.c).

Needs the x86-64 build (`make test` makes it); fails, saying what is
missing, without it."""
import os
import re
import subprocess
import time

import pytest

import attest_artefacts as A
from test_x86_boot import missing
from x86_platform import BOOT_TIMEOUT, X86_BUILD, X86_QEMU
from vigil_qemu import Boot, build_path

# The tests that need one attester and no UDS region, run here on the x86
# boot below; pytest resolves their fixtures in this module.
from test_attestation import (  # noqa: F401
    report_a, refs,
    test_tpm2_checkquote_accepts_the_quote, test_quote_fields,
    test_quote_with_another_nonce_fails, test_openssl_verifies_the_chain,
    test_certificates_carry_names_and_measurements,
    test_event_log_replays_to_the_quoted_vpcrs, test_refusals_reach_the_guest,
    test_vigil_verify_says_verified, test_vigil_verify_names_a_nonce_mismatch,
    test_another_device_breaks_the_chain, test_unknown_vigil_is_named,
)

UDS_FW_CFG = "name=opt/vigil/uds,"
END = (r"^(\[attester-a\] send a nonce.*|vigil: .*no partition started|"
       r"vigil: PANIC.*)$")


@pytest.fixture(scope="module", autouse=True)
def x86_build_present():
    assert missing() is None, missing()
    for path in ("configs/attest.dtb", "guests/attester.bin"):
        assert os.path.exists(os.path.join(X86_BUILD, path)), \
            f"no {X86_BUILD}/{path}: run make PLATFORM=qemu-x86_64 all"


def x86_attest_boot(with_secret=True):
    b = Boot(config="attest", build=X86_BUILD, qemu=X86_QEMU)
    if not with_secret:
        i = next(i for i, a in enumerate(b.argv) if a.startswith(UDS_FW_CFG))
        assert b.argv[i - 1] == "-fw_cfg"
        del b.argv[i - 1:i + 1]
    return b


@pytest.fixture(scope="module")
def boot():
    with x86_attest_boot() as b:
        b.wait_for(END, timeout=BOOT_TIMEOUT)
        yield b


@pytest.fixture(scope="module")
def build_dir():
    return X86_BUILD


@pytest.fixture(scope="module")
def vigil_image():
    return os.path.join(X86_BUILD, "vigil.efi")


@pytest.fixture(scope="module")
def attesters():
    return ("attester-a",)


def test_vigil_efi_measured_and_attestation_on(boot, vigil_image):
    m = re.search(r"^vigil: measured Vigil: sha256 ([0-9a-f]{64}) \(.*; "
                  r"root of trust: vigil\.efi read from the ESP, UDS from "
                  r"fw_cfg\)$", boot.console, re.M)
    assert m, boot.console
    assert m.group(1) == A.sha256_file(vigil_image)
    assert "vigil: attestation on: DeviceID and Alias keys derived, " \
           "device secret erased" in boot.console
    assert "[attester-a]" in boot.console


def test_no_secret_no_attestation():
    """Without the fw_cfg file Vigil says so and boots the partition with
    attestation off."""
    with x86_attest_boot(with_secret=False) as b:
        b.wait_for(END, timeout=BOOT_TIMEOUT)
        b.wait_for(r"^vigil: attestation off: no device secret: QEMU passed "
                   r"no fw_cfg file \"opt/vigil/uds\"$", timeout=10)
        assert "attestation on" not in b.console


def symbol(elf, name):
    """(offset, size) of a data symbol in the ELF, from nm."""
    out = subprocess.run(["nm", "-S", elf], check=True, capture_output=True,
                         text=True).stdout
    for fields in (line.split() for line in out.splitlines()):
        if len(fields) == 4 and fields[3] == name:
            return int(fields[0], 16), int(fields[1], 16)
    raise AssertionError(f"{name} not in {elf}")


def test_copy_of_the_secret_was_erased(boot):
    """Last in this module: it borrows the console for QEMU's monitor.
    rot.c's copy of the secret (its static uds[]) is all zero once
    attestation is on; Vigil runs identity-mapped where UEFI loaded it."""
    secret = open(build_path("..", "uds.bin"), "rb").read()
    assert len(secret) == 32 and any(secret)
    boot.wait_for(r"^vigil: attestation on", timeout=10)
    loaded = re.search(r"^  vigil +(0x[0-9a-f]+)-0x[0-9a-f]+ \(\d+ KiB\) "
                       r"as loaded by UEFI$", boot.console, re.M)
    assert loaded
    base = int(loaded.group(1), 16)
    so = os.path.join(X86_BUILD, "vigil.so")
    offset, size = symbol(so, "uds")
    assert size == 32
    addr = base + offset
    start = len(boot.console)
    boot.send("\x01c")  # Ctrl-A c: QEMU's monitor
    boot.wait_for(r"\(qemu\)", timeout=10, start=start)
    time.sleep(0.2)
    # The address is right: uds_size, beside it, holds the file's size.
    size_addr = base + symbol(so, "uds_size")[0]
    start = len(boot.console)
    boot.send(f"xp /1xw {size_addr:#x}\n")
    m = boot.wait_for(rf"^0*{size_addr:x}: (0x[0-9a-f]{{8}})$", timeout=10,
                      start=start)
    assert int(m.group(1), 16) == 32
    start = len(boot.console)
    boot.send(f"xp /8xw {addr:#x}\n")
    boot.wait_for(rf"^0*{addr + 16:x}: .*$", timeout=10, start=start)
    words = re.findall(r"^0*[0-9a-f]+: ((?:0x[0-9a-f]{8} ?){4})$",
                       boot.console[start:], re.M)
    assert len(words) == 2, boot.console[start:]
    assert all(w == "0x00000000" for line in words for w in line.split())
    boot.send("\x01c")
