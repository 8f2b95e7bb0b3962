/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wardctl - seccomp profiles (R-SEC), built with libseccomp.
 */
#ifndef WARDCTL_SECCOMP_H
#define WARDCTL_SECCOMP_H

#include <stdio.h>
#include "policy.h"

/*
 * Check a domain's seccomp section: unknown system call or set names are
 * errors (return -1), over-broad grants (a high-risk call allowed, ptrace
 * allowed while the domain's ptrace rule is "none") are warnings counted in
 * *warnings.  Diagnostics go through wp_error()/wp_warn().
 */
int ward_seccomp_check(const struct wp_policy *p, const struct wp_domain *d,
		       unsigned int *warnings);

/*
 * Set no_new_privs and load the domain's filter into the calling process.
 * Does nothing and returns 0 for a domain without a seccomp section.
 * Returns 0, or -1 with a one-line reason on stderr.
 */
int ward_seccomp_install(const struct wp_domain *d);

/* Write the domain's profile as OCI runtime-spec / Docker JSON. */
int ward_seccomp_export(const struct wp_domain *d, FILE *out);

/* "wardctl seccomp SUBCOMMAND ...": export, import, record. */
int cmd_seccomp(int argc, char **argv);

#endif /* WARDCTL_SECCOMP_H */
