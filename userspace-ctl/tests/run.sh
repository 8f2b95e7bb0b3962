#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run wardctl's host test programs, pass their KTAP output through, and end
# with "N passed, N failed" over all of them.  Exit 1 if any case failed or
# any program crashed.
passed=0
failed=0
status=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		status=1
		if [ "$f" -eq 0 ]; then
			echo "# $t: exit status $rc with no failed case"
			failed=$((failed + 1))
		fi
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && exit $status
exit 1
