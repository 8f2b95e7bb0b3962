/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Ward - user space API
 *
 * The binary policy that wardctl compiles and writes, in one write(2), to
 * /sys/kernel/security/ward/policy.  Every structure has an explicit size;
 * the kernel rejects a blob whose sizes, counts, offsets, versions, enum
 * values, flags or padding it does not know (-EINVAL), and a blob larger
 * than WARD_POLICY_MAX_SIZE (-E2BIG).
 *
 * Layout of a blob, all little endian, no holes:
 *
 *   struct ward_policy_header                  header_size bytes
 *   struct ward_domain_rec[domain_count]       domain_size bytes each
 *   struct ward_name[name_count]               WARD_NAME_LEN bytes each
 *   struct ward_bind_rec[bind_count]           bind_size bytes each
 *   struct ward_sc_rule[sc_rule_count]         sc_rule_size bytes each
 *
 * Names (domain names, filesystem types, system call names) are NUL
 * terminated and NUL padded to WARD_NAME_LEN; they use only [a-z0-9_.-]
 * and start with a letter or a digit.  Lists are ranges of the name table.
 */
#ifndef _UAPI_LINUX_WARD_H
#define _UAPI_LINUX_WARD_H

#include <linux/types.h>

/** WARD_POLICY_MAGIC - first four bytes of a policy blob: "WARD" */
#define WARD_POLICY_MAGIC	0x44524157U
/** WARD_ABI_VERSION - version of this binary format */
#define WARD_ABI_VERSION	2
/** WARD_POLICY_MAX_SIZE - largest blob the kernel accepts */
#define WARD_POLICY_MAX_SIZE	(256 * 1024)

#define WARD_NAME_LEN		32	/* including the terminating NUL */
#define WARD_MAX_DOMAINS	64
#define WARD_MAX_FSTYPES	16	/* per domain */
#define WARD_MAX_SYSCALLS	512	/* per list and domain */
#define WARD_NO_DOMAIN		0xffffffffU
#define WARD_MAX_BIND_RECS	256	/* cgroup path patterns per policy */
#define WARD_PATTERN_LEN	256	/* including the terminating NUL */
#define WARD_MAX_SC_RULES	1024	/* argument rules per policy */
#define WARD_SC_MAX_ARGS	6

/**
 * struct ward_policy_header - start of a policy blob
 * @magic: WARD_POLICY_MAGIC
 * @abi_version: WARD_ABI_VERSION
 * @header_size: sizeof(struct ward_policy_header)
 * @total_size: size of the whole blob, equal to the length of the write
 * @flags: none are defined yet: must be 0
 * @domain_count: number of domain records, at most WARD_MAX_DOMAINS
 * @domain_size: sizeof(struct ward_domain_rec)
 * @default_domain: index of the domain for container tasks of unbound
 *	cgroups, or WARD_NO_DOMAIN
 * @name_count: number of entries in the name table
 * @bind_count: number of cgroup path patterns, at most WARD_MAX_BIND_RECS
 * @bind_size: sizeof(struct ward_bind_rec)
 * @sc_rule_count: number of seccomp argument rules, at most
 *	WARD_MAX_SC_RULES
 * @sc_rule_size: sizeof(struct ward_sc_rule)
 */
struct ward_policy_header {
	__u32 magic;
	__u16 abi_version;
	__u16 header_size;
	__u32 total_size;
	__u32 flags;
	__u32 domain_count;
	__u32 domain_size;
	__u32 default_domain;
	__u32 name_count;
	__u32 bind_count;
	__u32 bind_size;
	__u32 sc_rule_count;
	__u32 sc_rule_size;
};

/**
 * struct ward_name - one entry of the name table
 * @name: NUL terminated and NUL padded
 */
struct ward_name {
	char name[WARD_NAME_LEN];
};

/**
 * struct ward_range - a list of names: entries [@first, @first + @count)
 * of the name table
 * @first: index of the first entry
 * @count: number of entries
 */
struct ward_range {
	__u32 first;
	__u32 count;
};

/**
 * enum ward_mode - what a domain does with a denial
 * @WARD_MODE_ENFORCE: deny the operation and report it
 * @WARD_MODE_COMPLAIN: allow the operation and report it
 */
enum ward_mode {
	WARD_MODE_ENFORCE = 0,
	WARD_MODE_COMPLAIN = 1,
};

/*
 * Mount rules (R-MNT).  Without WARD_MOUNT_ALLOW a domain task may not
 * mount, remount, bind, move, unmount, pivot_root or change mount
 * attributes at all.  With it, it may create mounts of the filesystem
 * types listed in ward_domain_rec.fstypes and change or remove mounts that
 * are not protected.  Protected filesystems (proc, sysfs, cgroup, ...)
 * and the mounts on top of them are never mountable nor changeable.
 */
#define WARD_MOUNT_ALLOW	0x1U
#define WARD_MOUNT_ALL		WARD_MOUNT_ALLOW

/**
 * enum ward_ptrace - which tasks a domain task may trace (R-PTR)
 * @WARD_PTRACE_NONE: none; read-mode access (ps, /proc/PID/status) to
 *	tasks of the same domain stays possible
 * @WARD_PTRACE_DOMAIN: tasks of the same domain
 *
 * Tracing across domains, and from a domain to the host, is always denied.
 */
enum ward_ptrace {
	WARD_PTRACE_NONE = 0,
	WARD_PTRACE_DOMAIN = 1,
};

/* Domain flags. */
/* The host may not ptrace (attach or read) this domain's tasks. */
#define WARD_DOM_HOST_PTRACE_DENY	0x1U
/* Writable-and-executable memory (mmap, mprotect) is denied (R-MEM). */
#define WARD_DOM_WX_DENY		0x2U
/*
 * A writable mapping never becomes executable, and no anonymous memory is
 * executable (R-MEM (b), PaX MPROTECT); implies WARD_DOM_WX_DENY.
 */
#define WARD_DOM_WX_STRICT		0x4U
/*
 * The domain's tasks may write host-global kernel state (global sysctls,
 * proc_create() files, sysfs) and use open_by_handle_at() and kernel perf
 * events; without it they are refused (kmod/kstate.c).
 */
#define WARD_DOM_KSTATE_ALLOW		0x8U
#define WARD_DOM_ALL			(0x10U - 1)

/**
 * enum ward_seccomp_action - what the domain's seccomp filter does with a
 * system call that is not allowed (R-SEC); applied by wardctl, not the kernel
 * @WARD_SECCOMP_NONE: the domain has no seccomp section
 * @WARD_SECCOMP_KILL: kill the process (SECCOMP_RET_KILL_PROCESS)
 * @WARD_SECCOMP_LOG: allow and log (SECCOMP_RET_LOG)
 * @WARD_SECCOMP_ERRNO: fail the call with EPERM
 * @WARD_SECCOMP_TRAP: send SIGSYS (SECCOMP_RET_TRAP)
 */
enum ward_seccomp_action {
	WARD_SECCOMP_NONE = 0,
	WARD_SECCOMP_KILL = 1,
	WARD_SECCOMP_LOG = 2,
	WARD_SECCOMP_ERRNO = 3,
	WARD_SECCOMP_TRAP = 4,
};

/* Built-in seccomp sets a domain's allowlist starts from (bit mask). */
#define WARD_SC_SET_MINIMAL	0x1U
#define WARD_SC_SET_SHELL	0x2U
#define WARD_SC_SET_NETSERVER	0x4U
#define WARD_SC_SET_ALL		0x7U

/* Seccomp flags. */
/* Calls of the built-in high-risk denylist named in sc_allow are allowed. */
#define WARD_SC_ALLOW_HIGHRISK	0x1U
#define WARD_SC_FLAGS_ALL	WARD_SC_ALLOW_HIGHRISK

/**
 * struct ward_domain_rec - one security domain (R-DOM)
 * @name: unique name of the domain
 * @mode: enum ward_mode
 * @mount: WARD_MOUNT_* flags
 * @ptrace: enum ward_ptrace
 * @flags: WARD_DOM_* flags
 * @fstypes: filesystem types a domain with WARD_MOUNT_ALLOW may mount, 1
 *	to WARD_MAX_FSTYPES, none of them protected; empty without
 *	WARD_MOUNT_ALLOW
 * @sc_action: enum ward_seccomp_action
 * @sc_sets: WARD_SC_SET_* bit mask
 * @sc_flags: WARD_SC_* flags
 * @sc_allow: system calls allowed beyond @sc_sets, at most WARD_MAX_SYSCALLS
 * @sc_deny: system calls denied even if @sc_sets allows them, at most
 *	WARD_MAX_SYSCALLS
 * @sc_rules: this domain's entries of the seccomp argument rule table (a
 *	range of that table, not of the name table); empty without a
 *	seccomp section
 * @reserved: must be 0
 *
 * Module loading, unloading, autoloading and kexec are denied to every
 * domain (R-MOD); there is nothing to configure.
 */
struct ward_domain_rec {
	char name[WARD_NAME_LEN];
	__u32 mode;
	__u32 mount;
	__u32 ptrace;
	__u32 flags;
	struct ward_range fstypes;
	__u32 sc_action;
	__u32 sc_sets;
	__u32 sc_flags;
	__u32 reserved0;
	struct ward_range sc_allow;
	struct ward_range sc_deny;
	struct ward_range sc_rules;
	__u32 reserved[2];
};

/**
 * struct ward_bind_rec - bind every cgroup whose path matches a pattern
 * @pattern: absolute path below the cgroup v2 root, NUL terminated and NUL
 *	padded; components are separated by one '/'; in a component '*'
 *	matches any run of characters and '?' any one character; a whole
 *	component "**" matches any number of components, none included.
 *	No empty component, no "." or "..", no control character, blank
 *	or '#'.
 * @domain: index of the domain
 * @flags: none are defined yet: must be 0
 *
 * A cgroup created while the policy is in force whose path matches a
 * pattern is bound to the pattern's domain as it is created, armed at
 * first exec ("bind ID DOMAIN exec" in Documentation/abi.rst); a cgroup
 * that exists when the policy is loaded is bound by the load, at once.  A
 * cgroup below a bound one is not bound again.  The first matching
 * record wins.
 */
struct ward_bind_rec {
	char pattern[WARD_PATTERN_LEN];
	__u32 domain;
	__u32 flags;
};

/**
 * enum ward_sc_op - how a system call argument is compared; the values
 * are libseccomp's enum scmp_compare
 * @WARD_SC_OP_NE: arg != value
 * @WARD_SC_OP_LT: arg < value
 * @WARD_SC_OP_LE: arg <= value
 * @WARD_SC_OP_EQ: arg == value
 * @WARD_SC_OP_GE: arg >= value
 * @WARD_SC_OP_GT: arg > value
 * @WARD_SC_OP_MASKED_EQ: (arg & value) == value2
 */
enum ward_sc_op {
	WARD_SC_OP_NE = 1,
	WARD_SC_OP_LT = 2,
	WARD_SC_OP_LE = 3,
	WARD_SC_OP_EQ = 4,
	WARD_SC_OP_GE = 5,
	WARD_SC_OP_GT = 6,
	WARD_SC_OP_MASKED_EQ = 7,
};

/**
 * struct ward_sc_arg - one argument comparison
 * @index: argument number, 0 to WARD_SC_MAX_ARGS - 1
 * @op: enum ward_sc_op
 * @value: the value compared with (the mask for WARD_SC_OP_MASKED_EQ)
 * @value2: for WARD_SC_OP_MASKED_EQ the value the masked argument must
 *	equal; 0 otherwise
 */
struct ward_sc_arg {
	__u32 index;
	__u32 op;
	__u64 value;
	__u64 value2;
};

/* What an argument rule does when all its comparisons hold. */
#define WARD_SC_RULE_ALLOW	1	/* allow the call */
#define WARD_SC_RULE_DENY	2	/* the domain's sc_action */

/**
 * struct ward_sc_rule - a seccomp rule with argument conditions (R-SEC)
 * @syscall: index of the system call's name in the name table
 * @action: WARD_SC_RULE_ALLOW or WARD_SC_RULE_DENY
 * @arg_count: number of comparisons in @args, 1 to WARD_SC_MAX_ARGS; all
 *	must hold (AND); one rule per argument index at most
 * @reserved: must be 0
 * @args: the comparisons; entries past @arg_count must be 0
 */
struct ward_sc_rule {
	__u32 syscall;
	__u32 action;
	__u32 arg_count;
	__u32 reserved;
	struct ward_sc_arg args[WARD_SC_MAX_ARGS];
};

#endif /* _UAPI_LINUX_WARD_H */
