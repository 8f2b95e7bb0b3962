#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run trinity, the kernel's system call fuzzer, in the test guest against
# the pinned (production) kernel with Ward loaded, restricted to the system
# calls Ward mediates.  See Documentation/testing.rst, "Fuzzing".
#
#   make initramfs && tools/trinity.sh [SECONDS]
#
# SECONDS (default $WARD_TRINITY_SECONDS, else 300) is split in two runs:
# one half as a domain task (a cgroup bound to an enforcing domain), the
# other half as a host task.  The guest is build/vm/root (make initramfs)
# plus trinity and its libc, with its own /init, in
# build/trinity/initramfs.cpio.gz; the console goes to
# build/trinity/console.log.  It fails on any kernel report (BUG, WARNING,
# Oops, KASAN, lockdep, RCU stall, panic): the kernel is booted with
# panic_on_warn=1 oops=panic, as for make check.
#
# Environment:
#   WARD_TRINITY_SEED      trinity's random seed (default: a random one;
#                          it is printed and kept in build/trinity/seed so
#                          that a failing run can be repeated)
#   WARD_TRINITY_CHILDREN  trinity's child processes (default 2)
#   WARD_TRINITY_NOFDS     trinity's --disable-fds (default "sockets"; make
#                          check-debug adds "perf,pseudo": on the debug
#                          kernel, opening perf events and every file of
#                          /proc, /sys and /dev took trinity's whole start)
#   TRINITY                the trinity binary (default /usr/bin/trinity;
#                          without it, Debian's package is fetched with
#                          apt-get download into build/trinity/pkg)
#   WARD_KERNEL            the kernel image (default the pinned one; make
#                          check-debug passes the debug kernel's)
#   QEMU, WARD_QEMU_ACCEL  as for tools/vm/run.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/kabi.sh"
kabi_select
build=${BUILD:-$top/build}
out=$build/trinity
seconds=${1:-${WARD_TRINITY_SECONDS:-300}}
children=${WARD_TRINITY_CHILDREN:-2}
nofds=${WARD_TRINITY_NOFDS:-sockets}
seed=${WARD_TRINITY_SEED:-$(( ($(od -An -N4 -tu4 /dev/urandom) % 2147483647) + 1 ))}
kernel=${WARD_KERNEL:-$KIMG/boot/vmlinuz-$KABI}
qemu=${QEMU:-qemu-system-x86_64}
log=$out/console.log

die() { echo "trinity: error: $*" >&2; exit 1; }

[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 20 ] || die "SECONDS must be a number >= 20"
[[ "$seed" =~ ^[0-9]+$ ]] || die "WARD_TRINITY_SEED must be a number"
[[ "$nofds" =~ ^[a-z,]+$ ]] || die "WARD_TRINITY_NOFDS must be a list like sockets,perf"
[ -f "$kernel" ] || die "$kernel missing: run tools/deps.sh as root"
[ -x "$build/vm/root/init" ] || die "$build/vm/root missing: run make initramfs"

mkdir -p "$out"
trinity=${TRINITY:-/usr/bin/trinity}
if [ ! -x "$trinity" ]; then
	trinity=$out/pkg/usr/bin/trinity
	if [ ! -x "$trinity" ]; then
		echo "trinity: no /usr/bin/trinity: fetching Debian's package into $out/pkg" >&2
		rm -rf "$out/pkg" "$out/deb"
		mkdir -p "$out/deb"
		(cd "$out/deb" && apt-get download trinity) || die "apt-get download trinity failed"
		dpkg -x "$out"/deb/trinity_*.deb "$out/pkg"
	fi
fi
[ -x "$trinity" ] || die "no trinity binary"

# The system calls Ward mediates (see Documentation/design.rst); trinity
# calls nothing else.  reboot, kexec and the like are not in the list.
calls=(mount umount fsopen fsconfig fsmount fspick open_tree move_mount
	mount_setattr pivot_root
	ptrace process_vm_readv process_vm_writev pidfd_open pidfd_getfd
	pidfd_send_signal kcmp
	bpf
	init_module finit_module delete_module
	mmap mprotect pkey_mprotect personality
	clone clone3 unshare setns execve execveat)

# ---- the guest: build/vm/root + trinity + its own /init -------------------
root=$out/root
rm -rf "$root"
cp -a "$build/vm/root" "$root"
install -D -m 0755 "$trinity" "$root/usr/bin/trinity"
# trinity is linked against glibc: the guest gets the loader and libc
for lib in $(ldd "$trinity" | grep -oE '/[^ ]+\.so[^ ]*'); do
	install -D -m 0755 "$lib" "$root$lib"
done
echo "${calls[*]}" > "$root/etc/trinity-calls"

cat > "$root/init" <<'EOT'
#!/bin/sh
# /init of the trinity guest (tools/trinity.sh).  "TRINITY:" lines are
# markers that tools/trinity.sh reads.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t securityfs securityfs /sys/kernel/security
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t tmpfs tmpfs /tmp
hostname ward-trinity
echo 4 > /proc/sys/kernel/printk

seconds=300 seed=1 children=2 nofds=sockets
for w in $(cat /proc/cmdline); do
	case "$w" in
	ward.trinity.seconds=*)	seconds=${w#*=} ;;
	ward.trinity.seed=*)	seed=${w#*=} ;;
	ward.trinity.children=*) children=${w#*=} ;;
	ward.trinity.nofds=*)	nofds=${w#*=} ;;
	esac
done
half=$((seconds / 2))

finish() {
	echo "TRINITY: tainted $(cat /proc/sys/kernel/tainted)"
	echo "TRINITY: done"
	sync
	poweroff -f
}

echo "TRINITY: begin kernel=$(uname -r) seed=$seed seconds=$seconds children=$children"
insmod /lib/ward/ward.ko || { echo "TRINITY: error: insmod ward.ko failed"; finish; }
mkdir /sys/fs/cgroup/trinity
# The policy binds /trinity (at once, at every load: it exists) and the
# churn cgroups (at creation).
cat > /tmp/trinity.ward <<'EOP'
bind /trinity fuzz
bind /churn-* fuzz

domain fuzz {
	mode enforce
	mount allow tmpfs
	ptrace domain
	memory wx-deny
	modules deny
}
EOP
wardctl load /tmp/trinity.ward || { echo "TRINITY: error: wardctl load failed"; finish; }

# The domain is enforced: a proc mount is denied in the cgroup, and
# allowed on the host (the positive control).
control() {
	mkdir -p /tmp/m
	if sh -c 'echo $$ > /sys/fs/cgroup/trinity/cgroup.procs; exec mount -t proc proc /tmp/m' 2>/dev/null; then
		umount /tmp/m
		echo "TRINITY: error: the domain is not enforced (mount proc allowed)"
		finish
	fi
	mount -t proc proc /tmp/m && umount /tmp/m ||
		{ echo "TRINITY: error: mount proc fails on the host"; finish; }
	echo "TRINITY: control ($1): mount proc denied in domain fuzz, allowed on the host"
}
control before

# While trinity runs: policy reloads, cgroup creation (bound by pattern)
# and removal, bind/unbind, and domain tasks that exit at once.
churn() {
	i=0
	while [ ! -e /tmp/churn.stop ]; do
		i=$((i + 1))
		c=/sys/fs/cgroup/churn-$i
		wardctl load /tmp/trinity.ward || echo "TRINITY: error: reload $i failed"
		mkdir $c
		sh -c "echo \$\$ > $c/cgroup.procs; exec true"
		wardctl unbind $c >/dev/null 2>&1
		wardctl bind $c fuzz >/dev/null 2>&1
		rmdir $c
	done
	echo "TRINITY: churn: $i rounds (reload, mkdir, exit, unbind, bind, rmdir)"
}
churn &
churn_pid=$!

args="--dangerous -q -l off -C $children -s $seed --disable-fds=$nofds"
for c in $(cat /etc/trinity-calls); do
	args="$args -c $c"
done

# trinity changes its working directory's files: one scratch tmpfs per run
run() {	# NAME CGROUP
	mkdir -p /tmp/$1 && cd /tmp/$1 || return 1
	echo "TRINITY: run $1 for $half s: trinity $args"
	# SIGINT: trinity stops its children and prints its totals.  A
	# private mount namespace keeps its mounts and unmounts away from
	# /init's (a host task still: Ward looks at the PID, user and cgroup
	# namespaces).
	sh -c 'echo $$ > '"$2"'/cgroup.procs; exec unshare -m --propagation private timeout -s INT '"$half"' trinity '"$args" \
		> /tmp/$1.log 2>&1
	echo "TRINITY: $1 exit status $?"
	grep -E 'Ran [0-9]+ syscalls|iterations|taint|Enabled [0-9]+ syscalls' /tmp/$1.log | tail -n 5 | sed "s/^/TRINITY: $1: /"
	grep -qE 'Ran [0-9]+ syscalls' /tmp/$1.log ||
		{ echo "TRINITY: $1: no totals; last lines:"; tail -n 20 /tmp/$1.log; }
	cd /
}
run domain /sys/fs/cgroup/trinity
run host /sys/fs/cgroup
touch /tmp/churn.stop
wait $churn_pid
control after
cat /sys/kernel/security/ward/status 2>/dev/null | sed 's/^/TRINITY: ward status: /'
finish
EOT
chmod 0755 "$root/init"

initrd=$out/initramfs.cpio.gz
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$initrd"
echo "$seed" > "$out/seed"

# ---- boot ------------------------------------------------------------------
append="console=ttyS0 panic=-1 oops=panic panic_on_warn=1"
append="$append softlockup_panic=1 hung_task_panic=1 sysctl.kernel.panic_on_rcu_stall=1"
append="$append ward.trinity.seconds=$seconds ward.trinity.seed=$seed"
append="$append ward.trinity.children=$children ward.trinity.nofds=$nofds"
# TCG on a busy host can miss the boot-time timer check ("IO-APIC + timer
# doesn't work!"), which panics before anything runs
append="$append no_timer_check"
accel=${WARD_QEMU_ACCEL:-tcg,thread=single}
limit=$((seconds + 600))
echo "trinity: seed $seed, $seconds s ($children children), console log: $log"
rm -f "$log"
rc=0
timeout -k 10 "$limit" "$qemu" -m "${WARD_VM_MEM:-1G}" -smp 2 -accel "$accel" -nographic \
	-no-reboot -nic none -kernel "$kernel" -initrd "$initrd" \
	-append "$append" -serial "file:$log" -monitor none </dev/null || rc=$?

# ---- verdict -----------------------------------------------------------------
grep -E '^TRINITY:' "$log" | tr -d '\r' || true
fail=0
# (not the command line, which names panic_on_warn and hung_task_panic)
# (kmemleak: its reports, not the debug kernel's "initialized" line)
if grep -nE 'BUG:|WARNING:|Oops|Kernel panic|KASAN|UBSAN|kmemleak: [0-9]+ new suspected|unreferenced object|possible recursive locking|circular locking|RCU stall|rcu_sched self-detected|soft lockup|blocked for more than|general protection fault|Call Trace' "$log" |
	grep -viE 'command line:' | head -n 20 | grep .; then
	echo "trinity: FAIL: kernel report in $log (seed $seed)" >&2
	fail=1
fi
grep -q '^TRINITY: done' "$log" ||
	{ echo "trinity: FAIL: the guest did not finish (qemu status $rc; seed $seed)" >&2; fail=1; }
grep -q '^TRINITY: error' "$log" && { echo "trinity: FAIL: setup error" >&2; fail=1; }
for r in domain host; do
	n=$(grep -oE "^TRINITY: $r: .*Ran [0-9]+ syscalls" "$log" | grep -oE '[0-9]+ syscalls' | cut -d' ' -f1)
	if [ -z "$n" ]; then
		echo "trinity: FAIL: no totals for the $r run" >&2
		fail=1
	elif [ "$n" = 0 ]; then
		echo "trinity: FAIL: the $r run made no system call (too short? trinity needs about a minute to start under TCG)" >&2
		fail=1
	else
		echo "trinity: $r run: $n system calls"
	fi
done
[ "$fail" = 0 ] && echo "trinity: PASS: 0 kernel reports (seed $seed)"
exit "$fail"
