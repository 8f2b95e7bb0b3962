// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl exec --domain D -- CMD [ARGS...]: run CMD in domain D.
 *
 * 1. read the policy in force and find D (a domain task may not read the
 *    policy, so this comes first);
 * 2. create <cgroup2 root>/ward/D and bind it to D unless it is bound
 *    already (EEXIST is fine only if the binding names D);
 * 3. move this process there (write "0" to its cgroup.procs);
 * 4. install D's seccomp filter (no_new_privs first), if D has one;
 * 5. execvp(CMD).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wardctl.h"
#include "seccomp.h"

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		return ward_fail("exec", "cannot create cgroup %s: %s (%s)", path,
				 strerror(errno), ward_errname(errno));
	return 0;
}

/* The domain the bindings file names for cgroup @id, or NULL. */
static char *bound_domain(unsigned long long id, char *out, size_t len)
{
	struct ward_binding b;

	if (ward_binding_find(id, &b))
		return NULL;
	snprintf(out, len, "%s", b.domain);
	return out;
}

static int bind_cgroup(const char *path, unsigned long long id,
		       const char *domain)
{
	char cmdline[128], dom[WARD_NAME_LEN + 1];
	int n;

	n = snprintf(cmdline, sizeof(cmdline), "bind %llu %s", id, domain);
	if (!ward_fs_write("bindings", cmdline, n))
		return 0;
	if (errno != EEXIST)
		return ward_fs_fail("exec", "bindings", 1, errno);
	if (!bound_domain(id, dom, sizeof(dom)))
		return ward_fail("exec", "%s is bound, but not in the bindings file (EEXIST)",
				 path);
	if (strcmp(dom, domain))
		return ward_fail("exec", "%s is bound to domain '%s', not '%s' (EEXIST)",
				 path, dom, domain);
	return 0;
}

static int join_cgroup(const char *path)
{
	char procs[4200];
	ssize_t r;
	int fd;

	if (snprintf(procs, sizeof(procs), "%s/cgroup.procs", path) >=
	    (int)sizeof(procs))
		return ward_fail("exec", "%s: path too long (ENAMETOOLONG)", path);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return ward_fail("exec", "%s: %s (%s)", procs, strerror(errno),
				 ward_errname(errno));
	r = write(fd, "0", 1);
	if (r != 1) {
		int err = r < 0 ? errno : EIO;

		close(fd);
		return ward_fail("exec", "cannot move into %s: %s (%s)", path,
				 strerror(err), ward_errname(err));
	}
	close(fd);
	return 0;
}

int cmd_exec(int argc, char **argv)
{
	const char *domain = NULL;
	const struct wp_domain *d;
	char root[4096], path[4200];
	unsigned long long id;
	struct wp_policy p;
	struct stat st;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--domain") && i + 1 < argc) {
			domain = argv[++i];
		} else if (!strncmp(argv[i], "--domain=", 9)) {
			domain = argv[i] + 9;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (argv[i][0] == '-') {
			return ward_usage();
		} else {
			break;
		}
	}
	if (!domain || i >= argc)
		return ward_usage();
	if (!wp_name_valid(domain))
		return ward_fail("exec", "'%s' is not a valid domain name (EINVAL)",
				 domain);

	if (ward_read_policy("exec", &p))
		return 1;
	d = wp_find_domain(&p, domain);
	if (!d) {
		wp_free(&p);
		return ward_fail("exec", "no domain '%s' in the loaded policy (ENOENT)",
				 domain);
	}
	if (ward_cgroup2_root(root, sizeof(root)))
		return ward_fail("exec", "no cgroup2 filesystem is mounted (ENOENT)");
	if (snprintf(path, sizeof(path), "%s/ward", root) >= (int)sizeof(path) ||
	    make_dir(path))
		return 1;
	if (snprintf(path, sizeof(path), "%s/ward/%s", root, domain) >=
	    (int)sizeof(path) || make_dir(path))
		return 1;
	if (stat(path, &st))
		return ward_fail("exec", "%s: %s (%s)", path, strerror(errno),
				 ward_errname(errno));
	id = (unsigned long long)st.st_ino;
	if (bind_cgroup(path, id, domain) || join_cgroup(path))
		return 1;
	/* on failure, ward_seccomp_install() has said why in one line */
	if (ward_seccomp_install(d))
		return 1;
	execvp(argv[i], argv + i);
	return ward_fail("exec", "%s: %s (%s)", argv[i], strerror(errno),
			 ward_errname(errno));
}
