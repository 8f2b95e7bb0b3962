#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check-completion.sh: drive contrib/bash-completion/wardctl as bash
# does (COMP_WORDS, COMP_CWORD, then the completion function) and assert
# the exact candidates: every subcommand, options from "wardctl help",
# domain names from "wardctl show" and from the policy file, cgroup
# directories (relative and absolute) and bound cgroups from "wardctl
# status".  Uses the real build/wardctl for "help", a stand-in wardctl for
# show and status (no module needed), and a fake cgroup tree.
# KTAP; ends with "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
real=${WARDCTL:-${BUILD:-$top/build}/wardctl}
[ -x "$real" ] || { echo "check-completion: $real missing: make wardctl" >&2; exit 1; }
[ -f /usr/share/bash-completion/bash_completion ] ||
	{ echo "check-completion: bash-completion is not installed (tools/dist-deps.sh)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/ward-compl.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/bin" "$tmp/cg/ctr/web1" "$tmp/cg/ctr/web2" "$tmp/cg/system.slice/docker-1.scope"
cat > "$tmp/bin/wardctl" <<EOS
#!/bin/sh
case "\$1" in
show) [ -n "\${FAKE_LOADED:-}" ] || exit 1
      printf 'default web\n\ndomain web {\n\tmount deny\n}\n\ndomain db {\n}\n' ;;
status) [ -z "\${FAKE_NOSTATUS:-}" ] || exit 1
        printf 'version 0.1.0\nbinding 2345 web exec $tmp/cg/ctr/web1\nbinding 2346 db $tmp/cg/ctr/web2\n' ;;
*) exec "$real" "\$@" ;;
esac
EOS
chmod +x "$tmp/bin/wardctl"
printf 'domain filedom {\n}\ndomain other {\n}\n' > "$tmp/policy.ward"

# shellcheck disable=SC1091
source /usr/share/bash-completion/bash_completion
# shellcheck source=../contrib/bash-completion/wardctl
source "$top/contrib/bash-completion/wardctl"
PATH=$tmp/bin:$PATH
export WARD_POLICY=$tmp/policy.ward WARD_CGROUP_ROOT=$tmp/cg
compopt() { :; }	# only valid while bash itself completes

pass=0 fail=0 n=0
# c "EXPECTED" WORDS...: complete the last word; the sorted candidates must
# be exactly EXPECTED.
c() {
	local want=$1; shift
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
	_wardctl
	local got
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')
	n=$((n + 1))
	if [ "$got" = "$want" ]; then pass=$((pass + 1)); echo "ok $n '$*' -> $want"
	else fail=$((fail + 1)); echo "not ok $n '$*'"; echo "#   want: $want"; echo "#   got:  $got"; fi
}

echo "KTAP version 1"
echo "1..23"
# the subcommands: those of "wardctl help" (read here another way), and
# at least those of the synopsis in Documentation/wardctl.rst
cmds=$("$real" help 2>&1 | grep -oE '^(usage:)? +wardctl [a-z-]+' | awk '{ print $NF }')
doc=$(sed -n 's/^    wardctl \([a-z-]*\).*/\1/p' "$top/Documentation/wardctl.rst")
c "$(printf '%s\n' $cmds help | sort -u | tr '\n' ' ' | sed 's/ $//')" wardctl ''
n=$((n + 1))
nodoc=$(for d in $doc; do printf '%s\n' "${COMPREPLY[@]}" | grep -qx "$d" || echo "$d"; done)
if [ -n "$doc" ] && [ -z "$nodoc" ]; then pass=$((pass + 1)); echo "ok $n every subcommand of wardctl(8)'s synopsis is offered"
else fail=$((fail + 1)); echo "not ok $n subcommands of wardctl(8) not offered: ${nodoc:-(no synopsis found)}"; fi
c "seccomp show status" wardctl s
c "export import record" wardctl seccomp ''
c "--domain -o" wardctl seccomp export -
c "filedom other" wardctl seccomp export --domain ''
FAKE_LOADED=1 c "db web" wardctl seccomp export --domain ''
c "filedom" wardctl exec --domain f
c "--domain" wardctl exec -
c "--json -f" wardctl events -
c "--json" wardctl status -
c "" wardctl lock ''
c "ctr system.slice" wardctl bind ''
c "ctr/web1 ctr/web2" wardctl bind ctr/w
c "system.slice/docker-1.scope" wardctl bind system.slice/
c "$tmp/cg/ctr/web1 $tmp/cg/ctr/web2" wardctl bind "$tmp/cg/ctr/w"
c "filedom other" wardctl bind ctr/web1 ''
FAKE_LOADED=1 c "web" wardctl bind ctr/web1 w
c "" wardctl bind ctr/web1 web ''
c "$tmp/cg/ctr/web1 $tmp/cg/ctr/web2" wardctl unbind ''
FAKE_NOSTATUS=1 c "ctr/web1 ctr/web2" wardctl unbind ctr/
cp "$top/userspace-ctl/examples/strict.ward" "$tmp/a.ward"; : > "$tmp/a.json"
c "$tmp/a.ward" wardctl load "$tmp/a"
c "$tmp/a.json" wardctl seccomp import "$tmp/a"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
