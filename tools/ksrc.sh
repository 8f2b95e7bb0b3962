#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Extract from Debian's linux-source-6.1 tarball only what Ward's build
# needs, into build/ (never into the repository):
#   build/ksft/kselftest*.h            the kselftest harness headers
#   build/ksrc/scripts/checkpatch.pl   with spelling.txt and
#                                      const_structs.checkpatch
#   build/ksrc/tools/testing/selftests/{mount_setattr,move_mount_set_group,
#                                      landlock}
#                                      the kernel's own selftests that
#                                      kself_test runs inside a domain
# Usage: tools/ksrc.sh [OUTDIR]   (default: build)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build}
tarball=${KSRC_TARBALL:-/usr/src/linux-source-6.1.tar.xz}

[ -f "$tarball" ] ||
	{ echo "ksrc: $tarball missing: run tools/deps.sh as root (package linux-source-6.1)" >&2; exit 1; }

stamp=$out/ksrc/.extracted
kself="mount_setattr move_mount_set_group landlock"
if [ -f "$stamp" ] && [ "$stamp" -nt "$tarball" ] &&
   [ -f "$out/ksft/kselftest_harness.h" ] &&
   [ -f "$out/ksrc/tools/testing/selftests/landlock/fs_test.c" ]; then
	exit 0
fi

top_dir=$(tar -tJf "$tarball" 2>/dev/null | head -1 | cut -d/ -f1) || true
[ -n "$top_dir" ] || { echo "ksrc: cannot read $tarball" >&2; exit 1; }

rm -rf "$out/ksrc" "$out/ksft"
mkdir -p "$out/ksrc" "$out/ksft"
echo "ksrc: extracting kselftest headers, the kernel's $kself selftests and checkpatch from $tarball"
# shellcheck disable=SC2046
tar -xJf "$tarball" -C "$out/ksrc" --strip-components=1 --wildcards \
	"$top_dir/tools/testing/selftests/kselftest*.h" \
	$(for d in $kself; do echo "$top_dir/tools/testing/selftests/$d"; done) \
	"$top_dir/scripts/checkpatch.pl" \
	"$top_dir/scripts/spelling.txt" \
	"$top_dir/scripts/const_structs.checkpatch"
cp "$out"/ksrc/tools/testing/selftests/kselftest*.h "$out/ksft/"
[ -f "$out/ksft/kselftest_harness.h" ] ||
	{ echo "ksrc: kselftest_harness.h not found in $tarball" >&2; exit 1; }
touch "$stamp"
