#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Instructions per classified frame, counted by callgrind: each workload
# runs its lookup loop for N and for 2N frames (only the loop collected),
# and the difference divided by N is the cost of one lookup, build and
# startup cancelled. Fails if the 10000-rule figure is over twice the
# 1-rule one. Usage: run.sh BENCH_BINARY [N]
set -eu

bench=$1
n=${2:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v valgrind >/dev/null || { echo "bench: valgrind not installed (make deps)" >&2; exit 1; }

# Instructions collected in one run of WORKLOAD with COUNT lookups
# [linear].
ir() {
	valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file="$tmp/out" "$bench" "$@" \
		>/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/out"
}

# Instructions per lookup: runs of N and 2N lookups, difference / N.
per_lookup() {
	pl_w=$1 pl_n=$2
	shift 2
	pl_a=$(ir "$pl_w" "$pl_n" "$@")
	pl_b=$(ir "$pl_w" $((2 * pl_n)) "$@")
	awk -v a="$pl_a" -v b="$pl_b" -v n="$pl_n" \
		'BEGIN { printf "%.1f", (b - a) / n }'
}

printf '%-12s %7s %8s %8s %9s\n' workload rules members "hits %" "Ir/lookup"
for w in rules1 rules100 rules10000 set10 set100000; do
	check=$("$bench" "$w" check) || { echo "bench: $check" >&2; exit 1; }
	# "W: R rules, F frames, H hits (...), 0 disagreements"
	rules=$(echo "$check" | sed 's/^[^:]*: \([0-9]*\) rules.*/\1/')
	frames=$(echo "$check" | sed 's/.* \([0-9]*\) frames.*/\1/')
	hits=$(echo "$check" | sed 's/.* \([0-9]*\) hits.*/\1/')
	case $w in set*) members=${w#set} ;; *) members=- ;; esac
	per=$(per_lookup "$w" "$n")
	eval "ir_$w=$per"
	printf '%-12s %7s %8s %8s %9s\n' "$w" "$rules" "$members" \
		"$(awk -v h="$hits" -v f="$frames" 'BEGIN { printf "%.0f", 100 * h / f }')" "$per"
done

# For comparison: a linear first-match scan over brfw_match_pkt().
for w in rules100:2000 rules10000:200; do
	r=${w%:*}
	printf '%-12s %7s %8s %8s %9s\n' "linear scan" "${r#rules}" - - \
		"$(per_lookup "$r" "${w#*:}" linear)"
done

ratio=$(awk -v a="$ir_rules1" -v b="$ir_rules10000" 'BEGIN { printf "%.2f", b / a }')
if awk -v r="$ratio" 'BEGIN { exit !(r <= 2) }'; then
	echo "ok: 10000 rules cost ${ratio}x one rule (limit 2x)"
else
	echo "FAIL: 10000 rules cost ${ratio}x one rule (limit 2x)"
	exit 1
fi
