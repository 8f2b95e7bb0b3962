# SPDX-License-Identifier: GPL-2.0
#
# Ward: top-level Makefile.
#
#   make                build ward.ko (against KDIR), wardctl and the selftests
#   make module         ward.ko only; W=1, C=2 etc. are passed to Kbuild
#   make wardctl        build/wardctl (static), from userspace-ctl/
#   make selftests      build/selftests/*_test (static)
#   make unit           host unit tests of wardctl
#   make check          lint, unit tests, then every selftest in QEMU (pinned kernel);
#                       runtime_test with 10 starts per route, 20 churn cycles
#   make check-runtimes runtime_test alone at full counts (100 starts per
#                       route, 200 churn cycles) in its own guest
#   make ci             what .ci/run runs: check and check-runtimes, one verdict
#   make check-matrix   the guest selftests on each kernel of MATRIX= (default:
#                       newest amd64, cloud, rt; 6.1.0-53-amd64), one line each
#   make check KABI=6.1.0-53-amd64 (or KFLAVOUR=cloud|rt): another kernel
#   make demo           boot the guest with Ward loaded and show it working
#   make shell          boot the same guest into an interactive shell
#   make checkpatch     checkpatch.pl --strict on kmod/ and uapi/
#   make sparse         build ward.ko with sparse (C=2)
#   make lint           W=1 + sparse + checkpatch; fails on any warning
#   make clean          remove build output (keeps the unpacked kernel)
#   make distclean      remove build/ completely
#
# Dependencies: run `sudo tools/deps.sh` once (Debian 12).  It picks the
# newest Debian 6.1 ABI (or KABI=, KFLAVOUR=); every target below takes
# that kernel, or KABI=/KFLAVOUR= given to make (Documentation/testing.rst).

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

TOP := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BUILD       := $(TOP)/build

# The kernel under test (tools/kabi.sh): KABI= or KFLAVOUR= on the command
# line, else build/kernel.env (what tools/deps.sh chose), else the pin of
# tools/kernel.env.  KVER is its Debian version, KIMG its unpacked image.
KSEL := $(shell BUILD='$(BUILD)' KABI='$(KABI)' KFLAVOUR='$(KFLAVOUR)' \
	  $(TOP)/tools/kabi.sh show)
$(foreach v,$(KSEL),$(eval override $(v)))
export KABI KVER KIMG
# The headers of that kernel (the name is historical: once the pin's).
PINNED_KDIR := /usr/src/linux-headers-$(KABI)
# Operators build against the running kernel, as for any external module.
KDIR        ?= /lib/modules/$(shell uname -r)/build
# Directory holding Kbuild (overridable to test the pipeline).
WARD_SRC    ?= $(TOP)
WARD_KO     := $(WARD_SRC)/ward.ko
WARDCTL     := $(BUILD)/wardctl
KSFT_STAMP  := $(BUILD)/ksrc/.extracted
CHECKPATCH  := $(BUILD)/ksrc/scripts/checkpatch.pl

export BUILD WARD_KO WARDCTL

ifeq ($(wildcard $(KDIR)/Makefile),)
ifneq ($(wildcard $(PINNED_KDIR)/Makefile),)
$(info make: no kernel build tree at $(KDIR); using the pinned $(PINNED_KDIR))
override KDIR := $(PINNED_KDIR)
endif
endif

all: module wardctl selftests

# ---- the kernel module -------------------------------------------------------
module:
	@test -f $(KDIR)/Makefile || { echo "make: no kernel build tree at $(KDIR): install the headers (sudo tools/deps.sh) or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(WARD_SRC) modules

module-pinned:
	$(MAKE) module KDIR=$(PINNED_KDIR)

# ward.ko with a deliberately wrong mirror of struct mount (1) and of
# struct proc_inode (2), built from copies of the sources: base_test checks
# that each refuses to load, with one line, and does not oops.
module-badlayout:
	@for n in 1 2; do \
		$(TOP)/tools/module-copy.sh $(BUILD)/badlayout/$$n && \
		$(MAKE) -C $(PINNED_KDIR) M=$(BUILD)/badlayout/$$n \
			KCFLAGS=-DWARD_TEST_BAD_LAYOUT=$$n modules >/dev/null || exit 1; \
	done

# Fails on any sparse warning (the build itself does not).
sparse:
	@mkdir -p $(BUILD)
	$(MAKE) module C=2 CHECK=sparse 2>&1 | tee $(BUILD)/sparse.log
	@! grep -E '(warning|error):' $(BUILD)/sparse.log || \
		{ echo "make: sparse warnings (log: $(BUILD)/sparse.log)" >&2; exit 1; }

# W=1 (from a clean module build, so every file is compiled), sparse and
# checkpatch, against the pinned headers; fails on any warning.
lint: $(KSFT_STAMP)
	@mkdir -p $(BUILD)
	$(MAKE) module-clean
	$(MAKE) module KDIR=$(PINNED_KDIR) W=1 2>&1 | tee $(BUILD)/w1.log
	@! grep -E '(warning|error):' $(BUILD)/w1.log || \
		{ echo "make: W=1 warnings (log: $(BUILD)/w1.log)" >&2; exit 1; }
	$(MAKE) sparse KDIR=$(PINNED_KDIR)
	$(MAKE) checkpatch
	$(TOP)/tools/hotpath.sh $(TOP)/ward.ko
	@echo "lint: W=1, sparse, checkpatch and the hot path are clean"

# uapi headers cannot use BIT() (it is not part of the user space API).
checkpatch: $(KSFT_STAMP)
	$(if $(wildcard $(TOP)/kmod/*.[ch]),$(CHECKPATCH) --strict --no-tree \
		--terse --show-types -f $(wildcard $(TOP)/kmod/*.[ch]))
	$(CHECKPATCH) --strict --no-tree --terse --show-types -f \
		--ignore BIT_MACRO $(wildcard $(TOP)/uapi/*.h)

# ---- userspace ---------------------------------------------------------------
wardctl:
	@if [ -f $(TOP)/userspace-ctl/Makefile ]; then \
		$(MAKE) -C $(TOP)/userspace-ctl all; \
	else \
		echo "make: userspace-ctl/Makefile missing: wardctl not built" >&2; \
	fi

unit: $(KSFT_STAMP)
	$(MAKE) -C $(TOP)/userspace-ctl test

selftests: $(KSFT_STAMP)
	$(MAKE) -C $(TOP)/selftests/ward OUT=$(BUILD)/selftests KSFT=$(BUILD)/ksft

$(KSFT_STAMP):
	$(TOP)/tools/ksrc.sh $(BUILD)

# ---- the test guest ----------------------------------------------------------
# The image and headers of $(KABI): tools/deps.sh fetches what is missing
# (as root) without changing the default kernel (build/kernel.env).
kernel-image:
	@test -n "$(KABI)" || { echo "make: no kernel chosen (tools/kabi.sh show)" >&2; exit 1; }
	@test -f $(KIMG)/.unpacked && test -f $(PINNED_KDIR)/Makefile && \
	 test -f $(KIMG)/lib/modules/$(KABI)/modules.order || \
		WARD_DEPS_SELECT=0 KABI=$(KABI) KVER= $(TOP)/tools/deps.sh

initramfs: kernel-image
	$(MAKE) module-pinned module-badlayout wardctl selftests
	$(TOP)/tools/vm/mkinitramfs.sh

# WARD_TESTS="a_test b_test" runs only these in the guest.
# lint first: W=1, sparse and checkpatch are part of what a change must pass.
# Sequential on purpose: lint and initramfs both build ward.ko.  The guest's
# failures are the judge's to count, so run.sh's status is not fatal here.
define run-check
	$(MAKE) lint
	$(MAKE) initramfs
	$(TOP)/tools/unit.sh
	$(MAKE) fuzz-replay
	$(TOP)/tools/vm/run.sh check || true
endef

check:
	$(run-check)
	$(TOP)/tools/vm/judge.sh

# runtime_test at the issue's counts, in a guest of its own; the counts
# and limits reach the guest on the kernel command line (tools/vm/init).
RT_APPEND := ward.rt_n=100 ward.rt_churn=200 ward.test_timeout=3300
RT_LOG    := $(BUILD)/vm/console-runtimes.log
define run-runtimes
	WARD_VM_LOG=$(RT_LOG) WARD_TESTS=runtime_test WARD_VM_TIMEOUT=3600 \
		WARD_VM_APPEND="$(RT_APPEND)" $(TOP)/tools/vm/run.sh check || true
endef

check-runtimes: initramfs
	$(run-runtimes)
	JUDGE_NO_UNIT=1 $(TOP)/tools/vm/judge.sh $(RT_LOG)

# .ci/run: everything `make check` does, then the runtimes guest; one
# verdict over both guests and the unit tests.
ci:
	$(run-check)
	$(run-runtimes)
	$(TOP)/tools/vm/judge.sh $(BUILD)/vm/console.log $(RT_LOG)

# The guest selftests on each kernel of MATRIX (ABIs or flavours; default
# the newest amd64, cloud and rt, and 6.1.0-53-amd64), one line per kernel
# at the end (tools/check-matrix.sh; logs in build/matrix/).
MATRIX ?=
check-matrix: wardctl selftests
	$(TOP)/tools/check-matrix.sh $(MATRIX)

demo: initramfs
	$(TOP)/tools/vm/run.sh demo

shell: initramfs
	$(TOP)/tools/vm/run.sh shell

# Not Kbuild's "make M=... clean": it deletes every *.ko, *.o and
# modules.order below M, and so the unpacked kernel's modules in build/.
module-clean:
	find $(WARD_SRC) \( -path $(BUILD) -o -name .git \) -prune -o \
		-type f \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.symvers' \
		-o -name modules.order -o -name '*.o.d' -o -name '*.dwo' \) \
		-print0 | xargs -0 rm -f

clean: module-clean
	-@test -f $(TOP)/userspace-ctl/Makefile && $(MAKE) -C $(TOP)/userspace-ctl clean
	rm -rf $(BUILD)/selftests $(BUILD)/vm $(BUILD)/unit.log $(BUILD)/unit.rc

distclean: clean
	rm -rf $(BUILD)

.PHONY: all module module-pinned module-badlayout module-clean lint sparse checkpatch wardctl unit selftests \
	kernel-image initramfs check check-runtimes check-matrix ci demo shell \
	clean distclean

# ---- benchmark (not part of check: it takes long and proves no test) -------
# Boots the kernel under test with -icount and prints the table of issue 12;
# results in build/bench/.  WARD_BENCH_QUICK=1: a fast run of the harness.
bench: kernel-image
	$(MAKE) module-pinned wardctl
	$(TOP)/tools/bench/run.sh

.PHONY: bench

# Packaging: make deb, check-dkms, check-deb, ... (tools/dist.mk)
include $(TOP)/tools/dist.mk

# ---- fuzzing (fuzz/Makefile; Documentation/testing.rst, "Fuzzing") ------------
# make fuzz: each libFuzzer target for FUZZ_SECONDS (clang); make fuzz-replay:
# the committed corpora through the same targets (gcc, ASan + UBSan), seconds.
FUZZ_SECONDS ?= 60

fuzz:
	$(MAKE) -C $(TOP)/fuzz fuzz BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS)

fuzz-replay:
	$(MAKE) -C $(TOP)/fuzz replay BUILD=$(BUILD)

.PHONY: fuzz fuzz-replay

# ---- the debug kernel (not part of check: its selftests run over an hour) ----
# Linux 6.1 from linux-source-6.1 with KASAN, lockdep, UBSAN, KFENCE,
# kmemleak and debug objects (tools/debug/debug.config), built once and
# cached in build/debug; every selftest with 100 load/unload cycles, a
# kmemleak scan, then trinity.  Documentation/testing.rst, "The debug kernel".
debug-kernel:
	$(TOP)/tools/debug/kernel.sh $(BUILD)

check-debug:
	$(TOP)/tools/debug/check.sh

.PHONY: debug-kernel check-debug
