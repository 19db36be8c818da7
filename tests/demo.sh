#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build brfw, boot a throwaway VM with the 6.12 kernel (6.1 with
# BRFW_DEMO_KERNEL=6.1) and run tests/demo-guest.sh in it.
set -e
cd "$(dirname "$0")/.."
k=${BRFW_DEMO_KERNEL:-6.12}
v=$(tests/vm/kernels "$k")
[ -n "$v" ] || { echo "demo: kernel $k is not installed (make deps)" >&2; exit 1; }
echo "== building brfw for $v"
make -s tool
make -s -C tests/tools
make -s KVER="$v" module >/dev/null
echo "== booting a $v guest (software emulation, ~10 s)"
exec tests/vm/run --kernel "$v" --timeout 600 -- tests/demo-guest.sh
