#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo`: Ward's main job on a booted system.
# /init has loaded ward.ko before running this.  Every step prints the
# command, its output and its exit status; a refused step is the point.
#
# The story: two containers ("web" and "db", each a cgroup bound to its
# own domain) on one host.  The web container tries to escape: remount
# /proc, read the db container's memory/environment, load a kernel module
# through autoload.  Ward refuses each and reports it.
set -u
step() { printf '\n===== %s\n' "$*"; }
run() {
	printf '$ %s\n' "$*"
	"$@"
	printf -- '-> exit status %d\n' "$?"
}
# run a shell command line in a domain, as a container runtime would
in_domain() {
	d=$1
	shift
	printf '[%s]$ %s\n' "$d" "$*"
	wardctl exec --domain "$d" -- sh -c "$*"
	printf -- '-> exit status %d\n' "$?"
}

step "Ward is loaded"
grep '^ward ' /proc/modules || { echo "ward.ko is not loaded"; exit 1; }

if ! command -v wardctl >/dev/null 2>&1; then
	step "status (wardctl is not built: the status file)"
	cat /sys/kernel/security/ward/status
	exit 0
fi

step "wardctl status: no policy yet, every hook attached"
run wardctl status

cat > /tmp/demo.ward <<'EOT'
# Two containers, each in its own domain.
domain web {
	mode enforce
	mount deny		# no mount operation at all
	ptrace none		# no tracing, and never across domains
	memory wx-deny
}
domain db {
	mode enforce
	mount deny
	ptrace none
	ptrace-from-host deny	# not even the host may read its memory
}
EOT
step "the policy"
cat /tmp/demo.ward
run wardctl check /tmp/demo.ward
run wardctl load /tmp/demo.ward
run wardctl show

step "the db container: a long-running process in domain db"
# wardctl exec moves itself into the domain's cgroup, then execs: $! is
# the container's process
DB_PASSWORD=s3cret wardctl exec --domain db -- sleep 600 &
dbpid=$!
sleep 1
echo "db process: pid $dbpid"

step "the web container tries to escape (each is refused)"
in_domain web 'mount -o remount,rw /proc'
in_domain web 'mount -t proc proc /mnt'
in_domain web 'mount -t tmpfs none /mnt'
in_domain web "cat /proc/$dbpid/environ"
in_domain web 'ip link add demo0 type dummy'
echo "is dummy.ko loaded? $(grep -c '^dummy ' /proc/modules) (0: the autoload was refused)"

step "the same calls from the host (allowed)"
run mount -t tmpfs none /mnt
run umount /mnt
run ip link add demo0 type dummy
echo "is dummy.ko loaded? $(grep -c '^dummy ' /proc/modules)"

step "what Ward reported: wardctl events"
run wardctl events

step "the audit records in the kernel log"
dmesg | grep -i 'ward' | grep -i 'audit\|deny\|denied' | tail -20

step "wardctl status: bindings and counters"
run wardctl status
kill "$dbpid" 2>/dev/null
exit 0
