#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the decoder test's table of encodings against GNU objdump.

For each row of `good[]` in tests/unit/test_x86_decode.c: objdump must
disassemble the row's bytes, all of them and as one instruction (a REX
prefix the CPU ignores shows as a "rex.X" line of its own), to the row's
text; and what that text says (size, direction, register, high byte,
immediate, MOVZX widths) must be what the row expects the decoder to say.
So the expectations come from binutils, not from the decoder's own rules.

    python3 tests/unit/x86_decode_crosscheck.py

Needs binutils' objdump (x86). Prints one line per mismatch and exits 1,
or prints how many rows agree.
"""
import os
import re
import subprocess
import sys
import tempfile

TABLE = os.path.join(os.path.dirname(__file__), "test_x86_decode.c")

ROW = re.compile(
    r'\{\s*"([^"]+)",\s*(M32|M64),\s*BYTES\(([^)]*)\),\s*'
    r'(ST|STH|LD|LDH|IMM|ZX)\(([^)]*)\)\s*\}')

REG_ORDER = ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI"] + \
    ["R%d" % n for n in range(8, 16)]

# AT&T register names: number in encoding order, width, high byte.
REGS = {}
for n, (b, w, d, q) in enumerate([
        ("al", "ax", "eax", "rax"), ("cl", "cx", "ecx", "rcx"),
        ("dl", "dx", "edx", "rdx"), ("bl", "bx", "ebx", "rbx"),
        ("spl", "sp", "esp", "rsp"), ("bpl", "bp", "ebp", "rbp"),
        ("sil", "si", "esi", "rsi"), ("dil", "di", "edi", "rdi")]):
    REGS.update({b: (n, 1, False), w: (n, 2, False), d: (n, 4, False),
                 q: (n, 8, False)})
for n, name in enumerate(["ah", "ch", "dh", "bh"]):
    REGS[name] = (n, 1, True)
for n in range(8, 16):
    REGS.update({"r%db" % n: (n, 1, False), "r%dw" % n: (n, 2, False),
                 "r%dd" % n: (n, 4, False), "r%d" % n: (n, 8, False)})

SUFFIX = {"b": 1, "w": 2, "l": 4, "q": 8}
PREFIX_WORDS = {"es", "cs", "ss", "ds", "fs", "gs", "data16", "addr32"}


def objdump(code, mode):
    """objdump's (byte count, text) for each instruction in code."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(bytes(code))
        f.flush()
        out = subprocess.run(
            ["objdump", "-D", "-b", "binary", "-m",
             "i386:x86-64" if mode == "M64" else "i386", f.name],
            check=True, capture_output=True, text=True).stdout
    insns = []
    for line in out.splitlines():
        m = re.match(r"\s*[0-9a-f]+:\t([0-9a-f ]+)\t?(.*)$", line)
        if not m:
            continue
        count = len(m.group(1).split())
        text = re.sub(r"\s+#.*$", "", m.group(2)).strip()
        text = re.sub(r"\s+", " ", text)
        if text:
            insns.append([count, text])
        elif insns:  # a long instruction's bytes continue on this line
            insns[-1][0] += count
    return insns


def split_operands(s):
    depth, parts, cur = 0, [], ""
    for ch in s:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    return parts + [cur]


def meaning(text):
    """(kind, fields) that an objdump line of a supported move means."""
    words = [w for w in text.split(" ") if not w.startswith("rex.")]
    while words and words[0] in PREFIX_WORDS:
        words.pop(0)
    mnemonic, ops = words[0], split_operands(" ".join(words[1:]))
    src, dst = ops
    if mnemonic.startswith("movz"):  # movzbl and the like
        reg = REGS[dst.lstrip("%")]
        return "ZX", (SUFFIX[mnemonic[4]], reg[1], reg[0])
    if src.startswith("$"):
        size = SUFFIX[mnemonic[-1]]
        return "IMM", (size, int(src[1:], 16))
    if src.startswith("%") and ":" not in src:
        n, size, high = REGS[src[1:]]
        return ("STH", (n,)) if high else ("ST", (size, n))
    n, size, high = REGS[dst.lstrip("%")]
    return ("LDH", (n,)) if high else ("LD", (size, n))


def expectation(kind, args):
    vals = []
    for a in args.split(","):
        a = a.strip()
        vals.append(REG_ORDER.index(a) if a in REG_ORDER
                    else int(a.rstrip("ul"), 0))
    return kind, tuple(vals)


def main():
    rows = ROW.findall(open(TABLE).read())
    bad = 0
    for text, mode, byte_list, kind, args in rows:
        code = [int(b, 16) for b in byte_list.replace("\n", " ").split(",")]
        insns = objdump(code, mode)
        # an ignored REX is its own line: join it to the instruction
        joined = " ".join(t for _, t in insns)
        if sum(c for c, _ in insns) != len(code) or \
                len([t for _, t in insns if not t.startswith("rex.")]) != 1:
            print("%s: objdump reads %s" % (text, insns))
            bad += 1
            continue
        if joined != text:
            print("%s: objdump says '%s'" % (text, joined))
            bad += 1
            continue
        want = expectation(kind, args)
        got = meaning(joined)
        if got != want:
            print("%s: the row expects %s, objdump's text means %s"
                  % (text, want, got))
            bad += 1
    if bad or not rows:
        print("x86_decode_crosscheck: %d of %d rows disagree" % (bad, len(rows)))
        return 1
    print("x86_decode_crosscheck: %d rows agree with objdump" % len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
