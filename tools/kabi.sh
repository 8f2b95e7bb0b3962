#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Which Debian 12 Linux 6.1 kernel Ward builds and tests against.
#
# Sourced by tools/*.sh: ". tools/kabi.sh && kabi_select" sets
#   KABI  the ABI name (linux-image-$KABI, linux-headers-$KABI), taken from
#         the environment (make exports it; "make check KABI=..."), else
#         from build/kernel.env (what tools/deps.sh selected last), else
#         from tools/kernel.env (the pin).  KABI=pin means the pin.
#         KFLAVOUR=amd64|cloud|rt without KABI: the newest ABI of that
#         flavour the archive offers (apt-cache, no root).
#   KVER  the Debian package version of that kernel (image == headers):
#         of its unpacked image, else of build/kernel.env or the pin
#   KIMG  where tools/deps.sh unpacked linux-image-$KABI:
#         build/kernels/$KABI (or build/kernel, where older trees have it)
# Run:
#   tools/kabi.sh show             KABI=... KVER=... KIMG=... (for make)
#   tools/kabi.sh newest FLAVOUR   "ABI VERSION": the newest ABI of FLAVOUR
#                                  whose image and headers the archive
#                                  offers at one version
#   tools/kabi.sh version ABI      the newest version of ABI offered for
#                                  both linux-image-ABI and linux-headers-ABI
# Environment: BUILD (default build/).

kabi_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kabi_build=${BUILD:-$kabi_top/build}

# "amd64" -> "amd64", "cloud" -> "cloud-amd64", "rt" -> "rt-amd64"
kabi_suffix() {
	case "$1" in
	amd64|generic|"")	echo amd64 ;;
	cloud|cloud-amd64)	echo cloud-amd64 ;;
	rt|rt-amd64)		echo rt-amd64 ;;
	*)	echo "kabi: unknown flavour '$1' (amd64, cloud or rt)" >&2
		return 1 ;;
	esac
}

# The value of NAME= in FILE (a plain NAME=value file such as kernel.env).
kabi_get() {
	if [ -f "$2" ]; then
		sed -n "s/^$1=\([^ #]*\).*/\1/p" "$2" | tail -1
	fi
}

# The newest version offered for both linux-image-$1 and linux-headers-$1
# (one apt-cache call: without a package cache, each costs a second or more).
kabi_version() {
	local out iv hv v best=
	out=$(apt-cache madison "linux-image-$1" "linux-headers-$1" 2>/dev/null |
	      awk -F'|' '{ gsub(/ /, "", $1); gsub(/ /, "", $2); print $1, $2 }')
	iv=$(echo "$out" | awk '$1 == "linux-image-'"$1"'" { print $2 }')
	hv=$(echo "$out" | awk '$1 == "linux-headers-'"$1"'" { print $2 }')
	for v in $iv; do
		echo "$hv" | grep -qxF -- "$v" || continue
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
			best=$v
		fi
	done
	[ -n "$best" ] && echo "$best"
}

# "ABI VERSION" of the newest ABI of flavour $1: the one the metapackage
# linux-image-<flavour> depends on, if its image and headers are offered at
# one version; else the highest-numbered such ABI the archive knows.
kabi_newest() {
	local sfx meta abi v
	sfx=$(kabi_suffix "$1") || return 1
	meta=linux-image-$sfx
	# the ABI of the metapackage's newest version (every version's record,
	# "Version:" before "Depends:")
	abi=$(apt-cache show "$meta" 2>/dev/null | awk -v sfx="$sfx" '
		/^Version: / { ver = $2 }
		/^Depends: / {
			if (match($0, "linux-image-6\\.1\\.0-[0-9]+-" sfx "( |,|$)")) {
				a = substr($0, RSTART + 12, RLENGTH - 12)
				sub(/[ ,]$/, "", a)
				print ver, a
			}
		}' | sort -V -r | head -1 | cut -d' ' -f2)
	if [ -n "$abi" ]; then
		if v=$(kabi_version "$abi"); then
			echo "$abi $v"
			return 0
		fi
		echo "kabi: $meta depends on $abi, whose image and headers are not offered at one version; looking for an older ABI" >&2
	fi
	for abi in $(apt-cache pkgnames linux-image-6.1.0- 2>/dev/null |
		     grep -E "^linux-image-6\.1\.0-[0-9]+-$sfx\$" |
		     sed 's/^linux-image-//' | sort -t- -k2,2nr); do
		if v=$(kabi_version "$abi"); then
			echo "$abi $v"
			return 0
		fi
	done
	return 1
}

# Where linux-image-$KABI at $KVER is unpacked (empty: nowhere yet).
kabi_image_dir() {
	local d abi ver
	for d in "$kabi_build/kernels/$KABI" "$kabi_build/kernel"; do
		[ -f "$d/.unpacked" ] || continue
		read -r abi ver < "$d/.unpacked" || true
		[ "$abi" = "$KABI" ] || continue
		[ -z "$KVER" ] || [ "$ver" = "$KVER" ] || continue
		echo "$d"
		return 0
	done
	return 1
}

# Set KABI, KVER and KIMG (see the top of this file).
kabi_select() {
	local pin_abi pin_ver sel_abi sel_ver nv
	pin_abi=$(kabi_get KABI "$kabi_top/tools/kernel.env")
	pin_ver=$(kabi_get KVER "$kabi_top/tools/kernel.env")
	sel_abi=$(kabi_get KABI "$kabi_build/kernel.env")
	sel_ver=$(kabi_get KVER "$kabi_build/kernel.env")
	# KVER always follows from KABI here (an exported KVER may belong to
	# another ABI: make exports the one it chose)
	KVER=
	if [ "${KABI:-}" = pin ]; then
		KABI=$pin_abi KVER=$pin_ver
	elif [ -z "${KABI:-}" ] && [ -n "${KFLAVOUR:-}" ]; then
		nv=$(kabi_newest "$KFLAVOUR") || {
			echo "kabi: no 6.1 ABI of flavour $KFLAVOUR in the archive (apt-get update?)" >&2
			return 1
		}
		KABI=${nv% *} KVER=${nv#* }
	elif [ -z "${KABI:-}" ]; then
		if [ -n "$sel_abi" ]; then
			KABI=$sel_abi KVER=$sel_ver
		else
			KABI=$pin_abi KVER=$pin_ver
		fi
	fi
	if [ -z "$KVER" ]; then
		# an ABI named on its own: the version of its unpacked image
		if KIMG=$(kabi_image_dir); then
			read -r _ KVER < "$KIMG/.unpacked" || true
		fi
		if [ -z "$KVER" ] && [ "$KABI" = "$sel_abi" ]; then
			KVER=$sel_ver
		elif [ -z "$KVER" ] && [ "$KABI" = "$pin_abi" ]; then
			KVER=$pin_ver
		fi
	fi
	if ! KIMG=$(kabi_image_dir); then
		KIMG=$kabi_build/kernels/$KABI
	fi
	export KABI KVER KIMG
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	case "${1:-}" in
	show)	kabi_select
		echo "KABI=$KABI KVER=$KVER KIMG=$KIMG" ;;
	newest)	kabi_newest "${2:-amd64}" ;;
	version) kabi_version "${2:?usage: $0 version ABI}" ;;
	*)	echo "usage: $0 show | newest [amd64|cloud|rt] | version ABI" >&2
		exit 2 ;;
	esac
fi
