#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug: every selftest on Ward's debug kernel (KASAN, lockdep,
# UBSAN, KFENCE, kmemleak, debug objects; tools/debug/debug.config), then
# trinity on it.  See Documentation/testing.rst, "The debug kernel".
#   1. tools/debug/kernel.sh builds the kernel once and caches it;
#   2. ward.ko is built against that tree, from a copy of the sources in
#      build/debug/mod, so that the repository's build stays the pinned one;
#   3. the guest (tools/vm/mkinitramfs.sh with the debug kernel's modules)
#      runs every selftest, base_test's load/unload cycles
#      WARD_DEBUG_CYCLES times (default 100: one cycle takes about 8.5 s
#      on this kernel under TCG; 1000 take about 2.5 hours, and the time
#      limits below grow with the count), and scans kmemleak at the
#      end; tools/vm/judge.sh fails on any kernel report or leak;
#   4. tools/trinity.sh runs WARD_DEBUG_TRINITY seconds (default 600; 0
#      skips it) on the same kernel.
# Exit status 0 only if both are clean.
# Environment: BUILD, WARD_TESTS (only these selftests), WARD_DEBUG_CYCLES,
# WARD_DEBUG_TRINITY, JOBS (kernel build).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
dir=$build/debug
src=$dir/src
mod=$dir/mod
cycles=${WARD_DEBUG_CYCLES:-100}
trinity=${WARD_DEBUG_TRINITY:-600}
log=$build/vm/console-debug.log

t0=$(date +%s)
"$top/tools/debug/kernel.sh" "$build"
krel=$(cat "$src/include/config/kernel.release")
t1=$(date +%s)

"$top/tools/module-copy.sh" "$mod"
make -C "$src" M="$mod" W=1 modules
# base_test's wrongly-laid-out modules, for this kernel
for n in 1 2; do
	"$top/tools/module-copy.sh" "$dir/badlayout/$n"
	make -C "$src" M="$dir/badlayout/$n" KCFLAGS=-DWARD_TEST_BAD_LAYOUT=$n modules
done
make -C "$top" wardctl selftests

WARD_KO=$mod/ward.ko WARD_KMODS=$dir/root WARD_KREL=$krel \
	WARD_BADLAYOUT=$dir/badlayout \
	"$top/tools/vm/mkinitramfs.sh"
t2=$(date +%s)
WARD_KERNEL=$src/arch/x86/boot/bzImage WARD_VM_MEM=2G WARD_VM_LOG=$log \
	WARD_VM_TIMEOUT=${WARD_VM_TIMEOUT:-$((3600 + 12 * cycles))} \
	WARD_VM_APPEND="ward.cycles=$cycles ward.test_timeout=$((1800 + 12 * cycles)) ${WARD_VM_APPEND:-}" \
	"$top/tools/vm/run.sh" check || true
rc=0
JUDGE_NO_UNIT=1 "$top/tools/vm/judge.sh" "$log" || rc=1
t3=$(date +%s)
if [ "$trinity" != 0 ]; then
	WARD_KERNEL=$src/arch/x86/boot/bzImage WARD_VM_MEM=2G \
		WARD_TRINITY_NOFDS=${WARD_TRINITY_NOFDS:-sockets,perf,pseudo} \
		"$top/tools/trinity.sh" "$trinity" || rc=1
fi
t4=$(date +%s)
echo "check-debug: kernel $krel: kernel build $((t1 - t0)) s, selftests $((t3 - t2)) s, trinity $((t4 - t3)) s; status $rc"
exit $rc
