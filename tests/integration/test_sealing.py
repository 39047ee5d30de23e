# SPDX-License-Identifier: MIT
"""Sealing end to end with the sealer sample guest: a secret sealed in one
QEMU run unseals in the next (a restart of everything: Vigil, the
partitions, the device secret read again), with the same image and
partition; it does not unseal in another partition, in a one-byte-modified
image under DIGEST, or in an image from another signer under SIGNER; a
signed update of the image unseals what SIGNER sealed; SIGNER without a
signer is refused with -EPERM.

On both platforms, with configs of the same names (seal*.dts); on x86-64
the device secret comes from fw_cfg rather than RAM, and the keys derive
from it the same way."""
import hashlib
import re
import time

import pytest

SWITCH_KEY = "\x1d"  # Ctrl-]: console input to the next partition
SECRET = "vault code 4711: not for partition B"  # <= 44 bytes
NOT_AUTHENTIC = "unseal failed: not authentic"
EPERM = -1


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Sealers:
    """One QEMU run of a sealing config, driven over the console."""

    def __init__(self, boot):
        self.boot = boot
        self.focus = "sealer-a"  # the first partition has the console

    def type(self, text):
        """Types text in pieces: Vigil keeps at most 128 bytes of input for
        a partition (CONSOLE_INPUT_BUFFER) and drops the rest, and whichever
        partition reads next moves all that the UART holds into the buffer
        of the one with the focus, so a longer line typed at once can lose
        bytes before the guest reads them."""
        for i in range(0, len(text), 64):
            self.boot.send(text[i:i + 64])
            time.sleep(0.1)

    def command(self, name, line):
        """Sends line to partition name; returns its answer."""
        if name != self.focus:
            start = len(self.boot.console)
            self.boot.send(SWITCH_KEY)
            self.boot.wait_for(rf"^vigil: console input goes to '{name}'$",
                               start=start)
            self.focus = name
        start = len(self.boot.console)
        self.type(line + "\n")
        # Up to the '\n': "$" would match a line still arriving.
        m = self.boot.wait_for(
            rf"^\[{re.escape(name)}\] (sealed \S+ [0-9a-f]+|unsealed: .*|"
            r"unseal failed: .*|seal failed: .*|unknown .*)\n",
            start=start, timeout=60)
        return m.group(1)

    def seal(self, name, policy, text):
        answer = self.command(name, f"seal {policy} {text}")
        m = re.fullmatch(rf"sealed {policy} ([0-9a-f]+)", answer)
        assert m, answer
        return m.group(1)

    def unseal(self, name, policy, blob):
        return self.command(name, f"unseal {policy} {blob}")

    def checks(self, name):
        m = re.search(rf"^\[{name}\] seal checks: digest (-?\d+) signer (-?\d+) "
                      r"policy2 (-?\d+) label65 (-?\d+) out-outside (-?\d+)$",
                      self.boot.console, re.M)
        assert m, f"no seal checks from {name}"
        return tuple(int(g) for g in m.groups())


def run(platform, config, drive, names=("sealer-a", "sealer-b"),
        replace=None):
    """Boots config (with the image files in replace swapped: where the
    boot finds the first, the second's bytes), waits for the sealers in
    names, calls drive(Sealers) and returns what it returned, with the
    console."""
    with platform.boot(config=config, replace=replace) as b:
        for name in names:
            b.wait_for(rf"^\[{name}\] ready: ", timeout=90)
        result = drive(Sealers(b))
    return result, b.console


# ---- launch policy "measure": DIGEST ----

@pytest.fixture(scope="module")
def first_run(platform):
    def drive(s):
        blob = s.seal("sealer-a", "DIGEST", SECRET)
        flipped = blob[:30] + ("0" if blob[30] != "0" else "1") + blob[31:]
        return {
            "blob": blob,
            "checks_a": s.checks("sealer-a"),
            "checks_b": s.checks("sealer-b"),
            "seal_signer": s.command("sealer-a", "seal SIGNER x"),
            "same_run": s.unseal("sealer-a", "DIGEST", blob),
            "other_policy": s.unseal("sealer-a", "SIGNER", blob),
            "flipped": s.unseal("sealer-a", "DIGEST", flipped),
            "b_unseals": s.unseal("sealer-b", "DIGEST", blob),
            "b_blob": s.seal("sealer-b", "DIGEST", SECRET),
        }
    return run(platform, "seal", drive)


@pytest.fixture(scope="module")
def restarted(platform, first_run):
    blob = first_run[0]["blob"]

    def drive(s):
        return {
            "a_unseals": s.unseal("sealer-a", "DIGEST", blob),
            "a_blob": s.seal("sealer-a", "DIGEST", SECRET),
            "b_unseals": s.unseal("sealer-b", "DIGEST", blob),
        }
    return run(platform, "seal", drive)


@pytest.fixture(scope="module")
def modified_image(platform, first_run):
    """The same config, with the one-byte-modified sealer image where the
    boot finds the sealer's (QEMU's loader, or the ESP's sealer.bin): the
    config node, the config blob and everything else stay the same; only
    the image's digest changes."""
    blob = first_run[0]["blob"]

    def drive(s):
        return {"a_unseals": s.unseal("sealer-a", "DIGEST", blob)}
    return run(platform, "seal", drive,
               replace={"sealer.bin": "sealer-modified.bin"})


def test_blob_is_iv_ciphertext_and_tag(first_run):
    result, _ = first_run
    assert len(result["blob"]) == 2 * (12 + len(SECRET) + 16)
    assert SECRET.encode().hex() not in result["blob"]


def test_unseals_in_the_same_run(first_run):
    result, _ = first_run
    assert result["same_run"] == "unsealed: " + SECRET


def test_same_image_unseals_after_a_restart(restarted):
    result, _ = restarted
    assert result["a_unseals"] == "unsealed: " + SECRET


def test_iv_is_not_repeated_after_a_restart(first_run, restarted):
    # The same text under the same key after a restart: another IV, so
    # another ciphertext.
    assert restarted[0]["a_blob"][:24] != first_run[0]["blob"][:24]


def test_changed_blob_does_not_unseal(first_run):
    result, _ = first_run
    assert result["flipped"].startswith(NOT_AUTHENTIC)


def test_blob_does_not_unseal_under_the_other_policy(first_run):
    # No signer here: SIGNER gives no key at all.
    result, _ = first_run
    assert result["other_policy"] == f"unseal failed: seal_key SIGNER: {EPERM}"


def test_another_partition_cannot_unseal(first_run, restarted):
    assert first_run[0]["b_unseals"].startswith(NOT_AUTHENTIC)
    assert restarted[0]["b_unseals"].startswith(NOT_AUTHENTIC)
    assert first_run[0]["b_blob"] != first_run[0]["blob"]


def test_changed_image_cannot_unseal_under_digest(platform, modified_image):
    result, console = modified_image
    # It is the modified image that ran, with its own measurement...
    assert "[sealer-a] sealer image VIGIL-VARIANT-BYTE:1" in console
    modified = sha256_file(platform.path("guests", "sealer-modified.bin"))
    assert sha256_file(platform.path("guests", "sealer.bin")) != modified
    assert re.search(rf"^vigil: measured 'sealer-a': sha256 {modified} ",
                     console, re.M)
    # ...and it cannot unseal.
    assert result["a_unseals"].startswith(NOT_AUTHENTIC)


def test_signer_without_a_signer_is_eperm(first_run):
    result, console = first_run
    # digest 32, signer -EPERM, policy 2 -EINVAL, a 65-byte label -EINVAL,
    # an output buffer outside the partition -EFAULT
    assert result["checks_a"] == (32, EPERM, -22, -22, -14)
    assert result["checks_b"] == (32, EPERM, -22, -22, -14)
    assert result["seal_signer"] == f"seal failed: seal_key SIGNER: {EPERM}"
    assert re.search(r"^vigil: partition 'sealer-a': hypercall 0x9 refused "
                     r"with -1: ", console, re.M)


# ---- launch policy "verify" by signature: SIGNER ----

@pytest.fixture(scope="module")
def signed_run(platform):
    def drive(s):
        blob = s.seal("sealer-a", "SIGNER", SECRET)
        return {
            "checks_a": s.checks("sealer-a"),
            "signer_blob": blob,
            "digest_blob": s.seal("sealer-a", "DIGEST", SECRET),
            # B: the same image and signer, another name
            "b_unseals": s.unseal("sealer-b", "SIGNER", blob),
        }
    return run(platform, "seal-signer", drive)


@pytest.fixture(scope="module")
def signed_update(platform, signed_run):
    blobs = signed_run[0]

    def drive(s):
        return {
            "checks_a": s.checks("sealer-a"),
            "signer": s.unseal("sealer-a", "SIGNER", blobs["signer_blob"]),
            "digest": s.unseal("sealer-a", "DIGEST", blobs["digest_blob"]),
        }
    return run(platform, "seal-signer-modified", drive, names=("sealer-a",))


@pytest.fixture(scope="module")
def other_signer(platform, signed_run):
    blobs = signed_run[0]

    def drive(s):
        return {"signer": s.unseal("sealer-a", "SIGNER", blobs["signer_blob"])}
    return run(platform, "seal-signer-other", drive, names=("sealer-a",))


def test_signed_image_gets_a_signer_key(signed_run):
    result, _ = signed_run
    assert result["checks_a"] == (32, 32, -22, -22, -14)


def test_signed_update_unseals_under_signer(signed_update):
    result, console = signed_update
    assert "[sealer-a] sealer image VIGIL-VARIANT-BYTE:1" in console
    assert result["checks_a"][1] == 32
    assert result["signer"] == "unsealed: " + SECRET


def test_signed_update_cannot_unseal_under_digest(signed_update):
    result, _ = signed_update
    assert result["digest"].startswith(NOT_AUTHENTIC)


def test_image_from_another_signer_cannot_unseal(other_signer):
    result, console = other_signer
    assert "[sealer-a] sealer image VIGIL-VARIANT-BYTE:1" in console
    assert result["signer"].startswith(NOT_AUTHENTIC)


def test_another_partition_same_signer_cannot_unseal(signed_run):
    result, _ = signed_run
    assert result["b_unseals"].startswith(NOT_AUTHENTIC)
