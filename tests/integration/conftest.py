# SPDX-License-Identifier: MIT
"""One suite, parameterised by platform (platforms.py).

A test that takes the `platform` fixture runs once per platform, its id
naming it (test_banner[qemu-x86_64]); `@pytest.mark.platforms(name, ...)`
on a test or a module (pytestmark) keeps it to those named, for what is
about one architecture. `@pytest.mark.per_platform(argname, values)` adds
an argument whose values depend on the platform (values(platform) lists
them), each run as its own test (test_x[qemu-x86_64-overlap]).

The fixture is module-scoped, and the tests of a module are run platform
by platform, so a module's boot fixtures (module-scoped, taking
`platform`) boot once per platform, not once per test. A platform whose
build, emulator or firmware is missing fails every test of it with what
is missing."""
import pytest

from platforms import PLATFORMS

NAMES = list(PLATFORMS)


def pytest_generate_tests(metafunc):
    if "platform" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("platforms")
    names = list(marker.args) if marker else NAMES
    unknown = [n for n in names if n not in PLATFORMS]
    assert not unknown, f"unknown platforms {unknown}; known: {NAMES}"
    extra = metafunc.definition.get_closest_marker("per_platform")
    if extra:
        argname, values = extra.args
        combos = [(n, v) for n in names for v in values(PLATFORMS[n])]
        metafunc.parametrize(["platform", argname], combos,
                             indirect=["platform"], scope="module",
                             ids=[f"{n}-{v}" for n, v in combos])
    else:
        metafunc.parametrize("platform", names, indirect=True,
                             scope="module", ids=names)


@pytest.fixture(scope="module")
def platform(request):
    """The platforms.Platform this test runs on."""
    p = PLATFORMS[request.param]
    problem = p.missing()
    if problem:
        pytest.fail(f"{p.name}: {problem}", pytrace=False)
    return p


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each module, all of one platform's tests before the next
    platform's (otherwise in pytest's order), so that a module-scoped
    fixture that takes `platform` is set up once per platform even when
    some tests of the module run on one platform only."""
    modules = {}
    for item in items:
        modules.setdefault(item.module.__name__, len(modules))

    def key(item):
        spec = getattr(item, "callspec", None)
        name = spec.params.get("platform") if spec else None
        return modules[item.module.__name__], NAMES.index(name) if name else 0
    items.sort(key=key)
