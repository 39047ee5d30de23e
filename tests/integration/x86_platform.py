# SPDX-License-Identifier: MIT
"""The x86-64 platform (platforms.X86_64) under the names that x86-64
modules written before the suite was parameterised use: its build
directory, emulator, firmware and boot timeout, a check of what is
missing, and a boot. New modules take the `platform` fixture
(conftest.py) instead."""
import os
import shutil

from platforms import X86_64

X86_BUILD = X86_64.build
X86_QEMU = X86_64.qemu
(OVMF,) = X86_64.firmware
BOOT_TIMEOUT = X86_64.boot_timeout


def missing(build_files=(), tools=(X86_QEMU,), files=(OVMF,)):
    """What is missing of the given build files (relative to the x86
    build), tools and other files, as one message; None if nothing."""
    for path in build_files:
        if not os.path.exists(os.path.join(X86_BUILD, path)):
            return f"no {X86_BUILD}/{path}: run make PLATFORM=qemu-x86_64 all"
    for tool in tools:
        if not shutil.which(tool):
            return f"{tool} is not installed"
    for path in files:
        if not os.path.exists(path):
            return f"{path} is not installed"
    return None


def x86_boot(config="partitions", cpu=None, extra_args=()):
    """One boot of the x86 build under OVMF with the given config."""
    extra = (("-cpu", cpu) if cpu else ()) + tuple(extra_args)
    return X86_64.boot(config=config, extra_args=extra)


def x86_boot_without_esp(config, images, extra_args=()):
    """A boot with no disk at all: vigil.efi goes to OVMF as -kernel, and
    the config and the guest images it names (images: their names in the
    build) as QEMU fw_cfg files opt/vigil/config.dtb and
    opt/vigil/<image>.bin, which Vigil reads when the volume it was loaded
    from holds no \\vigil\\config.dtb."""
    boot = x86_boot(config=None, extra_args=extra_args)
    drive = [i for i, a in enumerate(boot.argv)
             if a == "-drive" and i + 1 < len(boot.argv)
             and "fat:" in boot.argv[i + 1]]
    assert len(drive) == 1, f"no ESP drive in {X86_BUILD}/qemu-args"
    files = [("config.dtb", os.path.join(X86_BUILD, "configs",
                                          config + ".dtb"))]
    files += [(f"{name}.bin", os.path.join(X86_BUILD, "guests",
                                            name + ".bin"))
              for name in images]
    fw_cfg = []
    for name, path in files:
        fw_cfg += ["-fw_cfg", f"name=opt/vigil/{name},file={path}"]
    i = drive[0]
    boot.argv[i:i + 2] = ["-kernel", os.path.join(X86_BUILD, "vigil.efi"),
                          *fw_cfg]
    return boot
