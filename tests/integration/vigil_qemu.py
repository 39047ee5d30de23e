# SPDX-License-Identifier: MIT
"""Boots Vigil in QEMU and watches its console. Tests boot through their
platform (platforms.py: Platform.boot), which names the build and the
emulator, as tools/reference_values.py does; the defaults here
(VIGIL_BUILD, VIGIL_QEMU) are for whatever boots without naming them."""
import os
import re
import select
import shutil
import subprocess
import tempfile
import time

BUILD = os.environ.get("VIGIL_BUILD", "build/qemu-virt-arm64")
QEMU = os.environ.get("VIGIL_QEMU", "qemu-system-aarch64")


def build_path(*parts):
    return os.path.join(BUILD, *parts)


class Boot:
    """One QEMU run of Vigil. Use as a context manager; output is in .console."""

    def __init__(self, config=None, extra_args=(), build=None, qemu=None,
                 replace=None):
        """build and qemu: another platform's build directory and QEMU
        binary (default VIGIL_BUILD and VIGIL_QEMU). replace: {image file:
        another image file} of the build's guests/, each of which this
        boot finds where it looks for the first (where QEMU's loader puts
        it, or in the ESP's \\vigil\\), the config the same."""
        build = build or BUILD
        with open(os.path.join(build, "qemu-args")) as f:
            args = [line for line in f.read().split("\n") if line]
        dtb = config and os.path.join(build, "configs", config + ".dtb")
        self.esp = None
        if any("{esp}" in a for a in args):
            self.esp = self._make_esp(build, dtb)
            args = [a.replace("{esp}", self.esp) for a in args]
        elif config:
            with open(os.path.join(build, "qemu-config-args")) as f:
                template = [line for line in f.read().split("\n") if line]
            args += [a.replace("{config}", dtb) for a in template]
        for old, new in (replace or {}).items():
            args = self._replace(build, args, old, new)
        self.argv = [qemu or QEMU, *args, *extra_args]
        self.console = ""
        self.proc = None

    @staticmethod
    def _make_esp(build, dtb):
        """An ESP of this boot's own: a copy of the build's (vigil.efi and
        the guest images) whose \\vigil\\config.dtb is the config booted,
        or which has none when no config is given."""
        esp = tempfile.mkdtemp(prefix="vigil-esp-")
        shutil.copytree(os.path.join(build, "esp"), esp, dirs_exist_ok=True)
        config = os.path.join(esp, "vigil", "config.dtb")
        os.remove(config)
        if dtb:
            shutil.copyfile(dtb, config)
        return esp

    def _replace(self, build, args, old, new):
        """args with image file old replaced by new (see __init__)."""
        new_path = os.path.join(build, "guests", new)
        assert os.path.exists(new_path), f"no {new_path}"
        if self.esp:
            target = os.path.join(self.esp, "vigil", old)
            assert os.path.exists(target), f"the ESP has no \\vigil\\{old}"
            shutil.copyfile(new_path, target)
            return args
        arg = f"file={os.path.join(build, 'guests', old)},"
        assert any(arg in a for a in args), f"no QEMU loader has {arg}"
        return [a.replace(arg, f"file={new_path},") for a in args]

    def __enter__(self):
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        os.set_blocking(self.proc.stdout.fileno(), False)
        return self

    def __exit__(self, *exc):
        self.stop()

    def send(self, text):
        """Types text on the console (the UART's input)."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._drain(0)
        if self.esp:
            shutil.rmtree(self.esp, ignore_errors=True)
            self.esp = None

    def _drain(self, timeout):
        if not self.proc:
            return False
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return False
        chunk = self.proc.stdout.read()
        if not chunk:
            return False
        self.console += chunk.decode("utf-8", "replace").replace("\r", "")
        return True

    def wait_for(self, pattern, timeout=30, start=0):
        """Waits until pattern (a regex) matches the console after offset
        start; returns the match, or fails the test with the console so far."""
        regex = re.compile(pattern, re.M)
        # A pattern that ends a line must not match a line still arriving
        # ("$" also matches at the end of the text received so far).
        whole_lines = pattern.endswith("$")
        deadline = time.monotonic() + timeout
        while True:
            text = self.console
            if whole_lines:
                text = text[:text.rfind("\n") + 1]
            m = regex.search(text, start)
            if m:
                return m
            left = deadline - time.monotonic()
            if left <= 0 or (self.proc.poll() is not None and not self._drain(0)):
                raise AssertionError(
                    f"console never matched {pattern!r} within {timeout}s; "
                    f"console was:\n{self.console}")
            self._drain(min(left, 0.5))

    def run_for(self, seconds):
        """Collects console output for the given time."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.proc.poll() is None:
            self._drain(deadline - time.monotonic())
        return self.console
