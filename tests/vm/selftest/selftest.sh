#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the test VM (tests/vm/run, init, guest.sh, kcheck): exit
# codes, argv, streaming, timeout, and that deliberately provoked kernel
# problems (WARN, oops, panic, leak) fail the run; brfw.ko handling in a
# scratch copy of tests/vm. Boots 16 guests per kernel (17 on debug), 3-4 min
# per kernel on an idle host.
#
#   tests/vm/selftest/selftest.sh [--kernel VER]...   (default: 6.1 and 6.12)
#
# vmtest.ko (vmtest.c) is built against each kernel's headers into
# $BRFW_CACHE/selftest/<release>/ (the guest mounts its own /tmp).
# Output: TAP-like lines, then "N passed, N failed"; exit 1 on a failure.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
VM=$HERE/..
RUN=$VM/run
CACHE=${BRFW_CACHE:-/var/cache/brfw}

kernels=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernels+=("$2"); shift 2 ;;
	*) echo "usage: $0 [--kernel VER]..." >&2; exit 2 ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)

n=0 pass=0 fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }

# check DESC WANT_RC OUT -- [RUNNER] run args...: run (tests/vm/run unless
# RUNNER, a path, is given), compare rc and output. OUT is an ERE that some
# output line must match, or =LINE for an exact line.
check() {
	local desc=$1 want=$2 re=$3 out rc g=-Eq run=$RUN
	shift 4
	case $1 in /*) run=$1; shift ;; esac
	out=$("$run" "$@" 2>&1)
	rc=$?
	case $re in =*) re=${re#=} g=-Fxq ;; esac
	if [ "$rc" = "$want" ] && grep $g -- "$re" <<<"$out"; then
		ok "$desc"
	else
		notok "$desc (rc $rc, want $want; output:)"
		sed 's/^/#   /' <<<"$out" | tail -n 40
	fi
}

build() { # release kdir -> dir with vmtest.ko
	local dir=$CACHE/selftest/$1
	mkdir -p "$dir" && cp "$HERE/vmtest.c" "$HERE/Kbuild" "$dir/" &&
		make -s -C "$2" M="$dir" modules >"$dir/build.log" 2>&1 &&
		[ -f "$dir/vmtest.ko" ] && echo "$dir" && return 0
	cat "$dir/build.log" >&2
	return 1
}

for k in "${kernels[@]}"; do
	if [ "$k" = debug ]; then
		rel=$(cat "$CACHE/debug/kernel.release") || continue
		kdir=$(cat "$CACHE/debug/kdir")
	else
		rel=$("$VM/kernels" "$k")
		kdir=/lib/modules/$rel/build
	fi
	echo "# kernel $k: $rel"
	if ! dir=$(build "$rel" "$kdir"); then
		notok "$k: build vmtest.ko"
		continue
	fi
	m=$dir/vmtest.ko
	K=(--kernel "$k" --no-load)
	export BRFW_SELFTEST="x y" # exported BRFW_* variables reach the guest

	check "$k: exit 0 and output" 0 '^hello$' -- "${K[@]}" -- echo hello
	check "$k: exit code 3 propagates" 3 '' -- "${K[@]}" -- sh -c 'exit 3'
	want=$(printf '[%s]\n' "a b" "" "it's" 'q"u' $'x\ny' '$HOME' '*' '-n' '\t')
	out=$("$RUN" "${K[@]}" -- printf '[%s]\n' "a b" "" "it's" 'q"u' $'x\ny' '$HOME' '*' '-n' '\t' 2>&1)
	[ "$out" = "$want" ] && ok "$k: argv preserved" || {
		notok "$k: argv preserved"
		sed 's/^/#   /' <<<"$out"
	}
	src=$(cd "$VM/../.." && pwd -P)
	check "$k: environment and cwd" 0 "=$rel $src $src $src/tool BRFW_SELFTEST=x y" \
		-- "${K[@]}" -- sh -c 'echo "$BRFW_KVER $BRFW_SRC $(pwd) ${PATH%%:*} $(env | grep ^BRFW_SELFTEST)"'
	check "$k: stderr is streamed too" 0 '^to-stderr$' -- "${K[@]}" -- sh -c 'echo to-stderr >&2'
	check "$k: command not found is 127" 127 'not found' -- "${K[@]}" -- no-such-command-here
	check "$k: bridge, veth and netns work" 0 '^ok$' -- "${K[@]}" -- sh -c \
		'ip link add br0 type bridge && ip link add name va type veth peer name vb &&
		ip link set va master br0 && ip netns add x && ip link set vb netns x && echo ok'
	check "$k: a clean module (taint O/E) passes" 0 '^loaded$' -- "${K[@]}" -- \
		sh -c "insmod $m && echo loaded"
	check "$k: WARN fails a passing command with 125" 125 \
		'vmtest: deliberate warning' -- "${K[@]}" -- insmod "$m" mode=warn
	check "$k: WARN keeps a failing command's code" 5 'kernel tainted: .*new: W' \
		-- "${K[@]}" -- sh -c "insmod $m mode=warn; exit 5"
	check "$k: kcheck between tests: once, then clean" 125 \
		'^first=0 second=1 third=0$' -- "${K[@]}" -- sh -c \
		"tests/vm/kcheck; a=\$?; insmod $m mode=warn; tests/vm/kcheck >/dev/null; b=\$?;
		tests/vm/kcheck; echo first=\$a second=\$b third=\$?"
	check "$k: oops is caught" 125 'BUG: kernel NULL pointer dereference' \
		-- "${K[@]}" -- sh -c "insmod $m mode=oops; true"
	check "$k: panic is caught" 125 'died before reporting.*|Kernel panic' \
		-- "${K[@]}" -- sh -c 'echo c >/proc/sysrq-trigger; sleep 10'
	check "$k: timeout gives 124" 124 'timeout after 25 s' \
		-- "${K[@]}" --timeout 25 -- sleep 100
	# brfw.ko handling, in a copy of tests/vm with its own build/ (outside
	# /tmp: the guest must see it)
	proj=$CACHE/selftest/proj
	rm -rf "$proj" && mkdir -p "$proj/tests" "$proj/build/$rel" &&
		cp -r "$VM" "$proj/tests/vm" || { notok "$k: copy tests/vm"; continue; }
	check "$k: missing brfw.ko gives 126" 126 'brfw.ko not found' \
		-- "$proj/tests/vm/run" --kernel "$k" -- true
	echo "not a module" >"$proj/build/$rel/brfw.ko"
	check "$k: failing insmod of brfw.ko gives 126" 126 'insmod .*brfw.ko failed' \
		-- "$proj/tests/vm/run" --kernel "$k" -- true
	cp "$m" "$proj/build/$rel/brfw.ko"
	check "$k: brfw.ko is loaded before the command" 0 '^vmtest ' \
		-- "$proj/tests/vm/run" --kernel "$k" -- sh -c 'grep ^vmtest /proc/modules'
	rm -rf "$proj"
	if [ "$k" = debug ]; then
		check "$k: kmemleak entry is caught" 125 'kmemleak: [1-9]' \
			-- "${K[@]}" -- insmod "$m" mode=leak
	fi
done

echo "$pass passed, $fail failed"
[ $fail = 0 ]
