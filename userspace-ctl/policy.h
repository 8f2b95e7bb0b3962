/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wardctl - the policy tree: what the parser produces, the compiler turns
 * into a uapi blob, the decoder rebuilds from a blob and the printer prints.
 */
#ifndef WARDCTL_POLICY_H
#define WARDCTL_POLICY_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "../uapi/ward.h"

/** struct wp_pos - where something stands in the policy file (1-based) */
struct wp_pos {
	unsigned int line;
	unsigned int col;
};

/** struct wp_list - a list of names (filesystem types, system calls) */
struct wp_list {
	char (*names)[WARD_NAME_LEN];
	struct wp_pos *pos;		/* one per name; NULL after decoding */
	unsigned int count;
};

/**
 * struct wp_sc_rule - a seccomp rule with argument conditions, in uapi
 * terms (struct ward_sc_rule, host byte order)
 * @name: the system call
 * @action: WARD_SC_RULE_ALLOW or WARD_SC_RULE_DENY
 * @nargs: number of comparisons, 1 to WARD_SC_MAX_ARGS, ANDed
 * @args: the comparisons (enum ward_sc_op); unused entries are 0
 * @pos: the system call's name in the file, {0, 0} after decoding
 * @arg_pos: each comparison's "argN" in the file
 */
struct wp_sc_rule {
	char name[WARD_NAME_LEN];
	__u32 action;
	unsigned int nargs;
	struct ward_sc_arg args[WARD_SC_MAX_ARGS];
	struct wp_pos pos;
	struct wp_pos arg_pos[WARD_SC_MAX_ARGS];
};

/**
 * struct wp_bind - "bind PATTERN DOMAIN": a cgroup path pattern
 * @pattern: as written, NUL terminated (struct ward_bind_rec)
 * @domain: index of the domain, -1 until resolved
 * @domain_name: the domain as written
 * @pos: the pattern in the file
 * @domain_pos: the domain name in the file
 */
struct wp_bind {
	char pattern[WARD_PATTERN_LEN];
	int domain;
	char domain_name[WARD_NAME_LEN];
	struct wp_pos pos;
	struct wp_pos domain_pos;
};

/** struct wp_domain - one domain, in uapi terms (see uapi/ward.h) */
struct wp_domain {
	char name[WARD_NAME_LEN];
	struct wp_pos pos;
	__u32 mode;			/* enum ward_mode */
	__u32 mount;			/* WARD_MOUNT_* */
	__u32 ptrace;			/* enum ward_ptrace */
	__u32 flags;			/* WARD_DOM_* */
	struct wp_list fstypes;
	__u32 sc_action;		/* enum ward_seccomp_action */
	__u32 sc_sets;			/* WARD_SC_SET_* */
	__u32 sc_flags;			/* WARD_SC_* */
	struct wp_list sc_allow;
	struct wp_list sc_deny;
	struct wp_sc_rule *sc_rules;	/* argument rules, in file order */
	unsigned int sc_nrules;
	struct wp_pos sc_pos;		/* the seccomp block, for warnings */
	/*
	 * Where each statement stands, for diagnostics; {0, 0} when the
	 * statement was not written (default value) or after decoding.
	 */
	struct wp_pos mode_pos;
	struct wp_pos mount_pos;
	struct wp_pos ptrace_pos;
	struct wp_pos host_ptrace_pos;
	struct wp_pos memory_pos;
	struct wp_pos modules_pos;
	struct wp_pos kstate_pos;
	struct wp_pos sc_action_pos;
	struct wp_pos sc_base_pos;
	struct wp_pos sc_highrisk_pos;
};

/** struct wp_policy - a whole policy file */
struct wp_policy {
	const char *file;		/* for diagnostics */
	struct wp_domain *domains;
	unsigned int ndomains;
	int default_domain;		/* index, or -1 */
	struct wp_pos default_pos;	/* the default statement, or {0, 0} */
	struct wp_bind *binds;		/* file order = priority */
	unsigned int nbinds;
};

/*
 * Where diagnostics go; NULL means stderr.  The unit tests point it at a
 * memory stream to compare the messages.
 */
extern FILE *wp_diag;

/*
 * Diagnostics go to stderr as "FILE:LINE:COL: error: TEXT" or
 * "FILE:LINE:COL: warning: TEXT".
 */
void wp_error(const struct wp_policy *p, struct wp_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void wp_warn(const struct wp_policy *p, struct wp_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* 1-based line and column of byte @off of @buf (JSON syntax errors). */
void wp_line_col(const char *buf, size_t off, unsigned int *line,
		 unsigned int *col);

int wp_parse_file(const char *path, struct wp_policy *out);
int wp_parse_buf(const char *file, const char *buf, size_t len,
		 struct wp_policy *out);
int wp_check(const struct wp_policy *p, unsigned int *warnings);
int wp_compile(const struct wp_policy *p, void **blob, size_t *len);
int wp_decode(const void *blob, size_t len, struct wp_policy *out);
/*
 * Print @p as policy text in canonical form.  Returns 0; -1 (printing
 * nothing, with an error through wp_error()) when the text could not be
 * parsed back: a seccomp name that is a word of the language ("if").
 */
int wp_print(FILE *out, const struct wp_policy *p);
void wp_free(struct wp_policy *p);
const struct wp_domain *wp_find_domain(const struct wp_policy *p,
				       const char *name);

/* Names of enum values and sets, as the language spells them. */
const char *wp_mode_name(__u32 mode);
const char *wp_ptrace_name(__u32 ptrace);
const char *wp_sc_action_name(__u32 action);
const char *wp_sc_set_name(__u32 bit);		/* one WARD_SC_SET_* bit */
/* "!=", "<", "<=", "==", ">=", ">" of an enum ward_sc_op; "&" for MASKED_EQ */
const char *wp_sc_op_name(__u32 op);
/* Print one rule as the language writes it: "allow NAME if arg0 == 1". */
void wp_print_sc_rule(FILE *out, const struct wp_sc_rule *r);
/*
 * R-LVL: a pattern that matches every cgroup or every top-level cgroup
 * (its first component only wildcards); the reason, or NULL.
 */
const char *wp_bind_overbroad(const char *pattern);

/* A valid uapi name: [a-z0-9_.-], starts with a letter or digit, short. */
int wp_name_valid(const char *name);

/*
 * Filesystem types (fstypes.c, the one place that lists them):
 * protected ones may never be named in "mount allow"; block device ones
 * get an R-LVL warning.
 */
int wp_fstype_protected(const char *name);
int wp_fstype_blockdev(const char *name);

#endif /* WARDCTL_POLICY_H */
