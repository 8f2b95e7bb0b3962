#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-service.sh: test ward.service and its ExecStart/ExecReload
# script (contrib/systemd/) without systemd as PID 1:
#   - systemd-analyze verify on the unit (ExecStart pointed at the script
#     in the source tree), and the unit's ordering, fail-closed and reload
#     settings;
#   - ward-service start/reload against a fake securityfs directory of
#     plain files (WARD_SECURITYFS, as in the wardctl unit tests), with the
#     real wardctl and a fake modprobe, asserting exit codes, the bytes
#     written to policy and lock, and the one-line messages.
# Needs build/wardctl (make wardctl).  KTAP; ends with "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
unit=$top/contrib/systemd/ward.service
svc=$top/contrib/systemd/ward-service
export WARDCTL=${WARDCTL:-$build/wardctl}
ex=$top/userspace-ctl/examples
tmp=$(mktemp -d /tmp/ward-service.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

[ -x "$WARDCTL" ] || { echo "check-service: $WARDCTL missing: make wardctl" >&2; exit 1; }

pass=0 fail=0 n=0
t() { # t DESCRIPTION COMMAND...: one test case, passes if COMMAND succeeds
	local d=$1; shift
	n=$((n + 1))
	if "$@"; then pass=$((pass + 1)); echo "ok $n $d"
	else fail=$((fail + 1)); echo "not ok $n $d"; fi
}
has() { grep -qE -- "$2" "$1" || { echo "# $1: no match for /$2/:"; sed 's/^/#   /' "$1"; return 1; }; }
hasnt() { ! grep -qE -- "$2" "$1" || { echo "# $1: unexpected /$2/"; return 1; }; }

# A fresh fake securityfs (what ward.ko creates) and a fake modprobe that
# "loads" the module by creating it; MODPROBE_RC=1 makes it fail instead.
fresh() {
	rm -rf "$tmp/sfs" "$tmp/modprobe.log"
	export WARD_SECURITYFS=$tmp/sfs
}
fake_sfs() {
	mkdir -p "$WARD_SECURITYFS"
	for f in policy bindings lock events status; do : > "$WARD_SECURITYFS/$f"; done
	printf 'version 0.1.0\nlocked no\n' > "$WARD_SECURITYFS/status"
}
cat > "$tmp/modprobe" <<'EOS'
#!/bin/bash
echo "$*" >> "$(dirname "$0")/modprobe.log"
[ "${MODPROBE_RC:-0}" = 0 ] || exit 1
mkdir -p "$WARD_SECURITYFS"
for f in policy bindings lock events status; do : > "$WARD_SECURITYFS/$f"; done
EOS
chmod +x "$tmp/modprobe"
export MODPROBE=$tmp/modprobe
run() { # run ARGS...: ward-service, output in $tmp/out, status in $rc
	"$svc" "$@" > "$tmp/out" 2>&1; rc=$?
}
# The blob a direct "wardctl load FILE" writes, for comparison.
blob_of() {
	local d=$tmp/ref
	rm -rf "$d"; mkdir -p "$d"; : > "$d/policy"
	WARD_SECURITYFS=$d "$WARDCTL" load "$1" 2>/dev/null && cat "$d/policy"
}
blob_of "$ex/docker-default.ward" > "$tmp/docker.blob"
blob_of "$ex/strict.ward" > "$tmp/strict.blob"
printf 'domain web {\n\tmount sometimes\n}\n' > "$tmp/bad.ward"

echo "KTAP version 1"
echo "1..30"

# ---- the unit -------------------------------------------------------------
sed "s|/usr/libexec/ward/ward-service|$svc|" "$unit" > "$tmp/ward.service"
systemd-analyze verify --man=no "$tmp/ward.service" > "$tmp/verify" 2>&1
t "systemd-analyze verify ward.service: exit 0" [ $? -eq 0 ]
t "systemd-analyze verify: no diagnostics" hasnt "$tmp/verify" .
for e in containerd docker podman crio kubelet; do
	t "ward.service is Before= and RequiredBy= $e.service" \
		eval "has '$unit' '^Before=.*\\b$e\\.service' && has '$unit' '^RequiredBy=.*\\b$e\\.service'"
done
t "Type=oneshot, RemainAfterExit=yes, ExecReload=, RefuseManualStop=yes" eval \
	"has '$unit' '^Type=oneshot$' && has '$unit' '^RemainAfterExit=yes$' &&
	 has '$unit' '^ExecReload=/usr/libexec/ward/ward-service reload$' &&
	 has '$unit' '^RefuseManualStop=yes$'"

# ---- start ----------------------------------------------------------------
export WARD_POLICY=$ex/docker-default.ward
unset WARD_LOCK WARD_FAIL_OPEN
fresh; run start
t "start: exit 0" [ $rc -eq 0 ]
t "start: modprobe ward ran once" eval "[ \"\$(cat $tmp/modprobe.log)\" = ward ]"
t "start: the policy written is what wardctl load writes" cmp "$WARD_SECURITYFS/policy" "$tmp/docker.blob"
t "start: not locked without WARD_LOCK" [ ! -s "$WARD_SECURITYFS/lock" ]
t "start: each warning of the policy is logged once" eval \
	"[ \$(grep -c ': warning: ' $tmp/out) -gt 0 ] && [ -z \"\$(grep ': warning: ' $tmp/out | sort | uniq -d)\" ]"

fresh; fake_sfs; run start
t "start with ward.ko already loaded: no modprobe, policy loaded" eval \
	"[ $rc -eq 0 ] && [ ! -e $tmp/modprobe.log ] && cmp $WARD_SECURITYFS/policy $tmp/docker.blob"

fresh; WARD_LOCK=yes run start
t "start WARD_LOCK=yes: exit 0, lock written as 1" eval \
	"[ $rc -eq 0 ] && [ \"\$(cat $WARD_SECURITYFS/lock)\" = 1 ] && has $tmp/out 'locked until reboot'"

fresh; WARD_POLICY=$tmp/bad.ward run start
t "start, invalid policy: exit 1" [ $rc -eq 1 ]
t "start, invalid policy: FILE:LINE:COL diagnostic" has "$tmp/out" "^$tmp/bad.ward:2:[0-9]+: error: "
t "start, invalid policy: says it fails closed" has "$tmp/out" '^ward-service: .*does not check, nothing loaded; failing closed'
t "start, invalid policy: nothing written to policy or lock" eval \
	"[ ! -s $WARD_SECURITYFS/policy ] && [ ! -s $WARD_SECURITYFS/lock ]"

fresh; WARD_POLICY=$tmp/bad.ward WARD_FAIL_OPEN=yes WARD_LOCK=yes run start
t "start, invalid policy, WARD_FAIL_OPEN=yes: exit 0, nothing loaded or locked" eval \
	"[ $rc -eq 0 ] && [ ! -s $WARD_SECURITYFS/policy ] && [ ! -s $WARD_SECURITYFS/lock ]"
t "start, WARD_FAIL_OPEN=yes: says containers start unconfined" has "$tmp/out" 'UNCONFINED'

fresh; MODPROBE_RC=1 run start
t "start, modprobe fails: exit 1, one line naming modprobe" eval \
	"[ $rc -eq 1 ] && has $tmp/out '^ward-service: modprobe ward failed' && [ \$(wc -l < $tmp/out) -eq 1 ]"

fresh; WARD_POLICY=$tmp/missing.ward run start
t "start, unreadable policy: exit 1, says which" eval "[ $rc -eq 1 ] && has $tmp/out 'cannot read the policy'"

fresh; fake_sfs; chmod a-w "$WARD_SECURITYFS/policy"
if [ "$(id -u)" = 0 ]; then
	# root ignores the mode: make the write fail with a directory instead
	rm "$WARD_SECURITYFS/policy"; mkdir "$WARD_SECURITYFS/policy"
fi
run start
t "start, the kernel refuses the load: exit 1, wardctl's line then ours" eval \
	"[ $rc -eq 1 ] && has $tmp/out '^wardctl: load: ' && has $tmp/out '^ward-service: wardctl load .* failed; failing closed'"

# ---- reload ---------------------------------------------------------------
fresh; run start
WARD_POLICY=$ex/strict.ward run reload
t "reload: exit 0, the new policy replaces the old one" eval \
	"[ $rc -eq 0 ] && cmp <(head -c \$(stat -c %s $tmp/strict.blob) $WARD_SECURITYFS/policy) $tmp/strict.blob"
t "reload: one modprobe in all (start only)" eval "[ \$(wc -l < $tmp/modprobe.log) -eq 1 ]"
: > "$WARD_SECURITYFS/policy"
WARD_POLICY=$tmp/bad.ward run reload
t "reload, invalid policy: exit 1, nothing written" eval "[ $rc -eq 1 ] && [ ! -s $WARD_SECURITYFS/policy ]"
WARD_LOCK=yes run reload
t "reload never locks, even with WARD_LOCK=yes" eval "[ $rc -eq 0 ] && [ ! -s $WARD_SECURITYFS/lock ]"
fresh; run reload
t "reload without ward.ko: exit 1, no modprobe" eval \
	"[ $rc -eq 1 ] && [ ! -e $tmp/modprobe.log ] && has $tmp/out 'Ward is not loaded'"

run frobnicate
t "unknown action: exit 2 and usage" eval "[ $rc -eq 2 ] && has $tmp/out '^usage: ward-service start\\|reload'"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
