# SPDX-License-Identifier: MIT
"""A bad config is refused as a whole, on every platform: each error named
once, with its partition and property, and no partition started (nothing
measured, no guest output). The configs and their errors are each
platform's (platforms.py, `config_errors`): the same mistakes, at that
board's addresses, plus ARM64's partition memory over Vigil's image, which
lies at a fixed address there (x86-64's own refusal, memory outside the
UEFI map, is in test_x86_boot.py)."""
import re

import pytest


@pytest.mark.per_platform("config", lambda p: sorted(p.config_errors))
def test_bad_config_starts_nothing(platform, config):
    errors = platform.config_errors[config]
    with platform.boot(config=config) as b:
        b.wait_for(r"^vigil: config rejected \((\d+) errors?\); no partition started$",
                   timeout=platform.boot_timeout)
        b.run_for(1)  # anything a guest would print would show up by now
    c = b.console
    for pattern in errors:
        assert len(re.findall(rf"^{pattern}", c, re.M)) == 1, pattern
    assert len(re.findall(r"^config: ", c, re.M)) == len(errors)
    assert f"({len(errors)} error" in c
    # Nothing measured but what the platform measures before it reads the
    # config (x86-64: the TSC and Vigil itself), each once.
    measured = [line for line in c.splitlines() if "measured" in line]
    assert len(measured) == len(platform.measured_before_config), measured
    for pattern, line in zip(platform.measured_before_config, measured):
        assert re.search(pattern, line), line
    assert "vigil: starting" not in c
    assert not re.search(r"^\[", c, re.M)


def test_no_config_starts_nothing(platform):
    with platform.boot() as b:
        b.wait_for(rf"^vigil: {platform.no_config}; no partition started$",
                   timeout=platform.boot_timeout)
    assert "measured the config" not in b.console
    assert not re.search(r"^\[", b.console, re.M)
