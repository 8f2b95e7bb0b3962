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


/* --- additions for the parser, the printer and the tests --- */

/*
 * Not <seccomp.h> here: the tests build with -I. (this directory), where
 * that name is this file.  libseccomp's scmp_filter_ctx is a void *.
 */
#include <stdint.h>

/*
 * NULL-terminated list of the calls of one set (one WARD_SC_SET_* bit), or
 * NULL.  The names of sets and actions are policy.c's wp_sc_set_name() and
 * wp_sc_action_name().
 */
const char *const *ward_seccomp_set_calls(__u32 bit);

/* The high-risk denylist: the reason a call is on it, or NULL. */
const char *ward_seccomp_highrisk_reason(const char *name);
/* i-th entry of the denylist, NULL past the end. */
const char *ward_seccomp_highrisk_name(unsigned int i);
/* ptrace, process_vm_readv/writev, pidfd_getfd: need `ptrace domain`. */
int ward_seccomp_is_ptrace_family(const char *name);
/* x86_64 system call number of a name, -1 when it is not one. */
int ward_seccomp_resolve(const char *name);

/** struct ward_sc_list - a sorted list of distinct system call names */
struct ward_sc_list {
	const char **names;	/* point into static tables or the domain */
	unsigned int count;
	unsigned int cap;
};

/**
 * struct ward_sc_profile - what a domain's filter does, in names
 * @action: enum ward_seccomp_action of everything not in @allow
 * @allow: the effective allowlist: the sets and `allow`, less `deny`, the
 *	high-risk calls not explicitly permitted, and the ptrace family
 *	unless the domain has `ptrace domain`
 * @deny: the explicit denials: `deny` and the high-risk calls not allowed
 */
struct ward_sc_profile {
	__u32 action;
	struct ward_sc_list allow;
	struct ward_sc_list deny;
};

int ward_seccomp_profile(const struct wp_domain *d, struct ward_sc_profile *out);
void ward_seccomp_profile_free(struct ward_sc_profile *prof);
int ward_sc_list_has(const struct ward_sc_list *l, const char *name);

/* libseccomp action of an enum ward_seccomp_action (0 for NONE). */
uint32_t ward_seccomp_scmp_action(__u32 action);

/*
 * Build the domain's filter: native x86_64 only (any other architecture,
 * and x32, kill the process), default action from sc_action, one allow
 * rule per allowed call.  NULL with a reason on stderr on failure.
 */
void *ward_seccomp_filter(const struct wp_domain *d);	/* scmp_filter_ctx */

/* Build the domain's filter and write its BPF program to @fd. 0 or -1. */
int ward_seccomp_export_bpf(const struct wp_domain *d, int fd);

/* Subcommands, for cmd_seccomp() and the tests. */
int ward_seccomp_import(const char *path, FILE *out);
int ward_seccomp_record(char **argv, FILE *out);

#endif /* WARDCTL_SECCOMP_H */
