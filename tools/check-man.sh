#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-man.sh DIR: render the generated man pages in DIR with
# "man -l" and check what a reader sees: exit status 0, the NAME line, the
# sections of the source document, and no troff error or warning other
# than "cannot adjust line" (justification of narrow table cells).  KTAP; ends with
# "N passed, N failed".
set -uo pipefail

dir=${1:?usage: $0 DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0 n=0
t() { local d=$1; shift; n=$((n + 1))
	if "$@"; then pass=$((pass + 1)); echo "ok $n $d"
	else fail=$((fail + 1)); echo "not ok $n $d"; fi; }

echo "KTAP version 1"
echo "1..8"
for spec in "wardctl.8 wardctl wardctl" "ward.policy.5 ward.policy policy"; do
	set -- $spec
	page=$dir/$1 name=$2 src=$top/Documentation/$3.rst
	MANWIDTH=80 man -l "$page" > "$dir/$1.txt" 2> "$dir/$1.err"
	t "$1: man -l exits 0" [ $? -eq 0 ]
	t "$1: NAME is '$name - ...'" grep -qE "^ +$name - [a-z]" "$dir/$1.txt"
	# every section title of the source, upper-cased, is a heading
	missing=$(awk '/^=+$/ && prev != "" && prevprev !~ /^=+$/ { print prev }
		       { prevprev = prev; prev = $0 }' "$src" |
		while read -r s; do
			grep -qxF "$(echo "$s" | tr a-z A-Z)" "$dir/$1.txt" || echo "$s"
		done)
	t "$1: every section of $(basename "$src") is there${missing:+ (missing: $missing)}" [ -z "$missing" ]
	t "$1: no troff error, nothing drawn outside the page ($(grep -c 'cannot adjust' "$dir/$1.err") 'cannot adjust line' warnings)" \
		eval "! grep -qiE 'error|discarded' '$dir/$1.err' &&
		      [ \$(grep -vc 'cannot adjust line' '$dir/$1.err') -eq 0 ]"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
