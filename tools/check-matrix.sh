#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-matrix: the guest selftests on each kernel of a list, one
# after the other, and one line per kernel at the end.
#   tools/check-matrix.sh [KERNEL...]
# A KERNEL is an ABI (6.1.0-53-amd64) or a flavour (amd64, cloud, rt: the
# newest ABI of it the archive offers).  Default: $WARD_MATRIX, else
# "amd64 cloud rt 6.1.0-53-amd64".
#
# Per kernel: tools/deps.sh fetches its headers and image if missing
# (as root; the default kernel of build/kernel.env is left alone), ward.ko
# is rebuilt against its headers (make module-clean initramfs KABI=...),
# the guest runs as for make check (tools/vm/run.sh check: every selftest,
# runtime_test at its small default counts; WARD_TESTS= selects as there)
# and tools/vm/judge.sh judges it without the host unit tests.  Logs in
# build/matrix/ABI/ (console.log, dmesg.log, judge.log, build.log).
# Lint and the unit tests do not depend on the kernel: make check runs
# them.
#
# Prints per kernel "matrix: ABI VERSION N passed, N failed" and ends with
# the sum, "N passed, N failed".  Exit status 1 if any kernel failed (a
# kernel whose guest could not be built counts as one failure).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
# shellcheck source=kabi.sh
. "$top/tools/kabi.sh"

# shellcheck disable=SC2206
list=(${@:-${WARD_MATRIX:-amd64 cloud rt 6.1.0-53-amd64}})
out=$build/matrix
mkdir -p "$out"
lines=()
tp=0 tf=0 ts=0 rc=0

for k in "${list[@]}"; do
	case "$k" in
	amd64|generic|cloud|rt)
		if ! nv=$(kabi_newest "$k"); then
			echo "matrix: error: no $k ABI in the package lists (apt-get update?)" >&2
			lines+=("$(printf '%-22s %-12s %s' "$k" "?" "0 passed, 1 failed (no ABI of this flavour)")")
			tf=$((tf + 1)) rc=1
			continue
		fi
		abi=${nv% *} ;;
	*)	abi=$k ;;
	esac
	d=$out/$abi
	rm -rf "$d"
	mkdir -p "$d"
	echo "matrix: ==== $abi: building the guest (log: $d/build.log)"
	if ! make -C "$top" --no-print-directory module-clean initramfs \
		KABI="$abi" > "$d/build.log" 2>&1; then
		tail -5 "$d/build.log" >&2
		ver=$(KABI=$abi kabi_select && echo "$KVER")
		lines+=("$(printf '%-22s %-12s %s' "$abi" "${ver:-?}" "0 passed, 1 failed (the guest did not build: $d/build.log)")")
		tf=$((tf + 1)) rc=1
		continue
	fi
	grep '^mkinitramfs:' "$d/build.log"
	echo "matrix: ==== $abi: running the guest (console: $d/console.log)"
	KABI=$abi WARD_VM_LOG=$d/console.log "$top/tools/vm/run.sh" check > /dev/null 2>&1
	JUDGE_NO_UNIT=1 "$top/tools/vm/judge.sh" "$d/console.log" > "$d/judge.log" 2>&1
	jrc=$?
	grep -E '^not ok|^# kernel under test' "$d/judge.log"
	sum=$(tail -1 "$d/judge.log")
	if [[ "$sum" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[4]:-0}
	else
		p=0 f=1 s=0 sum="0 passed, 1 failed (no verdict: $d/judge.log)"
	fi
	[ "$jrc" = 0 ] || [ "$f" -gt 0 ] || { f=1; sum="$sum (judge exit status $jrc)"; }
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
	[ "$f" = 0 ] || rc=1
	# the version the guest itself reported
	ver=$(sed -n 's/^# kernel under test: [^ ]* \([^ ]*\).*/\1/p' "$d/judge.log" | head -1)
	lines+=("$(printf '%-22s %-12s %s' "$abi" "${ver:-?}" "$sum")")
	echo "matrix: ==== $abi: $sum"
done

# Leave ward.ko to be rebuilt for the default kernel.
make -C "$top" --no-print-directory module-clean > /dev/null 2>&1

echo "matrix: kernel                 version      result"
for l in "${lines[@]}"; do echo "matrix: $l"; done
echo "$tp passed, $tf failed$([ "$ts" = 0 ] || echo ", $ts skipped")"
exit "$rc"
