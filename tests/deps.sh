#!/bin/sh
# Install what brfw needs on a fresh Debian 12 machine (run as root).
# Quick when everything is already there. --quiet: say nothing then.
set -eu

PKGS="make gcc libc6-dev pkg-config libmnl-dev
qemu-system-x86 busybox-static cpio xz-utils zstd kmod
linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64
iproute2 iputils-ping procps util-linux
python3-scapy tcpdump dnsmasq-base valgrind
dkms"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if [ -z "$missing" ]; then
	[ "${1:-}" = --quiet ] || echo "deps: everything is installed"
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing; run 'make deps' as root" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
