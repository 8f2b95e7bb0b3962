/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wardctl - OCI runtimes: the configuration file /etc/ward/oci.conf, the
 * state a createRuntime hook reads, the choice of a container's domain,
 * the rewriting of a bundle's config.json and the command line of the
 * runtime that ward-runc wraps.  Used by "wardctl oci-hook" and ward-runc;
 * see Documentation/admin-guide.rst.
 *
 * Functions that can fail return 0 or -1 and put the reason, one line
 * "TEXT (ENAME)" without a newline, into a caller's WARD_OCI_ERRLEN buffer;
 * the caller prints it, prefixed with what it was doing.
 */
#ifndef WARDCTL_OCI_H
#define WARDCTL_OCI_H

#include <stddef.h>

#include "policy.h"
#include "wardctl.h"

struct json_object;

/* Format a reason into @err (WARD_OCI_ERRLEN bytes); returns -1. */
int ward_oci_fail(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define WARD_OCI_ERRLEN		1024
#define WARD_OCI_CONF_DEFAULT	"/etc/ward/oci.conf"
#define WARD_OCI_CONF_ENV	"WARD_OCI_CONF"
#define WARD_OCI_WARDCTL	"/usr/sbin/wardctl"
#define WARD_OCI_ANNOTATION	"org.ward.domain"
/* The largest state or config.json read (runc's are a few KiB). */
#define WARD_OCI_JSON_MAX	(16 << 20)

/**
 * struct ward_oci_conf - /etc/ward/oci.conf
 * @path: the file read ("" when the default file does not exist)
 * @explicit_path: @path was given (option or environment), not the default
 * @default_domain: "default-domain NAME", "" when absent
 * @runtime: "runtime PATH", "" when absent (ward-runc searches PATH)
 * @wardctl: "wardctl PATH", WARD_OCI_WARDCTL when absent
 * @annotation_domains: "annotation-domains NAME...": the only domains an
 *	annotation may name; @n_annotation_domains is -1 when the key is
 *	absent (any domain)
 */
#define WARD_OCI_MAX_ANNOTATION_DOMAINS	64
struct ward_oci_conf {
	char path[4096];
	int explicit_path;
	char default_domain[WARD_NAME_LEN];
	char runtime[4096];
	char wardctl[4096];
	char annotation_domains[WARD_OCI_MAX_ANNOTATION_DOMAINS][WARD_NAME_LEN];
	int n_annotation_domains;
};

/*
 * Read the configuration.  @path NULL: $WARD_OCI_CONF, else the default
 * file; only the default file may be missing (all defaults then).
 */
int ward_oci_conf_read(const char *path, struct ward_oci_conf *c, char *err);

/**
 * struct ward_oci_state - what a hook needs of the runtime's state JSON
 * @id: container id ("" if the state had none: then the parse failed)
 * @status: "creating" or "created" (anything else is refused)
 * @pid: the container's init process
 * @bundle: absolute bundle directory, "" if absent
 * @domain: annotation org.ward.domain, "" when the state does not carry it
 * @has_domain: the state carries the annotation
 */
struct ward_oci_state {
	char id[256];
	char status[32];
	long long pid;
	char bundle[4096];
	char domain[WARD_NAME_LEN];
	int has_domain;
};

/* Parse the state JSON of @len bytes at @text. */
int ward_oci_state_parse(const char *text, size_t len,
			 struct ward_oci_state *s, char *err);

/*
 * Parse a JSON text (a config.json, a state, a profile) into @root; the
 * error names @what and the line and column.
 */
int ward_oci_json_parse(const char *what, const char *text, size_t len,
			struct json_object **root, char *err);
/* Read and parse a whole JSON file. */
int ward_oci_json_read(const char *path, struct json_object **root, char *err);

/*
 * The annotation org.ward.domain of a config.json (or state) object:
 * 1 and @out set if present and a valid domain name, 0 if absent,
 * -1 if present but not a valid name.
 */
int ward_oci_annotation(struct json_object *root, const char *what,
			char *out, char *err);

/*
 * The container's domain: @annotation if not NULL (it must be one of
 * annotation-domains, if the key is set), else the configured default
 * domain, else @bound (the domain of a binding that covers the cgroup
 * already, or NULL); -1 when there is none (fail closed).
 */
int ward_oci_choose_domain(const char *annotation,
			   const struct ward_oci_conf *c, const char *bound,
			   char *out, char *err);

/*
 * Directory of the cgroup v2 cgroup of process @pid: the "0::" line of
 * @proc/PID/cgroup (proc is "/proc" outside tests) below @cgroot, the
 * cgroup2 mount point.
 */
int ward_oci_pid_cgroup(const char *proc, long long pid, const char *cgroot,
			char *dir, size_t len, char *err);

/*
 * The binding that covers the cgroup at @rel (its path below the cgroup2
 * root) with id @id: its own, else the nearest bound ancestor's.
 * 1 and @b set, 0 when none covers it, -1 when the bindings file cannot
 * be read.
 */
int ward_oci_covering_binding(const char *rel, unsigned long long id,
			      struct ward_binding *b, char *err);

/*
 * Bind cgroup directory @dir to @domain, armed at first exec.  An existing
 * binding to @domain is success; to another domain, failure.
 */
int ward_oci_bind(const char *dir, const char *domain, char *err);
/*
 * After EEXIST: 0 if the bindings file binds cgroup @id (directory @dir)
 * to @domain, -1 with the reason otherwise.
 */
int ward_oci_check_bound(const char *dir, unsigned long long id,
			 const char *domain, char *err);

/**
 * struct ward_oci_edit - what ward-runc changes in a config.json
 * @wardctl: absolute path of wardctl for the createRuntime hook
 * @conf: configuration file for the hook's --config, or NULL
 * @domain: value of the annotation org.ward.domain
 * @seccomp: the domain's profile (JSON object), or NULL to leave
 *	linux.seccomp as it is
 */
struct ward_oci_edit {
	const char *wardctl;
	const char *conf;
	const char *domain;
	struct json_object *seccomp;
};

/*
 * Apply @e to the config.json object @root: the hook is added at the head
 * of hooks.createRuntime unless a "wardctl oci-hook" entry is there, the
 * annotation set, linux.seccomp replaced by a copy of @e->seccomp.
 * Returns 0 or -1 (@root is not an object, or a field has a wrong type).
 */
int ward_oci_edit(struct json_object *root, const struct ward_oci_edit *e,
		  char *err);

/*
 * Write @root to @path atomically: a temporary file in the same directory
 * with the old file's mode and owner, fsync, rename over @path.
 */
int ward_oci_write_atomic(const char *path, struct json_object *root,
			  char *err);

enum ward_runc_action {
	WARD_RUNC_PASS,		/* any other command: exec the runtime as is */
	WARD_RUNC_CREATE,	/* create or run: rewrite config.json first */
	WARD_RUNC_REFUSE,	/* restore: refused, see ward_runc.c */
};

/**
 * struct ward_runc_args - a runc/crun command line, as far as ward-runc
 * needs it
 * @action: what ward-runc does
 * @command: the command word, NULL if none (--version, --help)
 * @bundle: --bundle/-b, NULL for the working directory
 * @config: crun's --config/-f, NULL for BUNDLE/config.json
 * @id: the container id (first operand after the command), or NULL
 * @log: global --log FILE, or NULL
 * @log_format: global --log-format, or NULL
 */
struct ward_runc_args {
	enum ward_runc_action action;
	const char *command;
	const char *bundle;
	const char *config;
	const char *id;
	const char *log;
	const char *log_format;
};

/*
 * Parse the runtime's command line (@argv[0] is the program).  Fails for an
 * unknown global option: ward-runc could not tell which word is the
 * command, and a "create" it cannot see would start a container without
 * its domain.
 */
int ward_runc_parse_args(int argc, char **argv, struct ward_runc_args *a,
			 char *err);

/* The config.json a create or run reads, into @buf. */
int ward_runc_config_path(const struct ward_runc_args *a, char *buf,
			  size_t len, char *err);

#endif /* WARDCTL_OCI_H */
