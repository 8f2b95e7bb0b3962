#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the packaging targets need (Debian 12, as root):
# make check-dkms, make deb, make man, make check-deb.  Not part of
# tools/deps.sh because "make check" needs none of it.
#
# - dkms, dh-dkms, debhelper, lintian: ward-dkms and wardctl packages;
# - python3-docutils: rst2man for wardctl(8) and ward.policy(5);
# - bash-completion: its helpers, for testing the completion;
# - debootstrap: the fresh Debian 12 root of "make check-deb";
# - systemd-container: systemd-nspawn, which boots it for "make check-boot";
# - the headers of two flavours of the chosen ABI (generic and cloud), the
#   two kernels "make check-dkms" builds against at least.
#
# Idempotent: when everything is there it only checks.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# KABI: the kernel chosen (tools/kabi.sh)
# shellcheck source=kabi.sh
. "$top/tools/kabi.sh"
kabi_select
abi=$(echo "$KABI" | grep -o '^6\.1\.0-[0-9]*')

pkgs=(dkms dh-dkms debhelper lintian python3-docutils bash-completion
      debootstrap systemd-container fakeroot dpkg-dev man-db systemd
      "linux-headers-$abi-amd64" "linux-headers-$abi-cloud-amd64")
miss=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || miss+=("$p")
done
[ ${#miss[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "dist-deps: missing ${miss[*]}; run as root: sudo $0" >&2; exit 1; }
echo "dist-deps: installing ${miss[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -q --no-install-recommends "${miss[@]}"
