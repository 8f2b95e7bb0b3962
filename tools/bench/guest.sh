#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench` (run by tools/bench/init, under -icount, so
# that every time the guest measures is a count of instructions).
#
# 1. The operations of benchops.h in five conditions, interleaved in one
#    boot: each rep runs every condition once (odd reps: Ward unloaded
#    first, even reps: loaded first), Ward loaded and unloaded once a rep:
#      V  Ward not loaded, task in an unbound cgroup
#      A  Ward not loaded, task under the AppArmor profile ward-bench
#      N  Ward loaded without a policy, host task (the attach layer)
#      H  Ward loaded, bench.ward, two bindings, host task
#      D  domain task of "bench", which allows every operation timed
#      X  domain task of "bench-deny", which refuses what it can
#    Each task is in a cgroup at depth 2 (/cv/a, /ca/a, /ch/a, /cd/a,
#    /cx/a; /cd and /cx bound) and in a private mount namespace.
# 2. Scale: the lookup of a host task at cgroup depth 1 and 10 with 0, 1,
#    1000 and 16000 bindings; policy load time (the write(2) and the whole
#    wardctl load) of a 64-domain policy; bind time; memory.
# Results: R, L, T, M lines in /tmp/raw.txt; `wardbench report` makes
# bench.txt, bench.csv and bench.json, which go to /dev/ttyS1 between
# "=== FILE name" and "=== END" lines.
#
# Kernel command line: ward.bench.reps=N (default 5), ward.bench.quick=1
# (3 iterations per operation, 1 rep, smaller scale: a quick check of the
# harness), ward.bench.scale=0 (no scale part), ward.bench.date=DATE (for
# the report).
set -u
PATH=/bench:/bin:/sbin:/usr/bin:/usr/sbin
reps=5
quick=
date=unknown
scale=1
for w in $(cat /proc/cmdline); do
	case "$w" in
	ward.bench.reps=*)	reps=${w#*=} ;;
	ward.bench.quick=1)	quick=--quick; reps=1 ;;
	ward.bench.date=*)	date=${w#*=} ;;
	ward.bench.scale=0)	scale=0 ;;
	esac
done
CG=/sys/fs/cgroup
WFS=/sys/kernel/security/ward
raw=/tmp/raw.txt
out=/tmp/out
errors=0
mkdir -p $out
: > $raw

say() { echo "WARD-BENCH: $*"; }
err() { echo "WARD-BENCH: error: $*"; errors=$((errors + 1)); }
rec() { tee -a $raw; }

# ---- AppArmor -------------------------------------------------------------
have_aa=
if [ -d /sys/kernel/security/apparmor ]; then
	if apparmor_parser -r -W /bench/ward-bench.apparmor; then
		have_aa=1
		say "AppArmor: profile ward-bench loaded ($(cat /sys/module/apparmor/parameters/enabled 2>/dev/null))"
	else
		err "apparmor_parser failed: no condition A"
	fi
else
	err "AppArmor is not enabled in this kernel: no condition A"
fi

# ---- 1. conditions, interleaved ----------------------------------------------
for c in cv ca ch cd cx; do
	mkdir -p $CG/$c/a $CG/$c/b
done

load_policy() {
	wardctl load /bench/bench.ward 2>/dev/null || err "wardctl load bench.ward"
	wardctl bind $CG/cd bench || err "bind cd"
	wardctl bind $CG/cx bench-deny || err "bind cx"
}
unload_ward() {
	rmmod ward || err "rmmod ward"
}
run() {
	cond=$1
	shift
	wardbench ops $quick --label "$cond" --rep "$rep" --newns "$@" | rec ||
		err "condition $cond rep $rep"
}
conds_off() {
	run V --cg $CG/cv/a --cgb $CG/cv/b
	[ -n "$have_aa" ] && run A --cg $CG/ca/a --cgb $CG/ca/b --aa ward-bench
}
conds_on() {
	insmod /lib/ward/ward.ko || err "insmod ward.ko"
	run N --cg $CG/ch/a --cgb $CG/ch/b
	load_policy
	run H --cg $CG/ch/a --cgb $CG/ch/b
	run D --cg $CG/cd/a --cgb $CG/cd/b
	# X's cgroup_move tries to leave its container (refused).
	run X --cg $CG/cx/a --cgb $CG/ch/b
	unload_ward
}
rep=1
while [ "$rep" -le "$reps" ]; do
	say "rep $rep of $reps"
	if [ $((rep % 2)) = 1 ]; then
		conds_off
		conds_on
	else
		conds_on
		conds_off
	fi
	rep=$((rep + 1))
done

# ---- 2. scale ----------------------------------------------------------------
# SUnreclaim (slab memory that is not a cache), VmallocUsed and Percpu of
# /proc/meminfo, in kB.
mem() {
	awk '/^SUnreclaim:/ { s = $2 } /^VmallocUsed:/ { v = $2 } /^Percpu:/ { p = $2 }
	     END { print s, v, p }' /proc/meminfo
}
# M lines for the difference of two mem() snapshots.
memdiff() {
	set -- "$1" $2 $3
	label=$1
	set -- $2 $3 $4 $5 $6 $7
	echo "M $label-sunreclaim $(($4 - $1)) kB" | rec
	echo "M $label-vmalloc $(($5 - $2)) kB" | rec
	echo "M $label-percpu $(($6 - $3)) kB" | rec
}
settle() {	# let RCU callbacks free what they free
	sleep 1
	echo 3 > /proc/sys/vm/drop_caches
}
lookup() {	# LABEL: depth 1 and 10
	wardbench lookup --label "$1-d1" --cg $CG/l1 | rec || err "lookup $1-d1"
	wardbench lookup --label "$1-d10" --cg $CG/$deep | rec || err "lookup $1-d10"
}
nbind() {
	n=$(wc -l < $WFS/bindings)
	say "$n bindings"
	echo "M bindings-$1 $n count" | rec
}
bindtime() {	# LABEL: one bind write of a fresh cgroup, then unbind
	id=$(stat -c %i $CG/bx)
	settle
	wardbench timestr "bind-$1" $WFS/bindings "bind $id d2" | rec
	wardctl unbind $CG/bx || err "unbind bx"
}

if [ "$scale" = 1 ]; then
if [ -n "$quick" ]; then
	nsb=20
else
	nsb=16000
fi
say "scale: $nsb cgroups"
deep=l1/l2/l3/l4/l5/l6/l7/l8/l9/l10
mkdir -p $CG/$deep $CG/sb $CG/bx
wardbench mkcg $CG/sb c 0 $nsb || err "mkcg"
lookup none

settle
m0=$(mem)
settle; wardbench timecmd insmod insmod /lib/ward/ward.ko | rec || err "insmod"
settle
m1=$(mem)
memdiff module "$m0" "$m1"
echo "M module-coresize $(cat /sys/module/ward/coresize) bytes" | rec
echo "M module-proc-modules $(awk '$1 == "ward" { print $2 }' /proc/modules) bytes" | rec

# a 64-domain policy, no binding: whole command, then the write alone
settle; wardbench timecmd load64-cmd-0 wardctl load /bench/p64.ward | rec || err "load p64"
settle
m2=$(mem)
memdiff policy64 "$m1" "$m2"
cat $WFS/policy > /tmp/p64.bin
echo "M policy64-blob $(wc -c < /tmp/p64.bin) bytes" | rec
settle; wardbench timewrite load64-write-0 $WFS/policy /tmp/p64.bin | rec
lookup b0
bindtime 0

wardctl load /bench/p64-1.ward || err "load p64-1"
nbind 1
lookup b1
bindtime 1

if [ -z "$quick" ]; then
	wardctl load /bench/p64-1k.ward || err "load p64-1k"
	nbind 1k
	lookup b1000
	bindtime 1000
fi

settle
m3=$(mem)
settle; wardbench timecmd load64-cmd-bind-existing wardctl load /bench/p64-16k.ward | rec ||
	err "load p64-16k"
settle
m4=$(mem)
memdiff bindings-added "$m3" "$m4"
nbind 16k
lookup b16000
bindtime 16000
cat $WFS/policy > /tmp/p64-16k.bin
settle; wardbench timewrite load64-write-carry16k-patterns $WFS/policy /tmp/p64-16k.bin | rec
settle; wardbench timewrite load64-write-carry16k $WFS/policy /tmp/p64.bin | rec
settle; wardbench timecmd load64-cmd-carry16k wardctl load /bench/p64.ward | rec
nbind 16k-after
rmmod ward || err "rmmod ward (scale)"
fi

# ---- report ---------------------------------------------------------------------
wardbench report $raw $out "$(uname -r)" "$date" || err "report"
cp $raw $out/raw.txt
for f in bench.txt bench.csv bench.json raw.txt; do
	echo "=== FILE $f"
	cat $out/$f
	echo "=== END"
done > /dev/ttyS1
say "errors=$errors"
[ "$errors" = 0 ]
