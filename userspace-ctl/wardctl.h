/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wardctl - internal interfaces between the commands and the shared
 * helpers (securityfs access, cgroup paths).
 */
#ifndef WARDCTL_H
#define WARDCTL_H

#include <stddef.h>

#include "policy.h"

/*
 * The securityfs directory.  WARD_SECURITYFS overrides it: a testing aid,
 * so that the commands that write control files can be tried against a
 * plain directory.
 */
#define WARD_SECURITYFS_DEFAULT	"/sys/kernel/security/ward"

const char *ward_fs_dir(void);
/* Read a whole control file; NUL terminated.  0, or -1 with errno. */
int ward_fs_read(const char *name, char **buf, size_t *len);
/* One write(2) of @len bytes.  0, or -1 with errno. */
int ward_fs_write(const char *name, const void *buf, size_t len);
/*
 * Report a failed access to control file @name as one line
 * "wardctl: CMD: MEANING (ENAME)" and return 1 (the exit status).
 * @writing: the failure came from write(2), not open(2) or read(2).
 */
int ward_fs_fail(const char *cmd, const char *name, int writing, int err);
/*
 * The same reason, "MEANING (ENAME)", into @buf instead of a line on
 * stderr; for commands that print their own line (oci-hook).
 */
void ward_fs_reason(const char *cmd, const char *name, int writing, int err,
		    char *buf, size_t len);
/* "wardctl: CMD: ..." on stderr; returns 1. */
int ward_fail(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "ENAME" of an errno value. */
const char *ward_errname(int err);

/* Read and decode the policy in force; 0, or 1 after reporting. */
int ward_read_policy(const char *cmd, struct wp_policy *p);

/* The first cgroup2 mount of /proc/self/mountinfo; 0 or -1. */
int ward_cgroup2_root(char *buf, size_t len);
/*
 * Resolve a command line CGROUP (absolute, or relative to the cgroup2
 * root) to its path and cgroup id; checks that it is a cgroup2 directory.
 * 0, or 1 after reporting.
 */
int ward_cgroup_resolve(const char *cmd, const char *arg, char *path,
			size_t len, unsigned long long *id);
/*
 * The cgroup id of directory @path after checking that it is a cgroup2
 * directory; 0, or -1 with "PATH: REASON (ENAME)" in @why.
 */
int ward_cgroup_id(const char *path, unsigned long long *id, char *why,
		   size_t len);

/**
 * struct ward_binding - one line of the bindings file
 * @id: cgroup id
 * @domain: domain name
 * @arm: "now", "exec", or NULL when the kernel wrote no arming mode
 * @path: cgroup path below the cgroup2 root ("" if the line has none)
 * @path_buf: storage of @path for ward_binding_find()
 */
struct ward_binding {
	unsigned long long id;
	char domain[WARD_NAME_LEN];
	const char *arm;
	const char *path;
	char path_buf[4096];
};

/*
 * Parse one line, "CGID DOMAIN ARM PATH" or the older "CGID DOMAIN PATH";
 * @b->path points into @line.  0, or -1 for a malformed line.
 */
int ward_binding_parse(char *line, struct ward_binding *b);
/*
 * Read the bindings file and find cgroup @id.  0; -1 with errno ENOENT
 * when it is not listed, or the errno of the read.
 */
int ward_binding_find(unsigned long long id, struct ward_binding *b);

/*
 * JSON output (json_out.c); Documentation/wardctl.rst has the schema.
 * Strings from the kernel are untrusted: valid UTF-8 becomes a JSON
 * string, anything else an array of its bytes.  A line that has no known
 * form is passed on whole (an "unparsed" record or entry), never guessed
 * at.  Each returns a new object, or NULL when out of memory.
 */
struct json_object;
/* @s as a JSON string, or as the array of its bytes if not UTF-8. */
struct json_object *ward_json_str(const char *s);
/*
 * One line of the events file, without its newline: {"type": "event",
 * ...}, {"type": "lost", "lost": N} or {"type": "unparsed", "line": ...}.
 */
struct json_object *ward_json_event(const char *line);
/*
 * The status file and the bindings file (both modified) as one object;
 * @root is the cgroup2 mount point, "" if unknown.
 */
struct json_object *ward_json_status(char *status, char *bindings,
				     const char *root);
/* @o as one line of JSON text, without the newline; owned by @o. */
const char *ward_json_text(struct json_object *o);

int cmd_check(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_unbind(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_lock(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_oci_hook(int argc, char **argv);

/* Print the usage summary to stderr and return 2. */
int ward_usage(void);

#endif /* WARDCTL_H */
