# SPDX-License-Identifier: GPL-2.0
#
# Ward: top-level Makefile.
#
#   make                build ward.ko (against KDIR), wardctl and the selftests
#   make module         ward.ko only; W=1, C=2 etc. are passed to Kbuild
#   make wardctl        build/wardctl (static), from userspace-ctl/
#   make selftests      build/selftests/*_test (static)
#   make unit           host unit tests of wardctl
#   make check          lint, unit tests, then every selftest in QEMU (pinned kernel)
#   make demo           boot the guest with Ward loaded and show it working
#   make shell          boot the same guest into an interactive shell
#   make checkpatch     checkpatch.pl --strict on kmod/ and uapi/
#   make sparse         build ward.ko with sparse (C=2)
#   make lint           W=1 + sparse + checkpatch; fails on any warning
#   make clean          remove build output (keeps the unpacked kernel)
#   make distclean      remove build/ completely
#
# Dependencies: run `sudo tools/deps.sh` once (Debian 12).
# The target kernel is pinned in tools/kernel.env.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

TOP := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
include $(TOP)/tools/kernel.env

BUILD       := $(TOP)/build
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
	@echo "lint: W=1, sparse and checkpatch are clean"

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
kernel-image:
	@test -f $(BUILD)/kernel/.unpacked && \
	 test -f $(BUILD)/kernel/lib/modules/$(KABI)/modules.order || \
		{ echo "make: the kernel in $(BUILD)/kernel is missing or incomplete: run sudo tools/deps.sh" >&2; exit 1; }

initramfs: module-pinned wardctl selftests kernel-image
	$(TOP)/tools/vm/mkinitramfs.sh

# WARD_TESTS="a_test b_test" runs only these in the guest.
# lint first: W=1, sparse and checkpatch are part of what a change must pass.
# Sequential on purpose: lint and initramfs both build ward.ko.
check:
	$(MAKE) lint
	$(MAKE) initramfs
	$(TOP)/tools/unit.sh
	$(TOP)/tools/vm/run.sh check || true
	$(TOP)/tools/vm/judge.sh

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

.PHONY: all module module-pinned module-clean lint sparse checkpatch wardctl unit selftests \
	kernel-image initramfs check demo shell clean distclean

# ---- packaging (Documentation/admin-guide.rst, "Installing from packages") --
#   make check-dkms     dkms add + build against every installed 6.1 header
#                       package (at least two), in a private dkms tree
#   make deb            ward-dkms and wardctl .debs in build/deb, lintian
#   make man            build/man/wardctl.8 and ward.policy.5 (rst2man)
#   make check-service  ward.service: systemd-analyze verify, its script
#   make check-man      man -l renders the man pages
#   make check-completion  bash completion, as bash drives it
#   make check-dist     the four checks above
#   make check-deb      install + purge the .debs in a fresh Debian 12 root
#   make check-boot     ward.service at boot under systemd (nspawn)
# The packaging tools are installed by tools/dist-deps.sh, not tools/deps.sh:
# make check needs none of them.
dist-deps:
	$(TOP)/tools/dist-deps.sh

check-dkms: dist-deps
	BUILD=$(BUILD) $(TOP)/tools/check-dkms.sh $(DKMS_KERNELS)

.PHONY: dist-deps check-dkms

# ward.service and its script, without systemd as PID 1 (needs wardctl).
check-service: wardctl
	BUILD=$(BUILD) $(TOP)/tools/check-service.sh

.PHONY: check-service

# wardctl(8) and ward.policy(5), generated from Documentation/ (rst2man).
MAN_DIR := $(BUILD)/man
man: $(MAN_DIR)/wardctl.8 $(MAN_DIR)/ward.policy.5

$(MAN_DIR)/wardctl.8: $(TOP)/Documentation/wardctl.rst $(TOP)/tools/rst2man.py
	@mkdir -p $(MAN_DIR)
	python3 $(TOP)/tools/rst2man.py wardctl 8 $< $@

$(MAN_DIR)/ward.policy.5: $(TOP)/Documentation/policy.rst $(TOP)/tools/rst2man.py
	@mkdir -p $(MAN_DIR)
	python3 $(TOP)/tools/rst2man.py ward.policy 5 $< $@

check-man: man
	$(TOP)/tools/check-man.sh $(MAN_DIR)

.PHONY: man check-man

# bash completion (contrib/bash-completion/wardctl), driven as bash does.
check-completion: wardctl
	BUILD=$(BUILD) $(TOP)/tools/check-completion.sh

.PHONY: check-completion

# Debian packages ward-dkms and wardctl under build/deb/, then lintian.
deb: dist-deps
	BUILD=$(BUILD) $(TOP)/tools/mkdeb.sh

.PHONY: deb

# Install the packages into a fresh Debian 12 root (debootstrap), check
# them, purge them and check that nothing is left.  Slow (minutes, and the
# network): not part of make check.
check-deb: deb
	BUILD=$(BUILD) $(TOP)/tools/check-deb.sh

.PHONY: check-deb

# ward.service under systemd as PID 1 (systemd-nspawn -b of the root that
# check-deb saves), with a stand-in engine: fail closed, fail open, reload.
check-boot: deb
	BUILD=$(BUILD) $(TOP)/tools/check-boot.sh

.PHONY: check-boot

# The quick packaging checks (about a minute, mostly dkms builds); the slow
# ones are check-deb and check-boot.
check-dist: check-dkms check-service check-man check-completion

.PHONY: check-dist
