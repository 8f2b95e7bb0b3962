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

step "wardctl status: no policy yet; the W^X hooks idle until a domain asks for W^X"
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

# ---- a real runtime: Debian's runc, confined from the first instruction ----
# A bundle as `runc spec` makes it, for the busybox image in the guest,
# with CAP_SYS_ADMIN so that only Ward can refuse the mount.
mkbundle() {	# DIR CGROUP ARGS(JSON)
	mkdir -p "$1"
	caps='"CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FOWNER","CAP_SETUID","CAP_SETGID","CAP_KILL","CAP_SYS_ADMIN"'
	cat > "$1/config.json" <<-EOT
	{ "ociVersion": "1.0.2",
	  "process": { "terminal": false, "user": { "uid": 0, "gid": 0 },
	    "args": [ $3 ], "env": [ "PATH=/bin" ], "cwd": "/",
	    "capabilities": { "bounding": [ $caps ], "effective": [ $caps ],
	                      "permitted": [ $caps ] } },
	  "root": { "path": "/ward/rt/rootfs", "readonly": true },
	  "hostname": "demo",
	  "mounts": [
	    { "destination": "/proc", "type": "proc", "source": "proc" },
	    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
	      "options": [ "nosuid", "mode=755", "size=65536k" ] },
	    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
	      "options": [ "nosuid", "noexec", "nodev", "ro" ] } ],
	  "linux": { "cgroupsPath": "$2",
	    "namespaces": [ { "type": "pid" }, { "type": "ipc" }, { "type": "uts" },
	                    { "type": "mount" }, { "type": "network" } ],
	    "maskedPaths": [ "/proc/kcore", "/sys/firmware" ],
	    "readonlyPaths": [ "/proc/sys", "/proc/sysrq-trigger" ] } }
	EOT
}

if command -v runc >/dev/null 2>&1 && [ -x /ward/rt/rootfs/bin/ward-rt-first ]; then
	step "a runc container (Debian's runc $(runc --version | sed -n 's/^runc version //p')), not yet bound"
	echo "Its entrypoint, ward-rt-first, has no C library: its FIRST system"
	echo "call is mount(\"tmpfs\", \"/tmp\"), and it prints the errno."
	mkbundle /tmp/demo-free /ward-rt/free-1 '"/bin/ward-rt-first"'
	run runc run --bundle /tmp/demo-free free-1

	step "one policy line binds every container cgroup the runtime creates"
	{ cat /tmp/demo.ward; echo 'bind /ward-rt/demo-* web'; } > /tmp/demo-rt.ward
	echo 'bind /ward-rt/demo-* web'
	run wardctl load /tmp/demo-rt.ward

	step "the same container in /ward-rt/demo-1: its first instruction is confined"
	mkbundle /tmp/demo-1 /ward-rt/demo-1 '"/bin/ward-rt-first"'
	echo '$ runc run --bundle /tmp/demo-1 demo-1'
	out=$(runc run --bundle /tmp/demo-1 demo-1 2>&1 </dev/null)
	printf '%s\n-> exit status %d\n' "$out" "$?"
	case "$out" in
	*"mount tmpfs /tmp: errno 13"*)
		echo "(errno 13, EACCES: Ward refused the entrypoint's first system call;"
		echo " runc's own setup - its mounts of /, /proc, /sys, pivot_root - went through)" ;;
	*)
		echo "(the entrypoint did not report EACCES: see runc's message above)" ;;
	esac

	step "runc exec into a running bound container is confined too"
	mkbundle /tmp/demo-2 /ward-rt/demo-2 '"/bin/ward-rt-tool", "hold"'
	echo '$ runc run -d --bundle /tmp/demo-2 demo-2'
	runc run -d --bundle /tmp/demo-2 demo-2 >/tmp/demo-2.log 2>&1 </dev/null
	printf -- '-> exit status %d\n' "$?"
	run cat /sys/kernel/security/ward/bindings
	run runc exec demo-2 /bin/ward-rt-tool mount
	run runc delete -f demo-2

	step "the host's same mount (allowed)"
	run mount -t tmpfs ward-first /mnt
	run umount /mnt
fi

step "what Ward reported: wardctl events"
run wardctl events

step "the audit records in the kernel log"
dmesg | grep 'type=1316' | grep ' ward op=' | tail -20

step "wardctl status: bindings and counters"
run wardctl status
kill "$dbpid" 2>/dev/null
exit 0
