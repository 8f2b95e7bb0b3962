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
 * struct ward_sc_cond - one conditional allow rule of the filter: the call
 * is allowed when all comparisons hold (libseccomp's seccomp_rule_add()
 * with one struct scmp_arg_cmp per comparison, at most one per argument)
 * @name: the system call (points into the domain)
 * @nargs: number of comparisons, 1 to WARD_SC_MAX_ARGS
 * @args: the comparisons, enum ward_sc_op, host byte order
 */
struct ward_sc_cond {
	const char *name;
	unsigned int nargs;
	struct ward_sc_arg args[WARD_SC_MAX_ARGS];
};

/**
 * struct ward_sc_profile - what a domain's filter does, in names
 * @action: enum ward_seccomp_action of everything not in @allow
 * @allow: the effective allowlist: the sets and `allow`, less `deny`, the
 *	high-risk calls not explicitly permitted, and the ptrace family
 *	unless the domain has `ptrace domain`
 * @deny: the explicit denials: `deny` and the high-risk calls not allowed
 * @cond: the conditional allow rules, sorted by name, a call's rules in
 *	the order of the policy: the argument rules of the domain resolved
 *	into libseccomp's form (see ward_seccomp_profile()); a call with
 *	rules here is not in @allow
 * @ncond: their number
 *
 * ward_seccomp_profile() resolves the argument rules of a call N so:
 * its allow rules, if any, replace the unconditional allowance of a set
 * (an explicit `allow N` with allow rules is an error of the check);
 * without allow rules, N's base is "allowed" if @allow has it, else
 * nothing.  Each deny rule of N then removes what it matches: the base is
 * ANDed with the negation of the rule (an OR of single comparisons) and
 * the result expanded into rules of at most one comparison per argument.
 * A call denied unconditionally (@deny) keeps no rule.
 */
struct ward_sc_profile {
	__u32 action;
	struct ward_sc_list allow;
	struct ward_sc_list deny;
	struct ward_sc_cond *cond;
	unsigned int ncond;
};

int ward_seccomp_profile(const struct wp_domain *d, struct ward_sc_profile *out);
void ward_seccomp_profile_free(struct ward_sc_profile *prof);
int ward_sc_list_has(const struct ward_sc_list *l, const char *name);

/* libseccomp rules per system call, at most, after resolution */
#define WARD_SC_MAX_EXPANSION	256

/*
 * Resolve the argument rules of system call @name of domain @d (see struct
 * ward_sc_profile) with @base_allowed telling whether the call is allowed
 * unconditionally without them.  Appends the resulting rules to @prof
 * (sets *@uncond when the result is an unconditional allowance instead).
 * Returns 0; -1 when the result cannot be expressed (two different
 * comparisons of one argument in one rule), with *@culprit the deny rule
 * that made it so; -2 when out of memory.
 */
int ward_seccomp_resolve_rules(const struct wp_domain *d, const char *name,
			       int base_allowed, struct ward_sc_profile *prof,
			       int *uncond, const struct wp_sc_rule **culprit);

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
/*
 * Import as Docker would apply the profile to a container with the
 * capabilities @caps (NULL-terminated CAP_* names; NULL: Docker's default
 * set) on x86_64.
 */
int ward_seccomp_import_caps(const char *path, const char *const *caps,
			     FILE *out);
int ward_seccomp_record(char **argv, FILE *out);

#endif /* WARDCTL_SECCOMP_H */
