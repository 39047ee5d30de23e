# SPDX-License-Identifier: MIT
"""The x86-64 guest library without Vigil: QEMU's PVH loader (-kernel with
the ELF's XEN_ELFNOTE_PHYS32_ENTRY note) starts hello.elf in 32-bit
protected mode, as Vigil is to start it; the library's entry
(guests/lib/arch/x86_64/start.S) goes to long mode and calls main, whose
first hypercall is VIGIL_HC_VERSION. With no hypervisor there, the VMMCALL
raises #UD (vector 6), which the guest's empty IDT turns into a triple
fault, and QEMU (-no-reboot) exits.

QEMU's log shows it: -d in_asm (kept to the guest's memory with -dfilter)
lists the code blocks as they first run, -d int the CPU state at each
exception, -d cpu_reset the triple fault. Addresses come from the ELF
(nm, objdump), not from this file.

Needs the x86-64 build (`make test` runs `make PLATFORM=qemu-x86_64 all`
first), qemu-system-x86_64, binutils and libxen-dev's elfnote.h; without
them it fails, saying what is missing, rather than passing silently."""
import os
import re
import shutil
import struct
import subprocess

import pytest

from platforms import X86_64

pytestmark = pytest.mark.platforms("qemu-x86_64")

HELLO_ELF = X86_64.path("guests", "hello.elf")
HELLO_BIN = X86_64.path("guests", "hello.bin")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HYPERCALL_H = os.path.join(ROOT, "include", "vigil", "hypercall.h")
XEN_ELFNOTE_H = "/usr/include/xen/elfnote.h"
RUN_TIMEOUT = 120  # SeaBIOS and the guest take a few seconds under TCG

PT_LOAD, PT_NOTE = 1, 4
EFER_LME, EFER_LMA = 1 << 8, 1 << 10
CR0_PE, CR0_PG = 1 << 0, 1 << 31
CR4_PAE = 1 << 5
UD, GP, DF = 0x06, 0x0D, 0x08


@pytest.fixture(scope="module", autouse=True)
def x86_guest_present(platform):
    """What the module reads besides what the platform fixture checks."""
    for path in (HELLO_ELF, HELLO_BIN):
        assert os.path.exists(path), \
            f"no {path}: run make PLATFORM={platform.name} all"
    assert os.path.exists(XEN_ELFNOTE_H), \
        f"no {XEN_ELFNOTE_H}: libxen-dev is not installed"
    for tool in ("nm", "objdump"):
        assert shutil.which(tool), f"{tool} (binutils) is not installed"


def header_define(path, name):
    with open(path) as f:
        m = re.search(rf"^#define {name}\s+(\w+)", f.read(), re.M)
    assert m, f"no #define {name} in {path}"
    return int(m.group(1), 0)


@pytest.fixture(scope="module")
def symbols():
    out = subprocess.run(["nm", HELLO_ELF], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


@pytest.fixture(scope="module")
def vmmcalls():
    """Address of each VMMCALL instruction -> the function it lies in."""
    out = subprocess.run(["objdump", "-d", HELLO_ELF], check=True,
                         capture_output=True, text=True).stdout
    found, function = {}, None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
        if m:
            function = m.group(2)
        m = re.match(r"^\s*([0-9a-f]+):\s.*\bvmmcall\b", line)
        if m:
            found[int(m.group(1), 16)] = function
    assert found, "objdump finds no vmmcall in hello.elf"
    return found


def program_headers(data):
    assert data[:4] == b"\x7fELF" and data[4] == 2, "not an ELF64 file"
    entry, phoff = struct.unpack_from("<QQ", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    headers = []
    for i in range(phnum):
        p_type, _, offset, _, paddr, filesz, memsz, align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        headers.append(dict(type=p_type, offset=offset, paddr=paddr,
                            filesz=filesz, memsz=memsz, align=align))
    return entry, headers


def notes(data, header):
    """(name, type, desc) of each note in a PT_NOTE segment."""
    found, pos = [], header["offset"]
    end = pos + header["filesz"]
    while pos < end:
        namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
        pos += 12
        name = data[pos:pos + namesz].rstrip(b"\0").decode()
        pos += (namesz + 3) & ~3
        found.append((name, ntype, data[pos:pos + descsz]))
        pos += (descsz + 3) & ~3
    return found


@pytest.fixture(scope="module")
def elf():
    with open(HELLO_ELF, "rb") as f:
        data = f.read()
    return data, *program_headers(data)


@pytest.fixture(scope="module")
def run(symbols, tmp_path_factory):
    """One QEMU run: (exit status, QEMU's log)."""
    base, size = symbols["GUEST_BASE"], symbols["GUEST_MEM_SIZE"]
    log = str(tmp_path_factory.mktemp("x86_guest") / "qemu.log")
    argv = [X86_64.qemu, "-M", "q35", "-cpu", "qemu64", "-nographic",
            "-no-reboot", "-kernel", HELLO_ELF,
            "-d", "int,in_asm,cpu_reset", "-dfilter", f"{base:#x}+{size:#x}",
            "-D", log]
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"QEMU still ran after {RUN_TIMEOUT}s: the guest never "
                    f"triple-faulted ({' '.join(argv)}; log in {log})")
    with open(log) as f:
        return proc.returncode, f.read()


def blocks(log):
    """Guest-physical address of each code block, in the order QEMU first
    ran them (-d in_asm: 'IN:' and then the block's instructions)."""
    return [int(a, 16) for a in re.findall(r"^IN:.*\n0x([0-9a-f]+):", log, re.M)]


EXCEPTION = re.compile(r"^\s*\d+: v=([0-9a-f]{2}) e=[0-9a-f]{4} i=(\d) "
                       r"cpl=\d IP=[0-9a-f]{4}:[0-9a-f]+ pc=([0-9a-f]+) ", re.M)


def exceptions(log, base, size):
    """(vector, pc, the CPU state dumped with it) of each exception raised in
    the guest's memory (-d int), in order; software INTs are left out."""
    found = []
    matches = list(EXCEPTION.finditer(log))
    for i, m in enumerate(matches):
        pc = int(m.group(3), 16)
        if m.group(2) != "0" or not base <= pc < base + size:
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(log)
        found.append((int(m.group(1), 16), pc, log[m.end():end]))
    return found


def register(state, name):
    m = re.search(rf"\b{name}\s*=\s*([0-9a-f]+)", state)
    assert m, f"no {name} in the CPU state:\n{state}"
    return int(m.group(1), 16)


def test_elf_has_the_pvh_entry_note(elf, symbols):
    data, entry, headers = elf
    phys32_entry = header_define(XEN_ELFNOTE_H, "XEN_ELFNOTE_PHYS32_ENTRY")
    note_headers = [h for h in headers if h["type"] == PT_NOTE]
    assert len(note_headers) == 1, "want one PT_NOTE segment"
    # QEMU pads a note's name to the segment's alignment: 4 is the usual.
    assert note_headers[0]["align"] == 4
    pvh = [(name, desc) for name, ntype, desc in notes(data, note_headers[0])
           if ntype == phys32_entry]
    assert len(pvh) == 1 and pvh[0][0] == "Xen", f"PVH notes: {pvh}"
    desc = pvh[0][1]
    assert len(desc) == 8
    assert struct.unpack("<Q", desc)[0] == symbols["_start"] == entry
    # Entered at the first byte of the image, where Vigil enters the .bin.
    assert symbols["_start"] == symbols["GUEST_BASE"]


def test_bin_is_what_the_elf_loads(elf, symbols):
    """Vigil loads hello.bin at GUEST_BASE; QEMU loaded the ELF's segments:
    the same bytes at the same place."""
    data, _, headers = elf
    loads = [h for h in headers if h["type"] == PT_LOAD and h["filesz"]]
    base = symbols["GUEST_BASE"]
    image = bytearray()
    for h in sorted(loads, key=lambda h: h["paddr"]):
        start = h["paddr"] - base
        assert start >= len(image), "overlapping segments"
        image += bytes(start - len(image))
        image += data[h["offset"]:h["offset"] + h["filesz"]]
    with open(HELLO_BIN, "rb") as f:
        assert f.read() == bytes(image)
    # Image and .bss leave the memory's last 4 KiB for the start_info.
    top = max(h["paddr"] + h["memsz"] for h in headers if h["type"] == PT_LOAD)
    assert base <= min(h["paddr"] for h in loads)
    assert top <= base + symbols["GUEST_MEM_SIZE"] - 0x1000


def test_qemu_ran_it_and_stopped_at_the_triple_fault(run, symbols):
    status, log = run
    assert status == 0, f"QEMU exited with {status}"
    excs = exceptions(log, symbols["GUEST_BASE"], symbols["GUEST_MEM_SIZE"])
    # #UD at the VMMCALL; with no IDT, #GP delivering it, then #DF, then
    # the triple fault (QEMU's "Triple fault" under -d cpu_reset).
    assert [v for v, _, _ in excs] == [UD, GP, DF], \
        f"exceptions in the guest: {[(hex(v), hex(pc)) for v, pc, _ in excs]}"
    assert log.rstrip().endswith("Triple fault"), log[-2000:]


def test_entry_long_mode_and_main_ran_in_order(run, symbols):
    ran = blocks(run[1])
    assert ran, "QEMU logged no code block in the guest's memory"
    assert ran[0] == symbols["_start"], "the first block is not _start"
    order = [symbols[s] for s in ("_start", "long_mode", "main",
                                  "vigil_version")]
    positions = []
    for addr in order:
        assert addr in ran, f"no block at {addr:#x}; blocks: " + \
            " ".join(hex(a) for a in ran)
        positions.append(ran.index(addr))
    assert positions == sorted(positions), "ran out of order"


def test_first_hypercall_is_version_by_vmmcall_in_long_mode(run, symbols,
                                                            vmmcalls):
    excs = exceptions(run[1], symbols["GUEST_BASE"], symbols["GUEST_MEM_SIZE"])
    assert excs, "no exception in the guest"
    vector, pc, state = excs[0]
    assert vector == UD
    # At a VMMCALL of vigil_version, main's first hypercall, ...
    assert vmmcalls.get(pc) == "vigil_version", \
        f"#UD at {pc:#x}, not a VMMCALL of vigil_version: {vmmcalls}"
    # ... asking for VIGIL_HC_VERSION in RAX, ...
    assert register(state, "RAX") == header_define(HYPERCALL_H,
                                                   "VIGIL_HC_VERSION")
    # ... in 64-bit mode: long mode active, a 64-bit code segment, ...
    efer = register(state, "EFER")
    assert efer & EFER_LME and efer & EFER_LMA, f"EFER {efer:#x}"
    assert re.search(r"^CS =0008 .* CS64 ", state, re.M), state
    # ... with start.S's paging: PAE, its own PML4, ...
    cr0, cr4 = register(state, "CR0"), register(state, "CR4")
    assert cr0 & CR0_PG and cr0 & CR0_PE, f"CR0 {cr0:#x}"
    assert cr4 & CR4_PAE, f"CR4 {cr4:#x}"
    assert register(state, "CR3") == symbols["pml4"]
    # ... its stack, ...
    rsp = register(state, "RSP")
    assert symbols["__bss_start"] <= rsp < symbols["stack_top"], hex(rsp)
    # ... and its empty IDT.
    m = re.search(r"^IDT=\s*([0-9a-f]+) ([0-9a-f]+)$", state, re.M)
    assert m and int(m.group(2), 16) == 0, state
