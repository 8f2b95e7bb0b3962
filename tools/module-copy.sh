#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Copy ward.ko's sources (Kbuild, kmod/, uapi/; no build products) to DIR,
# to build the module there: against another kernel tree (make
# check-debug) or with other flags (make module-badlayout), without
# touching the repository's own build.
#   tools/module-copy.sh DIR
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: $0 DIR}
rm -rf "$dir"
mkdir -p "$dir"
tar -C "$top" -cf - --exclude='*.o' --exclude='.*.cmd' --exclude='*.ko' \
	--exclude='*.mod' --exclude='*.mod.c' Kbuild kmod uapi | tar -C "$dir" -xf -
