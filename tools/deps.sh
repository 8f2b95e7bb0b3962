#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything Ward needs to build and test, on Debian 12, as root:
#   sudo tools/deps.sh
#
# - the Debian packages (compiler, the pinned kernel headers, QEMU, busybox,
#   the kernel source tarball for kselftest_harness.h and checkpatch.pl,
#   libseccomp and json-c for wardctl, sparse);
# - the pinned kernel image, downloaded with apt-get download and unpacked
#   (not installed) into build/kernel/;
# - the container runtimes for the guest (runc, crun, containerd with ctr
#   and containerd-shim-runc-v2, and crun's libyajl2), downloaded with
#   apt-get download and unpacked into build/runtimes/.  They are never
#   installed on the host, so no containerd service is started or enabled.
#
# The kernel is pinned in tools/kernel.env.  Idempotent: when everything is
# there it only checks and returns (no root needed then).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=kernel.env
. "$top/tools/kernel.env"

die() { echo "deps: error: $*" >&2; exit 1; }
say() { echo "deps: $*"; }

pkgs=(
	build-essential		# gcc, make, libc6-dev (static libc for the guest)
	"linux-headers-$KABI"	# KDIR for `make check`
	qemu-system-x86		# the test VM (TCG)
	busybox-static		# the guest userland
	cpio gzip xz-utils	# initramfs, kernel source tarball
	kmod			# depmod -b for the guest's modules
	linux-source-6.1	# kselftest_harness.h, checkpatch.pl
	libseccomp-dev		# wardctl seccomp (static libseccomp.a)
	libjson-c-dev		# wardctl seccomp export/import (libjson-c.a)
	sparse			# make sparse
	perl			# checkpatch.pl
	coreutils		# timeout(1) for the VM's hard time limit
	libseccomp2 libcap2 libsystemd0	# runc's and crun's libraries, copied into the guest
	apparmor		# apparmor_parser: make bench compares with AppArmor
	flex bison bc libelf-dev libssl-dev	# make check-debug builds a kernel
)
names=("${pkgs[@]}")

missing() {
	local p
	for p in "${names[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

headers_version() {
	dpkg-query -W -f='${Version}' "linux-headers-$KABI" 2>/dev/null || true
}

kdir=build/kernel
stamp="$top/$kdir/.unpacked"

# ---- 1. packages ---------------------------------------------------------
miss=$(missing)
hv=$(headers_version)
if [ -n "$miss" ] || [ "$hv" != "$KVER" ]; then
	[ "$(id -u)" = 0 ] || die "missing packages ($(echo $miss)); run as root: sudo $0"
	export DEBIAN_FRONTEND=noninteractive
	say "apt-get update"
	apt-get update -q
	inst=()
	for p in "${names[@]}"; do
		if [ "$p" = "linux-headers-$KABI" ]; then
			inst+=("$p=$KVER")
		else
			inst+=("$p")
		fi
	done
	say "apt-get install ${inst[*]}"
	apt-get install -y -q --no-install-recommends "${inst[@]}" ||
		die "apt-get install failed; is linux-headers-$KABI version $KVER (tools/kernel.env) still in the archive? (apt-cache policy linux-headers-$KABI)"
	hv=$(headers_version)
	[ -z "$(missing)" ] || die "still missing after install: $(echo $(missing))"
fi
[ "$hv" = "$KVER" ] ||
	die "linux-headers-$KABI is version '$hv' but tools/kernel.env pins $KVER: headers and image must match; install linux-headers-$KABI=$KVER or update tools/kernel.env"
[ -d "/usr/src/linux-headers-$KABI" ] ||
	die "/usr/src/linux-headers-$KABI is missing although linux-headers-$KABI is installed"

# ---- 2. the kernel image, unpacked into build/kernel -----------------------
mods=$top/$kdir/lib/modules/$KABI
debs=("$top/$kdir"/deb/linux-image-"$KABI"_"$KVER"_*.deb)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$KABI $KVER" ] &&
   [ -f "$top/$kdir/boot/vmlinuz-$KABI" ] && [ -f "$mods/modules.order" ] &&
   [ -f "$mods/kernel/net/can/can.ko" ]; then
	say "linux-image-$KABI $KVER already unpacked in $kdir"
elif [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$KABI $KVER" ] && [ -f "${debs[0]}" ]; then
	# something deleted files of the unpacked image: unpack it again
	say "re-unpacking $(basename "${debs[0]}") into $kdir"
	dpkg -x "${debs[0]}" "$top/$kdir"
else
	rm -rf "${top:?}/$kdir"
	mkdir -p "$top/$kdir/deb"
	say "apt-get download linux-image-$KABI=$KVER"
	(cd "$top/$kdir/deb" &&
	 apt-get download -q -o APT::Sandbox::User=root "linux-image-$KABI=$KVER") ||
		die "cannot download linux-image-$KABI=$KVER (run 'apt-get update' as root, or check tools/kernel.env against 'apt-cache policy linux-image-$KABI')"
	deb=$(ls "$top/$kdir"/deb/linux-image-"$KABI"_*.deb)
	iv=$(dpkg-deb -f "$deb" Version)
	[ "$iv" = "$hv" ] ||
		die "kernel image and headers do not match: linux-image-$KABI is $iv, linux-headers-$KABI is $hv"
	say "unpacking $(basename "$deb") into $kdir"
	dpkg -x "$deb" "$top/$kdir"
	[ -f "$top/$kdir/boot/vmlinuz-$KABI" ] ||
		die "$kdir/boot/vmlinuz-$KABI missing after unpacking $deb"
	echo "$KABI $KVER" > "$stamp"
fi

# ---- 3. container runtimes for the guest, unpacked into build/runtimes ------
# Debian 12: runc 1.1.5, crun 1.8.1, containerd 1.6.20.  The guest runs the
# very binaries Debian ships; their shared libraries come from the host
# (libc6, libseccomp2, libcap2, libsystemd0 are in every Debian 12) and from
# libyajl2 unpacked here (tools/vm/mkinitramfs.sh copies them with ldd).
rt_pkgs=(runc crun containerd libyajl2)
rtdir=$top/build/runtimes
rtstamp=$rtdir/.unpacked
rt_ok() {
	[ -f "$rtstamp" ] && [ -x "$rtdir/root/usr/sbin/runc" ] &&
	[ -x "$rtdir/root/usr/bin/crun" ] && [ -x "$rtdir/root/usr/bin/containerd" ] &&
	[ -x "$rtdir/root/usr/bin/ctr" ] &&
	[ -x "$rtdir/root/usr/bin/containerd-shim-runc-v2" ]
}
if rt_ok; then
	say "runtimes already unpacked in build/runtimes: $(tr '\n' ' ' < "$rtstamp")"
else
	rm -rf "$rtdir"
	mkdir -p "$rtdir/deb"
	say "apt-get download ${rt_pkgs[*]}"
	if ! (cd "$rtdir/deb" &&
	      apt-get download -q -o APT::Sandbox::User=root "${rt_pkgs[@]}"); then
		[ "$(id -u)" = 0 ] || die "cannot download ${rt_pkgs[*]}; run as root: sudo $0"
		apt-get update -q
		(cd "$rtdir/deb" &&
		 apt-get download -q -o APT::Sandbox::User=root "${rt_pkgs[@]}") ||
			die "cannot download ${rt_pkgs[*]} (apt-cache policy ${rt_pkgs[*]})"
	fi
	: > "$rtstamp.tmp"
	for deb in "$rtdir"/deb/*.deb; do
		dpkg -x "$deb" "$rtdir/root"
		echo "$(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)" >> "$rtstamp.tmp"
	done
	mv "$rtstamp.tmp" "$rtstamp"
	rt_ok || die "build/runtimes incomplete after unpacking ${rt_pkgs[*]}"
	say "runtimes unpacked in build/runtimes: $(tr '\n' ' ' < "$rtstamp")"
fi

# Re-check on every run: somebody may have upgraded the headers.
iv=$(dpkg-deb -f "$top/$kdir"/deb/linux-image-"$KABI"_*.deb Version)
[ "$iv" = "$hv" ] ||
	die "kernel image ($iv, $kdir) and headers ($hv) do not match"
say "ok: kernel $KABI $KVER (headers /usr/src/linux-headers-$KABI, image $kdir)"
