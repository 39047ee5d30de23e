# SPDX-License-Identifier: MIT
"""Reading what the attester guest prints, and writing it out as the files
that tpm2-tools, openssl and vigil-verify take."""
import hashlib
import os
import re
import secrets
import subprocess

QUOTED_VPCRS = (0, 1, 2, 8)


def new_nonce(nbytes=20):
    return secrets.token_bytes(nbytes)


def blocks(console, partition, start=0):
    """The framed hex blocks a partition printed after offset start, by
    name (the last of each name wins)."""
    prefix = f"[{partition}] "
    found, name, hexlines = {}, None, []
    for line in console[start:].splitlines():
        if not line.startswith(prefix):
            continue
        text = line[len(prefix):]
        m = re.fullmatch(r"-----(BEGIN|END) VIGIL (.+)-----", text)
        if m and m.group(1) == "BEGIN":
            name, hexlines = m.group(2), []
        elif m and name == m.group(2):
            found[name] = bytes.fromhex("".join(hexlines))
            name = None
        elif name:
            hexlines.append(text)
    return found


def attest(boot, partition, nonce, timeout=60):
    """Sends a nonce to the partition that has the console's input and
    returns the artefacts it prints."""
    start = len(boot.console)
    boot.send(nonce.hex() + "\n")
    boot.wait_for(rf"^\[{re.escape(partition)}\] attestation done$",
                  timeout=timeout, start=start)
    return blocks(boot.console, partition, start)


def split_der(chain):
    """Concatenated DER certificates -> list of DER certificates."""
    certs = []
    while chain:
        assert chain[0] == 0x30, "not a DER SEQUENCE"
        if chain[1] < 0x80:
            length, header = chain[1], 2
        else:
            n = chain[1] & 0x7F
            length, header = int.from_bytes(chain[2:2 + n], "big"), 2 + n
        certs.append(chain[:header + length])
        chain = chain[header + length:]
    return certs


def run(*argv, check=True):
    return subprocess.run(argv, capture_output=True, text=True, check=check)


def write_files(art, nonce, directory):
    """Writes one attestation as files; returns their paths by name."""
    os.makedirs(directory, exist_ok=True)
    path = lambda name: os.path.join(directory, name)  # noqa: E731
    quote = art["QUOTE"]
    size = int.from_bytes(quote[:2], "big")
    files = {
        "quote": quote, "attest": quote[2:2 + size], "sig": quote[2 + size:],
        "certs": art["CERTS"], "log": art["EVENT LOG"],
        "pcrs": b"".join(art[f"VPCR {i}"] for i in QUOTED_VPCRS),
        "nonce": nonce,
    }
    for name, data in files.items():
        with open(path(name + ".bin"), "wb") as f:
            f.write(data)
    paths = {name: path(name + ".bin") for name in files}
    for name, der in zip(("deviceid", "alias", "ak"), split_der(art["CERTS"])):
        with open(path(name + ".der"), "wb") as f:
            f.write(der)
        run("openssl", "x509", "-inform", "DER", "-in", path(name + ".der"),
            "-out", path(name + ".pem"))
        paths[name] = path(name + ".pem")
    with open(path("ak-pub.pem"), "w") as f:
        f.write(run("openssl", "x509", "-in", paths["ak"], "-pubkey",
                    "-noout").stdout)
    paths["ak_pub"] = path("ak-pub.pem")
    return paths


def checkquote(paths, nonce_hex):
    """tpm2_checkquote (tpm2-tools) on the quote, offline."""
    return run("tpm2_checkquote", "-u", paths["ak_pub"], "-m", paths["attest"],
               "-s", paths["sig"], "-f", paths["pcrs"], "-l",
               "sha256:" + ",".join(map(str, QUOTED_VPCRS)), "-g", "sha256",
               "-q", nonce_hex, check=False)


def eventlog_pcrs(log_path):
    """The sha256 PCR values tpm2_eventlog replays the log to."""
    out = run("tpm2_eventlog", log_path).stdout
    section = out[out.index("pcrs:"):]
    section = section[section.index("sha256:"):]
    return {int(i): bytes.fromhex(v) for i, v in
            re.findall(r"^\s+(\d+)\s*:\s*0x([0-9A-Fa-f]{64})\s*$", section, re.M)}


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def references(directory, platform, guests=("attester",)):
    """A reference-digest file: Vigil's image and the given guest images,
    from the platform's build (platforms.py)."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "references.txt")
    with open(path, "w") as f:
        f.write(f"{sha256_file(platform.path(platform.vigil_image))} vigil "
                f"Vigil\n")
        for g in guests:
            image = platform.path("guests", g + ".bin")
            f.write(f"{sha256_file(image)} partition {g}\n")
    return path


def vigil_verify(paths, nonce, refs, device_id, partition=None):
    """Vigil's own verifier (tools/verifier) on one attestation."""
    verifier = os.environ.get("VIGIL_VERIFY", "build/host/vigil-verify")
    argv = [verifier, "--quote", paths["quote"], "--certs", paths["certs"],
            "--event-log", paths["log"], "--device-id", device_id,
            "--refs", refs, "--nonce-hex", nonce.hex()]
    if partition:
        argv += ["--partition", partition]
    return run(*argv, check=False)
