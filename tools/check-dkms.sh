#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-dkms.sh [KABI...]: "dkms add" and "dkms build" ward.ko against
# each installed linux-headers-KABI (default: every installed 6.1 header
# package; at least two are required), in a private dkms tree under
# build/dkms/ so that the system's dkms state is untouched.  For each kernel
# it checks that the module was built, that its vermagic names that kernel,
# and that Debian's dkms signed it with its MOK key (modinfo signer); then
# that dkms.conf refuses a kernel that is not 6.1 and one without the
# ftrace feature Ward needs.
# Prints KTAP and ends with "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${BUILD:-$top/build}/dkms
name=ward
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
kver=$(sed -n 's/^#define WARD_VERSION\t*"\(.*\)"$/\1/p' "$top/kmod/setup.h")

command -v dkms >/dev/null || { echo "check-dkms: dkms is not installed (run tools/dist-deps.sh)" >&2; exit 1; }

if [ $# -gt 0 ]; then
	kernels=("$@")
else
	kernels=()
	for b in /lib/modules/6.1.*/build; do
		[ -f "$b/Makefile" ] || continue
		k=${b#/lib/modules/}; kernels+=("${k%/build}")
	done
fi

pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $*"; }
nok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $*"; }

echo "KTAP version 1"
echo "1..$((4 + 4 * ${#kernels[@]}))"

[ "$ver" = "$kver" ] && ok "dkms.conf PACKAGE_VERSION $ver = kmod WARD_VERSION" ||
	nok "dkms.conf PACKAGE_VERSION '$ver' != kmod WARD_VERSION '$kver'"
[ ${#kernels[@]} -ge 2 ] && ok "${#kernels[@]} kernels: ${kernels[*]}" ||
	nok "need header packages of at least 2 kernels, have: ${kernels[*]:-none}"

rm -rf "$out"
mkdir -p "$out/src" "$out/tree"
"$top/tools/dkms-src.sh" "$out/src/$name-$ver"
dk=(dkms --sourcetree "$out/src" --dkmstree "$out/tree")
"${dk[@]}" add -m "$name" -v "$ver" > "$out/add.log" 2>&1 ||
	{ cat "$out/add.log"; echo "check-dkms: dkms add failed" >&2; }

for k in "${kernels[@]}"; do
	log=$out/build-$k.log
	start=$(date +%s)
	if "${dk[@]}" build -m "$name" -v "$ver" -k "$k" > "$log" 2>&1; then
		ok "dkms build $k ($(( $(date +%s) - start )) s)"
	else
		nok "dkms build $k (log: $log)"; sed 's/^/# /' "$log" | tail -20
	fi
	ko=$(ls "$out/tree/$name/$ver/$k"/*/module/$name.ko* 2>/dev/null | head -1)
	[ -n "$ko" ] && ok "$k: built ${ko#$out/}" || nok "$k: no $name.ko in the dkms tree"
	vm=$([ -n "$ko" ] && modinfo -F vermagic "$ko" | cut -d' ' -f1)
	[ "$vm" = "$k" ] && ok "$k: vermagic $vm" || nok "$k: vermagic '$vm'"
	signer=$([ -n "$ko" ] && modinfo -F signer "$ko")
	[ -n "$signer" ] && ok "$k: signed by '$signer' ($(modinfo -F sig_hashalgo "$ko"))" ||
		nok "$k: not signed (dkms found no MOK key or sign-file: see $log)"
done

# Negative controls: dkms.conf's BUILD_EXCLUSIVE_* make dkms skip (exit 77,
# "should not be built") a kernel that is not 6.1, and a 6.1 kernel
# configured without the ftrace feature Ward attaches with.
src61=$(readlink -f "/lib/modules/${kernels[0]:-none}/build")
"${dk[@]}" build -m "$name" -v "$ver" -k 6.6.0-1-amd64 --kernelsourcedir "$src61" \
	> "$out/exclusive-kernel.log" 2>&1
rc=$?
[ $rc -eq 77 ] && grep -q 'BUILD_EXCLUSIVE directive which does not match' "$out/exclusive-kernel.log" &&
	ok "6.6.0-1-amd64 (6.1 headers): not built, BUILD_EXCLUSIVE_KERNEL (exit 77)" ||
	nok "6.6.0-1-amd64: dkms build exit $rc, expected 77 (log: $out/exclusive-kernel.log)"
mkdir -p "$out/noftrace"
grep -v '^CONFIG_DYNAMIC_FTRACE_WITH_REGS=' "$src61/.config" > "$out/noftrace/.config" 2>/dev/null
: > "$out/noftrace/Makefile"
"${dk[@]}" build -m "$name" -v "$ver" -k 6.1.0-99-amd64 --kernelsourcedir "$out/noftrace" \
	> "$out/exclusive-config.log" 2>&1
rc=$?
[ $rc -eq 77 ] && grep -q 'BUILD_EXCLUSIVE directive which does not match' "$out/exclusive-config.log" &&
	ok "6.1 kernel without CONFIG_DYNAMIC_FTRACE_WITH_REGS: not built, BUILD_EXCLUSIVE_CONFIG (exit 77)" ||
	nok "no DYNAMIC_FTRACE_WITH_REGS: dkms build exit $rc, expected 77 (log: $out/exclusive-config.log)"

echo "# logs: $out"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
