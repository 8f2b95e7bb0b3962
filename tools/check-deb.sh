#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-deb.sh: install the packages of "make deb" (build/deb/*.deb)
# into a fresh Debian 12 root, as an operator would, and remove them again
# (make check-deb; slow: not part of make check).
#
#  1. debootstrap --variant=minbase bookworm build/deb-root (the first time;
#     later runs unpack a saved tarball of it);
#  2. install the packages' dependencies (dkms and its compiler, openssl for
#     dkms's MOK key, libseccomp2, libjson-c5, kmod) and the headers of the pinned ABI's generic flavour,
#     then record the root's file list;
#  3. apt install ./ward-dkms_*.deb ./wardctl_*.deb: check that apt needed
#     nothing more, that every file of both packages is there, that dkms
#     built and installed ward.ko for the installed kernel (vermagic), that
#     ward.service is enabled with its RequiredBy= links for the engines, and
#     that wardctl runs (wardctl check of both example policies);
#  4. install the headers of a second flavour (cloud): dkms must build
#     ward.ko for that new kernel by itself;
#  5. dpkg --purge both packages: the root's file list must be the one of
#     step 2 plus the second kernel's headers and minus nothing: no file,
#     module, dkms tree, unit link or configuration left behind.
# KTAP; ends with "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
debs=$build/deb
root=$build/deb-root
base=$build/deb-root-base.tar
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# KABI: the kernel chosen (tools/kabi.sh)
# shellcheck source=kabi.sh
. "$top/tools/kabi.sh"
kabi_select
abi=$(echo "$KABI" | grep -o '^6\.1\.0-[0-9]*')
k1=$abi-amd64 k2=$abi-cloud-amd64

[ "$(id -u)" = 0 ] || { echo "check-deb: must run as root (chroot)" >&2; exit 1; }
ls "$debs"/ward-dkms_*_all.deb "$debs"/wardctl_*_amd64.deb > /dev/null ||
	{ echo "check-deb: no packages in $debs: make deb" >&2; exit 1; }

pass=0 fail=0 n=0
t() { local d=$1; shift; n=$((n + 1))
	if "$@"; then pass=$((pass + 1)); echo "ok $n $d"
	else fail=$((fail + 1)); echo "not ok $n $d"; fi; }
step() { echo "# $(date +%T) $*"; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

mounted=()
cleanup() {
	local m
	for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null; done
}
trap cleanup EXIT

# The root's files, without the pseudo filesystems, caches, logs and
# dpkg's backup files.
files() {
	find "$root" -xdev \( -path "$root/proc" -o -path "$root/sys" -o \
		-path "$root/dev" -o -path "$root/run" -o -path "$root/tmp" -o \
		-path "$root/var/cache" -o -path "$root/var/log" -o \
		-path "$root/var/lib/apt/lists" \) -prune -o -print |
		sed "s|^$root||" | grep -vE -- '-old$' | sort
}

start=$(date +%s)
echo "KTAP version 1"
echo "1..18"

# ---- 1. a fresh Debian 12 root ---------------------------------------------
cleanup
rm -rf "$root"
if [ -f "$base" ]; then
	step "unpacking the saved bookworm minbase root"
	mkdir -p "$root" && tar -C "$root" -xf "$base"
else
	step "debootstrap --variant=minbase bookworm $root $mirror"
	command -v debootstrap > /dev/null || { echo "check-deb: no debootstrap (tools/dist-deps.sh)" >&2; exit 1; }
	debootstrap --variant=minbase bookworm "$root" "$mirror" > "$build/debootstrap.log" 2>&1 ||
		{ tail "$build/debootstrap.log"; echo "check-deb: debootstrap failed" >&2; exit 1; }
	tar -C "$root" -cf "$base" .
fi
cat > "$root/etc/apt/sources.list" <<EOS
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
EOS
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
t "fresh Debian $(cat "$root/etc/debian_version") root in $root" [ -f "$root/etc/debian_version" ]

# ---- 2. dependencies, then the file list -----------------------------------
step "apt-get install dkms openssl libseccomp2 libjson-c5 kmod linux-headers-$k1"
log=$build/check-deb.log
: > "$log"
in_root apt-get update -q >> "$log" 2>&1 &&
in_root apt-get install -y -q --no-install-recommends dkms openssl libseccomp2 libjson-c5 kmod \
	"linux-headers-$k1" >> "$log" 2>&1
t "dependencies and linux-headers-$k1 installed" [ $? -eq 0 ]
# A real host has the kernel's image too, whose package ran depmod: the
# modules.* index files exist before Ward comes (and stay after it goes).
in_root depmod "$k1" 2>/dev/null
in_root apt-get clean
files > "$build/deb-root.before"

# ---- 3. the packages ---------------------------------------------------------
step "apt install ./ward-dkms_*.deb ./wardctl_*.deb"
mkdir -p "$root/tmp/debs"
cp "$debs"/ward-dkms_*_all.deb "$debs"/wardctl_*_amd64.deb "$root/tmp/debs/"
in_root sh -c 'apt-get install -y -q /tmp/debs/*.deb' > "$build/check-deb.install.log" 2>&1
rc=$?
cat "$build/check-deb.install.log" >> "$log"
t "apt install ./ward-dkms_*.deb ./wardctl_*.deb: exit 0" [ $rc -eq 0 ]
t "apt installed nothing but the two packages" \
	grep -qE '^0 upgraded, 2 newly installed, 0 to remove' "$build/check-deb.install.log"
missing=$(for p in ward-dkms wardctl; do in_root dpkg -L "$p"; done |
	while read -r f; do [ -e "$root$f" ] || echo "$f"; done)
t "every file of both packages is there ($(for p in ward-dkms wardctl; do in_root dpkg -L $p; done | wc -l) paths)${missing:+; missing: $missing}" \
	[ -z "$missing" ]
ko1=$root/lib/modules/$k1/updates/dkms/ward.ko
t "dkms built and installed ward.ko for $k1" eval \
	"[ -f $ko1 ] && [ \"\$(modinfo -F vermagic $ko1 | cut -d' ' -f1)\" = $k1 ]"
t "ward.ko is signed with dkms's MOK key (/var/lib/dkms/mok.pub, for mokutil --import)" eval \
	"[ \"\$(modinfo -F signer $ko1)\" = 'DKMS module signing key' ] && [ -f $root/var/lib/dkms/mok.pub ]"
t "modprobe finds it: modules.dep of $k1 lists updates/dkms/ward.ko" \
	grep -q '^updates/dkms/ward.ko:' "$root/lib/modules/$k1/modules.dep"
links=$(for e in containerd docker podman crio kubelet; do
	[ -L "$root/etc/systemd/system/$e.service.requires/ward.service" ] || echo "$e"; done)
t "ward.service enabled: multi-user.target.wants and RequiredBy= links${links:+ (missing for: $links)}" eval \
	"[ -L $root/etc/systemd/system/multi-user.target.wants/ward.service ] && [ -z '$links' ]"
t "wardctl runs in the new root: wardctl check of both example policies" \
	in_root sh -c 'for f in /usr/share/ward/examples/*.ward; do wardctl check "$f" 2>/dev/null || exit 1; done'
t "/etc/default/ward is a conffile, /etc/ward exists, no policy.ward is shipped" eval \
	"grep -qx /etc/default/ward $root/var/lib/dpkg/info/wardctl.conffiles && [ -d $root/etc/ward ] && [ ! -e $root/etc/ward/policy.ward ]"

# ---- 4. a new kernel: dkms builds for it by itself ---------------------------
step "apt-get install linux-headers-$k2 (a new kernel after ward-dkms)"
in_root apt-get install -y -q --no-install-recommends "linux-headers-$k2" \
	> "$build/check-deb.kernel.log" 2>&1
rc=$?
cat "$build/check-deb.kernel.log" >> "$log"
t "linux-headers-$k2 installed" [ $rc -eq 0 ]
ko2=$root/lib/modules/$k2/updates/dkms/ward.ko
t "dkms built ward.ko for the new kernel $k2 on its own" eval \
	"[ -f $ko2 ] && [ \"\$(modinfo -F vermagic $ko2 | cut -d' ' -f1)\" = $k2 ]"
in_root dkms status 2>&1 | sed 's/^/#   dkms status: /'
in_root apt-get clean
files > "$build/deb-root.kernel"

# ---- 5. removal ---------------------------------------------------------------
step "dpkg --purge wardctl ward-dkms"
in_root dpkg --purge wardctl ward-dkms >> "$log" 2>&1
t "dpkg --purge wardctl ward-dkms: exit 0" [ $? -eq 0 ]
t "no ward.ko left for either kernel" eval "[ ! -e $ko1 ] && [ ! -e $ko2 ] &&
	! grep -q ward.ko $root/lib/modules/$k1/modules.dep $root/lib/modules/$k2/modules.dep"
files > "$build/deb-root.after"
# Expected: the file list of step 2 plus what the second headers package
# brought (its own files, with ward's removed again).
in_root dpkg -L "linux-headers-$k2" "linux-headers-$abi-common" linux-kbuild-6.1 2>/dev/null |
	sed -E 's,^/(bin|sbin|lib|lib64)/,/usr/\1/,' | sort -u > "$build/deb-root.k2"
comm -13 "$build/deb-root.before" "$build/deb-root.after" |
	grep -vxF -f "$build/deb-root.k2" > "$build/deb-root.left"
# dkms's own state for the second kernel and its MOK key are dkms's, not ours
grep -vE "^/var/lib/dkms/mok\.(key|pub)$|^(/usr)?/lib/modules/$k2(/|$)|^/var/lib/dpkg/info/linux-headers-$k2\." \
	"$build/deb-root.left" > "$build/deb-root.left2"
t "purge leaves nothing behind ($(wc -l < "$build/deb-root.left") new paths since step 2, all the second kernel's or dkms's MOK key)" eval \
	"[ ! -s $build/deb-root.left2 ] || { sed 's/^/#   left: /' $build/deb-root.left2 | head -20; false; }"
gone=$(comm -23 "$build/deb-root.before" "$build/deb-root.after")
t "purge removed nothing that was there before the packages${gone:+ (gone: $(echo $gone | head -c 300))}" [ -z "$gone" ]
t "no ward state: /var/lib/dkms/ward, /usr/src/ward-*, /etc/ward, unit links all gone" eval \
	"[ ! -e $root/var/lib/dkms/ward ] && ! ls -d $root/usr/src/ward-* 2>/dev/null &&
	 [ ! -e $root/etc/ward ] && [ ! -e $root/etc/default/ward ] &&
	 ! find $root/etc/systemd -name ward.service | grep -q ."

echo "# check-deb took $(( $(date +%s) - start )) s; logs: $build/check-deb*.log"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
