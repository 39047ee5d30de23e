# SPDX-License-Identifier: MIT
"""Where x86-64 Vigil finds its config and guest images: files in \\vigil\\
on the ESP it was loaded from (the config as config.dtb, each image as the
file its kernel module names, vigil,uefi-binary), read before it leaves
boot services; or, on a boot with no disk (vigil.efi as OVMF's -kernel,
as `make bench` boots it), QEMU fw_cfg files opt/vigil/<name>. Every other
x86-64 test boots from an ESP of its own (vigil_qemu.Boot). A file named
twice is read once; a file the ESP does not hold stops the boot before
anything starts, naming the node and the file. A name that is a path is
refused with the config's other errors (test_config_errors.py)."""
import hashlib
import re

import pytest

from x86_platform import x86_boot, x86_boot_without_esp

pytestmark = pytest.mark.platforms("qemu-x86_64")

MEASURED = r"^vigil: measured '{}': sha256 ([0-9a-f]{{64}}) "


def files_read(console):
    """The file lines of the banner: (name, size, where)."""
    return [(m.group(3), int(m.group(2)), m.group(4)) for m in re.finditer(
        r"^  file +(0x[0-9a-f]+)-0x[0-9a-f]+ \((\d+) bytes\) (\S+) in (.*)$",
        console, re.M)]


def test_a_file_two_partitions_name_is_read_once(platform):
    attester = platform.image("attester")
    with x86_boot(config="attest") as b:
        b.wait_for(r"^\[attester-b\] send a nonce", timeout=platform.boot_timeout)
    # The attesters' file, then the third partition's (hello).
    assert files_read(b.console) == [
        ("attester.bin", len(attester), "\\vigil\\ on the ESP"),
        ("hello.bin", len(platform.image("hello")), "\\vigil\\ on the ESP")]
    for name in ("attester-a", "attester-b"):
        m = re.search(MEASURED.format(name), b.console, re.M)
        assert m, b.console
        assert m.group(1) == hashlib.sha256(attester).hexdigest()


def test_a_file_the_esp_lacks_stops_the_boot(platform):
    with x86_boot(config="file-absent") as b:
        b.wait_for(r"^vigil: .*no partition started$",
                   timeout=platform.boot_timeout)
    # EFI error 14: EFI_NOT_FOUND (UEFI 2.10 Appendix D).
    assert re.search(r"^vigil: config: /hello/kernel: vigil,uefi-binary: "
                     r"cannot open \\vigil\\absent\.bin on the ESP \(EFI "
                     r"error 14\); no partition started$", b.console, re.M), \
        b.console
    assert "left UEFI boot services" not in b.console
    assert not re.search(r"^\[", b.console, re.M)


def test_files_through_fw_cfg_without_a_disk(platform):
    hello = platform.image("hello")
    probe = platform.image("isolation-probe")
    with x86_boot_without_esp("partitions", ["hello", "isolation-probe"]) as b:
        b.wait_for(r"^\[hello\] tick 1$", timeout=platform.boot_timeout)
    with open(platform.path("configs", "partitions.dtb"), "rb") as f:
        dtb = f.read()
    m = re.search(r"^  config +0x[0-9a-f]+-0x[0-9a-f]+ \((\d+) bytes\) "
                  r"config\.dtb in fw_cfg opt/vigil/$", b.console, re.M)
    assert m, b.console
    assert int(m.group(1)) == len(dtb)
    assert files_read(b.console) == [
        ("hello.bin", len(hello), "fw_cfg opt/vigil/"),
        ("isolation-probe.bin", len(probe), "fw_cfg opt/vigil/")]
    m = re.search(MEASURED.format("hello"), b.console, re.M)
    assert m.group(1) == hashlib.sha256(hello).hexdigest()


def test_no_config_in_either_place(platform):
    boot = x86_boot_without_esp("partitions", [])
    (i,) = [i for i, a in enumerate(boot.argv)
            if a.startswith("name=opt/vigil/config.dtb,")]
    del boot.argv[i - 1:i + 1]
    with boot as b:
        b.wait_for(rf"^vigil: {platform.no_config}; no partition started$",
                   timeout=platform.boot_timeout)
    assert "measured the config" not in b.console
