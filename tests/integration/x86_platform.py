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
