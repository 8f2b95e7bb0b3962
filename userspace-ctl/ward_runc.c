// SPDX-License-Identifier: GPL-2.0
/*
 * ward-runc - an OCI runtime wrapper that puts every container it creates
 * into its Ward domain, then runs the real runtime (runc or crun).
 *
 *   ward-runc [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]
 *
 * The command line is the real runtime's.  For "create" and "run",
 * ward-runc first rewrites the bundle's config.json (atomically):
 *
 *   - the container's domain is the annotation org.ward.domain, else
 *     "default-domain" of /etc/ward/oci.conf; none, or one that the loaded
 *     policy lacks, refuses the container (fail closed);
 *   - the annotation is set to that domain, so that the hook binds the
 *     domain whose profile was chosen;
 *   - a createRuntime hook "wardctl oci-hook" is added at the head of
 *     hooks.createRuntime, unless one is there;
 *   - if the domain has a seccomp section, its profile (exported from the
 *     loaded policy) replaces linux.seccomp, the engine's own profile
 *     included; otherwise linux.seccomp stays as it is.
 *
 * "restore" is refused: a restored process never executes, so a binding
 * armed at first exec would never confine it.  Every other command passes
 * through unchanged.  Then ward-runc execs the real runtime ("runtime" of
 * oci.conf, else the first "runc" in PATH that is not ward-runc) with the
 * same arguments, argv[0] being the runtime's path (crun picks a handler
 * by its argv[0]).
 *
 * Failure: exit 1 and one line on stderr, "ward-runc: container ID: REASON
 * (ENAME)"; the line is also appended to the runtime's --log file, in its
 * --log-format (text or json), where containerd and Docker look for the
 * reason of a failed create.  Configuration: $WARD_OCI_CONF names another
 * oci.conf.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "oci.h"
#include "policy.h"
#include "seccomp.h"
#include "wardctl.h"

static struct ward_runc_args args;

/* Append @msg to the runtime's log file, as runc would log an error. */
static void log_error(const char *msg)
{
	const char *path = args.log;
	char stamp[64], *line = NULL;
	struct json_object *o;
	struct tm tm;
	time_t now;
	int fd, n;

	if (!path || !*path)
		return;
	/* crun: file:PATH, journald:ID, syslog:ID */
	if (!strncmp(path, "file:", 5))
		path += 5;
	else if (path[0] != '/' && strchr(path, ':'))
		return;
	now = time(NULL);
	if (!gmtime_r(&now, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm))
		strcpy(stamp, "1970-01-01T00:00:00Z");
	o = json_object_new_object();
	json_object_object_add(o, "level", json_object_new_string("error"));
	json_object_object_add(o, "msg", json_object_new_string(msg));
	json_object_object_add(o, "time", json_object_new_string(stamp));
	if (args.log_format && !strcmp(args.log_format, "json")) {
		n = asprintf(&line, "%s\n", json_object_to_json_string_ext(o,
			     JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		struct json_object *m = json_object_new_string(msg);

		n = asprintf(&line, "time=\"%s\" level=error msg=%s\n", stamp,
			     json_object_to_json_string_ext(m, JSON_C_TO_STRING_PLAIN |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(m);
	}
	json_object_put(o);
	if (n < 0)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		/* a short write loses nothing: the line is on stderr as well */
		ssize_t w = write(fd, line, n);

		(void)w;
		close(fd);
	}
	free(line);
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	char reason[WARD_OCI_ERRLEN], msg[WARD_OCI_ERRLEN + 300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (args.action == WARD_RUNC_CREATE)
		snprintf(msg, sizeof(msg), "container %s: %s",
			 args.id ? args.id : "(unknown)", reason);
	else
		snprintf(msg, sizeof(msg), "%s", reason);
	fprintf(stderr, "ward-runc: %s\n", msg);
	log_error(msg);
	return 1;
}

static int same_file(const char *a, const struct stat *b)
{
	struct stat st;

	return !stat(a, &st) && st.st_dev == b->st_dev && st.st_ino == b->st_ino;
}

/* The real runtime: configured, else "runc" in PATH that is not us. */
static int find_runtime(const struct ward_oci_conf *c, char *out, size_t len)
{
	const char *path = getenv("PATH");
	struct stat self;
	char *dirs, *d, *save = NULL;
	int found = 0;

	if (stat("/proc/self/exe", &self))
		return fail("/proc/self/exe: %s (%s)", strerror(errno),
			    ward_errname(errno));
	if (c->runtime[0]) {
		if (access(c->runtime, X_OK))
			return fail("runtime %s (%s): %s (%s)", c->runtime,
				    c->path, strerror(errno), ward_errname(errno));
		if (same_file(c->runtime, &self))
			return fail("runtime %s (%s) is ward-runc itself (ELOOP)",
				    c->runtime, c->path);
		snprintf(out, len, "%s", c->runtime);
		return 0;
	}
	dirs = strdup(path && *path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	if (!dirs)
		return fail("out of memory (ENOMEM)");
	for (d = strtok_r(dirs, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		if (snprintf(out, len, "%s/runc", *d ? d : ".") >= (int)len)
			continue;
		if (!access(out, X_OK) && !same_file(out, &self))
			found = 1;
	}
	free(dirs);
	if (!found)
		return fail("no runc in PATH other than ward-runc, and no 'runtime' in %s (ENOENT)",
			    c->path[0] ? c->path : WARD_OCI_CONF_DEFAULT);
	return 0;
}

/*
 * The domain's profile as a JSON object, or NULL with *@none set when the
 * domain has no seccomp section.  The export's own message, if it fails,
 * becomes part of our one line.
 */
static int export_profile(const struct wp_domain *d, struct json_object **out)
{
	char err[WARD_OCI_ERRLEN], *text = NULL;
	size_t len = 0;
	FILE *mem, *errf;
	int saved, r;

	*out = NULL;
	if (d->sc_action == WARD_SECCOMP_NONE)
		return 0;
	mem = open_memstream(&text, &len);
	errf = tmpfile();
	if (!mem || !errf) {
		if (mem)
			fclose(mem);
		if (errf)
			fclose(errf);
		free(text);
		return fail("out of memory (ENOMEM)");
	}
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(errf), 2);
	r = ward_seccomp_export(d, mem);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(mem);
	if (r) {
		char line[512] = "";

		rewind(errf);
		if (!fgets(line, sizeof(line), errf))
			strcpy(line, "failed");
		line[strcspn(line, "\n")] = 0;
		fclose(errf);
		free(text);
		return fail("cannot export the seccomp profile of domain '%s': %s",
			    d->name, line);
	}
	fclose(errf);
	r = ward_oci_json_parse("the exported profile", text, len, out, err);
	free(text);
	if (r)
		return fail("%s", err);
	return 0;
}

/* Read the policy in force; one line on failure. */
static int read_policy(struct wp_policy *p)
{
	char why[WARD_OCI_ERRLEN];
	size_t len;
	char *buf;
	FILE *null;
	int r;

	memset(p, 0, sizeof(*p));
	p->default_domain = -1;
	if (ward_fs_read("policy", &buf, &len)) {
		ward_fs_reason("ward-runc", "policy", 0, errno, why, sizeof(why));
		return fail("cannot read the policy: %s", why);
	}
	if (!len) {
		free(buf);
		return fail("no policy is loaded (ENOENT)");
	}
	null = fopen("/dev/null", "we");
	wp_diag = null;
	r = wp_decode(buf, len, p);
	wp_diag = NULL;
	if (null)
		fclose(null);
	free(buf);
	if (r)
		return fail("cannot decode the loaded policy (EINVAL)");
	return 0;
}

static int prepare(const struct ward_oci_conf *conf)
{
	char err[WARD_OCI_ERRLEN], path[4200], ann[WARD_NAME_LEN];
	char domain[WARD_NAME_LEN];
	struct ward_oci_edit e = { 0 };
	struct json_object *root = NULL, *prof = NULL;
	const struct wp_domain *d;
	struct wp_policy p;
	int r, ret = 1;

	if (ward_runc_config_path(&args, path, sizeof(path), err) ||
	    ward_oci_json_read(path, &root, err))
		return fail("%s", err);
	r = ward_oci_annotation(root, path, ann, err);
	if (r < 0 || ward_oci_choose_domain(r ? ann : NULL, conf, NULL, domain, err)) {
		json_object_put(root);
		return fail("%s", err);
	}
	if (access(conf->wardctl, X_OK)) {
		json_object_put(root);
		return fail("wardctl %s: %s (%s)", conf->wardctl, strerror(errno),
			    ward_errname(errno));
	}
	if (read_policy(&p)) {
		json_object_put(root);
		return 1;
	}
	d = wp_find_domain(&p, domain);
	if (!d) {
		fail("domain '%s' is not in the loaded policy (ENOENT)", domain);
		goto out;
	}
	if (export_profile(d, &prof))
		goto out;
	e.wardctl = conf->wardctl;
	e.conf = conf->explicit_path ? conf->path : NULL;
	e.domain = domain;
	e.seccomp = prof;
	if (ward_oci_edit(root, &e, err) ||
	    ward_oci_write_atomic(path, root, err)) {
		fail("%s: %s", path, err);
		goto out;
	}
	ret = 0;
out:
	json_object_put(prof);
	json_object_put(root);
	wp_free(&p);
	return ret;
}

int main(int argc, char **argv)
{
	char err[WARD_OCI_ERRLEN], runtime[4096];
	struct ward_oci_conf conf;
	char **nargv;

	if (argc < 1)
		return 2;
	if (ward_runc_parse_args(argc, argv, &args, err))
		return fail("%s", err);
	if (ward_oci_conf_read(NULL, &conf, err))
		return fail("%s", err);
	if (args.action == WARD_RUNC_REFUSE)
		return fail("'%s' is refused: a restored container never executes, so Ward could not confine it from its first exec (EPERM)",
			    args.command);
	if (find_runtime(&conf, runtime, sizeof(runtime)))
		return 1;
	if (args.action == WARD_RUNC_CREATE && prepare(&conf))
		return 1;
	nargv = calloc(argc + 1, sizeof(*nargv));
	if (!nargv)
		return fail("out of memory (ENOMEM)");
	memcpy(nargv, argv, argc * sizeof(*nargv));
	nargv[0] = runtime;
	execv(runtime, nargv);
	return fail("cannot execute %s: %s (%s)", runtime, strerror(errno),
		    ward_errname(errno));
}
