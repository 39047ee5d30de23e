# SPDX-License-Identifier: MIT
"""x86-64 with more than one CPU: after ExitBootServices Vigil starts the
MADT's other CPUs with an INIT and two startup IPIs through the local APIC
into a real-mode trampoline below 1 MiB, which takes each to long mode on
Vigil's page tables, its own stack, GDT, TSS and IST stacks
(hyp/arch/x86_64/smp.c, ap_trampoline.S). The banner says how many report
in, and two partitions on two CPUs, each with host memory of its own, both
run under SVM (platform/qemu-x86_64/test-configs/two-cpus.dts: hello on
APIC ID 0, the attester on APIC ID 1).

The shared tests run partitions on several CPUs too (test_demo.py,
test_isolation.py, test_attestation.py); here the attester's hypercalls
are served on an application processor while hello runs on the boot
CPU."""
import pytest

from test_x86_boot import line

pytestmark = pytest.mark.platforms("qemu-x86_64")

# Both partitions have shown they run: hello's second tick and the
# attester's prompt (in either order), or a refusal or panic.
END = (r"^(vigil: .*no partition started|vigil: PANIC.*|"
       r"\[hello\] tick 2|\[attester\] send a nonce.*)$")


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config="two-cpus") as b:
        m = b.wait_for(END, timeout=platform.boot_timeout)
        if m.group(0).startswith("["):
            # The first of the two: wait for the other.
            for pattern in (r"^\[hello\] tick 2$",
                            r"^\[attester\] send a nonce"):
                b.wait_for(pattern, timeout=platform.boot_timeout)
        yield b


def test_all_cpus_report_in(boot):
    # -smp 4: the boot CPU and the three it starts.
    own = line(boot, r"^vigil: x86-64: own GDT, IDT and page tables loaded")
    online = line(boot, r"^  cpus online: 4 of 4$")
    table = line(boot, r"^partitions: 2$")
    assert own.start() < online.start() < table.start()
    assert "did not report in" not in boot.console
    assert "PANIC" not in boot.console


def test_partitions_on_two_cpus(boot):
    line(boot, r"^  hello +0 +0x1000000\+0x1000000 -> 0x30000000 ")
    line(boot, r"^  attester +1 +0x1000000\+0x1000000 -> 0x31000000 ")
    line(boot, r"^vigil: starting 2 partitions, \d+ us after entry")


def test_both_partitions_run(boot):
    line(boot, r"^\[hello\] hypercall checks: version 0x00000001 unknown "
               r"-38 outside -14 straddling -14 too-long -22$")
    line(boot, r"^\[hello\] tick 2$")
    # The attester's refusal checks and its vPCR 8 extend are hypercalls
    # served on CPU 1 (the extend hashes there, with SHA-NI if the CPU
    # has it).
    line(boot, r"^\[attester\] attest checks: ")
    line(boot, r"^\[attester\] extended vPCR 8 with the stage 2 digest: 0$")
    line(boot, r"^\[attester\] send a nonce")
    assert "stopped" not in boot.console
    assert "no partition started" not in boot.console
