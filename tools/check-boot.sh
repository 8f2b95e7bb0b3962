#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-boot.sh: boot a Debian 12 root with systemd as PID 1
# (systemd-nspawn -b) with the wardctl package of "make deb" installed, and
# check ward.service at boot against a stand-in container engine
# (docker.service, a oneshot that only records that it started):
#
#   good     a valid /etc/ward/policy.ward: ward.service active, the policy
#            loaded before docker.service started; systemctl reload ward
#            loads a changed policy; systemctl restart ward is refused;
#   bad      an invalid policy: ward.service failed, docker.service not
#            started (dependency failed): fail closed;
#   failopen the same with WARD_FAIL_OPEN=yes: docker.service starts;
#   nopolicy no /etc/ward/policy.ward: ward.service skipped, docker starts;
#   removed  dpkg -r wardctl with a policy in place: docker starts.
#
# A container cannot load a kernel module, so, as in check-service.sh,
# the unit runs with a fake securityfs directory (WARD_SECURITYFS, a
# drop-in) and a modprobe that creates it; everything else, the unit, its
# dependencies, the package's enablement, wardctl, is the real thing.
# Needs root, systemd-nspawn (systemd-container) and the root that
# make check-deb saves (build/deb-root-base.tar).  Not part of make check.
# KTAP; ends with "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
root=$build/boot-root
base=$build/deb-root-base.tar
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ex=$top/userspace-ctl/examples

[ "$(id -u)" = 0 ] || { echo "check-boot: must run as root" >&2; exit 1; }
command -v systemd-nspawn > /dev/null || { echo "check-boot: no systemd-nspawn (apt install systemd-container)" >&2; exit 1; }
[ -f "$base" ] || { echo "check-boot: no $base: run make check-deb first" >&2; exit 1; }
deb=$(ls "$build"/deb/wardctl_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "check-boot: no wardctl package: make deb" >&2; exit 1; }

pass=0 fail=0 n=0
t() { local d=$1; shift; n=$((n + 1))
	if "$@"; then pass=$((pass + 1)); echo "ok $n $d"
	else fail=$((fail + 1)); echo "not ok $n $d"; fi; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
start=$(date +%s)

echo "KTAP version 1"
echo "1..15"
rm -rf "$root"; mkdir -p "$root"
tar -C "$root" -xf "$base"
cat > "$root/etc/apt/sources.list" <<EOS
deb $mirror bookworm main
deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
EOS
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
log=$build/check-boot.log
mount -t proc proc "$root/proc"
{ in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends \
	systemd systemd-sysv && in_root sh -c 'apt-get install -y -q /tmp/wardctl_*.deb'; } > "$log" 2>&1
rc=$?
umount "$root/proc"
t "systemd and the wardctl package installed in $root" [ $rc -eq 0 ]

# The stand-ins: securityfs, modprobe, a container engine, and the probe
# that records what systemd did and powers off.
mkdir -p "$root/etc/systemd/system/ward.service.d" "$root/expect"
cat > "$root/etc/systemd/system/ward.service.d/test.conf" <<'EOS'
[Service]
Environment=WARD_SECURITYFS=/run/ward-sfs MODPROBE=/usr/local/sbin/fake-modprobe
EOS
cat > "$root/usr/local/sbin/fake-modprobe" <<'EOS'
#!/bin/sh
mkdir -p /run/ward-sfs
for f in policy bindings lock events status; do : > /run/ward-sfs/$f; done
echo "$*" > /run/modprobe.args
EOS
cat > "$root/etc/systemd/system/docker.service" <<'EOS'
[Unit]
Description=stand-in container engine
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'cp /run/ward-sfs/policy /run/policy-at-docker-start 2>/dev/null; touch /run/docker-started'
[Install]
WantedBy=multi-user.target
EOS
cat > "$root/usr/local/sbin/probe" <<'EOS'
#!/bin/sh
# what systemd did at boot, for check-boot.sh
o=/results
{
echo "ward=$(systemctl is-active ward.service)"
echo "docker=$(systemctl is-active docker.service)"
echo "docker_started=$([ -e /run/docker-started ] && echo yes || echo no)"
echo "policy_at_docker_start=$(cmp -s /run/policy-at-docker-start /expect/docker.blob && echo docker-default || echo other)"
echo "modprobe=$(cat /run/modprobe.args 2>/dev/null)"
echo "ward_result=$(systemctl show -P Result ward.service)"
echo "ward_journal=$(journalctl -b -u ward.service -o cat | grep '^ward-service:' | tail -1)"
echo "ward_diag=$(journalctl -b -u ward.service -o cat | grep ': error: ' | head -1)"
if [ -e /probe-reload ]; then
	cp /expect/strict.ward /etc/ward/policy.ward
	systemctl reload ward.service; echo "reload_rc=$?"
	# a plain file is not truncated by the write as securityfs replaces
	n=$(stat -c %s /expect/strict.blob)
	echo "policy_after_reload=$(head -c $n /run/ward-sfs/policy | cmp -s - /expect/strict.blob && echo strict || echo other)"
	systemctl restart ward.service 2>/run/restart.err; echo "restart_rc=$?"
	echo "restart_err=$(head -1 /run/restart.err)"
	echo "docker_after_restart=$(systemctl is-active docker.service)"
fi
} > $o 2>&1
EOS
chmod +x "$root/usr/local/sbin/fake-modprobe" "$root/usr/local/sbin/probe"
cat > "$root/etc/systemd/system/probe.service" <<'EOS'
[Unit]
Description=check-boot probe
After=multi-user.target ward.service docker.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/probe
ExecStartPost=/bin/systemctl poweroff --no-block
[Install]
WantedBy=multi-user.target
EOS
in_root systemctl enable docker.service probe.service > /dev/null 2>&1
blob() { local d; d=$(mktemp -d); : > "$d/policy"
	WARD_SECURITYFS=$d "${WARDCTL:-$build/wardctl}" load "$1" 2>/dev/null && cat "$d/policy"; rm -rf "$d"; }
blob "$ex/docker-default.ward" > "$root/expect/docker.blob"
blob "$ex/strict.ward" > "$root/expect/strict.blob"
cp "$ex/strict.ward" "$root/expect/strict.ward"
t "ward.service enabled by the package, RequiredBy= docker.service" \
	[ -L "$root/etc/systemd/system/docker.service.requires/ward.service" ]

boot() { # boot NAME: boot the root once, results in $root/results
	rm -f "$root/results"
	timeout 180 systemd-nspawn -q -b -D "$root" --register=no --keep-unit --console=pipe \
		-M ward-boot > "$build/check-boot.$1.console" 2>&1 < /dev/null
	echo "# boot '$1': exit $? ($(grep -c . "$build/check-boot.$1.console") console lines)"
	sed 's/^/#   /' "$root/results" 2>/dev/null
}
r() { grep -qx "$1" "$root/results"; }

# ---- good ----------------------------------------------------------------
cp "$ex/docker-default.ward" "$root/etc/ward/policy.ward"
touch "$root/probe-reload"
boot good
t "good policy: ward.service active, modprobe ward ran" eval 'r ward=active && r modprobe=ward'
t "good policy: docker.service started, after the policy was loaded" eval \
	'r docker=active && r policy_at_docker_start=docker-default'
t "systemctl reload ward: exit 0, the changed policy is loaded" eval \
	'r reload_rc=0 && r policy_after_reload=strict'
t "systemctl restart ward: refused, docker.service untouched" eval \
	'! r restart_rc=0 && grep -q "^restart_err=.*refused" $root/results && r docker_after_restart=active'
rm -f "$root/probe-reload"

# ---- bad -----------------------------------------------------------------
printf 'domain web {\n\tmount sometimes\n}\n' > "$root/etc/ward/policy.ward"
boot bad
t "invalid policy: ward.service failed" eval 'r ward=failed && r ward_result=exit-code'
t "invalid policy: docker.service did not start (fail closed)" eval \
	'r docker=inactive && r docker_started=no'
t "invalid policy: the journal says why" \
	grep -q '^ward_journal=ward-service: /etc/ward/policy.ward does not check, nothing loaded; failing closed' "$root/results"
t "invalid policy: the journal has wardctl's FILE:LINE:COL diagnostic" \
	grep -q "^ward_diag=/etc/ward/policy.ward:2:8: error: unknown value 'sometimes'" "$root/results"

# ---- failopen ---------------------------------------------------------------
sed -i 's/^WARD_FAIL_OPEN=.*/WARD_FAIL_OPEN=yes/' "$root/etc/default/ward"
boot failopen
t "WARD_FAIL_OPEN=yes: ward.service active, docker.service started" eval \
	'r ward=active && r docker=active && r docker_started=yes'
t "WARD_FAIL_OPEN=yes: the journal says containers start unconfined" \
	grep -q '^ward_journal=.*UNCONFINED' "$root/results"

# ---- no policy --------------------------------------------------------------
rm "$root/etc/ward/policy.ward"
sed -i 's/^WARD_FAIL_OPEN=.*/WARD_FAIL_OPEN=no/' "$root/etc/default/ward"
boot nopolicy
t "no policy file: ward.service skipped (inactive, not failed), docker.service started" eval \
	'r ward=inactive && r docker=active && r docker_started=yes'
t "no policy file: ward.ko not loaded" eval 'r modprobe='

# ---- removed --------------------------------------------------------------
# dpkg -r keeps the conffiles and, until purge, the RequiredBy= links,
# which now point nowhere: the engines must start all the same.
cp "$ex/docker-default.ward" "$root/etc/ward/policy.ward"
in_root dpkg -r wardctl >> "$log" 2>&1
boot removed
t "after dpkg -r wardctl (a policy in place, dangling RequiredBy= link): docker.service starts" eval \
	'[ -L $root/etc/systemd/system/docker.service.requires/ward.service ] &&
	 r ward=inactive && r docker=active && r docker_started=yes'

echo "# check-boot took $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
