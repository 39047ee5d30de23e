# SPDX-License-Identifier: MIT
"""The platforms the integration suite runs on, and what differs between
them. A test that takes the `platform` fixture (conftest.py) runs once per
platform here, or on those its `platforms` mark names; its id names the
platform. Everything a shared test would otherwise spell for one
architecture is data here: where the build is, the emulator and firmware,
how long a boot may take, what the banner says, how Vigil words a stopped
read, and for each config the shared tests boot, its partitions and
probes.

`make test` builds both platforms (build/qemu-virt-arm64 and
build/qemu-x86_64, beside the VIGIL_BUILD it is given); a platform whose
build, emulator or firmware is missing fails its tests, naming what is
missing, rather than being skipped."""
import os
import re
import shutil
from dataclasses import dataclass

from vigil_qemu import BUILD, Boot

# Where make puts every platform's build (VIGIL_BUILD is one of them).
BUILD_ROOT = os.path.dirname(BUILD) or "."

# Every partition of the configs below has 16 MiB of memory.
MEM_SIZE = 0x1000000


@dataclass(frozen=True)
class Partition:
    """A partition of a config, as its partition table row shows it."""
    name: str
    cpus: str    # the physical CPUs, as the table prints them
    guest: int   # guest-physical base of its memory (and its entry)
    host: int    # host-physical base
    image: str   # its image: guests/<image>.bin in the build


@dataclass(frozen=True)
class Probe:
    """A partition that reads an address outside its own memory, which
    Vigil must stop at that read."""
    name: str
    target: int  # the address it reads (guest-physical)
    what: str    # how it names what lies there


@dataclass(frozen=True)
class Config:
    """A config the shared tests boot (build/<platform>/configs/<name>.dtb)."""
    name: str
    partitions: tuple
    probes: tuple = ()

    def partition(self, name):
        (p,) = [p for p in self.partitions if p.name == name]
        return p


@dataclass(frozen=True)
class DeviceSecret:
    """Where Vigil's copy of the device secret lies, to check it is zero
    once attestation has its keys: a fixed region (region), or a symbol of
    Vigil's ELF (symbol in elf, with size_symbol beside it holding the
    secret's size), relative to where the firmware loaded Vigil."""
    region: int = None
    elf: str = None
    symbol: str = None
    size_symbol: str = None


@dataclass(frozen=True)
class Platform:
    name: str              # the board, as `make PLATFORM=` names it
    arch: str
    qemu: str              # the system emulator
    firmware: tuple        # files the emulator needs besides the build
    vigil_image: str       # the file Vigil measures itself as
    boot_timeout: int      # seconds a boot may take to its first partition
    banner: tuple          # regexes of whole banner lines
    vigil_loaded: str      # regex of the banner line whose group 1 is
                           # where Vigil lies
    vigil_measured: str    # regex of what follows Vigil's digest on the
                           # "vigil: measured Vigil: sha256 ..." line
    measured_before_config: tuple  # regexes of the lines that say
                                   # "measured" before the config is read
                                   # (so also when it is refused)
    read_stop: str         # why a read outside is stopped; {target} is
                           # the address; (?P<pc>) where the read is
    no_config: str         # regex: why nothing starts without a config
    demo: Config           # hello beside a probe of hello's memory
    isolation: Config      # hello beside a probe of what is Vigil's
    attest: Config         # two attesters
    attest_modified: Config  # attester-a, one byte changed
    device_secret: DeviceSecret
    config_errors: dict    # config: the errors that refuse it

    @property
    def build(self):
        return os.path.join(BUILD_ROOT, self.name)

    def path(self, *parts):
        """A path in this platform's build."""
        return os.path.join(self.build, *parts)

    def image(self, name):
        """The bytes of guest image name."""
        with open(self.path("guests", name + ".bin"), "rb") as f:
            return f.read()

    def stop_line(self, probe):
        """The regex of Vigil's line when it stops the probe."""
        return (rf"^vigil: partition '{re.escape(probe.name)}' stopped: "
                + self.read_stop.format(target=f"{probe.target:#x}") + "$")

    def missing(self):
        """What of the build, emulator and firmware is missing, as one
        message; None if nothing."""
        for f in (self.vigil_image, "qemu-args", "qemu-config-args"):
            if not os.path.exists(self.path(f)):
                return (f"no {self.path(f)}: run make PLATFORM={self.name} "
                        f"all")
        if not shutil.which(self.qemu):
            return f"{self.qemu} is not installed"
        for f in self.firmware:
            if not os.path.exists(f):
                return f"{f} is not installed"
        return None

    def boot(self, config=None, extra_args=(), replace=None):
        """One QEMU run of this platform's build with the given config
        (None: no config at all); replace: {image file: another}, the
        other's bytes where the boot finds the first (vigil_qemu.Boot)."""
        if config:
            dtb = self.path("configs", config + ".dtb")
            assert os.path.exists(dtb), \
                f"no {dtb}: run make PLATFORM={self.name} all"
        return Boot(config=config, extra_args=extra_args, build=self.build,
                    qemu=self.qemu, replace=replace)


# Config errors that read the same on both platforms.
CONFIG_ERRORS = {
    "cpu-twice": [r"config: partition 'probe': vigil,cpus: CPU 0x1 is already "
                  r"given to partition 'hello'"],
    "cpu-absent": [r"config: partition 'hello': vigil,cpus: CPU 0x7 is not on "
                   r"the board"],
    "missing-static-mem": [r"config: partition 'hello': vigil,static-mem: "
                           r"missing"],
}


def overlap_error(host, hello):
    """probe's host memory from host overlaps hello's from hello."""
    return (rf"config: partition 'probe': vigil,static-mem: host {host:#x}-"
            rf"{host + MEM_SIZE - 1:#x} overlaps partition 'hello' "
            rf"\({hello:#x}-{hello + MEM_SIZE - 1:#x}\)")


def too_big_error(guest):
    return (rf"config: partition 'hello': kernel: image of 0x2000000 bytes "
            rf"does not fit in partition memory at {guest:#x}")


ARM64 = Platform(
    name="qemu-virt-arm64",
    arch="arm64",
    qemu="qemu-system-aarch64",
    firmware=(),
    vigil_image="Image",
    boot_timeout=30,
    banner=(
        r"^Vigil 0\.1\.0 \(qemu-virt-arm64, arm64\) at EL2$",
        r"^  cpus +4: 0 0x1 0x2 0x3 \(boot cpu 0\), PSCI via smc$",
        r"^  memory +0x0040000000-0x007fffffff \(1048576 KiB\)$",
        r"^  vigil +0x0040200000-",
        r"^  uart +0x0009000000-0x0009000fff",
        r"^  cpus online: 4 of 4$",
    ),
    vigil_loaded=r"^  vigil +(0x[0-9a-f]+)-",
    vigil_measured=r"\(root of trust: UDS in RAM\)",
    measured_before_config=(),
    # A read of an address no stage-2 table maps: the walk ends at its
    # first level (ARM ARM D8.3, ISS data fault status codes).
    read_stop=(r"stage-2 data abort on read at IPA {target} \(PC "
               r"(?P<pc>0x[0-9a-f]+), ESR 0x[0-9a-f]+: translation fault, "
               r"level 1\)"),
    no_config=r"no partition config: pass it as the initrd",
    demo=Config(
        "partitions",
        (Partition("hello", "1", 0x40000000, 0x50000000, "hello"),
         Partition("probe", "2", 0x80000000, 0x51000000, "isolation-probe")),
        (Probe("probe", 0x50000000, "partition hello's memory"),)),
    # With the ARM64 probes of test_arm64_isolation.py beside it.
    isolation=Config(
        "isolation",
        (Partition("hello", "1", 0x40000000, 0x50000000, "hello"),
         Partition("vigil-probe", "2", 0x80000000, 0x51000000,
                   "isolation-probe-vigil"),
         Partition("smc-probe", "3", 0x80000000, 0x52000000,
                   "isolation-probe-smc"),
         Partition("sysreg-probe", "0", 0x80000000, 0x53000000,
                   "isolation-probe-sysreg")),
        (Probe("vigil-probe", 0x40200000, "Vigil's memory"),)),
    # With the probe of the UDS region (test_arm64_attestation.py).
    attest=Config(
        "attest",
        (Partition("attester-a", "1", 0x80000000, 0x50000000, "attester"),
         Partition("attester-b", "2", 0x80000000, 0x51000000, "attester"),
         Partition("uds-probe", "3", 0x80000000, 0x52000000,
                   "isolation-probe-uds"))),
    attest_modified=Config(
        "attest-modified",
        (Partition("attester-a", "1", 0x80000000, 0x50000000,
                   "attester-modified"),)),
    # The UDS region the configs name (platform.mk UDS_ADDRESS).
    device_secret=DeviceSecret(region=0x4bfff000),
    config_errors={
        **CONFIG_ERRORS,
        "overlap": [overlap_error(0x50800000, 0x50000000)],
        "image-too-big": [too_big_error(0x40000000)],
        # Vigil lies at a fixed address on this board.
        "overlap-vigil": [r"config: partition 'hello': vigil,static-mem: "
                          r"host 0x40000000-0x40ffffff overlaps Vigil's "
                          r"image \(0x40200000-"],
        "two-errors": [r"config: partition 'probe': vigil,cpus: CPU 0x1 is "
                       r"already given",
                       r"config: partition 'probe': vigil,static-mem: host "
                       r"0x50800000-"]},
)

X86_64 = Platform(
    name="qemu-x86_64",
    arch="x86_64",
    qemu="qemu-system-x86_64",
    firmware=("/usr/share/ovmf/OVMF.fd",),
    vigil_image="vigil.efi",
    # OVMF takes a few seconds under TCG; a loaded CI longer.
    boot_timeout=60,
    banner=(
        r"^Vigil 0\.1\.0 \(qemu-x86_64, x86_64\) as a UEFI application$",
        # -smp 4: QEMU gives the four CPUs local APIC IDs 0-3; the boot
        # CPU is 0.
        r"^  cpus +4: 0 0x1 0x2 0x3 \(boot cpu 0\), local APIC IDs from "
        r"the ACPI MADT$",
        r"^  memory +\d+ KiB conventional in \d+ ranges \(UEFI memory map, "
        r"\d+ descriptors\)$",
        r"^  vigil +0x[0-9a-f]{10}-0x[0-9a-f]{10} \(\d+ KiB\) as loaded by "
        r"UEFI$",
        r"^  cpus online: 4 of 4$",
    ),
    vigil_loaded=r"^  vigil +(0x[0-9a-f]+)-0x[0-9a-f]+ \(\d+ KiB\) as loaded "
                 r"by UEFI$",
    vigil_measured=(r"\(\\EFI\\BOOT\\BOOTX64\.EFI, \d+ bytes; root of trust: "
                    r"vigil\.efi read from the ESP, UDS from fw_cfg\)"),
    # Vigil measures the TSC and itself while boot services are up.
    measured_before_config=(
        r"^  tsc +\d+ MHz \(measured against UEFI Stall\)$",
        r"^vigil: measured Vigil: sha256 [0-9a-f]{64} ",
    ),
    # A plain read through an unmapped nested page: EXITINFO1 is the #PF
    # error code, here not present (bit 0 clear), a read (bit 1 clear),
    # "user" (bit 2: the nested walk treats every access as a user one),
    # no reserved bit (bit 3 clear), not a fetch, with bit 32 set: the
    # final translation, not the guest's walk of its own tables (AMD APM
    # vol 2, 15.25.6).
    read_stop=(r"nested page fault on read at guest-physical {target} \(RIP "
               r"(?P<pc>0x[0-9a-f]+), EXITINFO1 0x100000004: not present, "
               r"read, user, final translation\)"),
    no_config=r"no partition config: put it on the ESP as "
              r"\\vigil\\config\.dtb \(or, under QEMU, hand it over "
              r"through fw_cfg as opt/vigil/config\.dtb\)",
    demo=Config(
        "partitions",
        (Partition("hello", "0", 0x1000000, 0x30000000, "hello"),
         Partition("probe", "1", 0x1000000, 0x31000000, "isolation-probe")),
        (Probe("probe", 0x30000000,
               "partition hello's host memory (demo config)"),)),
    # Vigil's image has no fixed address here (UEFI loads it): the probe
    # reads the I/O APIC, which Vigil gives no partition.
    isolation=Config(
        "isolation-vigil",
        (Partition("hello", "1", 0x1000000, 0x30000000, "hello"),
         Partition("vigil-probe", "0", 0x1000000, 0x31000000,
                   "isolation-probe-vigil")),
        (Probe("vigil-probe", 0xfec00000,
               "the I/O APIC, which no partition is given"),)),
    # Both attesters name one file, attester.bin; hello runs another
    # image (test_reference_values.py).
    attest=Config(
        "attest",
        (Partition("attester-a", "0", 0x1000000, 0x30000000, "attester"),
         Partition("attester-b", "1", 0x1000000, 0x31000000, "attester"),
         Partition("hello", "2", 0x1000000, 0x32000000, "hello"))),
    attest_modified=Config(
        "attest-modified",
        (Partition("attester-a", "0", 0x1000000, 0x30000000,
                   "attester-modified"),)),
    # platform/qemu-x86_64/rot.c's copy of the fw_cfg file.
    device_secret=DeviceSecret(elf="vigil.so", symbol="uds",
                               size_symbol="uds_size"),
    config_errors={
        **CONFIG_ERRORS,
        "overlap": [overlap_error(0x30800000, 0x30000000)],
        "image-too-big": [too_big_error(0x1000000)],
        # A file name that is a path (Vigil opens files in \vigil\ only).
        "file-bad-name": [r"config: partition 'hello': kernel: "
                          r"vigil,uefi-binary: not a file name \(1 to 63 "
                          r"letters, digits, '\.', '_' or '-', no path\)"],
        "two-errors": [r"config: partition 'probe': vigil,cpus: CPU 0x1 is "
                       r"already given",
                       r"config: partition 'probe': vigil,static-mem: host "
                       r"0x30800000-"]},
)

PLATFORMS = {p.name: p for p in (ARM64, X86_64)}
