#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Quick standalone boot check of the debug kernel, independent of
# tests/vm/run: boots $BRFW_CACHE/debug/bzImage under TCG with a tiny
# busybox-static initramfs (no 9p, no host root) and checks that the debug
# features are live (taint 0, kmemleak, failslab, lockdep), that a bridge,
# veth, vlan and a netns can be made, then runs one kmemleak scan and checks
# dmesg for splats. Prints the guest uptime at /init, the scan time (guest
# seconds) and qemu's wall time. About 75-95 s on 2 busy cores.
# Usage: tests/debug/boot-smoke.sh [--keep]   (--keep leaves the temp dir)
# Needs: qemu-system-x86, busybox-static, cpio. Exit 0 when all checks pass.
set -euo pipefail

CACHE=${BRFW_CACHE:-/var/cache/brfw}/debug
KERNEL="$CACHE/bzImage"
TIMEOUT=${TIMEOUT:-600}
[ -f "$KERNEL" ] || { echo "boot-smoke: no $KERNEL; run tests/debug/build-kernel.sh" >&2; exit 1; }
BB=$(command -v busybox || true)
[ -n "$BB" ] && file -L "$BB" | grep -q 'statically linked' ||
	BB=/bin/busybox
file -L "$BB" | grep -q 'statically linked' ||
	{ echo "boot-smoke: need a static busybox (apt-get install busybox-static)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/brfw-boot-smoke.XXXXXX)
[ "${1:-}" = "--keep" ] || trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/root/bin"
cp "$BB" "$TMP/root/bin/busybox"
# iproute2's ip (busybox ip cannot make veth pairs), with its libraries.
IP=$(command -v ip || true)
if [ -n "$IP" ]; then
	mkdir -p "$TMP/root/usr/sbin"
	cp "$IP" "$TMP/root/usr/sbin/ip"
	ldd "$IP" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$TMP/root$(dirname "$lib")"
		cp -L "$lib" "$TMP/root$lib"
	done
fi
cat >"$TMP/root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/usr/sbin:/bin
mkdir -p /proc /sys /dev /tmp /run
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
up=$(cut -d' ' -f1 /proc/uptime)
echo "SMOKE uptime_at_init=$up"
ok=1
# Debian's busybox-static prefers its applets to PATH: name iproute2 by path.
IP=ip
[ -x /usr/sbin/ip ] && IP=/usr/sbin/ip
check() {
	if out=$("$@" 2>&1); then echo "SMOKE ok: $*"
	else echo "SMOKE FAIL: $*: $out" | head -n 3; ok=0; fi
}
t=$(cat /proc/sys/kernel/tainted); echo "SMOKE tainted=$t"
[ "$t" = 0 ] || ok=0
check test -e /sys/kernel/debug/kmemleak
check test -d /sys/kernel/debug/failslab
check test -e /proc/lockdep_stats
check test -e /proc/config.gz
check $IP link add br0 type bridge
check $IP link add v0 type veth peer name v1
check $IP link set v0 master br0
check $IP link add link v1 name v1.10 type vlan id 10
check $IP link set br0 up
check $IP link set v0 up
check $IP netns add smoke
check $IP link set v1 netns smoke
s0=$(cut -d' ' -f1 /proc/uptime)
echo scan >/sys/kernel/debug/kmemleak
s1=$(cut -d' ' -f1 /proc/uptime)
echo "SMOKE kmemleak_scan_s=$s0..$s1"
n=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
echo "SMOKE kmemleak_unreferenced=$n"
if dmesg | grep -E 'BUG:|WARNING:|UBSAN:|possible circular|suspicious RCU|Call Trace' >/tmp/splat; then
	echo "SMOKE FAIL: splats in dmesg:"; cat /tmp/splat; ok=0
fi
echo "SMOKE tainted_end=$(cat /proc/sys/kernel/tainted)"
[ $ok = 1 ] && echo "SMOKE RESULT PASS" || echo "SMOKE RESULT FAIL"
poweroff -f
EOF
chmod +x "$TMP/root/init"
(cd "$TMP/root" && find . | cpio -o -H newc --quiet | gzip -1 >"$TMP/initramfs.gz")

start=$SECONDS
timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg,thread=single -m 2048 -smp 2 \
	-nographic -no-reboot -kernel "$KERNEL" -initrd "$TMP/initramfs.gz" \
	-append "console=ttyS0 panic=-1 quiet rdinit=/init" </dev/null >"$TMP/console.log" 2>&1 || true
wall=$((SECONDS - start))
grep -E '^SMOKE' "$TMP/console.log" | tr -d '\r'
echo "boot-smoke: qemu wall time ${wall}s${1:+ (console log kept: $TMP/console.log)}"
grep -q 'SMOKE RESULT PASS' "$TMP/console.log" || {
	tail -n 40 "$TMP/console.log" >&2
	exit 1
}
