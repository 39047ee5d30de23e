# SPDX-License-Identifier: MIT
"""`make reference-values`: tools/reference_values.py writes, for the
`attest` config, everything a verifier pins. Its values agree with sha256
of the files, with what Vigil prints as it boots the config and with the
vPCRs the attester quotes; vigil-verify --reference-values accepts
attester-a's report with them, and names what no longer matches when the
config digest, the launch-policy event or the partition is another.

On both platforms: the partitions and their images are the platform's
`attest` config (platforms.py), Vigil's image its vigil_image (ARM64's
Image, x86-64's vigil.efi), and the tool boots with its emulator."""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest

import attest_artefacts as A
from platforms import BUILD_ROOT

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "reference_values.py")


@pytest.fixture(scope="module")
def images(platform):
    """{partition: its image} of the attest config, in the config's order."""
    return {p.name: p.image for p in platform.attest.partitions}


@pytest.fixture(scope="module")
def another_image(images):
    """The partition of the attest config whose image is not the
    attester."""
    (name,) = [n for n, image in images.items() if image != "attester"]
    return name


def sha256(data):
    return hashlib.sha256(data).digest()


def extend(pcr, digest):
    return sha256(pcr + digest)


def run_tool(platform, config, out):
    """tools/reference_values.py for config, booting it once with the
    platform's emulator; its result, the values in out."""
    return subprocess.run([sys.executable, TOOL, "--build", platform.build,
                           "--config", config, "--qemu", platform.qemu,
                           "--out", str(out)],
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def values(platform, tmp_path_factory):
    out = tmp_path_factory.mktemp("refvals") / "reference-values.json"
    r = run_tool(platform, platform.attest.name, out)
    assert r.returncode == 0, r.stdout + r.stderr
    text = out.read_text()
    return str(out), text, json.loads(text)


@pytest.fixture(scope="module")
def boot(platform):
    with platform.boot(config=platform.attest.name) as b:
        b.wait_for(r"^\[attester-a\] send a nonce", timeout=60)
        yield b


@pytest.fixture(scope="module")
def report_a(boot, tmp_path_factory):
    nonce = A.new_nonce()
    art = A.attest(boot, "attester-a", nonce)
    return nonce, art, A.write_files(art, nonce, tmp_path_factory.mktemp("a"))


def partition(values, name):
    (p,) = [p for p in values[2]["partitions"] if p["name"] == name]
    return p


def verify(paths, nonce, refvals, *extra):
    verifier = os.environ.get("VIGIL_VERIFY", "build/host/vigil-verify")
    return A.run(verifier, "--quote", paths["quote"], "--certs", paths["certs"],
                 "--event-log", paths["log"], "--nonce-hex", nonce.hex(),
                 "--reference-values", refvals, *extra, check=False)


def changed(values, tmp_path, change):
    """A copy of the reference values with change(dict) applied."""
    data = json.loads(values[1])
    change(data)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data, sort_keys=True, indent=2) + "\n")
    return str(path)


def failures(r):
    """The failure names vigil-verify printed, one per line."""
    return {line.split(":", 1)[0] for line in r.stdout.splitlines()}


def test_the_file_is_canonical_json(values, images):
    _, text, data = values
    assert text == json.dumps(data, sort_keys=True, indent=2) + "\n"
    assert data["format"] == "vigil-reference-values-1"
    assert [p["name"] for p in data["partitions"]] == list(images)


def test_digests_are_sha256_of_the_files(platform, values, images):
    data = values[2]
    assert data["vigil"]["image_sha256"] == A.sha256_file(
        platform.path(platform.vigil_image))
    config = platform.attest.name
    assert data["config"] == {
        "name": config,
        "sha256": A.sha256_file(platform.path("configs", config + ".dtb"))}
    for name, image in images.items():
        p = partition(values, name)
        assert p["image_sha256"] == A.sha256_file(
            platform.path("guests", image + ".bin")), name
        assert p["launch_policy"] == "measure"
        assert p["allowed_digests"] == [] and p["signer_sha256"] is None
        assert p["policy_event"] == "launch policy: measure"
        assert p["refused"] is False


def test_expected_vpcrs_follow_from_the_digests(values, images):
    config = bytes.fromhex(values[2]["config"]["sha256"])
    for name in images:
        p = partition(values, name)
        zero = bytes(32)
        assert p["expected_vpcrs"] == {
            "0": extend(zero, bytes.fromhex(p["image_sha256"])).hex(),
            "1": extend(extend(zero, config),
                        bytes.fromhex(p["config_node_sha256"])).hex(),
            "2": extend(zero, sha256(p["policy_event"].encode())).hex()}
    # The same image, but each partition's own node.
    a, b = partition(values, "attester-a"), partition(values, "attester-b")
    assert a["config_node_sha256"] != b["config_node_sha256"]


def test_values_are_what_the_boot_prints(values, boot, images):
    data, console = values[2], boot.console
    m = re.search(r"^vigil: measured the config: sha256 ([0-9a-f]{64})$",
                  console, re.M)
    assert m and m.group(1) == data["config"]["sha256"]
    m = re.search(r"^vigil: measured Vigil: sha256 ([0-9a-f]{64}) ", console,
                  re.M)
    assert m and m.group(1) == data["vigil"]["image_sha256"]
    for name in images:
        m = re.search(rf"^vigil: measured '{name}': sha256 ([0-9a-f]{{64}}) ",
                      console, re.M)
        assert m and m.group(1) == partition(values, name)["image_sha256"]
    block = re.search(r"^vigil: -----BEGIN VIGIL DEVICEID-----\n(.*?)"
                      r"^vigil: -----END VIGIL DEVICEID-----$", console,
                      re.M | re.S).group(1)
    der = bytes.fromhex("".join(line.split(": ", 1)[1]
                                for line in block.splitlines()))
    pem = data["device_id_cert_pem"]
    body = pem.split("-----BEGIN CERTIFICATE-----\n")[1] \
        .split("-----END CERTIFICATE-----")[0]
    assert base64.b64decode(body) == der


def test_expected_vpcrs_are_the_quoted_ones(values, report_a):
    _, art, _ = report_a
    p = partition(values, "attester-a")
    for i in (0, 1, 2):
        assert art[f"VPCR {i}"].hex() == p["expected_vpcrs"][str(i)], i


def test_vigil_verify_says_verified(values, report_a):
    nonce, _, paths = report_a
    r = verify(paths, nonce, values[0], "--partition", "attester-a")
    assert r.returncode == 0 and r.stdout == "VERIFIED\n", r.stdout + r.stderr
    r = verify(paths, nonce, values[0], "--partition", "attester-a", "-v")
    assert "info: reference values: config 'attest', partition 'attester-a' " \
           "(launch policy measure)\n" in r.stdout


def test_the_partition_must_be_chosen(values, report_a):
    nonce, _, paths = report_a
    r = verify(paths, nonce, values[0])   # three partitions: which one?
    assert r.returncode == 2 and "--partition" in r.stderr, r.stderr
    r = verify(paths, nonce, values[0], "--partition", "nobody")
    assert r.returncode == 2 and "no partition 'nobody'" in r.stderr, r.stderr
    r = verify(paths, nonce, values[0], "--partition", "attester-a",
               "--device-id", paths["deviceid"])
    assert r.returncode == 2 and "replaces" in r.stderr, r.stderr


def test_another_config_digest_is_a_config_mismatch(values, report_a, tmp_path):
    nonce, _, paths = report_a

    def change(data):
        data["config"]["sha256"] = hashlib.sha256(b"another config").hexdigest()
    r = verify(paths, nonce, changed(values, tmp_path, change),
               "--partition", "attester-a")
    assert r.returncode == 1 and failures(r) == {"config mismatch"}, r.stdout
    assert "'vigil config'" in r.stdout


def test_another_policy_event_is_a_launch_policy_mismatch(values, report_a,
                                                          tmp_path):
    nonce, _, paths = report_a
    image = partition(values, "attester-a")["image_sha256"]

    def change(data):
        data["partitions"][0]["policy_event"] = \
            "launch policy: verify: allowed digest " + image
    r = verify(paths, nonce, changed(values, tmp_path, change),
               "--partition", "attester-a")
    assert r.returncode == 1 and failures(r) == {"launch policy mismatch"}, \
        r.stdout


def test_another_partition_is_named(values, report_a, another_image):
    nonce, _, paths = report_a
    # attester-b runs the same image: only its name and its node differ.
    r = verify(paths, nonce, values[0], "--partition", "attester-b")
    assert r.returncode == 1
    assert failures(r) == {"wrong partition", "config mismatch"}, r.stdout
    assert "'attester-b config node'" in r.stdout
    # The third partition (ARM64's uds-probe, x86-64's hello) runs another
    # image too.
    r = verify(paths, nonce, values[0], "--partition", another_image)
    assert r.returncode == 1
    assert failures(r) == {"wrong partition", "config mismatch",
                           "unknown partition measurement"}, r.stdout


def test_another_device_id_breaks_the_chain(values, report_a, tmp_path):
    nonce, _, paths = report_a
    key, cert = tmp_path / "k.pem", tmp_path / "other.pem"
    A.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:P-256", "-nodes", "-keyout", str(key), "-out",
          str(cert), "-subj", "/CN=Vigil DeviceID", "-days", "1")

    def change(data):
        data["device_id_cert_pem"] = cert.read_text()
    r = verify(paths, nonce, changed(values, tmp_path, change),
               "--partition", "attester-a")
    assert r.returncode == 1 and failures(r) == {"chain broken"}, r.stdout


def test_signatures_are_checked_as_vigil_checks_them(platform, tmp_path):
    """policy-signed (test_launch_policy.py): the tool finds each image
    signature where the boot does (a loader address on ARM64, a file in
    the ESP on x86-64), allows the good one as Vigil does, refuses the
    three bad ones, and the boot it enrols from agrees (one partition
    starts)."""
    out = tmp_path / "signed.json"
    r = run_tool(platform, "policy-signed", out)
    assert r.returncode == 0, r.stdout + r.stderr
    parts = {p["name"]: p for p in json.loads(out.read_text())["partitions"]}
    signer = hashlib.sha256(open(os.path.join(BUILD_ROOT, "signing",
                                              "signer.der"), "rb")
                            .read()).hexdigest()
    good = parts.pop("good")
    assert good["image_sha256"] == A.sha256_file(
        platform.path("guests", "attester.bin"))
    assert good["signer_sha256"] == signer
    assert good["policy_event"] == f"launch policy: verify: signer {signer}"
    assert good["refused"] is False
    assert sorted(parts) == ["other", "truncated", "wrong-image"]
    for name, p in parts.items():
        assert p["refused"] is True and p["policy_event"] is None, name
        assert p["expected_vpcrs"]["2"] is None, name
        assert f"partition '{name}' would be refused" in r.stderr, name
