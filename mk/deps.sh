#!/usr/bin/env bash
# Installs what Vigil's build and tests need, from Debian packages only, and
# fetches the third-party sources (mbedTLS, libfdt inside Xen) with
# `apt-get source` into the build directory. Idempotent and quiet: a second
# run on a ready machine does nothing and prints nothing.
set -euo pipefail

build_dir=${1:?usage: deps.sh BUILD_DIR}
mkdir -p "$build_dir/third_party"
third_party=$(cd "$build_dir/third_party" && pwd)

packages=(
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
	device-tree-compiler libfdt-dev libxen-dev libcmocka-dev python3-pytest
	libmbedtls-dev tpm2-tools openssl qemu-system-x86 ovmf gnu-efi
	debian-archive-keyring xz-utils make gcc
)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

missing=()
for pkg in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt_log=$(mktemp)
	{ as_root apt-get update -qq &&
		as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends "${missing[@]}"
	} >"$apt_log" 2>&1 || { cat "$apt_log" >&2; rm -f "$apt_log"; exit 1; }
	rm -f "$apt_log"
fi

# Source packages need a deb-src line. A private sources list under the build
# directory enables it for these calls only; the machine's apt configuration
# is left as it is.
# Unpacks into $third_party/<package>/ whatever the tarball's top directory.
fetch_source() { # package, file that exists once it is unpacked
	local pkg=$1 marker=$2
	[ -f "$third_party/$pkg/$marker" ] && return 0
	mkdir -p "$third_party/apt/lists/partial"
	local list="$third_party/apt/sources.list"
	echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main' >"$list"
	local opts=(-o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=-
		-o Dir::State::Lists="$third_party/apt/lists")
	[ -f "$third_party/apt/lists/.updated" ] || {
		apt-get "${opts[@]}" update -qq >/dev/null 2>&1
		touch "$third_party/apt/lists/.updated"
	}
	echo "deps: fetching $pkg sources"
	(cd "$third_party" && apt-get "${opts[@]}" source --download-only -qq "$pkg" >/dev/null 2>&1)
	local tarball
	tarball=$(ls "$third_party/${pkg}"_*.orig.tar.* | head -n 1)
	rm -rf "$third_party/$pkg"
	mkdir -p "$third_party/$pkg"
	tar -C "$third_party/$pkg" --strip-components=1 -xf "$tarball"
	[ -f "$third_party/$pkg/$marker" ] || {
		echo "deps: $pkg sources unpacked, but $marker is missing" >&2
		exit 1
	}
}

mkdir -p "$third_party"
fetch_source mbedtls library/sha256.c
fetch_source xen xen/common/libfdt/fdt.c
