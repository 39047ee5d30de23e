# SPDX-License-Identifier: MIT
"""The demo config (`make run`): banner, partition table, measured launch,
hypercall checks, and the isolation probe stopped while hello keeps going."""
import hashlib
import re

import pytest

from vigil_qemu import Boot, build_path


def image(name):
    with open(build_path("guests", name + ".bin"), "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def boot():
    with Boot(config="partitions") as b:
        b.wait_for(r"stopped: stage-2 data abort")
        stop = b.console.index("stopped: stage-2 data abort")
        b.wait_for(r"^\[hello\] tick 3$", start=stop)
        yield b


def test_banner(boot):
    c = boot.console
    assert re.search(r"^Vigil 0\.1\.0 \(qemu-virt-arm64, arm64\) at EL2$", c, re.M)
    assert re.search(r"^  cpus +4: 0 0x1 0x2 0x3 \(boot cpu 0\), PSCI via smc$", c, re.M)
    assert re.search(r"^  memory +0x0040000000-0x007fffffff \(1048576 KiB\)$", c, re.M)
    assert re.search(r"^  vigil +0x0040200000-", c, re.M)
    assert re.search(r"^  uart +0x0009000000-0x0009000fff", c, re.M)
    assert re.search(r"^  cpus online: 4 of 4$", c, re.M)


def test_partition_table(boot):
    c = boot.console
    assert re.search(r"^partitions: 2$", c, re.M)
    for name, cpu, ipa, hpa, img in (
            ("hello", 1, 0x40000000, 0x50000000, "hello"),
            ("probe", 2, 0x80000000, 0x51000000, "isolation-probe")):
        row = (rf"^  {name} +{cpu} +{ipa:#x}\+0x1000000 -> {hpa:#x} +"
               rf"{len(image(img)):#x} +{ipa:#x}$")
        assert re.search(row, c, re.M), row


def test_each_digest_is_sha256_of_its_image(boot):
    for name, img in (("hello", "hello"), ("probe", "isolation-probe")):
        data = image(img)
        m = re.search(rf"^vigil: measured '{name}': sha256 ([0-9a-f]{{64}}) "
                      rf"size (0x[0-9a-f]+) entry (0x[0-9a-f]+)$",
                      boot.console, re.M)
        assert m, f"no measurement line for {name}"
        assert m.group(1) == hashlib.sha256(data).hexdigest()
        assert int(m.group(2), 16) == len(data)


def test_measured_before_any_guest_runs(boot):
    c = boot.console
    last_measure = max(c.index("measured 'hello'"), c.index("measured 'probe'"))
    first_guest = min(c.index("[hello]"), c.index("[probe]"))
    assert last_measure < c.index("vigil: starting 2 partitions, ") < first_guest


def test_both_guests_print(boot):
    assert re.search(r"^\[hello\] tick 1$", boot.console, re.M)
    assert re.search(r"^\[probe\] reading partition hello's memory at 0x50000000$",
                     boot.console, re.M)


def test_hypercall_errors_reach_the_guest(boot):
    assert re.search(r"^\[hello\] hypercall checks: version 0x00000001 unknown -38 "
                     r"outside -14 straddling -14 too-long -22$", boot.console, re.M)


def test_refused_hypercalls_logged_once_each(boot):
    c = boot.console
    assert c.count("hypercall 0x7fff refused with -38: unknown hypercall") == 1
    # outside and straddling are the same kind (-EFAULT): one line
    assert c.count("hypercall 0x1 refused with -14") == 1
    assert c.count("hypercall 0x1 refused with -22") == 1


def test_probe_stopped_and_hello_keeps_printing(boot):
    c = boot.console
    m = re.search(r"^vigil: partition 'probe' stopped: stage-2 data abort on read "
                  r"at IPA 0x50000000 \(PC 0x800[0-9a-f]+, ESR 0x[0-9a-f]+: "
                  r"translation fault, level 1\)$", c, re.M)
    assert m
    assert "isolation broken" not in c
    ticks_after = re.findall(r"^\[hello\] tick (\d+)$", c[m.end():], re.M)
    assert len(ticks_after) >= 2
    assert [int(t) for t in ticks_after] == list(
        range(int(ticks_after[0]), int(ticks_after[0]) + len(ticks_after)))


def test_guest_lines_never_interleave(boot):
    for line in boot.console.splitlines():
        if line.startswith("["):
            assert re.fullmatch(r"\[(hello|probe)\] [ -~]*", line), line
            assert line.count("[hello]") + line.count("[probe]") == 1, line
