#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the reference values a verifier pins for one partition config:
Vigil's image digest, the config's digest, and per partition its image
digest, launch policy, signer, the events Vigil logs at its launch and the
vPCR values they extend to; and the device's DeviceID certificate, taken
from one boot of the config in QEMU (an enrolment, done once per device).

    reference_values.py --build build/qemu-virt-arm64 --config attest \
        --out build/reference-values.json [--qemu qemu-system-aarch64]

Everything is computed from the files the build made, the way Vigil
measures them (README, "Attestation"; include/vigil/attest.h): Vigil's own
image as the boot (build/<plat>/qemu-args) hands it over, the kernel QEMU
is given (ARM64: -kernel Image) or the ESP's \\EFI\\BOOT\\BOOTX64.EFI
(x86-64: vigil.efi, which Vigil reads back as a file); the config blob
whole; each partition's node in the canonical form of
monitor/config_measure.c; its image (and signature) as its module names
it: by reg, the file QEMU's loader puts at that address, cut to the
module's size, or by vigil,uefi-binary, that whole file in the build's ESP
directory, \\vigil\\ (build/<plat>/esp/vigil/); and the launch-policy
decision and event text of monitor/launch_policy.c, image signatures
checked here (ECDSA P-256) as Vigil checks them. The boot (with --qemu,
the build's platform's emulator) then has to agree: Vigil's and the
config's digests, each partition's image digest and whether its policy
refused it. `--device-id FILE` takes the certificate of an earlier
enrolment instead and boots nothing. Python 3 standard library only.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMAT = "vigil-reference-values-1"


class Error(Exception):
    """A reference value cannot be made; the message says why."""


def sha256(data):
    return hashlib.sha256(data).digest()


def extend(pcr, digest):
    """TPM 2.0 extend: SHA-256(pcr || digest)."""
    return sha256(pcr + digest)


def read_file(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise Error(f"{path}: {e.strerror}") from None


# ---- a small flattened-device-tree reader (Devicetree Specification 5) ----

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


class Node:
    def __init__(self, name):
        self.raw_name = name      # bytes: full, with any unit address
        self.name = name.decode("ascii", "replace")
        self.props = []           # (name as bytes, value) in blob order
        self.children = []

    def prop(self, name):
        for n, v in self.props:
            if n == name.encode():
                return v
        return None

    def compatible(self, what):
        value = self.prop("compatible")
        return value is not None and what.encode() in value.split(b"\0")


def _cstring(blob, off, end, what):
    nul = blob.find(b"\0", off, end)
    if nul < 0:
        raise Error(f"config: {what} at 0x{off:x} is not NUL-terminated")
    return blob[off:nul], nul + 1


def parse_fdt(blob):
    """The tree of a DTB (big-endian): the root Node."""
    if len(blob) < 40:
        raise Error("config: shorter than a device-tree header")
    (magic, total, off_struct, off_strings, _rsvmap, version, _last,
     _cpu, size_strings, size_struct) = struct.unpack(">10I", blob[:40])
    if magic != FDT_MAGIC:
        raise Error("config: not a device tree (bad magic)")
    if total != len(blob):
        raise Error(f"config: totalsize 0x{total:x} is not the file's size "
                    f"0x{len(blob):x}")
    if version < 17 or off_struct + size_struct > total or \
            off_strings + size_strings > total:
        raise Error("config: header version or block offsets are bad")
    end = off_struct + size_struct
    pos, stack, root = off_struct, [], None

    def word(at):
        if at + 4 > end:
            raise Error("config: structure block truncated")
        return struct.unpack(">I", blob[at:at + 4])[0]

    while True:
        token = word(pos)
        pos += 4
        if token == FDT_BEGIN_NODE:
            name, after = _cstring(blob, pos, end, "node name")
            pos = (after + 3) & ~3
            node = Node(name)
            if stack:
                stack[-1].children.append(node)
            elif root is None:
                root = node
            else:
                raise Error("config: more than one root node")
            stack.append(node)
        elif token == FDT_END_NODE:
            if not stack:
                raise Error("config: FDT_END_NODE without a node")
            stack.pop()
        elif token == FDT_PROP:
            length, nameoff = word(pos), word(pos + 4)
            pos += 8
            if not stack or pos + length > end or nameoff >= size_strings:
                raise Error("config: bad property")
            name, _ = _cstring(blob, off_strings + nameoff,
                               off_strings + size_strings, "property name")
            stack[-1].props.append((name, blob[pos:pos + length]))
            pos = (pos + length + 3) & ~3
        elif token == FDT_NOP:
            pass
        elif token == FDT_END:
            if stack or root is None:
                raise Error("config: FDT_END inside a node")
            return root
        else:
            raise Error(f"config: unknown token 0x{token:x} at 0x{pos - 4:x}")


def node_digest(node):
    """SHA-256 of a node in monitor/config_measure.c's canonical form:
    "N" name "\\0", per property "P" name "\\0" be32(len) value, each
    subnode the same way, then "E"."""
    h = hashlib.sha256()

    def put(n):
        h.update(b"N" + n.raw_name + b"\0")
        for name, value in n.props:
            h.update(b"P" + name + b"\0" +
                     struct.pack(">I", len(value)) + value)
        for child in n.children:
            put(child)
        h.update(b"E")

    put(node)
    return h.digest()


def cells(value, count, what):
    if value is None or len(value) < 4 * count:
        raise Error(f"{what}: missing or too short")
    n = 0
    for i in range(count):
        n = (n << 32) | struct.unpack(">I", value[4 * i:4 * i + 4])[0]
    return n


def cell_count(node, name):
    value = node.prop(name)
    return 2 if value is None else cells(value, 1, f"{node.name}: {name}")


# ---- the signer's key and the image's signature ------------------------------

# DER SubjectPublicKeyInfo of a P-256 key (id-ecPublicKey, prime256v1) up to
# the BIT STRING's 65-byte uncompressed point: what openssl and mbedTLS
# write.
P256_SPKI_PREFIX = bytes.fromhex(
    "3059301306072a8648ce3d020106082a8648ce3d030107034200")

# NIST P-256 (SEC 2, 2.4.2): y^2 = x^3 - 3x + b over GF(p), order n.
P256_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
          0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def signer_der(value):
    """vigil,image-signer (DER, or PEM as /incbin/ leaves it) as DER."""
    if value.startswith(b"-"):  # as Vigil tells PEM from DER
        text = value.split(b"\0", 1)[0].decode("ascii", "replace")
        m = re.search(r"-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----",
                      text, re.S)
        if not m:
            return None
        try:
            return base64.b64decode("".join(m.group(1).split()), validate=True)
        except ValueError:
            return None
    return value


def signer_point(der):
    """The P-256 public point of a DER SubjectPublicKeyInfo, or None."""
    if der is None or len(der) != len(P256_SPKI_PREFIX) + 65 or \
            not der.startswith(P256_SPKI_PREFIX) or \
            der[len(P256_SPKI_PREFIX)] != 0x04:
        return None
    point = der[len(P256_SPKI_PREFIX) + 1:]
    x, y = int.from_bytes(point[:32], "big"), int.from_bytes(point[32:], "big")
    if x >= P256_P or y >= P256_P or \
            (y * y - x * x * x + 3 * x - P256_B) % P256_P:
        return None
    return x, y


def _add(a, b):
    """Affine point addition on P-256; None is the point at infinity."""
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P256_P == 0:
        return None
    if a == b:
        m = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, P256_P)
    else:
        m = (b[1] - a[1]) * pow(b[0] - a[0], -1, P256_P)
    x = (m * m - a[0] - b[0]) % P256_P
    return x, (m * (a[0] - x) - a[1]) % P256_P


def _mul(k, point):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def _der_signature(sig):
    """(r, s) of a DER ECDSA-Sig-Value with nothing after it, or None."""
    def integer(data, at):
        if at + 2 > len(data) or data[at] != 0x02 or data[at + 1] > 33:
            return None, at
        end = at + 2 + data[at + 1]
        if data[at + 1] == 0 or end > len(data):
            return None, at
        return int.from_bytes(data[at + 2:end], "big"), end
    if len(sig) < 2 or sig[0] != 0x30 or sig[1] != len(sig) - 2:
        return None
    r, at = integer(sig, 2)
    s, at = integer(sig, at) if r is not None else (None, at)
    return (r, s) if s is not None and at == len(sig) else None


def ecdsa_verify(point, digest, sig):
    """ECDSA P-256 verification (SEC 1, 4.1.4) of sig over the 32-byte
    digest, as mbedtls_pk_verify checks the image's signature."""
    rs = _der_signature(sig)
    if rs is None or not all(0 < v < P256_N for v in rs):
        return False
    r, s = rs
    w = pow(s, -1, P256_N)
    e = int.from_bytes(digest, "big")
    q = _add(_mul(e * w % P256_N, P256_G), _mul(r * w % P256_N, point))
    return q is not None and q[0] % P256_N == r


# ---- what the boot hands over ------------------------------------------------

# QEMU's stand-in for the ESP in qemu-args (the Makefile's QEMU_BOOT_ARGS).
ESP_MARK = "{esp}"
# The file names a module's vigil,uefi-binary may give (board_file_name_ok:
# letters, digits, '.', '_', '-'; no path; at most 63).
FILE_NAME = re.compile(r"[A-Za-z0-9._-]{1,63}")


class Boot:
    """Where the boot a build's qemu-args describes puts Vigil and the
    modules: loader, {host address: file} of the -device loader lines; esp,
    the build's ESP directory if it boots from one, else None."""

    def __init__(self, build):
        args = read_file(os.path.join(build, "qemu-args")).decode() \
            .splitlines()
        self.loader = {}
        for line in args:
            if not line.startswith("loader,"):
                continue
            fields = dict(f.split("=", 1) for f in line.split(",")[1:]
                          if "=" in f)
            if "file" in fields and "addr" in fields:
                self.loader[int(fields["addr"], 0)] = fields["file"]
        self.esp = os.path.join(build, "esp") \
            if any(ESP_MARK in a for a in args) else None
        kernels = [args[i + 1] for i, a in enumerate(args[:-1])
                   if a == "-kernel"]
        if self.esp:
            # What UEFI starts and Vigil measures (its own file, read back).
            self.vigil = os.path.join(self.esp, "EFI", "BOOT", "BOOTX64.EFI")
        elif len(kernels) == 1:
            self.vigil = kernels[0]
        else:
            raise Error(f"{build}/qemu-args: neither an ESP ({ESP_MARK}) nor "
                        f"one -kernel: where is Vigil?")

    def vigil_image(self):
        return read_file(in_root(self.vigil))

    def module(self, node, addr_cells, size_cells, what):
        """The bytes of the module node: the file its vigil,uefi-binary
        names in the ESP's \\vigil\\, or what the QEMU loader puts at its
        reg, cut to its size."""
        name = node.prop("vigil,uefi-binary")
        if name is None:
            return self._placed(node, addr_cells, size_cells, what)
        if node.prop("reg") is not None:
            raise Error(f"{what}: give reg or vigil,uefi-binary, not both")
        if not name.endswith(b"\0") or \
                not FILE_NAME.fullmatch(name[:-1].decode("ascii", "replace")):
            raise Error(f"{what}: vigil,uefi-binary: not a file name")
        name = name[:-1].decode()
        if not self.esp:
            raise Error(f"{what}: vigil,uefi-binary \"{name}\": this build "
                        f"boots from no ESP")
        return read_file(os.path.join(self.esp, "vigil", name))

    def _placed(self, node, addr_cells, size_cells, what):
        reg = node.prop("reg")
        if reg is None or len(reg) != 4 * (addr_cells + size_cells):
            raise Error(f"{what}: reg: not one (address, size) pair")
        addr = cells(reg, addr_cells, what)
        size = cells(reg[4 * addr_cells:], size_cells, what)
        if addr not in self.loader:
            raise Error(f"{what}: no QEMU loader puts a file at 0x{addr:x}")
        path = self.loader[addr]
        data = read_file(in_root(path))
        if len(data) < size:
            raise Error(f"{what}: {path} is 0x{len(data):x} bytes, shorter "
                        f"than the module's 0x{size:x}")
        return data[:size]


def in_root(path):
    """qemu-args names files relative to the top directory, where make
    runs."""
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


# ---- the config's partitions ------------------------------------------------

def image_of(node, addr_cells, size_cells, boot):
    kernels = [c for c in node.children if c.compatible("multiboot,kernel")]
    if len(kernels) != 1:
        raise Error(f"partition {node.name}: not exactly one kernel module")
    # Vigil hashes the module's bytes: its size from reg, or its file's.
    return sha256(boot.module(kernels[0], addr_cells, size_cells,
                              f"partition {node.name}: kernel"))


def policy_of(node, image, cell_counts, boot):
    """(policy, allowed, signer digest, event text or None if Vigil would
    refuse the image), as monitor/launch_policy.c decides."""
    value = node.prop("vigil,launch-policy")
    policy = "measure" if value is None else value.rstrip(b"\0").decode()
    if policy not in ("measure", "verify"):
        raise Error(f"partition {node.name}: vigil,launch-policy "
                    f"'{policy}' is neither measure nor verify")
    raw = node.prop("vigil,allowed-digests") or b""
    allowed = [raw[i:i + 32] for i in range(0, len(raw) - len(raw) % 32, 32)]
    key = node.prop("vigil,image-signer")
    der = signer_der(key) if key else None
    point = signer_point(der)
    signer = sha256(der) if point else None
    if policy == "measure":
        return policy, allowed, signer, "launch policy: measure"
    if image in allowed:
        return policy, allowed, signer, \
            "launch policy: verify: allowed digest " + image.hex()
    sigs = [c for c in node.children if c.compatible("vigil,image-signature")]
    if point and len(sigs) == 1:
        sig = boot.module(sigs[0], *cell_counts,
                          f"partition {node.name}: signature")
        if ecdsa_verify(point, image, sig):
            return policy, allowed, signer, \
                "launch policy: verify: signer " + signer.hex()
    return policy, allowed, signer, None


def partition_values(node, config_digest, boot):
    addr_cells = cell_count(node, "#address-cells")
    size_cells = cell_count(node, "#size-cells")
    image = image_of(node, addr_cells, size_cells, boot)
    node_sha = node_digest(node)
    policy, allowed, signer, event = policy_of(
        node, image, (addr_cells, size_cells), boot)
    zero = bytes(32)
    vpcr1 = extend(extend(zero, config_digest), node_sha)
    vpcr2 = extend(zero, sha256(event.encode())) if event else None
    return {
        "name": node.name.split("@", 1)[0],
        "image_sha256": image.hex(),
        "config_node_sha256": node_sha.hex(),
        "launch_policy": policy,
        "allowed_digests": [d.hex() for d in allowed],
        "signer_sha256": signer.hex() if signer else None,
        "policy_event": event,
        "expected_vpcrs": {"0": extend(zero, image).hex(), "1": vpcr1.hex(),
                           "2": vpcr2.hex() if vpcr2 else None},
        "refused": event is None,
    }


# ---- the DeviceID: one boot -------------------------------------------------

def console_block(console, what):
    """The bytes of Vigil's framed hex block, or None."""
    m = re.search(rf"^vigil: -----BEGIN VIGIL {what}-----\n(.*?)"
                  rf"^vigil: -----END VIGIL {what}-----$", console, re.M | re.S)
    if not m:
        return None
    lines = [line[len("vigil: "):] for line in m.group(1).splitlines()]
    return bytes.fromhex("".join(lines))


def enrol(build, config, qemu, timeout):
    """Boots the config once with the emulator qemu (None: vigil_qemu's
    default), until its partitions start (or it stops); returns the
    console."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
    import vigil_qemu
    build = os.path.abspath(build)
    # qemu-args names files relative to the top directory, where make runs.
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with vigil_qemu.Boot(config=config, build=build, qemu=qemu) as boot:
            boot.wait_for(r"^vigil: (starting \d+ partitions?,|.*no partition "
                          r"started$)", timeout=timeout)
            return boot.console
    except AssertionError as e:
        raise Error(f"the boot did not get to its partitions: {e}") from None
    finally:
        os.chdir(cwd)


def check_boot(console, values):
    """The device must have measured, and allowed or refused, what the
    reference values say; returns its DeviceID certificate (DER)."""
    def measured(what):
        m = re.search(rf"^vigil: measured {what}: sha256 ([0-9a-f]{{64}})",
                      console, re.M)
        return m.group(1) if m else None
    for what, want in (("Vigil", values["vigil"]["image_sha256"]),
                       ("the config", values["config"]["sha256"])):
        if measured(what) != want:
            raise Error(f"the device measured {what} as {measured(what)}, "
                        f"the build's is {want}")
    for p in values["partitions"]:
        name = p["name"]
        got = measured(f"'{re.escape(name)}'")
        refused = f"vigil: partition '{name}' refused by its launch policy" \
            in console
        if got is not None and (got != p["image_sha256"] or
                                refused != p["refused"]):
            raise Error(f"the device measured '{name}' as {got} and "
                        f"{'refused' if refused else 'allowed'} it; the "
                        f"reference values say {p['image_sha256']}, "
                        f"{'refused' if p['refused'] else 'allowed'}")
    der = console_block(console, "DEVICEID")
    if not der:
        raise Error("the boot printed no DeviceID certificate")
    return der


def pem(der, label="CERTIFICATE"):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + \
        f"\n-----END {label}-----\n"


def device_id_from_file(path):
    data = read_file(path)
    if data.lstrip().startswith(b"-----BEGIN"):
        m = re.search(rb"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----",
                      data, re.S)
        if not m:
            raise Error(f"{path}: no PEM CERTIFICATE block")
        data = base64.b64decode(b"".join(m.group(1).split()))
    # One DER SEQUENCE, its length in short or long form, nothing after it.
    if len(data) > 2 and data[0] == 0x30:
        n = data[1] & 0x7F if data[1] & 0x80 else 0
        length = int.from_bytes(data[2:2 + n], "big") if n else data[1]
        if 0 < n <= 4 or n == 0 and not data[1] & 0x80:
            if 2 + n + length == len(data):
                return data
    raise Error(f"{path}: not one DER or PEM certificate")


# ---- putting it together ------------------------------------------------------

def reference_values(build, config, device_id_der, qemu=None):
    boot = Boot(build)
    vigil = sha256(boot.vigil_image())
    blob = read_file(os.path.join(build, "configs", config + ".dtb"))
    config_digest = sha256(blob)
    root = parse_fdt(blob)
    parts = [c for c in root.children if c.compatible("vigil,partition")]
    if not parts:
        raise Error("config: no partition (no node is \"vigil,partition\")")
    values = {
        "format": FORMAT,
        "vigil": {"image_sha256": vigil.hex()},
        "config": {"name": config, "sha256": config_digest.hex()},
        "partitions": [partition_values(p, config_digest, boot)
                       for p in parts],
    }
    if device_id_der is None:
        device_id_der = check_boot(enrol(build, config, qemu, 90), values)
    values["device_id_cert_pem"] = pem(device_id_der)
    return values


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True,
                    help="the platform's build directory, e.g. "
                         "build/qemu-virt-arm64")
    ap.add_argument("--config", required=True,
                    help="the config's name (build/<plat>/configs/<name>.dtb)")
    ap.add_argument("--out", required=True, help="the JSON file to write")
    ap.add_argument("--qemu", metavar="EMULATOR",
                    help="the QEMU system emulator of the build's platform "
                         "(platform.mk QEMU; default $VIGIL_QEMU, else "
                         "qemu-system-aarch64)")
    ap.add_argument("--device-id", metavar="FILE",
                    help="the DeviceID certificate (PEM or DER) of an earlier "
                         "enrolment, instead of booting QEMU for it")
    args = ap.parse_args(argv)
    try:
        der = device_id_from_file(args.device_id) if args.device_id else None
        values = reference_values(args.build, args.config, der, args.qemu)
    except Error as e:
        print(f"reference_values: {e}", file=sys.stderr)
        return 1
    text = json.dumps(values, sort_keys=True, indent=2) + "\n"
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, args.out)
    for p in values["partitions"]:
        if p["refused"]:
            print(f"reference_values: partition '{p['name']}' would be "
                  f"refused by its launch policy", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
