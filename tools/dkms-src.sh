#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/dkms-src.sh DEST: copy the module source as dkms wants it
# (/usr/src/ward-VERSION) into DEST: Kbuild, kmod/*.[ch], uapi/*.h and
# dkms.conf.  The one list of what ward-dkms ships, used by
# "make check-dkms" and by debian/rules.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: $0 DEST}

mkdir -p "$dest/kmod" "$dest/uapi"
install -m 0644 "$top/Kbuild" "$top/dkms.conf" "$dest/"
install -m 0644 "$top"/kmod/*.[ch] "$dest/kmod/"
install -m 0644 "$top"/uapi/*.h "$dest/uapi/"
