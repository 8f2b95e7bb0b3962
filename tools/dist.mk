# SPDX-License-Identifier: GPL-2.0
#
# Packaging targets, included by the top-level Makefile (TOP, BUILD and
# WARDCTL come from there).
#
# Documentation/admin-guide.rst, "Installing from packages".
#
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
