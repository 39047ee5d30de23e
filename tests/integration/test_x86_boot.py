# SPDX-License-Identifier: MIT
"""x86-64's own boot: vigil.efi boots under OVMF as a UEFI application,
measures the TSC, reads the UEFI memory map and finds SVM with nested
paging, measures its own file, reads the partition config and the guest
image it names from the ESP (\\vigil\\config.dtb, \\vigil\\hello.bin),
leaves boot services, loads its own GDT, IDT
and page tables (after which any exception reports itself as a PANIC
instead of resetting the machine), and runs the generic boot on the demo
config (platform/qemu-x86_64/partitions.dts: hello on the boot CPU, a
probe of hello's memory on another, which test_demo.py follows). On a CPU without SVM or without nested paging it refuses, saying
what is missing. The other CPUs of the MADT are started after
ExitBootServices, and a partition on one of them runs there
(test_x86_smp.py starts them all).

What every platform does (banner, partition table, digests, hypercall
checks, probes stopped, bad configs refused) is tested by the shared
modules (test_demo.py and the others, platforms.py). What an exception
report says is unit-tested on the host (tests/unit/test_x86_exception.c).
Here the boot proves that Vigil runs on its own tables (every line after
the switch is printed through them), and an NMI injected from QEMU's
monitor once Vigil has parked goes the whole exception path (IDT gate, IST
stack, vectors.S, the report) with no debug hook in Vigil."""
import hashlib
import re
import subprocess
import time

import pytest

from platforms import X86_64

pytestmark = pytest.mark.platforms("qemu-x86_64")

# Where a boot has shown what it is to show: the demo's second tick, a
# refusal, or a panic. Waiting for any of them fails fast instead of timing
# out.
END = r"^(\[hello\] tick 2|vigil: .*no partition started|vigil: PANIC.*)$"


def missing():
    """What of the x86-64 build, emulator and firmware is missing; None if
    nothing (for modules that check it themselves)."""
    return X86_64.missing()


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config="partitions") as b:
        b.wait_for(END, timeout=platform.boot_timeout)
        yield b


def line(boot, pattern):
    m = re.search(pattern, boot.console, re.M)
    assert m, f"no line matches {pattern!r}; console was:\n{boot.console}"
    return m


def test_tsc_measured(boot):
    m = line(boot, r"^  tsc +(\d+) MHz \(measured against UEFI Stall\)$")
    assert int(m.group(1)) > 0


def test_memory_map(boot):
    m = line(boot, r"^  memory +(\d+) KiB conventional in (\d+) ranges "
                   r"\(UEFI memory map, (\d+) descriptors\)$")
    kib, ranges, descriptors = (int(g) for g in m.groups())
    # -m 1G, less what OVMF and its data hold.
    assert 512 * 1024 < kib < 1024 * 1024
    assert 1 <= ranges <= descriptors
    line(boot, r"^  vigil +0x[0-9a-f]{10}-0x[0-9a-f]{10} \(\d+ KiB\) "
               r"as loaded by UEFI$")


def test_svm_with_nested_paging_available(boot):
    line(boot, r"^  svm +available: SVM revision \d+, nested paging, "
               r"\d+ ASIDs$")


def test_measures_its_own_file(platform, boot):
    with open(platform.path("vigil.efi"), "rb") as f:
        data = f.read()
    m = line(boot, r"^vigil: measured Vigil: sha256 ([0-9a-f]{64}) "
                   r"\(\\EFI\\BOOT\\BOOTX64\.EFI, (\d+) bytes; "
                   r"root of trust: [^)]+\)$")
    assert m.group(1) == hashlib.sha256(data).hexdigest()
    assert int(m.group(2)) == len(data)


# mmu.c's static pool of page-table pages.
HYP_PT_PAGES = 64


def test_config_and_image_from_the_esp(platform, boot):
    with open(platform.path("configs", "partitions.dtb"), "rb") as f:
        dtb = f.read()
    m = line(boot, r"^  config +0x[0-9a-f]{10}-0x[0-9a-f]{10} \((\d+) bytes\) "
                   r"config\.dtb in \\vigil\\ on the ESP$")
    assert int(m.group(1)) == len(dtb)
    m = line(boot, r"^vigil: measured the config: sha256 ([0-9a-f]{64})$")
    assert m.group(1) == hashlib.sha256(dtb).hexdigest()
    # The image the config names, read into memory of Vigil's own, which
    # the partition table shows it was taken from.
    hello = platform.image("hello")
    m = line(boot, r"^  file +(0x[0-9a-f]{10})-0x[0-9a-f]{10} \((\d+) bytes\) "
                   r"hello\.bin in \\vigil\\ on the ESP$")
    assert int(m.group(2)) == len(hello)
    m = line(boot, r"^vigil: measured 'hello': sha256 ([0-9a-f]{64}) ")
    assert m.group(1) == hashlib.sha256(hello).hexdigest()


def test_leaves_boot_services_and_starts_hello(boot):
    c = boot.console
    config = line(boot, r"^  config +.* on the ESP$")
    left = line(boot, r"^vigil: left UEFI boot services, \d+ us after entry$")
    own = line(boot, r"^vigil: x86-64: own GDT, IDT and page tables loaded "
                     r"\(\d+ table pages\)$")
    table = line(boot, r"^partitions: 2$")
    measured = line(boot, r"^vigil: measured 'hello': ")
    starting = line(boot, r"^vigil: starting 2 partitions, \d+ us after entry "
                          r"\(hashing images took \d+ us\)$")
    checks = line(boot, r"^\[hello\] hypercall checks: ")
    tick = line(boot, r"^\[hello\] tick 1$")
    assert (c.index("vigil: measured Vigil") < config.start() < left.start()
            < own.start() < table.start() < measured.start()
            < starting.start() < checks.start() < tick.start())
    assert "no partition started" not in c
    assert "PANIC" not in c
    assert "'hello' stopped" not in c
    # Vigil's digest is printed once, with its file, before boot services
    # end; attestation is on, with the device secret from fw_cfg
    # (test_attestation.py, test_x86_attestation.py).
    assert c.count("vigil: measured Vigil") == 1
    line(boot, r"^vigil: attestation on: DeviceID and Alias keys derived, "
               r"device secret erased$")


def test_own_page_tables(boot):
    m = line(boot, r"^vigil: x86-64: own GDT, IDT and page tables loaded "
                   r"\((\d+) table pages\)$")
    # At least a PML4, a PDP and a page directory for the RAM, and a page
    # table for the local APIC's page; at most the static pool.
    assert 4 <= int(m.group(1)) <= HYP_PT_PAGES


@pytest.mark.parametrize("cpu, why", [
    ("qemu64,-svm", r"this CPU has no AMD SVM \(CPUID 0x80000001 ECX bit 2 "
                    r"is clear\)"),
    ("qemu64,+svm,-npt", r"this CPU has no nested paging \(CPUID 0x8000000a "
                         r"EDX bit 0 is clear\)"),
], ids=["no-svm", "no-nested-paging"])
def test_refuses_without_svm_or_nested_paging(platform, cpu, why):
    with platform.boot(config="partitions", extra_args=("-cpu", cpu)) as b:
        b.wait_for(END, timeout=platform.boot_timeout)
        line(b, r"^Vigil 0\.1\.0 \(qemu-x86_64, x86_64\) as a UEFI application$")
        line(b, r"^  svm +not usable$")
        line(b, rf"^vigil: SVM with nested paging is required: {why}; "
                r"no partition started$")
        assert "measured Vigil" not in b.console
        assert "[hello]" not in b.console


def symbol_range(elf, name):
    """[start, end) of a function in the ELF, from nm's value and size."""
    out = subprocess.run(["nm", "-S", elf], check=True, capture_output=True,
                         text=True).stdout
    for fields in (l.split() for l in out.splitlines()):
        if len(fields) == 4 and fields[3] == name:
            start, size = int(fields[0], 16), int(fields[1], 16)
            return start, start + size
    raise AssertionError(f"{name} not in {elf}")


def test_runs_a_partition_on_another_cpu(platform):
    """A partition on another CPU than the boot CPU (here APIC ID 1) runs
    there: Vigil starts the other CPUs after it has left boot services
    (hyp/arch/x86_64/smp.c; test_x86_smp.py runs two partitions)."""
    with platform.boot(config="other-cpu") as b:
        b.wait_for(END, timeout=platform.boot_timeout)
        line(b, r"^  cpus online: 4 of 4$")
        line(b, r"^  hello +1 +0x1000000\+0x1000000 -> 0x30000000 ")
        line(b, r"^\[hello\] tick 2$")
        assert "no partition started" not in b.console
        assert "PANIC" not in b.console


def test_memory_the_firmware_holds_is_refused(platform):
    """Vigil takes each partition's host memory from the firmware before
    it leaves boot services (UEFI AllocatePages at that address); memory
    the firmware holds (OVMF's own at 0x800000) it cannot take, and it
    says so before anything starts."""
    with platform.boot(config="firmware-owned") as b:
        b.wait_for(END, timeout=platform.boot_timeout)
    # EFI error 14: EFI_NOT_FOUND, AllocatePages' answer for pages that
    # are not free (UEFI 2.10, 7.2.1).
    line(b, r"^vigil: partition 'hello': vigil,static-mem host range "
            r"0x800000-0x9fffff is not free memory in the UEFI memory map "
            r"\(EFI error 14\): the firmware owns it; no partition "
            r"started$")
    assert "left UEFI boot services" not in b.console
    assert "[hello]" not in b.console


def test_rejected_config_then_nmi_is_reported(platform):
    """The generic validation rejects a config on x86-64 as on ARM64 (here:
    host memory outside the UEFI map's RAM), after Vigil has taken the
    machine over. Parked after it (interrupts masked, HLT), Vigil takes an
    NMI through its own IDT, on its own IST stack, and reports it; QEMU's
    monitor (Ctrl-A c on the -nographic console) injects it."""
    with platform.boot(config="outside-ram") as b:
        b.wait_for(END, timeout=platform.boot_timeout)
        own = line(b, r"^vigil: x86-64: own GDT, IDT and page tables loaded")
        err = line(b, r"^config: partition 'hello': vigil,static-mem: host "
                      r"0x100000000-0x100ffffff is not inside one board "
                      r"memory bank$")
        rejected = line(b, r"^vigil: config rejected \(1 error\); no "
                           r"partition started$")
        assert own.start() < err.start() < rejected.start()
        assert "[hello]" not in b.console
        start = len(b.console)
        b.send("\x01c")
        b.wait_for(r"\(qemu\) ", timeout=10, start=start)
        time.sleep(0.2)
        b.send("nmi\n")
        m = b.wait_for(r"vigil: PANIC on CPU 0: x86-64 exception #2 \(NMI "
                       r"Non-Maskable-Interrupt\) at RIP (0x[0-9a-f]+), "
                       r"error code none, CR2 0; RIP is "
                       r"vigil\.so\+(0x[0-9a-f]+)$", timeout=20, start=start)
        rip, offset = int(m.group(1), 16), int(m.group(2), 16)
        loaded = line(b, r"^  vigil +(0x[0-9a-f]+)-0x[0-9a-f]+ \(\d+ KiB\) "
                         r"as loaded by UEFI$")
        assert rip - offset == int(loaded.group(1), 16)
        # Interrupted in the park loop: RIP is the instruction after HLT.
        start, end = symbol_range(platform.path("vigil.so"),
                                  "arch_cpu_park")
        assert start < offset <= end, (hex(offset), hex(start), hex(end))
