# SPDX-License-Identifier: MIT
"""What the x86-64 integration tests share: where the x86 build is, the
emulator and firmware they boot it with, and a check that all are there
(`make test` builds the x86 platform first; a missing piece fails a test
with its name rather than letting it pass unnoticed)."""
import os
import shutil

from vigil_qemu import BUILD, Boot

X86_BUILD = os.path.join(os.path.dirname(BUILD) or ".", "qemu-x86_64")
X86_QEMU = "qemu-system-x86_64"
OVMF = "/usr/share/ovmf/OVMF.fd"
BOOT_TIMEOUT = 60  # OVMF takes a few seconds under TCG; a loaded CI longer


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
    return Boot(config=config, extra_args=extra, build=X86_BUILD,
                qemu=X86_QEMU)
