#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms add + build of this tree for each kernel release given (default:
# the test kernels), as a host would install brfw. Builds only: nothing is
# installed into /lib/modules and nothing is loaded. TAP output.
cd "$(dirname "$0")/.." || exit 1
[ $# -gt 0 ] || set -- $(tests/vm/kernels)
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }

command -v dkms >/dev/null || { echo "1..0 # SKIP dkms not installed"; echo "0 passed, 0 failed"; exit 4; }
ver=$(sed -n 's/^#define BRFW_VERSION "\(.*\)"/\1/p' kmod/version.h)
pkgver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
if [ "$ver" = "$pkgver" ]; then ok "dkms.conf version $pkgver matches the module"; else
	not_ok "dkms.conf version $pkgver differs from kmod/version.h $ver"; fi

# A source tree as a release tarball would ship it.
stage=/usr/src/brfw-$pkgver
dkms remove "brfw/$pkgver" --all >/dev/null 2>&1
rm -rf "$stage"
mkdir -p "$stage"
cp -r dkms.conf Kbuild Makefile kmod uapi "$stage"/
find "$stage" -name '*.o' -o -name '*.ko' -o -name '.*.cmd' | xargs -r rm -f

if dkms add "brfw/$pkgver" >/tmp/dkms-add.log 2>&1; then ok "dkms add"; else
	not_ok "dkms add"; sed 's/^/# /' /tmp/dkms-add.log; fi
for k in "$@"; do
	if dkms build "brfw/$pkgver" -k "$k" >/tmp/dkms-build.log 2>&1; then
		ko=$(find "/var/lib/dkms/brfw/$pkgver/$k" -name 'brfw.ko*' | head -1)
		vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
		case "$vm" in
		"$k "*) ok "dkms build for $k" ;;
		*) not_ok "dkms build for $k: vermagic '$vm'" ;;
		esac
	else
		not_ok "dkms build for $k"
		sed 's/^/# /' /tmp/dkms-build.log | tail -20
		cat /var/lib/dkms/brfw/"$pkgver"/build/make.log 2>/dev/null | tail -20 | sed 's/^/# /'
	fi
done
dkms status brfw | sed 's/^/# /'
dkms remove "brfw/$pkgver" --all >/dev/null 2>&1
rm -rf "$stage"
echo "1..$n"
echo "$((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
