#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything Ward needs to build and test, on Debian 12, as root:
#   sudo tools/deps.sh
#
# - the Debian packages (compiler, the kernel headers, QEMU, busybox,
#   the kernel source tarball for kselftest_harness.h and checkpatch.pl,
#   libseccomp and json-c for wardctl, sparse);
# - the kernel image of the same version, downloaded with apt-get download
#   and unpacked (not installed) into build/kernels/$KABI/;
# - the container runtimes for the guest (runc, crun, containerd with ctr
#   and containerd-shim-runc-v2, and crun's libyajl2), downloaded with
#   apt-get download and unpacked into build/runtimes/.  They are never
#   installed on the host, so no containerd service is started or enabled.
#
# The kernel: by default the newest 6.1 ABI of the generic flavour the
# archive offers (what linux-image-amd64 depends on), with its image and
# headers at one version.  Environment:
#   KABI=6.1.0-53-amd64   that ABI (at the newest version the archive has
#                         for both packages, or at KVER= if given)
#   KABI=pin              the pin of tools/kernel.env
#   KFLAVOUR=amd64|cloud|rt   the newest ABI of that flavour
#   WARD_DEPS_SELECT=0    do not make it the default of later steps
# It prints the kernel it chose, and why, on one line ("deps: kernel: ...").
# The image is unpacked into build/kernels/$KABI/ (one directory per ABI,
# so switching back and forth costs nothing), and build/kernel.env records
# KABI and KVER for the Makefile and tools/*.sh (tools/kabi.sh).
# Idempotent: when everything is there it only checks and returns (no root
# needed then).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=kabi.sh
. "$top/tools/kabi.sh"

die() { echo "deps: error: $*" >&2; exit 1; }
say() { echo "deps: $*"; }

pin_abi=$(kabi_get KABI "$top/tools/kernel.env")
pin_ver=$(kabi_get KVER "$top/tools/kernel.env")
want_abi=${KABI:-}
want_ver=${KVER:-}
flavour=${KFLAVOUR:-}
[ -z "$flavour" ] || kabi_suffix "$flavour" > /dev/null || exit 1

# Set KABI, KVER and why from the archive's lists (apt-cache: no root).
resolve() {
	local nv
	if [ "$want_abi" = pin ]; then
		KABI=$pin_abi KVER=$pin_ver
		why="the pin (tools/kernel.env, KABI=pin)"
	elif [ -n "$want_abi" ]; then
		KABI=$want_abi
		KVER=$want_ver
		why="KABI=$want_abi${want_ver:+ KVER=$want_ver}"
		if [ -z "$KVER" ]; then
			KVER=$(kabi_version "$KABI") || KVER=
			[ -n "$KVER" ] || KVER=$(dpkg-query -W -f='${Version}' "linux-headers-$KABI" 2>/dev/null) || KVER=
			[ -n "$KVER" ] || return 1
		fi
	else
		nv=$(kabi_newest "${flavour:-amd64}") || return 1
		# shellcheck disable=SC2086
		set -- $nv
		KABI=$1 KVER=$2
		why="the newest ${flavour:-amd64} ABI the archive offers (linux-image-$(kabi_suffix "${flavour:-amd64}"))"
	fi
}

pkgs=(
	build-essential		# gcc, make, libc6-dev (static libc for the guest)
	qemu-system-x86		# the test VM (TCG)
	busybox-static		# the guest userland
	cpio gzip xz-utils	# initramfs, kernel source tarball
	kmod			# depmod -b for the guest's modules
	linux-source-6.1	# kselftest_harness.h, checkpatch.pl
	libseccomp-dev		# wardctl seccomp (static libseccomp.a)
	libjson-c-dev		# wardctl seccomp export/import (libjson-c.a)
	libcap-dev		# the kernel's landlock selftest (libcap.a), kself_test
	sparse			# make sparse
	perl			# checkpatch.pl
	coreutils		# timeout(1) for the VM's hard time limit
	libseccomp2 libcap2 libsystemd0	# runc's and crun's libraries, copied into the guest
	apparmor		# apparmor_parser: make bench compares with AppArmor
	flex bison bc libelf-dev libssl-dev	# make check-debug builds a kernel
)
# (and linux-headers-$KABI at $KVER: KDIR for `make check`)

missing() {
	local p
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

headers_version() {
	dpkg-query -W -f='${Status} ${Version}\n' "linux-headers-$KABI" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

# The unpacked image of $KABI at $KVER, if complete (build/kernels/$KABI,
# or build/kernel where an older tree unpacked it).
image_ok() {
	local d
	d=$(kabi_image_dir) || return 1
	[ -f "$d/boot/vmlinuz-$KABI" ] && [ -f "$d/lib/modules/$KABI/modules.order" ] &&
		[ -f "$d/lib/modules/$KABI/kernel/fs/overlayfs/overlay.ko" ]
}

updated=
apt_update() {
	[ -z "$updated" ] || return 0
	[ "$(id -u)" = 0 ] || die "$1; run as root: sudo $0"
	say "apt-get update"
	apt-get update -q
	updated=1
}

# ---- 1. the kernel: which one ----------------------------------------------
# From the lists as they are: a re-run with everything in place needs no
# network and no root.  Only when something must be installed or
# downloaded, the lists are updated first and the choice made again, so
# that what is downloaded is what the archive offers now.
# choose: resolve, and for the default alone fall back to the pin, loudly.
choose() {
	resolve && [ -n "${KABI:-}" ] && [ -n "${KVER:-}" ] && return 0
	if [ -z "$want_abi" ] && [ -z "$flavour" ]; then
		echo "deps: warning: the archive offers no 6.1 amd64 ABI with image and headers at one version; falling back to the pin $pin_abi $pin_ver (tools/kernel.env)" >&2
		KABI=$pin_abi KVER=$pin_ver
		why="the pin (tools/kernel.env): no newer ABI found in the package lists"
		return 0
	fi
	die "the archive offers no linux-image and linux-headers at one version for ${want_abi:-the ${flavour} flavour} (apt-cache madison linux-image-${want_abi:-$(kabi_suffix "$flavour")})"
}
if ! resolve; then
	apt_update "cannot choose a kernel from the package lists"
fi
choose

# ---- 2. packages and the headers -------------------------------------------
miss=$(missing)
hv=$(headers_version)
if [ -n "$miss" ] || [ "$hv" != "$KVER" ] || ! image_ok; then
	apt_update "to install: $(echo $miss) linux-headers-$KABI=$KVER linux-image-$KABI=$KVER"
	old="$KABI $KVER"
	choose
	[ "$old" = "$KABI $KVER" ] || say "after apt-get update: $KABI $KVER instead of $old"
	export DEBIAN_FRONTEND=noninteractive
	inst=()
	[ -z "$(missing)" ] || inst=($(missing))
	[ "$(headers_version)" = "$KVER" ] || inst+=("linux-headers-$KABI=$KVER")
	if [ ${#inst[@]} -gt 0 ]; then
		say "apt-get install ${inst[*]}"
		apt-get install -y -q --no-install-recommends "${inst[@]}" ||
			die "apt-get install failed; is linux-headers-$KABI version $KVER still in the archive? (apt-cache policy linux-headers-$KABI)"
	fi
	hv=$(headers_version)
	[ -z "$(missing)" ] || die "still missing after install: $(echo $(missing))"
fi
[ "$hv" = "$KVER" ] ||
	die "linux-headers-$KABI is version '$hv', not $KVER: headers and image must match; install linux-headers-$KABI=$KVER"
[ -d "/usr/src/linux-headers-$KABI" ] ||
	die "/usr/src/linux-headers-$KABI is missing although linux-headers-$KABI is installed"
say "kernel: $KABI $KVER: $why"

# ---- 3. the kernel image, unpacked into build/kernels/$KABI -----------------
kdir=build/kernels/$KABI
kimg=$top/$kdir
debs=("$kimg"/deb/linux-image-"$KABI"_"$KVER"_*.deb)
if image_ok; then
	kimg=$(kabi_image_dir)
	say "linux-image-$KABI $KVER already unpacked in ${kimg#"$top"/}"
elif [ -f "${debs[0]}" ]; then
	# the .deb is there, files of the unpacked image are not: unpack again
	say "re-unpacking $(basename "${debs[0]}") into $kdir"
	dpkg -x "${debs[0]}" "$kimg"
	echo "$KABI $KVER" > "$kimg/.unpacked"
else
	rm -rf "${kimg:?}"
	mkdir -p "$kimg/deb"
	say "apt-get download linux-image-$KABI=$KVER"
	(cd "$kimg/deb" &&
	 apt-get download -q -o APT::Sandbox::User=root "linux-image-$KABI=$KVER") ||
		die "cannot download linux-image-$KABI=$KVER (run 'apt-get update' as root; apt-cache policy linux-image-$KABI)"
	deb=$(ls "$kimg"/deb/linux-image-"$KABI"_*.deb)
	iv=$(dpkg-deb -f "$deb" Version)
	[ "$iv" = "$hv" ] ||
		die "kernel image and headers do not match: linux-image-$KABI is $iv, linux-headers-$KABI is $hv"
	say "unpacking $(basename "$deb") into $kdir"
	dpkg -x "$deb" "$kimg"
	[ -f "$kimg/boot/vmlinuz-$KABI" ] ||
		die "$kdir/boot/vmlinuz-$KABI missing after unpacking $deb"
	echo "$KABI $KVER" > "$kimg/.unpacked"
fi
image_ok || die "the image of $KABI $KVER in $kdir is incomplete"
kimg=$(kabi_image_dir)

# ---- 4. container runtimes for the guest, unpacked into build/runtimes ------
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
iv=$(dpkg-deb -f "$(ls "$kimg"/deb/linux-image-"$KABI"_*.deb | head -1)" Version)
[ "$iv" = "$hv" ] ||
	die "kernel image ($iv, ${kimg#"$top"/}) and headers ($hv) do not match"

# ---- 5. the choice, for every later step (tools/kabi.sh) --------------------
if [ "${WARD_DEPS_SELECT:-1}" != 0 ]; then
	mkdir -p "$top/build"
	cat > "$top/build/kernel.env.tmp" <<-EOT
	# Written by tools/deps.sh on $(date -u '+%Y-%m-%d %H:%M UTC'): $why.
	# The Makefile and tools/*.sh use it over tools/kernel.env (the pin).
	KABI=$KABI
	KVER=$KVER
	EOT
	mv "$top/build/kernel.env.tmp" "$top/build/kernel.env"
fi
say "ok: kernel $KABI $KVER (headers /usr/src/linux-headers-$KABI, image ${kimg#"$top"/})"
