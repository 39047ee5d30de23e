# SPDX-License-Identifier: MIT
"""x86-64's own isolation probes: a forbidden MSR, the fw_cfg I/O ports
(where QEMU serves the device secret), each SVM instruction, a triple
fault. Each probe (guests/isolation-probe, PROBE_ACTION 4-9, built in
mk/guests.mk) runs on APIC ID 1 beside hello on APIC ID 0
(platform/qemu-x86_64/test-configs/probe-*.dts), says what it tries, and
tries it. Vigil must stop it there, with one line naming the partition
and the decoded exit (svm_exit.c), and nothing else: hello ticks on, the
machine is not reset, and the probe's "isolation broken" never appears.
One boot per config, every check on that boot.

  config              probe                 what it tries
  probe-wrmsr         wrmsr-probe           WRMSR of VM_HSAVE_PA
  probe-rdmsr         rdmsr-probe           RDMSR of VM_HSAVE_PA
  probe-io            out-probe             OUT to fw_cfg's selector port
                      in-probe (APIC ID 2)  after out-probe is stopped, IN
                                            from fw_cfg's data port: the
                                            first stop left no port open
  probe-<insn>        <insn>-probe          VMRUN, VMLOAD, VMSAVE, STGI,
                                            CLGI, SKINIT or INVLPGA
  probe-triple-fault  triple-fault-probe    UD2 with an empty IDT

Needs the x86-64 build (`make test` makes it), QEMU's x86 system emulator
and OVMF; without them it fails and says what is missing."""
import os
import re
import time
from typing import NamedTuple

import pytest

from x86_platform import BOOT_TIMEOUT, X86_BUILD, x86_boot
from x86_platform import missing as missing_pieces

HEX = r"0x[0-9a-f]+"
# hello prints a tick about once a second.
TICK_TIMEOUT = 15


class Probe(NamedTuple):
    partition: str
    image: str          # build/qemu-x86_64/guests/<image>.bin
    says: tuple         # the lines it prints first, in order (regexes)
    stop: str           # Vigil's reason for stopping it (a regex)
    opcode: bytes = b""  # the instruction at the RIP the stop names
    after: str = ""     # a partition whose stop comes before its first line


# The SVM instructions (AMD APM vol 3, their entries; the opcodes 0F 01 D8
# to DF): what the probe announces, with the operand it names, and how
# Vigil's line gives that operand. Named groups that the announcement and
# the stop line share must have the same value.
SVM_INSNS = {
    "VMRUN": (0xd8, 0x80,
              rf"run a guest of its own on the VMCB at (?P<rax>{HEX})",
              rf"RAX (?P<rax>{HEX}): a VMCB's physical address; "),
    "VMLOAD": (0xda, 0x82,
               r"load its state from hello's host memory at "
               r"(?P<rax>0x30000000)",
               rf"RAX (?P<rax>{HEX}): a VMCB's physical address; "),
    "VMSAVE": (0xdb, 0x83,
               r"write its state over hello's host memory at "
               r"(?P<rax>0x30000000)",
               rf"RAX (?P<rax>{HEX}): a VMCB's physical address; "),
    "STGI": (0xdc, 0x84,
             r"set the global interrupt flag, which is Vigil's", ""),
    "CLGI": (0xdd, 0x85,
             r"clear the global interrupt flag, which holds off Vigil's "
             r"interrupts", ""),
    "SKINIT": (0xde, 0x86,
               r"restart the CPU into a secure loader at "
               r"(?P<rax>0x1000000)",
               rf"EAX (?P<rax>{HEX}): a secure loader block's physical "
               r"address; "),
    "INVLPGA": (0xdf, 0x7a,
                r"drop hello's TLB entry \(ASID (?P<asid>1)\) for "
                r"(?P<rax>0x1000000)",
                rf"RAX (?P<rax>{HEX}): a virtual address, ECX "
                r"0x(?P<asid>[0-9a-f]+): an ASID; "),
}


def svm_probe(insn):
    modrm, code, aim, operand = SVM_INSNS[insn]
    name = insn.lower()
    return Probe(
        f"{name}-probe", f"isolation-probe-{name}",
        # Vigil hides SVM from the guest's CPUID; the probe tries anyway.
        (r"CPUID says SVM: no", rf"executing {insn} to {aim}"),
        rf"forbidden {insn} at RIP (?P<rip>{HEX}) \({operand}"
        rf"EXITCODE {code:#x}\)",
        bytes((0x0f, 0x01, modrm)))


# config: the probes in it. Opcodes: AMD APM vol 3, "WRMSR" (0F 30),
# "RDMSR" (0F 32), "OUT" (EF, with 66 for 16 bits), "IN" (EC).
PROBES = {
    "probe-wrmsr": (Probe(
        "wrmsr-probe", "isolation-probe-wrmsr",
        (rf"writing MSR 0xc0010117 \(VM_HSAVE_PA\) with (?P<value>{HEX}), "
         r"a page of its own",),
        rf"WRMSR of MSR 0xc0010117 \(value (?P<value>{HEX})\) at RIP "
        rf"(?P<rip>{HEX})", b"\x0f\x30"),),
    "probe-rdmsr": (Probe(
        "rdmsr-probe", "isolation-probe-rdmsr",
        (r"reading MSR 0xc0010117 \(VM_HSAVE_PA\), where Vigil keeps its "
         r"state",),
        rf"RDMSR of MSR 0xc0010117 at RIP (?P<rip>{HEX})", b"\x0f\x32"),),
    "probe-io": (
        Probe("out-probe", "isolation-probe-out",
              (r"selecting fw_cfg's file directory \((?P<value>0x19)\) "
               r"through I/O port 0x510",),
              rf"OUT of 2 bytes \(value (?P<value>{HEX})\) to I/O port "
              rf"0x510 at RIP (?P<rip>{HEX}) \(EXITINFO1 {HEX}\)",
              b"\x66\xef"),
        Probe("in-probe", "isolation-probe-in",
              (r"reading fw_cfg's data port, I/O port 0x511",),
              rf"IN of 1 byte from I/O port 0x511 at RIP (?P<rip>{HEX}) "
              rf"\(EXITINFO1 {HEX}\)", b"\xec", after="out-probe")),
    "probe-triple-fault": (Probe(
        "triple-fault-probe", "isolation-probe-triple-fault",
        (r"loading an empty IDT and executing UD2: a triple fault",),
        # The state saved on a shutdown is undefined (AMD APM vol 2,
        # 15.14.3): no RIP.
        r"shutdown \(a triple fault, or another condition that shuts the "
        r"processor down\)"),),
}
PROBES.update({f"probe-{i.lower()}": (svm_probe(i),) for i in SVM_INSNS})

# What must never be seen: each fails the boot fast instead of waiting.
# The last is the firmware booting again after Vigil's banner: the machine
# was reset (as a guest that took VM_HSAVE_PA, or a triple fault that
# escaped its partition, would reset it).
FAILURE = (r"vigil: .*no partition started|vigil: PANIC.*|"
           r".*isolation broken.*|(?s:Vigil \d.*)^BdsDxe: .*")
TICK = r"^\[hello\] tick (\d+)$"


def missing():
    return missing_pieces(
        ["vigil.efi", "qemu-args", "qemu-config-args", "guests/hello.bin"]
        + [f"guests/{p.image}.bin" for ps in PROBES.values() for p in ps]
        + [f"configs/{c}.dtb" for c in PROBES])


@pytest.fixture(scope="module", autouse=True)
def x86_build_present():
    assert missing() is None, missing()


def stop_line(name):
    return rf"^vigil: partition '{re.escape(name)}' stopped: (.*)$"


def wait_for_stops(b, probes):
    """The last probe's stop line, or None once a failure shows."""
    m = None
    for p in probes:
        m = b.wait_for(rf"{stop_line(p.partition)}|^(?:{FAILURE})$",
                       timeout=BOOT_TIMEOUT)
        if not m.group(0).startswith(f"vigil: partition '{p.partition}'"):
            return None
    return m


def wait_for_tick_after(b, stop):
    """Waits for a hello tick after the stop, numbered above every tick
    before it."""
    before = [int(n) for n in re.findall(TICK, b.console[:stop.start()],
                                         re.M)]
    pos, deadline = stop.end(), time.monotonic() + TICK_TIMEOUT
    while True:
        m = b.wait_for(TICK, timeout=max(deadline - time.monotonic(), 0.1),
                       start=pos)
        if int(m.group(1)) > max(before, default=0):
            return
        pos = m.end()


@pytest.fixture(scope="module", params=sorted(PROBES))
def boot(request):
    config = request.param
    with x86_boot(config=config) as b:
        stop = wait_for_stops(b, PROBES[config])
        if stop:
            wait_for_tick_after(b, stop)
        yield config, PROBES[config], b.console


def line(console, pattern, pos=0):
    m = re.compile(pattern, re.M).search(console, pos)
    assert m, f"no line matching {pattern!r}; console was:\n{console}"
    return m


def said(console, p):
    """The lines the probe prints first, found in order."""
    found, pos = [], 0
    for pattern in p.says:
        found.append(line(console,
                          rf"^\[{re.escape(p.partition)}\] {pattern}$", pos))
        pos = found[-1].end()
    return found


def stopped(console, p):
    m = line(console, stop_line(p.partition))
    reason = re.fullmatch(p.stop, m.group(1))
    assert reason, f"'{p.partition}' stopped: {m.group(1)!r}, expected " \
                   f"{p.stop!r}"
    return m, reason


def test_probe_says_what_it_tries_before_it_is_stopped(boot):
    _, probes, console = boot
    for p in probes:
        lines = said(console, p)
        stop, _ = stopped(console, p)
        assert lines[-1].end() <= stop.start(), p.partition
        if p.after:
            # It began after the other one's stop: what that probe's
            # exit left behind is what this one meets.
            other, _ = stopped(console, PROBES_BY_NAME[p.after])
            assert other.end() <= lines[0].start(), console


def test_stopped_once_with_the_decoded_exit(boot):
    _, probes, console = boot
    for p in probes:
        stopped(console, p)
        assert console.count(f"partition '{p.partition}' stopped") == 1


def test_stop_line_repeats_what_the_probe_said(boot):
    """The operand the probe announced (the value written, the address it
    aimed at) is the one Vigil decoded from the exit."""
    _, probes, console = boot
    for p in probes:
        announced = {}
        for m in said(console, p):
            announced.update(m.groupdict())
        _, reason = stopped(console, p)
        for key, value in reason.groupdict().items():
            if key in announced:
                assert int(value, 16) == int(announced[key], 0), \
                    (p.partition, key, value, announced[key])


def test_rip_is_the_probes_instruction(boot):
    """The RIP in the stop line is inside the probe's image, at the
    instruction that was intercepted."""
    _, probes, console = boot
    for p in probes:
        _, reason = stopped(console, p)
        if not p.opcode:
            assert "rip" not in reason.groupdict()
            continue
        row = line(console, rf"^  {re.escape(p.partition)} +\d+ +{HEX}\+"
                            rf"{HEX} -> {HEX} +(?P<size>{HEX}) +"
                            rf"(?P<entry>{HEX})$")
        size, entry = int(row["size"], 16), int(row["entry"], 16)
        rip = int(reason["rip"], 16)
        assert entry <= rip < entry + size, (p.partition, hex(rip))
        # The image is loaded at its entry (mk/guests.mk: linked there).
        with open(os.path.join(X86_BUILD, "guests", p.image + ".bin"),
                  "rb") as f:
            image = f.read()
        assert len(image) == size
        offset = rip - entry
        assert image[offset:offset + len(p.opcode)] == p.opcode, \
            (p.partition, hex(rip), image[offset:offset + 4].hex())


def test_nothing_got_through(boot):
    config, probes, console = boot
    assert "isolation broken" not in console
    assert "PANIC" not in console
    assert "no partition started" not in console
    # The machine ran on: one Vigil, never reset (the firmware would boot
    # again: a triple fault that escaped the partition, or a guest's
    # VM_HSAVE_PA, does that).
    banner = line(console, r"^Vigil \d+\.\d+\.\d+ ")
    assert console.count("\nVigil ") == 1, console
    assert "BdsDxe" not in console[banner.end():], console
    line(console, rf"^vigil: starting {len(probes) + 1} partitions, ")
    assert "partition 'hello' stopped" not in console


def test_hello_ticks_on_after_the_stop(boot):
    _, probes, console = boot
    last_stop = max(stopped(console, p)[0].end() for p in probes)
    before = [int(n) for n in re.findall(TICK, console[:last_stop], re.M)]
    after = [int(n) for n in re.findall(TICK, console[last_stop:], re.M)]
    assert after and max(after) > max(before, default=0), console


PROBES_BY_NAME = {p.partition: p for ps in PROBES.values() for p in ps}


def test_halt_with_interrupts_masked_turns_the_vcpu_off():
    """HLT is intercepted. A halt with interrupts masked could never end
    (no NMI reaches a guest, INIT is Vigil's), so Vigil says so, with the
    HLT's RIP, and turns that vCPU off, as if it had asked to be: the
    probe's only vCPU, so its partition is done. hello ticks on. (A halt
    with interrupts enabled waits for the guest's next interrupt:
    test_x86_apic.py's ticker halts between its ticks.)"""
    with x86_boot(config="probe-halt-masked") as b:
        said = b.wait_for(r"^\[halt-probe\] halting with interrupts masked$",
                          timeout=BOOT_TIMEOUT)
        off = b.wait_for(rf"^vigil: partition 'halt-probe': vCPU 0 halted "
                         rf"with interrupts masked at RIP (?P<rip>{HEX}): "
                         r"nothing can wake it, so it is off$",
                         timeout=BOOT_TIMEOUT, start=said.end())
        stop = b.wait_for(r"^vigil: partition 'halt-probe' stopped: turned "
                          r"its last CPU off$", timeout=BOOT_TIMEOUT,
                          start=off.end())
        wait_for_tick_after(b, stop)
    console = b.console
    assert "HLT returned" not in console
    assert "PANIC" not in console
    assert console.count("halted with interrupts masked") == 1
    # The RIP is the probe's HLT (F4), after its CLI (FA); the image is
    # loaded at 0x1000000, where it is linked (mk/guests.mk).
    with open(os.path.join(X86_BUILD, "guests",
                           "isolation-probe-halt-masked.bin"), "rb") as f:
        image = f.read()
    offset = int(off["rip"], 16) - 0x1000000
    assert 0 < offset < len(image)
    assert image[offset - 1:offset + 1] == b"\xfa\xf4", \
        image[offset - 1:offset + 3].hex()
