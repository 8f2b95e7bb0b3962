#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host's hot path stays frame-free (Documentation/design.rst, "The
# attach layer"): every hooked call of every task of the host runs the
# attach layer, its hook_*() handler and the domain lookup, and most leave
# at the first test.  A path buffer, a report's argument array or an
# address-taken local inlined into one of them makes every such call zero
# the frame (CONFIG_INIT_STACK_ALL_ZERO: a "rep stos" for a large one) and
# set up the stack protector before that test.  This check reads the
# built module and fails on either, naming the function: move the work
# out of line (a noinline function), as the handlers' refusals are.
#
# Usage: tools/hotpath.sh WARD_KO
set -euo pipefail

ko=${1:?usage: hotpath.sh WARD_KO}
[ -f "$ko" ] || { echo "hotpath: $ko missing" >&2; exit 1; }

# Rare calls, whose handlers may keep their frames: delete_module(2),
# PTRACE_TRACEME, and an exec's stack setup (attached only while a domain
# asks for W^X).
rare='^(hook_delete_module|hook_ptrace_traceme|hook_setup_arg_pages)$'
hot='^(hook_[a-z0-9_]+|ward_direct_call|ward_task_domain|ward_task_place)$'

# The canary is %gs:0x28 on 6.1 (fixed_percpu_data), __stack_chk_guard on
# later kernels.
objdump -dr --no-show-raw-insn "$ko" | awk -v hot="$hot" -v rare="$rare" '
	/^[0-9a-f]+ <[^>]+>:$/ {
		fn = $2; gsub(/[<>:]/, "", fn)
		on = fn ~ hot && fn !~ rare
		if (on)
			seen++
		next
	}
	!on { next }
	/%gs:0x28|__stack_chk_guard/ && !(fn in sp) {
		sp[fn] = 1
		print "hotpath: " fn ": stack protector on the host'"'"'s path"
		bad++
	}
	/rep stos/ && !(fn in zero) {
		zero[fn] = 1
		print "hotpath: " fn ": frame zeroed by rep stos on the host'"'"'s path"
		bad++
	}
	END {
		if (seen < 20) {
			print "hotpath: only " seen + 0 " hot functions found: not a Ward module?"
			exit 1
		}
		if (bad) {
			print "hotpath: move the work out of line (noinline), see Documentation/design.rst"
			exit 1
		}
		print "hotpath: " seen " hot functions, no frame on the host'"'"'s path"
	}' >&2
