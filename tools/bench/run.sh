#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: build the benchmark guest and boot the pinned kernel under
#   qemu -accel tcg,thread=single -icount shift=0,sleep=off -smp 1
# In that mode the guest's clock counts executed instructions (1 ns each),
# so the results do not depend on the load of the host; -smp 2 hangs the
# 6.1 guest at "Booting SMP configuration" under icount.
# Results: build/bench/bench.txt (printed at the end), bench.csv,
# bench.json, raw.txt; the console in build/bench/console.log.
# Environment: WARD_BENCH_REPS (default 5), WARD_BENCH_QUICK=1 (3
# iterations, 1 rep, small scale: checks the harness in a few minutes),
# WARD_BENCH_SCALE=0 (only the table of operations), WARD_BENCH_TIMEOUT (seconds, default 3600), QEMU.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/kabi.sh"
kabi_select
build=${BUILD:-$top/build}
out=$build/bench
kernel=$KIMG/boot/vmlinuz-$KABI
qemu=${QEMU:-qemu-system-x86_64}
date=$(date -u +%Y-%m-%d)

mkdir -p "$out"
gcc -Wall -Wextra -Werror -O2 -static -o "$out/wardbench" "$top/tools/bench/wardbench.c"
"$top/tools/bench/mkinitramfs.sh"

append="console=ttyS0 panic=-1 oops=panic ward.bench.date=$date"
append="$append ward.bench.reps=${WARD_BENCH_REPS:-5}"
[ "${WARD_BENCH_QUICK:-}" = 1 ] && append="$append ward.bench.quick=1"
[ "${WARD_BENCH_SCALE:-1}" = 0 ] && append="$append ward.bench.scale=0"
rm -f "$out/console.log" "$out/serial1.txt" "$out"/bench.{txt,csv,json} "$out/raw.txt"
echo "bench: booting $KABI under -icount (console: $out/console.log)"
start=$(date +%s)
rc=0
timeout -k 10 "${WARD_BENCH_TIMEOUT:-3600}" "$qemu" -m 1G -smp 1 \
	-accel tcg,thread=single -icount shift=0,sleep=off \
	-nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$out/initramfs.cpio.gz" -append "$append" \
	-chardev "stdio,id=con,mux=on,signal=off,logfile=$out/console.log" \
	-serial chardev:con -mon chardev=con,mode=readline \
	-serial "file:$out/serial1.txt" </dev/null || rc=$?
echo "bench: guest ran $(($(date +%s) - start)) s, qemu exit status $rc"
awk -v dir="$out" '
	{ sub(/\r$/, "") }
	/^=== FILE / { f = dir "/" $3; printf "" > f; next }
	/^=== END/ { close(f); f = ""; next }
	f != "" { print >> f }' "$out/serial1.txt"
grep -a 'WARD-BENCH: error:' "$out/console.log" >&2 && rc=1
if [ ! -s "$out/bench.txt" ]; then
	echo "bench: error: no results (console: $out/console.log)" >&2
	exit 1
fi
cat "$out/bench.txt"
echo "bench: results in $out/bench.txt, bench.csv, bench.json"
exit "$rc"
