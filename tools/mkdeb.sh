#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/mkdeb.sh: build the Debian packages (make deb).
#
# Copies the source tree (git's tracked and untracked, not ignored, files:
# what a clean checkout with the current changes has) to
# build/deb/ward-VERSION, runs dpkg-buildpackage -us -uc -b there (the
# packages' own tests run in dh_auto_test unless DEB_BUILD_OPTIONS has
# nocheck), and then lintian on the result.  The .deb files, the .changes
# and lintian.txt end up in build/deb/.  Fails on a lintian error; the
# warnings and informational tags are listed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${BUILD:-$top/build}/deb
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
src=$out/ward-$ver

start=$(date +%s)
rm -rf "$out"
mkdir -p "$src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf -) | tar -C "$src" -xf -

# without the top Makefile's exports (BUILD, WARDCTL, WARD_KO): the
# package builds and tests only what it built itself
(cd "$src" && env -u BUILD -u WARDCTL -u WARD_KO -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 || {
	tail -40 "$out/build.log" >&2
	echo "mkdeb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
rm -rf "$src"

changes=$(ls "$out"/*.changes)
lintian --info --display-info --pedantic --tag-display-limit 0 "$changes" \
	> "$out/lintian.txt" 2>&1 || true
echo "mkdeb: built in $(( $(date +%s) - start )) s:"
ls -l "$out"/*.deb | awk '{ print "  " $NF, $5, "bytes" }'
echo "mkdeb: lintian ($out/lintian.txt):"
grep -E '^[EWIPX]: ' "$out/lintian.txt" | sort | uniq -c | sed 's/^/  /' || echo "  clean"
! grep -q '^E: ' "$out/lintian.txt" || { echo "mkdeb: lintian errors" >&2; exit 1; }
