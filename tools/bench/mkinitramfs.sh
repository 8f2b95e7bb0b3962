#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the benchmark guest's initramfs: build/bench/initramfs.cpio.gz
#   busybox-static and its applet links, /init (tools/bench/init),
#   /bench/guest.sh, /bench/wardbench, the policies, the AppArmor profile,
#   /lib/ward/ward.ko, /usr/sbin/wardctl, and Debian's apparmor_parser
#   with its libraries and loader (ldd).
# The same approach as tools/vm/mkinitramfs.sh, kept apart so that the
# test guest and the benchmark guest do not constrain each other.  The
# benchmark loads no kernel module but ward.ko: socket(AF_AX25) must find
# its module absent, so that every call asks for it.
# Environment: WARD_KO (default ./ward.ko), WARDCTL (default
# build/wardctl), BUILD (default ./build); for experiments,
# WARD_BENCH_GUEST (a script to run instead of tools/bench/guest.sh) and
# WARD_BENCH_EXTRA (files to add to /bench).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
ward_ko=${WARD_KO:-$top/ward.ko}
wardctl=${WARDCTL:-$build/wardctl}
wardbench=$build/bench/wardbench
root=$build/bench/root
out=$build/bench/initramfs.cpio.gz
busybox=${BUSYBOX:-/bin/busybox}
parser=/usr/sbin/apparmor_parser

die() { echo "bench-mkinitramfs: error: $*" >&2; exit 1; }

[ -f "$ward_ko" ] || die "$ward_ko missing: run make module-pinned"
[ -x "$wardctl" ] || die "$wardctl missing: run make wardctl"
[ -x "$wardbench" ] || die "$wardbench missing"
[ -x "$busybox" ] || die "$busybox missing (package busybox-static)"
[ -x "$parser" ] || die "$parser missing (package apparmor: run tools/deps.sh)"

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,tmp,run,root,lib/ward,bench}
cp "$busybox" "$root/bin/busybox"
for a in $("$busybox" --list); do
	[ "$a" = busybox ] && continue
	ln -s busybox "$root/bin/$a"
done
ln -s ../bin/busybox "$root/sbin/modprobe"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"

install -m 0755 "$top/tools/bench/init" "$root/init"
install -m 0755 "${WARD_BENCH_GUEST:-$top/tools/bench/guest.sh}" "$root/bench/guest.sh"
install -m 0755 "$wardbench" "$root/bench/wardbench"
install -m 0644 "$top/tools/bench/bench.ward" "$root/bench/bench.ward"
install -m 0644 "$top/tools/bench/ward-bench.apparmor" "$root/bench/ward-bench.apparmor"
[ -n "${WARD_BENCH_EXTRA:-}" ] && install -m 0755 $WARD_BENCH_EXTRA "$root/bench/"
install -m 0644 "$ward_ko" "$root/lib/ward/ward.ko"
install -m 0755 "$wardctl" "$root/usr/sbin/wardctl"

# apparmor_parser, its libraries and the loader, at their own paths
install -D -m 0755 "$parser" "$root$parser"
for lib in $(ldd "$parser" | grep -o '/[^ ]*'); do
	install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
done

# The scale policies: 64 domains (each with a seccomp block, as a real
# policy has), without and with the patterns that bind /sb/c0 (1),
# /sb/c0..c999 (1000) and every /sb/c* (16000 cgroups, made by guest.sh).
p64() {
	local i
	for b in "$@"; do echo "bind $b d1"; done
	for i in $(seq 0 63); do
		cat <<EOT
domain d$i {
	mode enforce
	mount allow tmpfs
	ptrace none
	ptrace-from-host allow
	memory wx-deny
	modules deny
	seccomp {
		action kill
		base minimal shell
	}
}
EOT
	done
}
p64 > "$root/bench/p64.ward"
p64 /sb/c0 > "$root/bench/p64-1.ward"
p64 '/sb/c?' '/sb/c??' '/sb/c???' > "$root/bench/p64-1k.ward"
p64 '/sb/*' > "$root/bench/p64-16k.ward"
for p in "$root"/bench/*.ward; do
	"$wardctl" check "$p" 2>/dev/null || die "$p: wardctl check failed"
done

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "bench-mkinitramfs: $out ($(du -h "$out" | cut -f1))"
