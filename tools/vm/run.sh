#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the pinned Debian kernel with build/vm/initramfs.cpio.gz in QEMU
# (TCG: KVM does not work on the CI machines).
#   tools/vm/run.sh check|demo|shell
# The serial console goes to the terminal and to build/vm/console.log; the
# guest's whole kernel log (dmesg, written at the end) to build/vm/dmesg.log.
# check and demo run under a hard time limit (WARD_VM_TIMEOUT seconds,
# default 1500 for check, 300 for demo) so a hung guest fails instead of
# hanging CI; they read no standard input.
# Environment: WARD_TESTS="a_test b_test" (check: run only these),
# WARD_VM_LOG (the console log; default build/vm/console.log, the kernel
# log goes next to it as dmesg*.log),
# WARD_VM_APPEND (extra kernel parameters), WARD_KERNEL (the kernel image;
# default the pinned one), WARD_VM_MEM (default 1G), WARD_QEMU_ACCEL (default
# tcg,thread=single), QEMU (default qemu-system-x86_64), WARD_VM_VIRTIOFS
# (check and shell: 1, the default, exports a directory with a submount
# over virtiofs, tag "wardfs", for mount_test's automount case; 0 does
# not).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# KABI, KVER, KIMG: the kernel chosen (tools/kabi.sh)
. "$top/tools/kabi.sh"
kabi_select
build=${BUILD:-$top/build}
mode=${1:-check}
kernel=${WARD_KERNEL:-$KIMG/boot/vmlinuz-$KABI}
initrd=$build/vm/initramfs.cpio.gz
log=${WARD_VM_LOG:-$build/vm/console.log}
dlog=$(dirname "$log")/$(basename "$log" | sed 's/^console/dmesg/')
[ "$dlog" != "$log" ] || dlog=$log.dmesg
qemu=${QEMU:-qemu-system-x86_64}

case "$mode" in
check)	limit=${WARD_VM_TIMEOUT:-1500} ;;
demo)	limit=${WARD_VM_TIMEOUT:-300} ;;
shell)	limit= ;;
*)	echo "usage: $0 check|demo|shell" >&2; exit 2 ;;
esac
[ -f "$kernel" ] || { echo "run: $kernel missing: run tools/deps.sh as root (KABI=$KABI)" >&2; exit 1; }
[ -f "$initrd" ] || { echo "run: $initrd missing: run tools/vm/mkinitramfs.sh" >&2; exit 1; }

# Any warning, oops, soft lockup, hung task or RCU stall panics the guest,
# and panic=-1 with -no-reboot ends QEMU at once: a broken kernel fails the
# run in seconds, not at the time limit.
append="console=ttyS0 panic=-1 oops=panic panic_on_warn=1"
append="$append softlockup_panic=1 hung_task_panic=1 sysctl.kernel.panic_on_rcu_stall=1"
append="$append ward.mode=$mode"
# PREEMPT_RT (the rt flavour): the serial port's interrupt is a thread.
# Under TCG, /init's long dmesg write at the end raises interrupts the
# thread has already served; the spurious-interrupt detector then
# disables IRQ 3 ("irq 3: nobody cared", a Call Trace) and the write
# hangs until the time limit.  noirqdebug keeps that detector off there.
case "$KABI" in *-rt-*) append="$append noirqdebug" ;; esac
if [ -n "${WARD_TESTS:-}" ]; then
	append="$append ward.tests=$(echo $WARD_TESTS | tr ' ' ,)"
fi
append="$append ${WARD_VM_APPEND:-}"
mem=${WARD_VM_MEM:-1G}

# virtiofs: QEMU's virtiofsd (package qemu-system-common) shares
# $vfs/export, on whose sub/ a tmpfs is mounted here, with
# announce_submounts: the guest kernel then automounts sub/ through
# fs_context_for_submount(), the way NFS and virtiofs submounts come.
# The guest's memory must be shared with virtiofsd (memfd, share=on).
# Without root (the tmpfs) or virtiofsd the guest boots without the
# export, after a warning, and the test that needs it says it skipped.
vfs=$build/vm/virtiofs
vfsd=
vfs_args=()
vfs_cleanup() {
	[ -z "$vfsd" ] || kill "$vfsd" 2>/dev/null || true
	mountpoint -q "$vfs/export/sub" && umount "$vfs/export/sub"
	return 0
}
vfs_why=
vfs_setup() {	# sets vfsd, or vfs_why
	local virtiofsd=${VIRTIOFSD:-/usr/lib/qemu/virtiofsd}

	[ -x "$virtiofsd" ] || { vfs_why="$virtiofsd missing (package qemu-system-common)"; return 1; }
	mkdir -p "$vfs/export/sub"
	mountpoint -q "$vfs/export/sub" ||
		mount -t tmpfs -o size=1m ward-vfs-sub "$vfs/export/sub" 2>/dev/null ||
		{ vfs_why="cannot mount a tmpfs on $vfs/export/sub (root needed)"; return 1; }
	echo ward-virtiofs-submount > "$vfs/export/sub/marker"
	rm -f "$vfs/sock"
	"$virtiofsd" --socket-path="$vfs/sock" -o source="$vfs/export" \
		-o announce_submounts -o cache=none -o sandbox=chroot \
		>"$vfs/virtiofsd.log" 2>&1 &
	vfsd=$!
	for _ in $(seq 50); do [ -S "$vfs/sock" ] && return 0; sleep 0.1; done
	vfs_why="virtiofsd did not start: $(tail -3 "$vfs/virtiofsd.log")"
	return 1
}
if [ "$mode" != demo ] && [ "${WARD_VM_VIRTIOFS:-1}" = 1 ]; then
	trap vfs_cleanup EXIT
	if vfs_setup; then
		append="$append ward.virtiofs=wardfs"
		vfs_args=(-chardev "socket,id=vfs,path=$vfs/sock"
			  -device vhost-user-fs-pci,chardev=vfs,tag=wardfs
			  -object "memory-backend-memfd,id=mem,size=$mem,share=on"
			  -numa node,memdev=mem)
	else
		echo "run: warning: no virtiofs export: $vfs_why; mount_test's automount.virtiofs_submount_allowed will skip" >&2
		vfs_cleanup
	fi
fi

rm -f "$log" "$dlog"
# One host thread for both vCPUs (thread=single).  With multi-threaded TCG,
# QEMU 7.2 can keep running a stale translation of a call site that
# another vCPU has just patched: ftrace's text_poke leaves an int3 there
# for a moment, and a vCPU that hit it loops on it forever (a soft lockup
# at FUNCTION+0x0 while the memory already holds the new call).  Ward
# patches ~20 call sites at every load and unload, so base_test's
# load/unload cycles hit it within seconds.  Single-threaded TCG still
# emulates two CPUs, interleaved.  WARD_QEMU_ACCEL overrides it.
accel=${WARD_QEMU_ACCEL:-tcg,thread=single}
args=(-m "$mem" -smp 2 -accel "$accel" -nographic -no-reboot -nic none
      -kernel "$kernel" -initrd "$initrd" -append "$append"
      -chardev "stdio,id=con,mux=on,signal=off,logfile=$log"
      -serial chardev:con -mon chardev=con,mode=readline
      -serial "file:$dlog" "${vfs_args[@]}")

echo "run: $qemu ($mode) kernel $KABI $KVER, console log: $log"
start=$(date +%s)
rc=0
if [ "$mode" = shell ]; then
	"$qemu" "${args[@]}" || rc=$?
else
	timeout -k 10 "$limit" "$qemu" "${args[@]}" </dev/null || rc=$?
fi
end=$(date +%s)
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "run: error: the guest did not finish within $limit s: killed (console log: $log)" >&2
fi
echo "run: guest ran $((end - start)) s, qemu exit status $rc; console log: $log, kernel log: $dlog"
exit "$rc"
