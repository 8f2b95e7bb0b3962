#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test guest's initramfs: build/vm/initramfs.cpio.gz
#   busybox-static, applet links in /bin, /sbin/modprobe -> busybox
#   /init (tools/vm/init), /ward/run-tests, /ward/demo.sh
#   /lib/ward/ward.ko, /lib/ward/ward-badlayout-{1,2}.ko,
#   /usr/sbin/wardctl, /usr/sbin/ward-runc,
#   /usr/share/containers/oci/hooks.d/ward.json, /ward/selftests/*_test,
#   /ward/kselftests/* (some of the kernel's own selftests),
#   /etc/ward/*.ward (userspace-ctl/examples)
#   kernel modules the tests need, from build/kernel, with depmod -b
#   the container runtimes from build/runtimes (tools/deps.sh): runc, crun,
#   containerd, ctr, containerd-shim-runc-v2, with their shared libraries
#   and the dynamic loader; /usr/sbin/ward-runc (build/ward-runc) if built;
#   the container image /ward/rt/rootfs (busybox-static and
#   build/selftests/rt/ward-rt-*), /etc/containerd/config.toml
# Environment: WARD_KO (default ./ward.ko), WARD_BADLAYOUT (default
# build/badlayout: 1/ward.ko and 2/ward.ko), WARDCTL (default
# build/wardctl; optional), BUILD (default ./build), WARD_RUNTIMES=0 (leave
# the runtimes out: a small guest without runtime_test's runtimes),
# WARD_KMODS and WARD_KREL (the guest's modules come from
# WARD_KMODS/lib/modules/WARD_KREL instead of the pinned image's: make
# check-debug).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# KABI, KVER, KIMG: the kernel chosen (tools/kabi.sh)
. "$top/tools/kabi.sh"
kabi_select
build=${BUILD:-$top/build}
ward_ko=${WARD_KO:-$top/ward.ko}
badlayout=${WARD_BADLAYOUT:-$build/badlayout}
wardctl=${WARDCTL:-$build/wardctl}
kimg=$KIMG
root=$build/vm/root
out=$build/vm/initramfs.cpio.gz
# Modules of the image the tests use (paths below kernel/); their
# dependencies are added automatically.
guest_modules=(drivers/net/dummy.ko fs/overlayfs/overlay.ko)
# The autoload candidates of selftests/ward/kmods.h: each that the
# flavour ships (the cloud flavour has no CAN), at least one.
autoload_modules=(net/can/can.ko net/can/can-raw.ko net/key/af_key.ko)
# virtiofs (mount_test's automount case), where they are modules: a
# kernel that has them built in (or not at all) needs none
optional_modules=(drivers/virtio/virtio_pci.ko fs/fuse/virtiofs.ko)

die() { echo "mkinitramfs: error: $*" >&2; exit 1; }

krel=${WARD_KREL:-$KABI}
if [ -n "${WARD_KMODS:-}" ]; then
	kimg=$WARD_KMODS
else
	[ -f "$kimg/.unpacked" ] || die "$kimg missing: run tools/deps.sh as root (KABI=$KABI)"
fi
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
# ward.ko with a deliberately wrong mirror of a kernel structure, which
# must refuse to load (base_test; make module-badlayout)
for n in 1 2; do
	f=$badlayout/$n/ward.ko
	[ -f "$f" ] || die "$f missing: run make module-badlayout"
	install -m 0644 "$f" "$root/lib/ward/ward-badlayout-$n.ko"
done
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
# the kernel's own selftests that kself_test runs (selftests/ward/Makefile)
mkdir -p "$root/ward/kselftests"
for t in "$build"/selftests/kernel/*; do
	[ -x "$t" ] && install -m 0755 "$t" "$root/ward/kselftests/"
done

# ---- container runtimes (runtime_test, the demo) ---------------------------
rtsrc=$build/runtimes/root
rt_bins=(usr/sbin/runc usr/bin/crun usr/bin/containerd usr/bin/ctr
	 usr/bin/containerd-shim-runc-v2)
nrt=0
if [ "${WARD_RUNTIMES:-1}" != 0 ]; then
	for b in "${rt_bins[@]}"; do
		[ -x "$rtsrc/$b" ] || die "$rtsrc/$b missing: run tools/deps.sh (it unpacks runc, crun and containerd into build/runtimes)"
	done
	mkdir -p "$root/lib64" "$root/lib/x86_64-linux-gnu"
	declare -A done_lib=()
	for b in "${rt_bins[@]}"; do
		install -m 0755 "$rtsrc/$b" "$root/$b"
		nrt=$((nrt + 1))
		# "libfoo.so.N => /path (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
		libs=$(LD_LIBRARY_PATH=$rtsrc/usr/lib/x86_64-linux-gnu ldd "$rtsrc/$b" |
		       awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }') ||
			die "ldd $rtsrc/$b failed"
		for l in $libs; do
			[ -n "${done_lib[$l]:-}" ] && continue
			done_lib[$l]=1
			case "$l" in
			/lib64/*)	dst=$root$l ;;
			*)		dst=$root/lib/x86_64-linux-gnu/$(basename "$l") ;;
			esac
			cp -L "$l" "$dst"
		done
		if LD_LIBRARY_PATH=$rtsrc/usr/lib/x86_64-linux-gnu ldd "$rtsrc/$b" | grep -q 'not found'; then
			die "a library of $b is missing on this host: $(ldd "$rtsrc/$b" | grep 'not found' | tr '\n' ' ')"
		fi
	done
	# the runtime wrapper (tools of the oci work; optional until built)
	if [ -x "$build/ward-runc" ]; then
		install -m 0755 "$build/ward-runc" "$root/usr/sbin/ward-runc"
	else
		echo "mkinitramfs: warning: $build/ward-runc missing: the guest has no ward-runc" >&2
	fi
	# containerd: local state on the guest's tmpfs root, no CRI (no
	# Kubernetes here), the runc v2 shim as the runtime
	mkdir -p "$root/etc/containerd" "$root/var/lib/containerd"
	cat > "$root/etc/containerd/config.toml" <<-'EOT'
	version = 2
	root = "/var/lib/containerd"
	state = "/run/containerd"
	disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
	[grpc]
	  address = "/run/containerd/containerd.sock"
	EOT
	# The container image: a read-only busybox rootfs.  runtime_test.c
	# writes each container's config.json (runc spec style) itself.
	img=$root/ward/rt/rootfs
	mkdir -p "$img"/{bin,dev,proc,sys,tmp,mnt,etc,run,root}
	cp "$busybox" "$img/bin/busybox"
	for a in sh cat echo sleep grep ls mount true false env id ps; do
		ln -s busybox "$img/bin/$a"
	done
	for t in "$build"/selftests/rt/ward-rt-*; do
		[ -x "$t" ] && install -m 0755 "$t" "$img/bin/"
	done
	[ -x "$img/bin/ward-rt-first" ] || die "$build/selftests/rt/ward-rt-first missing: run make selftests"
	cp "$root/etc/passwd" "$root/etc/group" "$img/etc/"
	echo ward-rt > "$img/etc/hostname"
fi

# kernel modules, with their dependencies, then depmod
msrc=$kimg/lib/modules/$krel
mdst=$root/lib/modules/$krel
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
nal=0
for m in "${autoload_modules[@]}"; do
	[ -f "$msrc/kernel/$m" ] || continue
	add_module "$m"
	nal=$((nal + 1))
done
[ "$nal" -gt 0 ] || die "none of the autoload modules (${autoload_modules[*]}) is in $msrc"
for m in "${optional_modules[@]}"; do
	[ -f "$msrc/kernel/$m" ] && add_module "$m"
done
/sbin/depmod -b "$root" "$krel"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out (kernel $KABI $KVER, $(du -h "$out" | cut -f1), $(du -sh "$root" | cut -f1) unpacked, $n selftests, $nrt runtime binaries, modules: ${!done_mod[*]})"
