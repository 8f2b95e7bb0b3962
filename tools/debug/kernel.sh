#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build Ward's debug kernel once, from Debian's linux-source-6.1 (the
# source of the pinned kernel) with x86_64_defconfig plus
# tools/debug/debug.config (KASAN, lockdep, UBSAN, KFENCE, kmemleak, debug
# objects), and cache it:
#   build/debug/src      the source tree, where the kernel is built
#   build/debug/.stamp   checksum of the tarball and the fragment: the
#                        kernel is rebuilt only when one of them changes
#                        (incrementally if only the fragment did)
# Usage: tools/debug/kernel.sh [BUILD]   (default: build)
# Environment: JOBS (default: nproc).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
tarball=${KSRC_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
frag=$top/tools/debug/debug.config
dir=$build/debug
src=$dir/src
jobs=${JOBS:-$(nproc)}

[ -f "$tarball" ] ||
	{ echo "debug-kernel: $tarball missing: run tools/deps.sh" >&2; exit 1; }
for t in flex bison bc; do
	command -v $t >/dev/null ||
		{ echo "debug-kernel: $t missing: run tools/deps.sh" >&2; exit 1; }
done

want=$( (stat -c '%s %Y' "$tarball"; cat "$frag") | sha256sum | cut -d' ' -f1)
if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$want" ] &&
   [ -f "$src/arch/x86/boot/bzImage" ]; then
	echo "debug-kernel: cached: $src/arch/x86/boot/bzImage"
	exit 0
fi

start=$(date +%s)
# The source is extracted once per tarball; a changed fragment rebuilds
# incrementally (Kbuild rebuilds what the changed options touch).
tstamp=$(stat -c '%s %Y' "$tarball")
if [ ! -f "$dir/.extracted" ] || [ "$(cat "$dir/.extracted")" != "$tstamp" ]; then
	rm -rf "$dir"
	mkdir -p "$src"
	echo "debug-kernel: extracting $tarball"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	echo "$tstamp" > "$dir/.extracted"
fi
rm -f "$dir/.stamp"
cd "$src"
make -s x86_64_defconfig
scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
make -s olddefconfig
# Every option asked for must have survived olddefconfig.
missing=0
while read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%=n}
		if grep -q "^$opt=" .config; then
			echo "debug-kernel: $opt is set, the fragment says n" >&2
			missing=1
		fi ;;
	CONFIG_*=*) if ! grep -qxF "$line" .config; then
			echo "debug-kernel: $line did not survive olddefconfig" >&2
			missing=1
		fi ;;
	esac
done < "$frag"
[ $missing = 0 ] || exit 1
echo "debug-kernel: building with $jobs jobs"
make -s -j"$jobs" bzImage modules
make -s modules_install INSTALL_MOD_PATH="$dir/root" INSTALL_MOD_STRIP=1
echo "$want" > "$dir/.stamp"
echo "debug-kernel: built in $(( $(date +%s) - start )) s: $(make -s kernelrelease)"
