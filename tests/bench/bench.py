# SPDX-License-Identifier: MIT
"""`make bench`: boots the bench config of each platform, ARM64 then
x86-64, under QEMU's -icount shift=0 (one instruction per virtual
nanosecond, so counts repeat exactly) and prints what the bench guest and
Vigil report, one line per figure:

    bench: <platform>: <what> <count> instructions

The figures both platforms have come first, in the same order; then
those of one platform only (PSCI on ARM64; CPUID and an emulated local
APIC read on x86-64). The guest's figures are per call; "boot to first
partition" counts from Vigil's entry (on x86-64 that is efi_main, after
OVMF), and under -icount every CPU's instructions share one clock, so it
counts those of all of them."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from vigil_qemu import Boot  # noqa: E402
from x86_platform import x86_boot_without_esp  # noqa: E402

ARM64 = "qemu-virt-arm64"
X86 = "qemu-x86_64"

# The guest's counter check (guests/bench/bench.c) runs a loop of this many
# instructions; it must come out within this many of it (one ARM64
# counter tick is 16; Vigil's idle CPUs add a few), or no count can be
# trusted.
CHECK_INSTRUCTIONS = 2000000
CHECK_TOLERANCE = 100

# OVMF takes about a minute under -icount on a 2-core machine (ARM64's
# boot a second), more when the machine is busy.
TIMEOUT = {ARM64: 120, X86: 600}

GUEST_FIGURE = re.compile(r"^\[bench\] bench: (.+?)\s+(\d+) instructions"
                          r"(?: per call)?$")
STARTING = re.compile(r"^vigil: starting .*, (\d+) us after entry "
                      r"\(hashing images took (\d+) us\)$", re.M)
TSC_RATE = re.compile(r"^  tsc +(\d+) MHz", re.M)

# sleep=off: while a CPU halts, the virtual clock jumps to the next timer
# rather than following the host's (sleep=on, the default), which made
# ARM64's figures differ by one instruction now and then.
ICOUNT = ["-icount", "shift=0,sleep=off"]


def arm64_boot():
    return Boot(config="bench", extra_args=ICOUNT)


def x86_boot_for_bench():
    """The x86-64 bench boot, arranged so that Vigil's own figures repeat.
    Booted from the ESP disk, as `make run` does, they did not (the boot
    figure moved by some 2 million instructions from run to run): QEMU
    completes disk reads in its main loop, out of step with the guest's
    instructions, so OVMF (loading Vigil) and Vigil (reading its own file
    to measure it) poll the disk for a number of instructions that depends
    on the host; and whatever moves Vigil's entry moves where its TSC
    measurement against UEFI Stall starts, and with it the rate Vigil
    converts to microseconds with. So no disk is attached: vigil.efi goes
    to OVMF as -kernel, and the config and the bench image to Vigil as
    fw_cfg files, which QEMU completes within the instruction that asks;
    Vigil measures itself as read from OVMF's -kernel file system. The RTC counts virtual time from a fixed date, so
    that nothing the firmware does depends on the host's clock."""
    return x86_boot_without_esp("bench", ["bench"], extra_args=ICOUNT + [
        "-rtc", "base=2024-01-01T00:00:00,clock=vm"])


def image_size(console):
    return sum(int(s, 16) for s in
               re.findall(r"^vigil: measured '[^']*': .* size (0x[0-9a-f]+)",
                          console, re.M))


def vigil_figures(platform, console):
    """Vigil's boot figures, from its "starting" line: microseconds,
    which are 1000 instructions each, so the figures step by 1000. Vigil
    converts counter ticks with the counter's rate: on ARM64 the virtual
    count's (62.5 MHz in virtual time, exact); on x86-64 the TSC's, which
    under -icount is QEMU's virtual clock in nanoseconds and which Vigil
    measures against UEFI Stall, and which comes out a few parts in a
    million over 1000 MHz (1000.004 when this was written): x86-64's boot
    figure is low by as much, about 1000 instructions."""
    m = STARTING.search(console)
    if not m:
        sys.exit(f"bench: {platform}: no 'vigil: starting' line")
    if platform == X86:
        rate = TSC_RATE.search(console)
        if not rate or abs(int(rate.group(1)) - 1000) > 1:
            sys.exit(f"bench: {platform}: Vigil's TSC rate is not 1000 MHz "
                     "(is -icount shift=0 on?)")
    return [("boot to first partition", int(m.group(1)) * 1000),
            (f"hashing {image_size(console)} image bytes",
             int(m.group(2)) * 1000)]


def guest_figures(platform, console):
    figures = []
    for line in console.splitlines():
        m = GUEST_FIGURE.match(line)
        if m:
            figures.append((m.group(1), int(m.group(2))))
    check = [n for what, n in figures if what.startswith("counter check")]
    if len(check) != 1 or abs(check[0] - CHECK_INSTRUCTIONS) > CHECK_TOLERANCE:
        sys.exit(f"bench: {platform}: the counter check measured {check} "
                 f"for {CHECK_INSTRUCTIONS} instructions: the counter does "
                 "not count instructions (is -icount shift=0 on?)")
    return figures


def run(platform, boot):
    with boot as b:
        b.wait_for(r"^\[bench\] bench: done$", timeout=TIMEOUT[platform])
    figures = (vigil_figures(platform, b.console)
               + guest_figures(platform, b.console))
    for what, count in figures:
        print(f"bench: {platform + ':':16s} {what:40s} {count:10d} "
              "instructions", flush=True)


def main():
    run(ARM64, arm64_boot())
    run(X86, x86_boot_for_bench())


if __name__ == "__main__":
    main()
