# SPDX-License-Identifier: MIT
"""x86-64's device secret: build/uds.bin handed over as the fw_cfg file
"opt/vigil/uds" (platform/qemu-x86_64/rot.c), read before any partition
starts; its copy zeroed once attestation has its keys
(test_attestation.py checks both, with the attestation tests every
platform runs). Without the file attestation stays off and Vigil says why.
That no guest reaches fw_cfg's ports (0x510, 0x511, 0x514) is the I/O
permission map's doing, which intercepts every port (checked port by port
in tests/unit/test_svm.c)."""
import pytest

pytestmark = pytest.mark.platforms("qemu-x86_64")

UDS_FW_CFG = "name=opt/vigil/uds,"
END = (r"^(\[attester-a\] send a nonce.*|vigil: .*no partition started|"
       r"vigil: PANIC.*)$")


def test_no_secret_no_attestation(platform):
    """Without the fw_cfg file Vigil says so and boots the partitions with
    attestation off."""
    b = platform.boot(config=platform.attest.name)
    i = next(i for i, a in enumerate(b.argv) if a.startswith(UDS_FW_CFG))
    assert b.argv[i - 1] == "-fw_cfg"
    del b.argv[i - 1:i + 1]
    with b:
        b.wait_for(END, timeout=platform.boot_timeout)
        b.wait_for(r"^vigil: attestation off: no device secret: QEMU passed "
                   r"no fw_cfg file \"opt/vigil/uds\"$", timeout=10)
        assert "attestation on" not in b.console
