#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host unit test of tools/kabi.sh: which kernel is chosen, from package
# lists that a stand-in apt-cache (first in PATH) serves from the
# variables below, and from build directories made here.  KTAP; run by
# "make unit" (userspace-ctl/tests/run.sh counts the "ok" lines).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"

# The stand-in: "apt-cache show PKG", "apt-cache madison PKG...",
# "apt-cache pkgnames PREFIX", from files in $FAKE_APT.
cat > "$tmp/bin/apt-cache" <<'EOT'
#!/bin/bash
cmd=$1; shift
case "$cmd" in
show)		cat "$FAKE_APT/show.$1" 2>/dev/null ;;
madison)	for p in "$@"; do
			[ -f "$FAKE_APT/versions.$p" ] || continue
			while read -r v; do
				printf '%s | %s | http://deb.example/debian bookworm/main amd64 Packages\n' "$p" "$v"
			done < "$FAKE_APT/versions.$p"
		done ;;
pkgnames)	ls "$FAKE_APT" | sed -n "s/^versions\.\($1.*\)/\1/p" ;;
*)		exit 100 ;;
esac
EOT
chmod +x "$tmp/bin/apt-cache"
export PATH="$tmp/bin:$PATH"

n=0 fails=0
t() {	# t NAME EXPECTED ACTUAL
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "#   expected: '$2'"
		echo "#   actual:   '$3'"
		fails=$((fails + 1))
	fi
}

# A fresh archive: $FAKE_APT with no package.
archive() {
	export FAKE_APT=$tmp/apt.$n
	rm -rf "$FAKE_APT"
	mkdir -p "$FAKE_APT"
}
# offer PKG VERSION...
offer() {
	local p=$1
	shift
	printf '%s\n' "$@" >> "$FAKE_APT/versions.$p"
}
# meta FLAVOUR-SUFFIX VERSION ABI: a version of linux-image-SUFFIX
meta() {
	printf 'Package: linux-image-%s\nVersion: %s\nDepends: linux-image-%s (= %s)\n\n' \
		"$1" "$2" "$3" "$2" >> "$FAKE_APT/show.linux-image-$1"
}
# both ABI VERSION...: image and headers at these versions
both() {
	local a=$1
	shift
	offer "linux-image-$a" "$@"
	offer "linux-headers-$a" "$@"
}

kabi() {	# run tools/kabi.sh in a clean environment
	env -u KABI -u KVER -u KIMG -u KFLAVOUR BUILD="$tmp/build" \
		"$top/tools/kabi.sh" "$@" 2>/dev/null
}
kabi_with() {	# kabi_with VAR=VALUE... -- ARGS
	local vars=()
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	env -u KABI -u KVER -u KIMG -u KFLAVOUR BUILD="$tmp/build" "${vars[@]}" \
		"$top/tools/kabi.sh" "$@" 2>/dev/null
}

echo "TAP version 13"

# ---- the newest ABI -------------------------------------------------------
archive
meta amd64 6.1.176-1 6.1.0-47-amd64
meta amd64 6.1.192-3 6.1.0-57-amd64
both 6.1.0-47-amd64 6.1.176-1
both 6.1.0-57-amd64 6.1.192-3
both 6.1.0-57-cloud-amd64 6.1.192-3
t "newest: the ABI of the metapackage's newest version" \
	"6.1.0-57-amd64 6.1.192-3" "$(kabi newest amd64)"

archive
meta cloud-amd64 6.1.192-3 6.1.0-57-cloud-amd64
meta amd64 6.1.192-4 6.1.0-58-amd64
both 6.1.0-57-cloud-amd64 6.1.192-3
both 6.1.0-58-amd64 6.1.192-4
t "newest cloud: the cloud metapackage, not the generic one" \
	"6.1.0-57-cloud-amd64 6.1.192-3" "$(kabi newest cloud)"
t "newest rt: none offered" "" "$(kabi newest rt)"
kabi newest rt > /dev/null
t "newest rt: exit status 1 when none is offered" 1 $?

# image and headers of the newest ABI at different versions (one was
# published before the other): the highest older ABI with both at one
# version, never a mismatched pair
archive
meta amd64 6.1.193-1 6.1.0-58-amd64
offer linux-image-6.1.0-58-amd64 6.1.193-1
offer linux-headers-6.1.0-58-amd64 6.1.193-0
both 6.1.0-9-amd64 6.1.27-1
both 6.1.0-57-amd64 6.1.192-3
both 6.1.0-57-cloud-amd64 6.1.192-4
t "newest: image and headers at different versions: the next ABI" \
	"6.1.0-57-amd64 6.1.192-3" "$(kabi newest amd64)"

archive
both 6.1.0-56-amd64 6.1.192-1 6.1.192-2
offer linux-image-6.1.0-56-amd64 6.1.192-10
offer linux-headers-6.1.0-56-amd64 6.1.192-9
t "version: the newest version offered for both packages" \
	"6.1.192-2" "$(kabi version 6.1.0-56-amd64)"
t "version: none for an ABI the archive does not have" \
	"" "$(kabi version 6.1.0-99-amd64)"

# ---- the choice: environment, build/kernel.env, the pin --------------------
pin_abi=$(sed -n 's/^KABI=//p' "$top/tools/kernel.env")
pin_ver=$(sed -n 's/^KVER=//p' "$top/tools/kernel.env")
rm -rf "$tmp/build"
mkdir -p "$tmp/build"
t "show: the pin without build/kernel.env" \
	"KABI=$pin_abi KVER=$pin_ver KIMG=$tmp/build/kernels/$pin_abi" "$(kabi show)"

printf 'KABI=6.1.0-53-amd64\nKVER=6.1.187-1\n' > "$tmp/build/kernel.env"
t "show: build/kernel.env over the pin" \
	"KABI=6.1.0-53-amd64 KVER=6.1.187-1 KIMG=$tmp/build/kernels/6.1.0-53-amd64" \
	"$(kabi show)"
t "show: KABI=pin over build/kernel.env" \
	"KABI=$pin_abi KVER=$pin_ver KIMG=$tmp/build/kernels/$pin_abi" \
	"$(kabi_with KABI=pin -- show)"

mkdir -p "$tmp/build/kernels/6.1.0-57-rt-amd64"
echo "6.1.0-57-rt-amd64 6.1.192-3" > "$tmp/build/kernels/6.1.0-57-rt-amd64/.unpacked"
t "show: KABI= over build/kernel.env; KVER from its unpacked image, not the environment's" \
	"KABI=6.1.0-57-rt-amd64 KVER=6.1.192-3 KIMG=$tmp/build/kernels/6.1.0-57-rt-amd64" \
	"$(kabi_with KABI=6.1.0-57-rt-amd64 KVER=6.1.187-1 -- show)"

archive
meta rt-amd64 6.1.192-3 6.1.0-57-rt-amd64
both 6.1.0-57-rt-amd64 6.1.192-3
t "show: KFLAVOUR=rt: the newest rt ABI" \
	"KABI=6.1.0-57-rt-amd64 KVER=6.1.192-3 KIMG=$tmp/build/kernels/6.1.0-57-rt-amd64" \
	"$(kabi_with KFLAVOUR=rt -- show)"
t "show: KABI= wins over KFLAVOUR=" \
	"KABI=6.1.0-53-amd64 KVER=6.1.187-1 KIMG=$tmp/build/kernels/6.1.0-53-amd64" \
	"$(kabi_with KFLAVOUR=rt KABI=6.1.0-53-amd64 -- show)"
kabi_with KFLAVOUR=vanilla -- show > /dev/null
t "show: an unknown flavour fails" 1 $?

# an older tree's build/kernel, used where its stamp names the ABI
mkdir -p "$tmp/build/kernel"
echo "6.1.0-53-amd64 6.1.187-1" > "$tmp/build/kernel/.unpacked"
t "show: build/kernel where its stamp names the ABI" \
	"KABI=6.1.0-53-amd64 KVER=6.1.187-1 KIMG=$tmp/build/kernel" "$(kabi show)"
mkdir -p "$tmp/build/kernels/6.1.0-53-amd64"
echo "6.1.0-53-amd64 6.1.187-1" > "$tmp/build/kernels/6.1.0-53-amd64/.unpacked"
t "show: build/kernels/ABI before build/kernel" \
	"KABI=6.1.0-53-amd64 KVER=6.1.187-1 KIMG=$tmp/build/kernels/6.1.0-53-amd64" \
	"$(kabi show)"
printf 'KABI=6.1.0-57-amd64\nKVER=6.1.192-3\n' > "$tmp/build/kernel.env"
t "show: build/kernel not taken for another ABI" \
	"KABI=6.1.0-57-amd64 KVER=6.1.192-3 KIMG=$tmp/build/kernels/6.1.0-57-amd64" \
	"$(kabi show)"

echo "1..$n"
echo "# kabi_test: $fails of $n cases failed"
[ "$fails" = 0 ]
