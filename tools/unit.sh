#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the host unit tests (make -C userspace-ctl test) for `make check`:
# output to the terminal and build/unit.log, exit status to build/unit.rc.
# Never fails itself: tools/vm/judge.sh counts the results with the guest's.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
mkdir -p "$build"
rm -f "$build/unit.log" "$build/unit.rc"
if [ ! -f "$top/userspace-ctl/Makefile" ]; then
	echo "unit: userspace-ctl/Makefile missing: no unit tests" | tee "$build/unit.log"
	echo none > "$build/unit.rc"
	exit 0
fi
echo "unit: make -C userspace-ctl test (log: $build/unit.log)"
make --no-print-directory -C "$top/userspace-ctl" test 2>&1 | tee "$build/unit.log"
echo "${PIPESTATUS[0]}" > "$build/unit.rc"
exit 0
