// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl oci-hook [--config FILE]: an OCI createRuntime hook.
 *
 * The runtime runs it after it created the container's namespaces and
 * cgroup and before pivot_root, with the container's state JSON on
 * standard input.  The hook binds the cgroup of the state's pid to the
 * container's domain, armed at first exec: the runtime's own setup stays
 * allowed, the image's program is confined from its first instruction.
 *
 * The domain: annotation org.ward.domain of the state, or of
 * BUNDLE/config.json when the state does not carry it, else
 * "default-domain" of the configuration file (oci.h), else the domain of
 * a binding that covers the cgroup already (a pattern's, or a bound
 * ancestor's).  None: failure.  A container never leaves the domain such
 * a binding gives it: a different choice is refused.
 *
 * Fail closed: any failure exits 1 with one line on stderr,
 *   wardctl: oci-hook: container ID: REASON (ENAME)
 * and the runtime then refuses to start the container.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>

#include "oci.h"
#include "wardctl.h"

static int hook_fail(const char *id, const char *why)
{
	return ward_fail("oci-hook", "container %s: %s", id && *id ? id : "(unknown)",
			 why);
}

/* The annotation of BUNDLE/config.json: 1 found, 0 absent, -1 error. */
static int bundle_annotation(const char *bundle, char *out, char *err)
{
	struct json_object *root;
	char path[4200];
	int r;

	if (!bundle[0]) {
		return ward_oci_fail(err, "the state carries neither the annotation %s nor a bundle (EINVAL)",
				     WARD_OCI_ANNOTATION);
	}
	if (snprintf(path, sizeof(path), "%s/config.json", bundle) >=
	    (int)sizeof(path))
		return ward_oci_fail(err, "%s: path too long (ENAMETOOLONG)", bundle);
	if (ward_oci_json_read(path, &root, err))
		return -1;
	r = ward_oci_annotation(root, path, out, err);
	json_object_put(root);
	return r;
}

int cmd_oci_hook(int argc, char **argv)
{
	char err[WARD_OCI_ERRLEN], domain[WARD_NAME_LEN], ann[WARD_NAME_LEN];
	char cgroot[4096], dir[8192];
	const char *conf_path = NULL, *rel;
	struct ward_binding b;
	unsigned long long id;
	int bound;
	struct ward_oci_state st;
	struct ward_oci_conf conf;
	size_t len = 0, cap = 65536;
	char *buf;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			conf_path = argv[++i];
		else if (!strncmp(argv[i], "--config=", 9))
			conf_path = argv[i] + 9;
		else
			return ward_usage();
	}

	/* the state: read it whole, then parse */
	buf = malloc(cap + 1);
	while (buf) {
		ssize_t n = read(0, buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			ward_oci_fail(err, "cannot read the state on standard input: %s (%s)",
				      strerror(errno), ward_errname(errno));
			return hook_fail(NULL, err);
		}
		if (!n)
			break;
		len += n;
		if (len > WARD_OCI_JSON_MAX) {
			free(buf);
			return hook_fail(NULL, "the state on standard input is too large (E2BIG)");
		}
		if (len == cap) {
			char *nb = realloc(buf, 2 * cap + 1);

			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	if (!buf)
		return hook_fail(NULL, "out of memory (ENOMEM)");
	buf[len] = 0;
	r = ward_oci_state_parse(buf, len, &st, err);
	free(buf);
	if (r)
		return hook_fail(st.id, err);

	if (ward_oci_conf_read(conf_path, &conf, err))
		return hook_fail(st.id, err);
	if (st.has_domain) {
		strcpy(ann, st.domain);
		r = 1;
	} else {
		r = bundle_annotation(st.bundle, ann, err);
		if (r < 0)
			return hook_fail(st.id, err);
	}

	if (ward_cgroup2_root(cgroot, sizeof(cgroot)))
		return hook_fail(st.id, "no cgroup2 filesystem is mounted (ENOENT)");
	if (ward_oci_pid_cgroup("/proc", st.pid, cgroot, dir, sizeof(dir), err) ||
	    ward_cgroup_id(dir, &id, err, sizeof(err)))
		return hook_fail(st.id, err);
	rel = dir + strlen(cgroot);
	if (!*rel)
		rel = "/";
	/* a binding that covers the cgroup already: a pattern's, a parent's */
	bound = ward_oci_covering_binding(rel, id, &b, err);
	if (bound < 0 ||
	    ward_oci_choose_domain(r ? ann : NULL, &conf, bound ? b.domain : NULL,
				   domain, err))
		return hook_fail(st.id, err);
	if (bound && strcmp(b.domain, domain)) {
		if (b.id == id)
			ward_oci_fail(err, "%s is bound to domain '%s', not '%s' (EEXIST)",
				      dir, b.domain, domain);
		else
			ward_oci_fail(err, "%s is inside %s%s, bound to domain '%s', not '%s' (EEXIST)",
				      dir, cgroot, strcmp(b.path, "/") ? b.path : "",
				      b.domain, domain);
		return hook_fail(st.id, err);
	}
	if (ward_oci_bind(dir, domain, err))
		return hook_fail(st.id, err);
	return 0;
}
