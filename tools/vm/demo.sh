#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo`: Ward's main job, shown on a booted system.
# /init has loaded ward.ko before running this.
set -u
step() { printf '\n===== %s\n' "$*"; }

step "Ward is loaded"
grep '^ward ' /proc/modules || { echo "ward.ko is not loaded"; exit 1; }

step "wardctl status"
if command -v wardctl >/dev/null 2>&1; then
	wardctl status
else
	echo "(wardctl not built yet: showing the status file)"
	cat /sys/kernel/security/ward/status
fi

step "kernel log lines of Ward"
dmesg | grep -i ward
exit 0
