# SPDX-License-Identifier: MIT
"""The demo config (`make run`) on every platform: hello beside a probe of
hello's memory. Banner, partition table, measured launch, hypercall
checks, and the probe stopped while hello keeps going."""
import hashlib
import re

import pytest

from platforms import MEM_SIZE


@pytest.fixture(scope="module")
def boot(platform):
    (probe,) = platform.demo.probes
    with platform.boot(config=platform.demo.name) as b:
        stop = b.wait_for(platform.stop_line(probe),
                          timeout=platform.boot_timeout).end()
        # hello's clock: two more ticks mean over a second has passed.
        first = b.wait_for(r"^\[hello\] tick \d+$", start=stop).end()
        b.wait_for(r"^\[hello\] tick \d+$", start=first)
        yield b


def test_banner(platform, boot):
    for line in platform.banner:
        assert re.search(line, boot.console, re.M), line


def test_partition_table(platform, boot):
    c = boot.console
    assert re.search(r"^partitions: 2$", c, re.M)
    assert re.search(r"^  name +cpus +memory \(guest -> host\) +image +entry$",
                     c, re.M)
    for p in platform.demo.partitions:
        row = (rf"^  {p.name} +{p.cpus} +{p.guest:#x}\+{MEM_SIZE:#x} -> "
               rf"{p.host:#x} +{len(platform.image(p.image)):#x} +"
               rf"{p.guest:#x}$")
        assert re.search(row, c, re.M), row


def test_each_digest_is_sha256_of_its_image(platform, boot):
    for p in platform.demo.partitions:
        data = platform.image(p.image)
        m = re.search(rf"^vigil: measured '{p.name}': sha256 ([0-9a-f]{{64}}) "
                      rf"size (0x[0-9a-f]+) entry (0x[0-9a-f]+)$",
                      boot.console, re.M)
        assert m, f"no measurement line for {p.name}"
        assert m.group(1) == hashlib.sha256(data).hexdigest()
        assert int(m.group(2), 16) == len(data)
        assert int(m.group(3), 16) == p.guest


def test_measured_before_any_guest_runs(boot):
    c = boot.console
    last_measure = max(c.index("measured 'hello'"), c.index("measured 'probe'"))
    first_guest = min(c.index("[hello]"), c.index("[probe]"))
    assert last_measure < c.index("vigil: starting 2 partitions, ") < first_guest


def test_both_guests_print(platform, boot):
    (probe,) = platform.demo.probes
    assert re.search(r"^\[hello\] tick 1$", boot.console, re.M)
    assert re.search(rf"^\[probe\] reading {re.escape(probe.what)} at "
                     rf"{probe.target:#x}$", boot.console, re.M)


def test_hypercall_errors_reach_the_guest(boot):
    # -38 ENOSYS for an unknown number; -14 EFAULT for a buffer outside the
    # partition's memory, or running past its end; -22 EINVAL too long.
    assert re.search(r"^\[hello\] hypercall checks: version 0x00000001 unknown -38 "
                     r"outside -14 straddling -14 too-long -22$", boot.console, re.M)


def test_refused_hypercalls_logged_once_each(boot):
    c = boot.console
    assert c.count("vigil: partition 'hello': hypercall 0x7fff refused with "
                   "-38: unknown hypercall") == 1
    # outside and straddling are the same kind (-EFAULT): one line
    assert c.count("hypercall 0x1 refused with -14") == 1
    assert c.count("hypercall 0x1 refused with -22") == 1


def test_probe_stopped_and_hello_keeps_printing(platform, boot):
    c = boot.console
    (probe,) = platform.demo.probes
    own = platform.demo.partition(probe.name)
    # What it reads lies outside its own memory...
    assert not own.guest - 8 < probe.target < own.guest + MEM_SIZE
    m = re.search(platform.stop_line(probe), c, re.M)
    assert m
    # ...and it is stopped at a read of its own code.
    assert own.guest <= int(m.group("pc"), 16) < own.guest + MEM_SIZE
    assert c.count(f"partition '{probe.name}' stopped") == 1
    assert "isolation broken" not in c
    assert "PANIC" not in c
    ticks_after = re.findall(r"^\[hello\] tick (\d+)$", c[m.end():], re.M)
    assert len(ticks_after) >= 2
    assert [int(t) for t in ticks_after] == list(
        range(int(ticks_after[0]), int(ticks_after[0]) + len(ticks_after)))


def test_guest_lines_never_interleave(boot):
    for line in boot.console.splitlines():
        if line.startswith("["):
            assert re.fullmatch(r"\[(hello|probe)\] [ -~]*", line), line
            assert line.count("[hello]") + line.count("[probe]") == 1, line
