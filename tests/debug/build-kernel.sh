#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the brfw debug kernel (KASAN, lockdep, kmemleak, ...) from Debian's
# linux-source-6.1, once, into a cache outside the source tree:
#
#   $BRFW_CACHE/debug/src/            the build tree: KDIR for `make KDIR=...`
#   $BRFW_CACHE/debug/bzImage         the kernel (tests/vm/run --kernel debug)
#   $BRFW_CACHE/debug/kernel.release  its release string
#   $BRFW_CACHE/debug/kdir            a file holding the build tree's path
#   $BRFW_CACHE/debug/modules/        modules_install output (INSTALL_MOD_PATH)
#   $BRFW_CACHE/debug/build.log       the last build's full log
#
# BRFW_CACHE defaults to /var/cache/brfw. The build is skipped when the stamp
# (hash of config.fragment, this script and the linux-source-6.1 version)
# matches the last successful build. Takes about 17-20 min on 2 cores.
# Options: --force (rebuild even if the stamp matches), JOBS=N (default nproc).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
FRAGMENT="$HERE/config.fragment"
CACHE=${BRFW_CACHE:-/var/cache/brfw}/debug
SRC="$CACHE/src"
LOG="$CACHE/build.log"
JOBS=${JOBS:-$(nproc)}
TARBALL=/usr/src/linux-source-6.1.tar.xz
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

START=$SECONDS
say() { echo "build-kernel: $*"; }
die() { echo "build-kernel: ERROR: $*" >&2; exit 1; }
elapsed() { local s=$((SECONDS - START)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

[ -f "$FRAGMENT" ] || die "missing $FRAGMENT"

# ---- packages -------------------------------------------------------------
PKGS="linux-source-6.1 build-essential bc flex bison libelf-dev libssl-dev
      dwarves cpio kmod rsync xz-utils python3 perl"
missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
	say "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi
[ -f "$TARBALL" ] || die "$TARBALL not found (linux-source-6.1 installed?)"
SRCVER=$(dpkg-query -W -f='${Version}' linux-source-6.1)

# ---- stamp ----------------------------------------------------------------
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9 # one build at a time; a second caller waits and then sees the stamp

STAMP=$( { cat "$FRAGMENT" "$SELF"; echo "linux-source-6.1 $SRCVER"; } |
	sha256sum | cut -d' ' -f1)
publish_paths() {
	say "bzImage:        $CACHE/bzImage"
	say "kernel.release: $(cat "$CACHE/kernel.release")"
	say "KDIR:           $SRC   (make KDIR=$SRC module)"
	say "modules:        $CACHE/modules/lib/modules/$(cat "$CACHE/kernel.release")"
}
if [ $FORCE = 0 ] && [ "$(cat "$CACHE/stamp" 2>/dev/null)" = "$STAMP" ] &&
	[ -f "$CACHE/bzImage" ] && [ -f "$SRC/Module.symvers" ]; then
	say "up to date (stamp ${STAMP:0:12}), nothing to do"
	publish_paths
	exit 0
fi
rm -f "$CACHE/stamp"

# ---- source tree ----------------------------------------------------------
# Reused across fragment changes (kbuild rebuilds what a config change
# touches); unpacked anew when the source package version changes.
if [ "$(cat "$SRC/.brfw-srcver" 2>/dev/null)" != "$SRCVER" ]; then
	say "unpacking linux-source-6.1 $SRCVER into $SRC"
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -xf "$TARBALL" -C "$SRC.tmp" --strip-components=1
	echo "$SRCVER" >"$SRC.tmp/.brfw-srcver"
	mv "$SRC.tmp" "$SRC"
fi

: >"$LOG"
kmake() { nice -n 19 make -C "$SRC" -j"$JOBS" "$@" >>"$LOG" 2>&1; }

# ---- configure ------------------------------------------------------------
say "configuring (x86_64_defconfig kvm_guest.config + $(basename "$FRAGMENT"))"
kmake x86_64_defconfig kvm_guest.config || die "defconfig failed; see $LOG"
(cd "$SRC" && ./scripts/kconfig/merge_config.sh -m .config "$FRAGMENT") >>"$LOG" 2>&1 ||
	die "merge_config failed; see $LOG"
kmake olddefconfig || die "olddefconfig failed; see $LOG"

# Every line of the fragment must come out as written.
bad=0
checked=0
while IFS= read -r line; do
	if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
		opt=${BASH_REMATCH[1]}
		want=${BASH_REMATCH[2]}
		got=$(grep -E "^$opt=" "$SRC/.config" | cut -d= -f2- || true)
		[ -n "$got" ] || got="(not set)"
	elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
		opt=${BASH_REMATCH[1]}
		want="(not set)"
		got=$(grep -E "^$opt=" "$SRC/.config" | cut -d= -f2- || true)
		[ -n "$got" ] || got="(not set)"
	else
		continue
	fi
	checked=$((checked + 1))
	if [ "$got" != "$want" ]; then
		echo "build-kernel: config mismatch: $opt wanted $want, got $got" >&2
		bad=$((bad + 1))
	fi
done <"$FRAGMENT"
[ $bad = 0 ] || die "$bad option(s) of the fragment did not survive olddefconfig (dependencies?)"
say "config verified: all $checked fragment options as written"
for o in KASAN KASAN_GENERIC KASAN_INLINE PROVE_LOCKING PROVE_RCU DEBUG_ATOMIC_SLEEP \
	DEBUG_LIST DEBUG_KMEMLEAK DEBUG_OBJECTS_RCU_HEAD UBSAN_BOUNDS FAILSLAB \
	FAULT_INJECTION MODULE_UNLOAD BRIDGE_NETFILTER NF_CONNTRACK_BRIDGE NF_TABLES_BRIDGE \
	9P_FS OVERLAY_FS; do
	grep -q "^CONFIG_$o=y$" "$SRC/.config" || die "CONFIG_$o is not =y"
done
cp "$SRC/.config" "$CACHE/config"

# ---- build ----------------------------------------------------------------
# One build stopped once on a spurious "No such file or directory" for a
# header that exists; re-running make finished it. So: one retry.
say "building bzImage + modules with -j$JOBS (log: $LOG)"
if ! kmake bzImage modules; then
	say "make failed after $(elapsed); retrying once. Last lines:"
	tail -n 15 "$LOG" | sed 's/^/    /'
	echo "==== retry ====" >>"$LOG"
	kmake bzImage modules || {
		tail -n 40 "$LOG" >&2
		die "build failed twice; see $LOG"
	}
fi
kmake modules_prepare || die "modules_prepare failed; see $LOG"

# ---- install and publish --------------------------------------------------
REL=$(cat "$SRC/include/config/kernel.release")
rm -rf "$CACHE/modules"
kmake INSTALL_MOD_PATH="$CACHE/modules" modules_install ||
	die "modules_install failed; see $LOG"
cp "$SRC/arch/x86/boot/bzImage" "$CACHE/bzImage.tmp"
mv "$CACHE/bzImage.tmp" "$CACHE/bzImage"
echo "$REL" >"$CACHE/kernel.release"
echo "$SRC" >"$CACHE/kdir"
echo "$STAMP" >"$CACHE/stamp"

# CPU time of everything this script ran (user+sys of its children).
# (times must run in this shell, not in a pipe's subshell, to see them.)
times >"$CACHE/.times"
cpu=$(tail -n 1 "$CACHE/.times" | awk '{ for (i = 1; i <= 2; i++) { split($i, a, "m");
	s += a[1] * 60 + a[2] } printf "%d", s }')
say "done in $(elapsed), ${cpu} CPU-s (bzImage $(du -h "$CACHE/bzImage" | cut -f1))"
publish_paths
