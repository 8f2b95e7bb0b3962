#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test guest's initramfs: build/vm/initramfs.cpio.gz
#   busybox-static, applet links in /bin, /sbin/modprobe -> busybox
#   /init (tools/vm/init), /ward/run-tests, /ward/demo.sh
#   /lib/ward/ward.ko, /usr/sbin/wardctl, /usr/sbin/ward-runc,
#   /usr/share/containers/oci/hooks.d/ward.json, /ward/selftests/*_test,
#   /etc/ward/*.ward (userspace-ctl/examples)
#   kernel modules the tests need, from build/kernel, with depmod -b
# Environment: WARD_KO (default ./ward.ko), WARDCTL (default
# build/wardctl; optional), BUILD (default ./build).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/kernel.env"
build=${BUILD:-$top/build}
ward_ko=${WARD_KO:-$top/ward.ko}
wardctl=${WARDCTL:-$build/wardctl}
kimg=$build/kernel
root=$build/vm/root
out=$build/vm/initramfs.cpio.gz
# Modules of the image the tests use (paths below kernel/); their
# dependencies are added automatically.
guest_modules=(net/can/can.ko net/can/can-raw.ko drivers/net/dummy.ko
	fs/overlayfs/overlay.ko)

die() { echo "mkinitramfs: error: $*" >&2; exit 1; }

[ -f "$kimg/.unpacked" ] || die "$kimg missing: run tools/deps.sh as root"
[ -f "$ward_ko" ] || die "$ward_ko missing: run make module"
# busybox-static's binary (the guest has no libc)
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "$busybox missing (package busybox-static)"

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/ward,dev,proc,sys,tmp,run,root,mnt,var,lib/ward,ward/selftests}

# busybox: the binary and one link per applet (never one named busybox,
# which would overwrite the binary)
cp "$busybox" "$root/bin/busybox"
for a in $("$busybox" --list); do
	[ "$a" = busybox ] && continue
	ln -s busybox "$root/bin/$a"
done
ln -s ../bin/busybox "$root/sbin/modprobe"

cat > "$root/etc/passwd" <<'EOT'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOT
cat > "$root/etc/group" <<'EOT'
root:x:0:
nogroup:x:65534:
EOT

install -m 0755 "$top/tools/vm/init" "$root/init"
install -m 0755 "$top/tools/vm/run-tests" "$root/ward/run-tests"
install -m 0755 "$top/tools/vm/demo.sh" "$root/ward/demo.sh"
install -m 0644 "$ward_ko" "$root/lib/ward/ward.ko"
if [ -x "$wardctl" ]; then
	install -m 0755 "$wardctl" "$root/usr/sbin/wardctl"
else
	echo "mkinitramfs: warning: $wardctl missing: the guest has no wardctl" >&2
fi
# the OCI runtime wrapper and the Podman/CRI-O hook, at their standard paths
[ -x "$build/ward-runc" ] && install -m 0755 "$build/ward-runc" "$root/usr/sbin/ward-runc"
install -D -m 0644 "$top/contrib/hooks.d/ward.json" "$root/usr/share/containers/oci/hooks.d/ward.json"
for p in "$top"/userspace-ctl/examples/*.ward; do
	[ -f "$p" ] && install -m 0644 "$p" "$root/etc/ward/"
done
n=0
for t in "$build"/selftests/*_test; do
	[ -x "$t" ] || continue
	install -m 0755 "$t" "$root/ward/selftests/"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || echo "mkinitramfs: warning: no selftests in $build/selftests" >&2

# kernel modules, with their dependencies, then depmod
msrc=$kimg/lib/modules/$KABI
mdst=$root/lib/modules/$KABI
mkdir -p "$mdst"
cp "$msrc"/modules.builtin "$msrc"/modules.builtin.modinfo "$msrc"/modules.order "$mdst/"
declare -A done_mod=()
add_module() {	# path below kernel/
	local rel=$1 dep f
	[ -n "${done_mod[$rel]:-}" ] && return
	done_mod[$rel]=1
	[ -f "$msrc/kernel/$rel" ] || die "module $rel not in $msrc"
	mkdir -p "$mdst/kernel/$(dirname "$rel")"
	cp "$msrc/kernel/$rel" "$mdst/kernel/$rel"
	for dep in $(/sbin/modinfo -F depends "$msrc/kernel/$rel" | tr , ' '); do
		f=$(grep -E "(^|/)(${dep//_/[-_]})\.ko(\.[a-z]+)?$" "$msrc/modules.order" | head -1)
		f=${f#kernel/}
		[ -n "$f" ] || die "dependency $dep of $rel not found"
		add_module "$f"
	done
}
for m in "${guest_modules[@]}"; do add_module "$m"; done
/sbin/depmod -b "$root" "$KABI"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -h "$out" | cut -f1), $n selftests, modules: ${!done_mod[*]})"
