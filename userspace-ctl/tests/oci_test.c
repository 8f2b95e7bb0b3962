// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the OCI pieces: oci.conf, the hook's state JSON, the
 * domain choice, the config.json rewrite and its atomic write, ward-runc's
 * command line parsing, and both binaries end to end ("wardctl oci-hook"
 * with a state on stdin, ward-runc with a fake runtime that records its
 * argv) with every failure line.  The securityfs directory is a temporary
 * directory (WARD_SECURITYFS); the guest tests run the real runtimes.
 *
 * Environment: WARDCTL and WARD_RUNC (the binaries).  KTAP on stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <linux/magic.h>
#include <json-c/json.h>

#include "policy.h"
#include "wardctl.h"
#include "oci.h"
#include "ktap.h"

/* the case tables leave trailing fields out: they are NULL or 0 */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *wardctl, *ward_runc, *contrib;
static char tmp[128];		/* scratch directory */
static char sfs[256];		/* fake securityfs */
static char cgroot[4096];	/* the host's cgroup2 mount, "" if none */
static char out[65536], err[65536];
static const char *run_path;	/* PATH of the next run(), NULL: ours */

/* ---- helpers ---- */

static char *path_of(const char *name)
{
	static char p[8][512];
	static int i;
	char *r = p[i++ & 7];

	snprintf(r, 512, "%s/%s", tmp, name);
	return r;
}

static void put_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		printf("# cannot write %s\n", path);
	if (fd >= 0)
		close(fd);
}

static char *put(const char *name, const char *text)
{
	char *p = path_of(name);

	put_file(p, text, strlen(text));
	return p;
}

static size_t get_file(const char *path, char *buf, size_t cap)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	buf[0] = 0;
	if (fd < 0)
		return 0;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = 0;
	return n;
}

static void sfs_put(const char *name, const void *data, size_t len)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", sfs, name);
	put_file(p, data, len);
}

static char *sfs_get(const char *name)
{
	static char buf[4096];
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", sfs, name);
	get_file(p, buf, sizeof(buf));
	return buf;
}

#define POLICY "domain web {\n\tseccomp {\n\t\taction errno\n\t\tbase minimal\n\t}\n}\n" \
	       "domain plain {\n}\n"

/* A fresh fake securityfs: empty bindings, POLICY loaded. */
static void reset(void)
{
	struct wp_policy p;
	void *blob = NULL;
	size_t len = 0;

	sfs_put("bindings", "", 0);
	sfs_put("status", "", 0);
	wp_diag = fopen("/dev/null", "w");
	if (!wp_parse_buf("test.ward", POLICY, strlen(POLICY), &p) &&
	    !wp_check(&p, NULL))
		wp_compile(&p, &blob, &len);
	fclose(wp_diag);
	wp_diag = NULL;
	wp_free(&p);
	if (!blob)
		printf("# the test policy does not compile\n");
	sfs_put("policy", blob, len);
	free(blob);
}

static void read_fd(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
}

/*
 * Run @argv with @input on stdin (NULL: /dev/null), WARD_SECURITYFS set,
 * WARD_OCI_CONF set to @conf (NULL: unset); stdout and stderr into out/err.
 */
static int run(const char *const *argv, const char *input, const char *conf)
{
	char so[512], se[512], si[512];
	pid_t pid;
	int st, fd;

	snprintf(so, sizeof(so), "%s/stdout", tmp);
	snprintf(se, sizeof(se), "%s/stderr", tmp);
	snprintf(si, sizeof(si), "%s/stdin", tmp);
	put_file(si, input ? input : "", input ? strlen(input) : 0);
	fflush(stdout);
	pid = fork();
	if (!pid) {
		if (!freopen(si, "r", stdin) || !freopen(so, "w", stdout) ||
		    !freopen(se, "w", stderr))
			_exit(127);
		setenv("WARD_SECURITYFS", sfs, 1);
		if (run_path)
			setenv("PATH", run_path, 1);
		if (conf)
			setenv(WARD_OCI_CONF_ENV, conf, 1);
		else
			unsetenv(WARD_OCI_CONF_ENV);
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	fd = open(so, O_RDONLY);
	read_fd(fd, out, sizeof(out));
	close(fd);
	fd = open(se, O_RDONLY);
	read_fd(fd, err, sizeof(err));
	close(fd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl && !nl[1];
}

static int find_cgroot(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char line[4096], mnt[4096];
	struct statfs s;

	cgroot[0] = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (!strstr(line, " - cgroup2 "))
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1 &&
		    !statfs(mnt, &s) && s.f_type == CGROUP2_SUPER_MAGIC) {
			strcpy(cgroot, mnt);
			break;
		}
	}
	if (f)
		fclose(f);
	return cgroot[0] ? 0 : -1;
}

/* The directory of our own cgroup v2 cgroup, and its id. */
static int own_cgroup(char *dir, size_t len, unsigned long long *id)
{
	char e[WARD_OCI_ERRLEN];
	struct stat st;

	if (!cgroot[0] ||
	    ward_oci_pid_cgroup("/proc", getpid(), cgroot, dir, len, e) ||
	    stat(dir, &st))
		return -1;
	*id = (unsigned long long)st.st_ino;
	return 0;
}

/* ---- oci.conf ---- */

static void t_conf(const void *arg)
{
	char e[WARD_OCI_ERRLEN], want[1024];
	struct ward_oci_conf c;
	char *p;

	(void)arg;
	unsetenv(WARD_OCI_CONF_ENV);
	p = put("c1.conf", "# Ward and OCI runtimes\n\n  default-domain web  # the default\n"
		"runtime /usr/bin/crun#1\n\twardctl /opt/wardctl\t#\n");
	CHECK(!ward_oci_conf_read(p, &c, e), "%s", e);
	CHECK(!strcmp(c.default_domain, "web") && !strcmp(c.runtime, "/usr/bin/crun#1") &&
	      !strcmp(c.wardctl, "/opt/wardctl") && c.explicit_path &&
	      !strcmp(c.path, p), "'%s' '%s' '%s'", c.default_domain, c.runtime,
	      c.wardctl);

	/* defaults, and the environment names the file */
	p = put("c2.conf", "");
	setenv(WARD_OCI_CONF_ENV, p, 1);
	CHECK(!ward_oci_conf_read(NULL, &c, e), "%s", e);
	CHECK(!c.default_domain[0] && !c.runtime[0] &&
	      !strcmp(c.wardctl, WARD_OCI_WARDCTL) && c.explicit_path, "defaults");
	unsetenv(WARD_OCI_CONF_ENV);

	/* an explicit file must exist */
	CHECK(ward_oci_conf_read(path_of("none.conf"), &c, e) == -1, "missing file");
	snprintf(want, sizeof(want), "%s: No such file or directory (ENOENT)",
		 path_of("none.conf"));
	CHECK(!strcmp(e, want), "'%s'", e);

	p = put("c3.conf", "default-domain web\nfrobnicate yes\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "unknown key");
	snprintf(want, sizeof(want), "%s:2:1: error: unknown key 'frobnicate' (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);

	p = put("c4.conf", "default-domain web\n  default-domain db\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "twice");
	snprintf(want, sizeof(want), "%s:2:3: error: 'default-domain' is set twice (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);

	p = put("c5.conf", "default-domain Web\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "bad name");
	snprintf(want, sizeof(want), "%s:1:16: error: 'Web' is not a valid domain name (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);

	p = put("c6.conf", "runtime runc\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "relative path");
	snprintf(want, sizeof(want), "%s:1:9: error: 'runc' is not an absolute path (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);

	p = put("c7.conf", "runtime /a b\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "two values");
	snprintf(want, sizeof(want), "%s:1:9: error: 'runtime' takes one value (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);

	p = put("c9.conf", "annotation-domains web  db\n");
	CHECK(!ward_oci_conf_read(p, &c, e) && c.n_annotation_domains == 2 &&
	      !strcmp(c.annotation_domains[0], "web") && !strcmp(c.annotation_domains[1], "db"),
	      "%s", e);
	p = put("c10.conf", "annotation-domains web Db\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "bad name in list");
	snprintf(want, sizeof(want), "%s:1:24: error: 'Db' is not a valid domain name (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);
	p = put("c11.conf", "annotation-domains\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "empty list");
	snprintf(want, sizeof(want), "%s:1:19: error: 'annotation-domains' takes one or more domain names (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);
	p = put("c12.conf", "# none\n");
	CHECK(!ward_oci_conf_read(p, &c, e) && c.n_annotation_domains == -1, "absent: any");

	p = put("c8.conf", "wardctl\n");
	CHECK(ward_oci_conf_read(p, &c, e) == -1, "no value");
	snprintf(want, sizeof(want), "%s:1:8: error: 'wardctl' takes one value (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);
}

/* ---- the state ---- */

static int state(const char *text, struct ward_oci_state *s, char *e)
{
	return ward_oci_state_parse(text, strlen(text), s, e);
}

static void t_state(const void *arg)
{
	char e[WARD_OCI_ERRLEN];
	struct ward_oci_state s;

	(void)arg;
	CHECK(!state("{\"ociVersion\":\"1.0.2\",\"id\":\"c1\",\"status\":\"creating\","
		     "\"pid\":4242,\"bundle\":\"/run/b\",\"annotations\":"
		     "{\"a\":\"b\",\"org.ward.domain\":\"web\"}}", &s, e), "%s", e);
	CHECK(!strcmp(s.id, "c1") && !strcmp(s.status, "creating") &&
	      s.pid == 4242 && !strcmp(s.bundle, "/run/b") && s.has_domain &&
	      !strcmp(s.domain, "web"), "fields");

	/* no annotations: no domain, not an error; status created is fine */
	CHECK(!state("{\"id\":\"c2\",\"status\":\"created\",\"pid\":1}", &s, e), "%s", e);
	CHECK(!s.has_domain && !s.bundle[0] && s.pid == 1, "no annotations");
	CHECK(!state("{\"id\":\"c2\",\"status\":\"created\",\"pid\":1,"
		     "\"annotations\":{\"x\":\"y\"}}", &s, e) && !s.has_domain,
	      "%s", e);

	CHECK(state("{\"status\":\"creating\",\"pid\":1}", &s, e) == -1 &&
	      !strcmp(e, "the state has no 'id' (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"\",\"status\":\"creating\",\"pid\":1}", &s, e) == -1 &&
	      !strcmp(e, "the state's 'id' is empty (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":7,\"status\":\"creating\",\"pid\":1}", &s, e) == -1 &&
	      !strcmp(e, "the state's 'id' is not a string (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"pid\":1}", &s, e) == -1 &&
	      !strcmp(e, "the state has no 'status' (EINVAL)") && !strcmp(s.id, "c3"),
	      "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"running\",\"pid\":1}", &s, e) == -1 &&
	      !strcmp(e, "status 'running': the hook must run at createRuntime, before the container's first exec (EINVAL)"),
	      "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\"}", &s, e) == -1 &&
	      !strcmp(e, "the state has no integer 'pid' (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\",\"pid\":\"12\"}", &s, e) == -1 &&
	      !strcmp(e, "the state has no integer 'pid' (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\",\"pid\":0}", &s, e) == -1 &&
	      !strcmp(e, "the state's pid 0 is not a process id (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\",\"pid\":-5}", &s, e) == -1 &&
	      !strcmp(e, "the state's pid -5 is not a process id (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\",\"pid\":3,"
		    "\"annotations\":{\"org.ward.domain\":\"Web!\"}}", &s, e) == -1 &&
	      !strcmp(e, "the state: annotation org.ward.domain='Web!' is not a valid domain name (EINVAL)"),
	      "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\",\"pid\":3,"
		    "\"annotations\":{\"org.ward.domain\":1}}", &s, e) == -1 &&
	      !strcmp(e, "the state: annotation org.ward.domain is not a string (EINVAL)"),
	      "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\"status\":\"creating\",\"pid\":3,"
		    "\"annotations\":[]}", &s, e) == -1 &&
	      !strcmp(e, "the state: 'annotations' is not an object (EINVAL)"), "'%s'", e);
	CHECK(state("{\"id\":\"c3\",\n \"pid\": }", &s, e) == -1 &&
	      !strcmp(e, "the state on standard input:2:9: invalid JSON: unexpected character (EINVAL)"),
	      "'%s'", e);
	CHECK(state("{\"id\":\"c3\"", &s, e) == -1 &&
	      !strcmp(e, "the state on standard input:1:11: invalid JSON: unexpected end of data (EINVAL)"),
	      "'%s'", e);
	CHECK(state("{} x", &s, e) == -1 &&
	      !strcmp(e, "the state on standard input:1:4: invalid JSON: data after the JSON value (EINVAL)"),
	      "'%s'", e);
	CHECK(state("[1]", &s, e) == -1 &&
	      !strcmp(e, "the state on standard input is not a JSON object (EINVAL)"), "'%s'", e);
	CHECK(state("", &s, e) == -1 &&
	      !strcmp(e, "the state on standard input:1:1: invalid JSON: unexpected end of data (EINVAL)"),
	      "'%s'", e);
}

/* ---- domain choice ---- */

static void t_choose(const void *arg)
{
	char e[WARD_OCI_ERRLEN], d[WARD_NAME_LEN];
	struct ward_oci_conf c;

	(void)arg;
	memset(&c, 0, sizeof(c));
	c.n_annotation_domains = -1;
	strcpy(c.default_domain, "dflt");
	strcpy(c.path, "/etc/ward/oci.conf");
	CHECK(!ward_oci_choose_domain("web", &c, NULL, d, e) && !strcmp(d, "web"),
	      "annotation wins: %s", d);
	CHECK(!ward_oci_choose_domain(NULL, &c, NULL, d, e) && !strcmp(d, "dflt"),
	      "default: %s", d);
	c.default_domain[0] = 0;
	CHECK(ward_oci_choose_domain(NULL, &c, NULL, d, e) == -1 &&
	      !strcmp(e, "no domain: no annotation org.ward.domain and no default-domain in /etc/ward/oci.conf (ENOENT)"),
	      "'%s'", e);
	c.path[0] = 0;
	CHECK(ward_oci_choose_domain(NULL, &c, NULL, d, e) == -1 &&
	      !strcmp(e, "no domain: no annotation org.ward.domain and no default-domain in /etc/ward/oci.conf (absent) (ENOENT)"),
	      "'%s'", e);
	CHECK(!ward_oci_choose_domain("web", &c, NULL, d, e) && !strcmp(d, "web"),
	      "annotation without a configuration file");
	/* a binding covers the cgroup: its domain, after annotation and default */
	CHECK(!ward_oci_choose_domain(NULL, &c, "pat", d, e) && !strcmp(d, "pat"), "%s", d);
	CHECK(!ward_oci_choose_domain("web", &c, "pat", d, e) && !strcmp(d, "web"), "%s", d);
	strcpy(c.default_domain, "dflt");
	CHECK(!ward_oci_choose_domain(NULL, &c, "pat", d, e) && !strcmp(d, "dflt"), "%s", d);
	/* annotation-domains: the only names an annotation may choose */
	strcpy(c.path, "/etc/ward/oci.conf");
	c.n_annotation_domains = 2;
	strcpy(c.annotation_domains[0], "web");
	strcpy(c.annotation_domains[1], "db");
	CHECK(!ward_oci_choose_domain("db", &c, NULL, d, e) && !strcmp(d, "db"), "%s", e);
	CHECK(ward_oci_choose_domain("host", &c, NULL, d, e) == -1 &&
	      !strcmp(e, "annotation org.ward.domain='host' names a domain that annotation-domains of /etc/ward/oci.conf does not list (EPERM)"),
	      "'%s'", e);
	CHECK(!ward_oci_choose_domain(NULL, &c, NULL, d, e) && !strcmp(d, "dflt"),
	      "the default need not be listed");
	c.n_annotation_domains = 0;
	CHECK(ward_oci_choose_domain("web", &c, NULL, d, e) == -1, "empty list");
}

/* The binding that covers a cgroup: its own, else the nearest ancestor's. */
static void t_covering(const void *arg)
{
	static const char lines[] =
		"10 top exec /kubepods.slice\n"
		"11 pod exec /kubepods.slice/pod-a.slice/\n"
		"12 own exec /kubepods.slice/pod-a.slice/ctr-1.scope\n"
		"13 sib now /kubepods.slice/pod-a.slice/ctr-12.scope\n"
		"14 root now /\n"
		"garbage\n";
	char e[WARD_OCI_ERRLEN];
	struct ward_binding b;

	(void)arg;
	setenv("WARD_SECURITYFS", sfs, 1);
	reset();
	sfs_put("bindings", lines, sizeof(lines) - 1);
	CHECK(ward_oci_covering_binding("/kubepods.slice/pod-a.slice/ctr-1.scope", 12, &b, e) == 1 &&
	      !strcmp(b.domain, "own") && b.id == 12, "own: %s", b.domain);
	/* same path, other id (a cgroup made again): still the nearest */
	CHECK(ward_oci_covering_binding("/kubepods.slice/pod-a.slice/ctr-1.scope", 99, &b, e) == 1 &&
	      !strcmp(b.domain, "own"), "by path: %s", b.domain);
	CHECK(ward_oci_covering_binding("/kubepods.slice/pod-a.slice/ctr-2.scope", 20, &b, e) == 1 &&
	      !strcmp(b.domain, "pod") && !strcmp(b.path, "/kubepods.slice/pod-a.slice/"),
	      "parent: %s %s", b.domain, b.path);
	CHECK(ward_oci_covering_binding("/kubepods.slice/pod-a.slice/ctr-1.scope/sub", 21, &b, e) == 1 &&
	      !strcmp(b.domain, "own"), "grandparent: %s", b.domain);
	/* ctr-1.scope is not an ancestor of ctr-12.scope, nor of ctr-1.scopex */
	CHECK(ward_oci_covering_binding("/kubepods.slice/pod-a.slice/ctr-1.scopex", 22, &b, e) == 1 &&
	      !strcmp(b.domain, "pod"), "prefix is not ancestry: %s", b.domain);
	CHECK(ward_oci_covering_binding("/kubepods.slicex/c", 23, &b, e) == 1 &&
	      !strcmp(b.domain, "root"), "root: %s", b.domain);
	sfs_put("bindings", "10 top exec /kubepods.slice\n", 28);
	CHECK(ward_oci_covering_binding("/system.slice/x", 24, &b, e) == 0, "none");
	setenv("WARD_SECURITYFS", path_of("nowhere"), 1);
	CHECK(ward_oci_covering_binding("/x", 1, &b, e) == -1 &&
	      !strcmp(e, "Ward is not loaded (no such control file) (ENOENT)"), "'%s'", e);
	unsetenv("WARD_SECURITYFS");
}

/* ---- /proc/PID/cgroup ---- */

static void t_pid_cgroup(const void *arg)
{
	char e[WARD_OCI_ERRLEN], d[4096], want[1024], proc[512];

	(void)arg;
	snprintf(proc, sizeof(proc), "%s/proc", tmp);
	mkdir(proc, 0755);
	mkdir(path_of("proc/42"), 0755);
	mkdir(path_of("proc/43"), 0755);
	mkdir(path_of("proc/44"), 0755);
	mkdir(path_of("proc/45"), 0755);
	put("proc/42/cgroup", "12:pids:/x\n1:name=systemd:/y\n0::/system.slice/docker-ab.scope\n");
	put("proc/43/cgroup", "0::/\n");
	put("proc/44/cgroup", "4:memory:/x\n");
	put("proc/45/cgroup", "0::/../../other.scope\n");
	CHECK(!ward_oci_pid_cgroup(proc, 42, "/sys/fs/cgroup", d, sizeof(d), e) &&
	      !strcmp(d, "/sys/fs/cgroup/system.slice/docker-ab.scope"), "'%s' %s", d, e);
	CHECK(!ward_oci_pid_cgroup(proc, 43, "/sys/fs/cgroup", d, sizeof(d), e) &&
	      !strcmp(d, "/sys/fs/cgroup"), "root: '%s' %s", d, e);
	CHECK(ward_oci_pid_cgroup(proc, 44, "/sys/fs/cgroup", d, sizeof(d), e) == -1,
	      "no v2 line");
	snprintf(want, sizeof(want), "%s/44/cgroup: no cgroup v2 line ('0::'): Ward binds cgroup v2 cgroups only (ENOENT)",
		 proc);
	CHECK(!strcmp(e, want), "'%s'", e);
	CHECK(ward_oci_pid_cgroup(proc, 45, "/sys/fs/cgroup", d, sizeof(d), e) == -1,
	      "other namespace");
	snprintf(want, sizeof(want), "%s/45/cgroup: cgroup path '/../../other.scope' is outside this cgroup namespace (EINVAL)",
		 proc);
	CHECK(!strcmp(e, want), "'%s'", e);
	CHECK(ward_oci_pid_cgroup(proc, 46, "/sys/fs/cgroup", d, sizeof(d), e) == -1 &&
	      !strcmp(e, "process 46 does not exist (ESRCH)"), "'%s'", e);
}

/* ---- bind ---- */

static void t_bind(const void *arg)
{
	char e[WARD_OCI_ERRLEN], dir[4096], want[8192], saved[256];
	unsigned long long id;

	(void)arg;
	setenv("WARD_SECURITYFS", sfs, 1);
	reset();
	if (own_cgroup(dir, sizeof(dir), &id)) {
		SKIP("no cgroup2 mount on this host");
		return;
	}
	CHECK(!ward_oci_bind(dir, "web", e), "%s", e);
	snprintf(want, sizeof(want), "bind %llu web exec", id);
	CHECK(!strcmp(sfs_get("bindings"), want), "got '%s' want '%s'",
	      sfs_get("bindings"), want);

	/* not a cgroup2 directory */
	CHECK(ward_oci_bind(tmp, "web", e) == -1, "tmp accepted");
	snprintf(want, sizeof(want), "%s: not on a cgroup2 filesystem (EINVAL)", tmp);
	CHECK(!strcmp(e, want), "'%s'", e);

	/* Ward not loaded */
	strcpy(saved, sfs);
	setenv("WARD_SECURITYFS", path_of("nowhere"), 1);
	CHECK(ward_oci_bind(dir, "web", e) == -1 &&
	      !strcmp(e, "Ward is not loaded (no such control file) (ENOENT)"), "'%s'", e);
	setenv("WARD_SECURITYFS", saved, 1);

	/* a write error names the file and the errno */
	snprintf(want, sizeof(want), "%s/bindings", sfs);
	unlink(want);
	mkdir(want, 0755);
	CHECK(ward_oci_bind(dir, "web", e) == -1, "directory accepted");
	CHECK(strstr(e, "cannot bind ") && strstr(e, "(EISDIR)"), "'%s'", e);
	rmdir(want);
	unsetenv("WARD_SECURITYFS");
}

/* After EEXIST: what the bindings file says decides. */
static void t_bound(const void *arg)
{
	static const char lines[] =
		"7 db now /a\n"
		"4242 web exec /system.slice/docker-1 2.scope\n"
		"99 old /legacy/path\n";
	char e[WARD_OCI_ERRLEN];

	(void)arg;
	setenv("WARD_SECURITYFS", sfs, 1);
	reset();
	sfs_put("bindings", lines, sizeof(lines) - 1);
	CHECK(!ward_oci_check_bound("/cg/x", 4242, "web", e), "same domain: %s", e);
	CHECK(!ward_oci_check_bound("/cg/y", 99, "old", e), "old format: %s", e);
	CHECK(ward_oci_check_bound("/cg/x", 4242, "db", e) == -1 &&
	      !strcmp(e, "/cg/x is bound to domain 'web', not 'db' (EEXIST)"), "'%s'", e);
	CHECK(ward_oci_check_bound("/cg/z", 5, "web", e) == -1 &&
	      !strcmp(e, "/cg/z is bound, but not in the bindings file (EEXIST)"), "'%s'", e);
	unsetenv("WARD_SECURITYFS");
}

static void t_binding_parse(const void *arg)
{
	char l1[] = "4242 web exec /system.slice/a b.scope";
	char l2[] = "7 db now /";
	char l3[] = "9 old /x/y";
	char l4[] = "12 d exec";
	char l5[] = "x web now /";
	char l6[] = "5";
	char l7[] = "8 d /nowhere/exec";
	struct ward_binding b;

	(void)arg;
	CHECK(!ward_binding_parse(l1, &b) && b.id == 4242 && !strcmp(b.domain, "web") &&
	      b.arm && !strcmp(b.arm, "exec") && !strcmp(b.path, "/system.slice/a b.scope"),
	      "l1");
	CHECK(!ward_binding_parse(l2, &b) && b.id == 7 && !strcmp(b.arm, "now") &&
	      !strcmp(b.path, "/"), "l2");
	CHECK(!ward_binding_parse(l3, &b) && b.id == 9 && !b.arm &&
	      !strcmp(b.path, "/x/y"), "l3");
	CHECK(!ward_binding_parse(l4, &b) && !strcmp(b.arm, "exec") && !b.path[0], "l4");
	CHECK(ward_binding_parse(l5, &b) == -1, "l5");
	CHECK(ward_binding_parse(l6, &b) == -1, "l6");
	CHECK(!ward_binding_parse(l7, &b) && !b.arm && !strcmp(b.path, "/nowhere/exec"), "l7");
}

/* ---- config.json ---- */

#define CONFIG "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/bin/sh\",\"-c\",\"échec \\\"ok\\\"\"],\"env\":[\"A=1\"]}," \
	"\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"hostname\":\"h\"," \
	"\"linux\":{\"resources\":{\"memory\":{\"limit\":9223372036854775807,\"swap\":-1}," \
	"\"cpu\":{\"shares\":1024,\"quota\":1.50}},\"maskedPaths\":[\"/proc/kcore\"]," \
	"\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"," \
	"\"args\":[{\"index\":0,\"value\":18446744073709551615,\"op\":\"SCMP_CMP_EQ\"}]}]}}," \
	"\"hooks\":{\"prestart\":[{\"path\":\"/p\"}],\"createRuntime\":[{\"path\":\"/usr/bin/nvidia-hook\",\"args\":[\"x\"]}]}," \
	"\"annotations\":{\"io.kubernetes.cri.sandbox-id\":\"abc\"},\"x-extra\":null}"

/* Is member @key of @a and @b the same value (json-c equality)? */
static int same_member(struct json_object *a, struct json_object *b,
		       const char *key)
{
	struct json_object *va = NULL, *vb = NULL;
	int ha = json_object_object_get_ex(a, key, &va);
	int hb = json_object_object_get_ex(b, key, &vb);

	return ha == hb && (!ha || json_object_equal(va, vb));
}

static struct json_object *profile(void)
{
	return json_tokener_parse("{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\","
				  "\"architectures\":[\"SCMP_ARCH_X86_64\"],"
				  "\"syscalls\":[{\"names\":[\"read\",\"write\"],"
				  "\"action\":\"SCMP_ACT_ALLOW\"}]}");
}

static void t_edit(const void *arg)
{
	struct ward_oci_edit ed = {
		.wardctl = "/usr/sbin/wardctl", .conf = NULL, .domain = "web",
	};
	struct json_object *orig, *root, *hooks, *cr, *h, *v, *lo, *lr;
	char e[WARD_OCI_ERRLEN];
	const char *text;
	int i;

	(void)arg;
	CHECK(!ward_oci_json_parse("config.json", CONFIG, strlen(CONFIG), &orig, e), "%s", e);
	CHECK(!ward_oci_json_parse("config.json", CONFIG, strlen(CONFIG), &root, e), "%s", e);
	if (!orig || !root)
		return;
	ed.seccomp = profile();
	/* twice: the hook is added once */
	CHECK(!ward_oci_edit(root, &ed, e), "%s", e);
	CHECK(!ward_oci_edit(root, &ed, e), "%s", e);

	json_object_object_get_ex(root, "hooks", &hooks);
	CHECK(json_object_object_get_ex(hooks, "createRuntime", &cr) &&
	      json_object_array_length(cr) == 2, "createRuntime: %s",
	      json_object_to_json_string(hooks));
	h = json_object_array_get_idx(cr, 0);
	CHECK(!strcmp(json_object_to_json_string_ext(h, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE),
		      "{\"path\":\"/usr/sbin/wardctl\",\"args\":[\"wardctl\",\"oci-hook\"]}"),
	      "hook %s", json_object_to_json_string(h));
	CHECK(!strcmp(json_object_to_json_string(json_object_array_get_idx(cr, 1)),
		      "{ \"path\": \"\\/usr\\/bin\\/nvidia-hook\", \"args\": [ \"x\" ] }"),
	      "the other hook, second: %s",
	      json_object_to_json_string(json_object_array_get_idx(cr, 1)));
	CHECK(same_member(hooks, json_object_object_get(orig, "hooks"), "prestart"),
	      "prestart changed");

	json_object_object_get_ex(root, "annotations", &v);
	CHECK(json_object_object_length(v) == 2 &&
	      !strcmp(json_object_get_string(json_object_object_get(v, "org.ward.domain")), "web") &&
	      !strcmp(json_object_get_string(json_object_object_get(v, "io.kubernetes.cri.sandbox-id")), "abc"),
	      "annotations %s", json_object_to_json_string(v));

	/* linux.seccomp replaced, the rest of linux untouched */
	lo = json_object_object_get(orig, "linux");
	lr = json_object_object_get(root, "linux");
	CHECK(json_object_equal(json_object_object_get(lr, "seccomp"), ed.seccomp),
	      "seccomp %s", json_object_to_json_string(json_object_object_get(lr, "seccomp")));
	CHECK(same_member(lo, lr, "resources") && same_member(lo, lr, "maskedPaths") &&
	      json_object_object_length(lo) == json_object_object_length(lr), "linux");
	{
		static const char *const keys[] = {
			"ociVersion", "process", "root", "hostname", "x-extra",
		};

		for (i = 0; i < 5; i++)
			CHECK(same_member(orig, root, keys[i]), "%s changed", keys[i]);
		CHECK(json_object_object_length(orig) == json_object_object_length(root),
		      "top-level members");
	}
	/* numbers keep their text: 1.50, int64 max, and -1 */
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	CHECK(strstr(text, "\"quota\":1.50") && strstr(text, "\"limit\":9223372036854775807") &&
	      strstr(text, "\"swap\":-1") && strstr(text, "\"échec \\\"ok\\\"\""),
	      "%s", text);
	json_object_put(ed.seccomp);

	/* no profile: linux.seccomp stays (the engine's) */
	json_object_put(root);
	ward_oci_json_parse("config.json", CONFIG, strlen(CONFIG), &root, e);
	ed.seccomp = NULL;
	ed.conf = "/tmp/x.conf";
	ed.wardctl = "/opt/bin/wardctl";
	CHECK(!ward_oci_edit(root, &ed, e), "%s", e);
	CHECK(same_member(json_object_object_get(orig, "linux"),
			  json_object_object_get(root, "linux"), "seccomp"), "seccomp changed");
	cr = json_object_object_get(json_object_object_get(root, "hooks"), "createRuntime");
	CHECK(!strcmp(json_object_to_json_string_ext(json_object_array_get_idx(cr, 0),
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
		      "{\"path\":\"/opt/bin/wardctl\",\"args\":[\"wardctl\",\"oci-hook\",\"--config\",\"/tmp/x.conf\"]}"),
	      "%s", json_object_to_json_string(cr));
	json_object_put(root);

	/* an existing "wardctl oci-hook" elsewhere counts */
	root = json_tokener_parse("{\"hooks\":{\"createRuntime\":[{\"path\":\"/x\"},"
				  "{\"path\":\"/usr/local/sbin/wardctl\",\"args\":[\"wardctl\",\"oci-hook\"]}]}}");
	CHECK(!ward_oci_edit(root, &ed, e) &&
	      json_object_array_length(json_object_object_get(
		      json_object_object_get(root, "hooks"), "createRuntime")) == 2,
	      "%s", json_object_to_json_string(root));
	/* a config without hooks, annotations or linux gets them */
	json_object_put(root);
	root = json_tokener_parse("{\"ociVersion\":\"1.0.2\"}");
	ed.seccomp = profile();
	CHECK(!ward_oci_edit(root, &ed, e), "%s", e);
	CHECK(!strcmp(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE),
		      "{\"ociVersion\":\"1.0.2\",\"hooks\":{\"createRuntime\":[{\"path\":\"/opt/bin/wardctl\","
		      "\"args\":[\"wardctl\",\"oci-hook\",\"--config\",\"/tmp/x.conf\"]}]},"
		      "\"annotations\":{\"org.ward.domain\":\"web\"},\"linux\":{\"seccomp\":"
		      "{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
		      "\"syscalls\":[{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"}]}}}"),
	      "%s", json_object_to_json_string(root));
	json_object_put(root);

	/* wrong types */
	root = json_tokener_parse("{\"hooks\":[]}");
	CHECK(ward_oci_edit(root, &ed, e) == -1 &&
	      !strcmp(e, "config.json: 'hooks' is not an object (EINVAL)"), "'%s'", e);
	json_object_put(root);
	root = json_tokener_parse("{\"hooks\":{\"createRuntime\":{}}}");
	CHECK(ward_oci_edit(root, &ed, e) == -1 &&
	      !strcmp(e, "config.json: 'hooks.createRuntime' is not an array (EINVAL)"), "'%s'", e);
	json_object_put(root);
	root = json_tokener_parse("{\"annotations\":\"x\"}");
	CHECK(ward_oci_edit(root, &ed, e) == -1 &&
	      !strcmp(e, "config.json: 'annotations' is not an object (EINVAL)"), "'%s'", e);
	json_object_put(root);
	root = json_tokener_parse("{\"linux\":1}");
	CHECK(ward_oci_edit(root, &ed, e) == -1 &&
	      !strcmp(e, "config.json: 'linux' is not an object (EINVAL)"), "'%s'", e);
	json_object_put(root);
	json_object_put(ed.seccomp);
	json_object_put(orig);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void t_atomic(const void *arg)
{
	char e[WARD_OCI_ERRLEN], buf[4096], want[1024], dir[512];
	struct json_object *root;
	struct stat before, after;
	char *p;
	int fd;

	(void)arg;
	snprintf(dir, sizeof(dir), "%s/bundle-a", tmp);
	mkdir(dir, 0755);
	p = put("bundle-a/config.json", "{\"a\": 1.0,\n \"b\": [true]}\n");
	chmod(p, 0640);
	stat(p, &before);
	fd = open(p, O_RDONLY);
	root = json_tokener_parse("{\"a\":2}");
	CHECK(!ward_oci_write_atomic(p, root, e), "%s", e);
	stat(p, &after);
	CHECK(before.st_ino != after.st_ino, "not replaced by rename");
	CHECK((after.st_mode & 07777) == 0640, "mode %o", after.st_mode & 07777);
	CHECK(get_file(p, buf, sizeof(buf)) && !strcmp(buf, "{\"a\":2}"), "'%s'", buf);
	/* a reader of the old file sees the old file whole */
	buf[read(fd, buf, sizeof(buf) - 1)] = 0;
	CHECK(!strcmp(buf, "{\"a\": 1.0,\n \"b\": [true]}\n"), "old '%s'", buf);
	close(fd);
	CHECK(count_entries(dir) == 1, "temporary file left");

	/* the file must exist; nothing is left behind on failure */
	CHECK(ward_oci_write_atomic(path_of("bundle-a/none.json"), root, e) == -1, "none");
	snprintf(want, sizeof(want), "%s: No such file or directory (ENOENT)",
		 path_of("bundle-a/none.json"));
	CHECK(!strcmp(e, want), "'%s'", e);
	CHECK(count_entries(dir) == 1, "temporary file left");
	json_object_put(root);

	/* reading: a syntax error names the file, line and column */
	p = put("bundle-a/config.json", "{\n  \"a\": [1,\n}\n");
	CHECK(ward_oci_json_read(p, &root, e) == -1, "bad JSON read");
	snprintf(want, sizeof(want), "%s:3:1: invalid JSON: ", p);
	CHECK(!strncmp(e, want, strlen(want)) && strstr(e, "(EINVAL)"), "'%s'", e);
	p = put("bundle-a/config.json", "[]");
	CHECK(ward_oci_json_read(p, &root, e) == -1, "array read");
	snprintf(want, sizeof(want), "%s: not a JSON object (EINVAL)", p);
	CHECK(!strcmp(e, want), "'%s'", e);
}

/* ---- ward-runc's command line ---- */

struct args_case {
	const char *argv[20];
	enum ward_runc_action action;
	const char *command, *bundle, *config, *id, *log, *log_format;
	const char *error;
};

static const struct args_case args_cases[] = {
	{ { "ward-runc", "create", "c1" }, WARD_RUNC_CREATE, "create", NULL, NULL, "c1" },
	{ { "ward-runc", "run", "--bundle", "/b", "c1" }, WARD_RUNC_CREATE, "run", "/b", NULL, "c1" },
	/* containerd's shim */
	{ { "ward-runc", "--root", "/run/containerd/runc/k8s.io", "--log",
	    "/run/x/log.json", "--log-format", "json", "--systemd-cgroup",
	    "create", "--bundle", "/run/containerd/b", "--pid-file", "/run/p",
	    "--console-socket", "/s", "c2" },
	  WARD_RUNC_CREATE, "create", "/run/containerd/b", NULL, "c2",
	  "/run/x/log.json", "json" },
	/* conmon (Podman) */
	{ { "ward-runc", "--systemd-cgroup", "--log-format=json", "--log=/l",
	    "create", "--bundle", "/b", "--pid-file", "/p", "--no-new-keyring", "c3" },
	  WARD_RUNC_CREATE, "create", "/b", NULL, "c3", "/l", "json" },
	{ { "ward-runc", "-debug", "-root=/r", "create", "-b", "bb", "c4" },
	  WARD_RUNC_CREATE, "create", "bb", NULL, "c4" },
	{ { "ward-runc", "create", "-b=x", "c4" }, WARD_RUNC_CREATE, "create", "x", NULL, "c4" },
	{ { "ward-runc", "create", "-bxy", "c4" }, WARD_RUNC_CREATE, "create", "xy", NULL, "c4" },
	{ { "ward-runc", "create", "--bundle=/z", "c4" }, WARD_RUNC_CREATE, "create", "/z", NULL, "c4" },
	{ { "ward-runc", "create", "-bundle", "/y", "c4" }, WARD_RUNC_CREATE, "create", "/y", NULL, "c4" },
	/* crun: abbreviations, --config, options after the operand */
	{ { "ward-runc", "--cgroup-manager", "systemd", "create", "--bun", "/a",
	    "--config", "my.json", "c5" },
	  WARD_RUNC_CREATE, "create", "/a", "my.json", "c5" },
	{ { "ward-runc", "create", "c6", "--bundle", "/late", "-f", "f.json" },
	  WARD_RUNC_CREATE, "create", "/late", "f.json", "c6" },
	{ { "ward-runc", "run", "-d", "--bundle", "/1", "--bundle", "/2", "c7" },
	  WARD_RUNC_CREATE, "run", "/2", NULL, "c7" },
	/* a flag's value is not taken for the bundle */
	{ { "ward-runc", "create", "--pid-file", "--bundle", "c8" },
	  WARD_RUNC_CREATE, "create", NULL, NULL, "c8" },
	{ { "ward-runc", "run", "--detach", "--", "c9" }, WARD_RUNC_CREATE, "run", NULL, NULL, "c9" },
	/* a bundle named create is not a command */
	{ { "ward-runc", "--root", "create", "delete", "c10" }, WARD_RUNC_PASS, "delete" },
	{ { "ward-runc", "start", "c1" }, WARD_RUNC_PASS, "start" },
	{ { "ward-runc", "exec", "--process", "/p.json", "c1" }, WARD_RUNC_PASS, "exec" },
	{ { "ward-runc", "--version" }, WARD_RUNC_PASS },
	{ { "ward-runc", "-v" }, WARD_RUNC_PASS },
	{ { "ward-runc" }, WARD_RUNC_PASS },
	{ { "ward-runc", "restore", "--image-path", "/i", "c1" }, WARD_RUNC_REFUSE, "restore" },
	{ { "ward-runc", "--frob", "create", "c1" }, WARD_RUNC_PASS, NULL, NULL, NULL, NULL,
	  NULL, NULL, "unknown global option '--frob': ward-runc cannot tell the command (EINVAL)" },
	{ { "ward-runc", "-x", "create", "c1" }, WARD_RUNC_PASS, NULL, NULL, NULL, NULL,
	  NULL, NULL, "unknown global option '-x': ward-runc cannot tell the command (EINVAL)" },
	{ { "ward-runc", "--ro", "/x", "create", "c1" }, WARD_RUNC_PASS, NULL, NULL, NULL, NULL,
	  NULL, NULL, "unknown global option '--ro': ward-runc cannot tell the command (EINVAL)" },
	{ { "ward-runc", "--root" }, WARD_RUNC_PASS, NULL, NULL, NULL, NULL,
	  NULL, NULL, "global option '--root' needs a value (EINVAL)" },
	{ { "ward-runc", "create", "c1", "--bundle" }, WARD_RUNC_CREATE, "create", NULL, NULL, "c1",
	  NULL, NULL, "create option '--bundle' needs a value (EINVAL)" },
};

static int streq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void t_args(const void *arg)
{
	const struct args_case *c = arg;
	struct ward_runc_args a;
	char e[WARD_OCI_ERRLEN] = "";
	int argc = 0, r;

	while (c->argv[argc])
		argc++;
	r = ward_runc_parse_args(argc, (char **)c->argv, &a, e);
	if (c->error) {
		CHECK(r == -1 && !strcmp(e, c->error), "got %d '%s'", r, e);
		return;
	}
	CHECK(!r, "%s", e);
	CHECK(a.action == c->action, "action %d want %d", a.action, c->action);
	CHECK(streq(a.command, c->command), "command %s", a.command);
	CHECK(streq(a.bundle, c->bundle), "bundle %s", a.bundle);
	CHECK(streq(a.config, c->config), "config %s", a.config);
	CHECK(streq(a.id, c->id), "id %s", a.id);
	CHECK(streq(a.log, c->log), "log %s", a.log);
	CHECK(streq(a.log_format, c->log_format), "log-format %s", a.log_format);
}

static void t_config_path(const void *arg)
{
	struct ward_runc_args a = { 0 };
	char e[WARD_OCI_ERRLEN], p[4096];

	(void)arg;
	CHECK(!ward_runc_config_path(&a, p, sizeof(p), e) && !strcmp(p, "./config.json"), "%s", p);
	a.bundle = "/run/b";
	CHECK(!ward_runc_config_path(&a, p, sizeof(p), e) && !strcmp(p, "/run/b/config.json"), "%s", p);
	a.config = "config.json";
	CHECK(!ward_runc_config_path(&a, p, sizeof(p), e) && !strcmp(p, "/run/b/config.json"), "%s", p);
	a.config = "other.json";
	CHECK(!ward_runc_config_path(&a, p, sizeof(p), e) && !strcmp(p, "other.json"), "%s", p);
}

/* ---- wardctl oci-hook, end to end ---- */

static const char *hook_argv[6];

static int hook(const char *state, const char *conf_opt, const char *env_conf)
{
	hook_argv[0] = wardctl;
	hook_argv[1] = "oci-hook";
	hook_argv[2] = conf_opt ? "--config" : NULL;
	hook_argv[3] = conf_opt;
	hook_argv[4] = NULL;
	return run(hook_argv, state, env_conf);
}

static void t_hook(const void *arg)
{
	char dir[4096], state[8192], want[8192], bdir[512];
	unsigned long long id;
	char *conf;

	(void)arg;
	reset();
	if (own_cgroup(dir, sizeof(dir), &id)) {
		SKIP("no cgroup2 mount on this host");
		return;
	}
	snprintf(bdir, sizeof(bdir), "%s/bundle-h", tmp);
	mkdir(bdir, 0755);
	put("bundle-h/config.json", "{\"annotations\":{\"org.ward.domain\":\"plain\"}}");
	conf = put("hook.conf", "default-domain web\n");

	/* the state's annotation */
	snprintf(state, sizeof(state),
		 "{\"ociVersion\":\"1.0.2\",\"id\":\"ctr1\",\"status\":\"creating\",\"pid\":%d,"
		 "\"bundle\":\"%s\",\"annotations\":{\"org.ward.domain\":\"web\"}}",
		 getpid(), bdir);
	CHECK(hook(state, NULL, NULL) == 0 && !err[0] && !out[0], "%s", err);
	snprintf(want, sizeof(want), "bind %llu web exec", id);
	CHECK(!strcmp(sfs_get("bindings"), want), "'%s'", sfs_get("bindings"));

	/* none in the state: the bundle's config.json */
	reset();
	snprintf(state, sizeof(state),
		 "{\"id\":\"ctr2\",\"status\":\"creating\",\"pid\":%d,\"bundle\":\"%s\"}",
		 getpid(), bdir);
	CHECK(hook(state, conf, NULL) == 0, "%s", err);
	snprintf(want, sizeof(want), "bind %llu plain exec", id);
	CHECK(!strcmp(sfs_get("bindings"), want), "'%s'", sfs_get("bindings"));

	/* none anywhere: the default, by --config and by the environment */
	put("bundle-h/config.json", "{\"annotations\":{}}");
	reset();
	CHECK(hook(state, conf, NULL) == 0, "%s", err);
	snprintf(want, sizeof(want), "bind %llu web exec", id);
	CHECK(!strcmp(sfs_get("bindings"), want), "'%s'", sfs_get("bindings"));
	reset();
	CHECK(hook(state, NULL, conf) == 0, "%s", err);
	CHECK(!strcmp(sfs_get("bindings"), want), "'%s'", sfs_get("bindings"));

	/* a pattern bound the cgroup: no annotation, no default: its domain */
	put("bundle-h/config.json", "{}");
	reset();
	snprintf(want, sizeof(want), "%llu pat exec /\n", id);
	sfs_put("bindings", want, strlen(want));
	CHECK(hook(state, put("empty.conf", ""), NULL) == 0, "%s", err);
	snprintf(want, sizeof(want), "bind %llu pat exec", id);
	CHECK(!strncmp(sfs_get("bindings"), want, strlen(want)), "'%s'", sfs_get("bindings"));

	/* usage */
	hook_argv[0] = wardctl;
	hook_argv[1] = "oci-hook";
	hook_argv[2] = "--frob";
	hook_argv[3] = NULL;
	CHECK(run(hook_argv, state, NULL) == 2 && strstr(err, "usage:"), "%s", err);
}

struct hook_fail {
	const char *name;
	const char *bindings;	/* %1$llu: the cgroup's id */
	const char *state;	/* %d: our pid, %s: the bundle */
	const char *bundle_config;
	const char *conf;	/* oci.conf text, or NULL for none */
	const char *line;	/* @B: the bundle, @T: the scratch directory,
				 * @C: the cgroup directory */
	int not_loaded;
};

static const struct hook_fail hook_fails[] = {
	{ "no domain", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,\"bundle\":\"%s\"}",
	  "{}", "", "wardctl: oci-hook: container c1: no domain: no annotation org.ward.domain and no default-domain in @T/hook-fail.conf (ENOENT)\n" },
	{ "bad JSON", NULL, "{\"id\":\"c1\",", NULL, NULL,
	  "wardctl: oci-hook: container (unknown): the state on standard input:1:12: invalid JSON: unexpected end of data (EINVAL)\n" },
	{ "no id", NULL, "{\"status\":\"creating\",\"pid\":%d}", NULL, NULL,
	  "wardctl: oci-hook: container (unknown): the state has no 'id' (EINVAL)\n" },
	{ "running", NULL, "{\"id\":\"c1\",\"status\":\"running\",\"pid\":%d}", NULL, NULL,
	  "wardctl: oci-hook: container c1: status 'running': the hook must run at createRuntime, before the container's first exec (EINVAL)\n" },
	{ "no process", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":1073741823,"
	  "\"annotations\":{\"org.ward.domain\":\"web\"}}", NULL, NULL,
	  "wardctl: oci-hook: container c1: process 1073741823 does not exist (ESRCH)\n" },
	{ "bad annotation", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,"
	  "\"annotations\":{\"org.ward.domain\":\"../x\"}}", NULL, NULL,
	  "wardctl: oci-hook: container c1: the state: annotation org.ward.domain='../x' is not a valid domain name (EINVAL)\n" },
	{ "no bundle", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d}", NULL, NULL,
	  "wardctl: oci-hook: container c1: the state carries neither the annotation org.ward.domain nor a bundle (EINVAL)\n" },
	{ "bad config.json", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,\"bundle\":\"%s\"}",
	  "{\"annotations\":", NULL,
	  "wardctl: oci-hook: container c1: @B/config.json:1:16: invalid JSON: unexpected end of data (EINVAL)\n" },
	{ "bad oci.conf", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,\"bundle\":\"%s\"}",
	  "{}", "default-domain\n",
	  "wardctl: oci-hook: container c1: @T/hook-fail.conf:1:15: error: 'default-domain' takes one value (EINVAL)\n" },
	{ "not loaded", NULL, "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,"
	  "\"annotations\":{\"org.ward.domain\":\"web\"}}", NULL, NULL,
	  "wardctl: oci-hook: container c1: Ward is not loaded (no such control file) (ENOENT)\n", 1 },
	{ "bound to another domain", "%1$llu pat exec /\n",
	  "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,"
	  "\"annotations\":{\"org.ward.domain\":\"web\"}}", NULL, NULL,
	  "wardctl: oci-hook: container c1: @C is bound to domain 'pat', not 'web' (EEXIST)\n" },
	{ "default differs from the binding", "%1$llu pat exec /\n",
	  "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,\"bundle\":\"%s\"}",
	  "{}", "default-domain web\n",
	  "wardctl: oci-hook: container c1: @C is bound to domain 'pat', not 'web' (EEXIST)\n" },
	{ "annotation not allowed", NULL,
	  "{\"id\":\"c1\",\"status\":\"creating\",\"pid\":%d,"
	  "\"annotations\":{\"org.ward.domain\":\"plain\"}}", NULL,
	  "annotation-domains web\n",
	  "wardctl: oci-hook: container c1: annotation org.ward.domain='plain' names a domain that annotation-domains of @T/hook-fail.conf does not list (EPERM)\n" },
};

/* @B, @T, @C of a hook_fail line */
static void expand(char *out, size_t len, const char *s, const char *bundle,
		   const char *cg)
{
	size_t n = 0;

	while (*s && n + 1 < len) {
		const char *r = NULL;

		if (s[0] == '@' && s[1] == 'B')
			r = bundle;
		else if (s[0] == '@' && s[1] == 'T')
			r = tmp;
		else if (s[0] == '@' && s[1] == 'C')
			r = cg;
		if (r) {
			n += snprintf(out + n, len - n, "%s", r);
			if (n >= len)
				n = len - 1;
			s += 2;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = 0;
}

static void t_hook_fail(const void *arg)
{
	const struct hook_fail *f = arg;
	char dir[4096], state[8192], want[8192], bdir[512], saved[256], cpath[512];
	unsigned long long id;
	int rc;

	reset();
	if (own_cgroup(dir, sizeof(dir), &id)) {
		SKIP("no cgroup2 mount on this host");
		return;
	}
	snprintf(bdir, sizeof(bdir), "%s/bundle-f", tmp);
	mkdir(bdir, 0755);
	if (f->bundle_config)
		put("bundle-f/config.json", f->bundle_config);
	else
		unlink(path_of("bundle-f/config.json"));
	snprintf(cpath, sizeof(cpath), "%s/hook-fail.conf", tmp);
	if (f->conf)
		put("hook-fail.conf", f->conf);
	snprintf(state, sizeof(state), f->state, getpid(), bdir);
	expand(want, sizeof(want), f->line, bdir, dir);
	if (f->bindings) {
		char bl[256];

		snprintf(bl, sizeof(bl), f->bindings, id);
		sfs_put("bindings", bl, strlen(bl));
	}
	strcpy(saved, sfs);
	if (f->not_loaded)
		snprintf(sfs, sizeof(sfs), "%s/nowhere", tmp);
	rc = hook(state, f->conf ? cpath : NULL, NULL);
	strcpy(sfs, saved);
	CHECK(rc == 1, "exit %d", rc);
	CHECK(one_line(err) && !strcmp(err, want), "got  '%s'\nwant '%s'", err, want);
	CHECK(f->bindings || !sfs_get("bindings")[0], "bound: '%s'", sfs_get("bindings"));
	CHECK(!f->bindings || strncmp(sfs_get("bindings"), "bind ", 5),
	      "bound: '%s'", sfs_get("bindings"));
}

/* ---- ward-runc, end to end ---- */

static char fake_runtime[512], argv_log[512];

static void make_fake_runtime(void)
{
	char text[1024];

	snprintf(argv_log, sizeof(argv_log), "%s/argv.log", tmp);
	snprintf(fake_runtime, sizeof(fake_runtime), "%s/fake-runc", tmp);
	snprintf(text, sizeof(text), "#!/bin/sh\nprintf '%%s\\n' \"$0\" \"$@\" > %s\n", argv_log);
	put_file(fake_runtime, text, strlen(text));
	chmod(fake_runtime, 0755);
}

static int wrapper(const char *const *args, const char *conf)
{
	const char *argv[24];
	int i = 0;

	argv[0] = ward_runc;
	for (; args[i] && i < 22; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	unlink(argv_log);
	return run(argv, NULL, conf);
}

static char *write_conf(const char *name, const char *extra)
{
	char text[2048];

	snprintf(text, sizeof(text), "runtime %s\nwardctl %s\n%s", fake_runtime,
		 wardctl, extra);
	return put(name, text);
}

static void t_runc(const void *arg)
{
	char bdir[512], cfg[600], got[65536], want[4096], logp[512];
	struct json_object *root, *v;
	char e[WARD_OCI_ERRLEN];
	char *conf;

	(void)arg;
	reset();
	make_fake_runtime();
	conf = write_conf("runc.conf", "default-domain plain\n");
	snprintf(bdir, sizeof(bdir), "%s/bundle-r", tmp);
	mkdir(bdir, 0755);
	snprintf(cfg, sizeof(cfg), "%s/config.json", bdir);
	snprintf(logp, sizeof(logp), "%s/runc-log.json", tmp);
	put("bundle-r/config.json", CONFIG);

	{
		const char *a[] = { "--root", "/run/r", "--log", logp, "--log-format", "json",
				    "create", "--bundle", bdir, "--pid-file", "/run/p", "ctr", NULL };

		CHECK(wrapper(a, conf) == 0 && !err[0], "%s", err);
		get_file(argv_log, got, sizeof(got));
		snprintf(want, sizeof(want), "%s\n--root\n/run/r\n--log\n%s\n--log-format\njson\n"
			 "create\n--bundle\n%s\n--pid-file\n/run/p\nctr\n", fake_runtime, logp, bdir);
		CHECK(!strcmp(got, want), "argv:\n%swant:\n%s", got, want);
	}
	CHECK(!ward_oci_json_read(cfg, &root, e), "%s", e);
	if (root) {
		/* annotation plain: the default; plain has no seccomp: kept */
		v = json_object_object_get(json_object_object_get(root, "annotations"),
					   "org.ward.domain");
		CHECK(v && !strcmp(json_object_get_string(v), "plain"), "annotation");
		v = json_object_object_get(json_object_object_get(root, "linux"), "seccomp");
		CHECK(v && !strcmp(json_object_get_string(json_object_object_get(v, "defaultAction")),
				   "SCMP_ACT_ERRNO") &&
		      json_object_array_length(json_object_object_get(v, "syscalls")) == 1,
		      "the engine's profile was replaced");
		v = json_object_object_get(json_object_object_get(root, "hooks"), "createRuntime");
		snprintf(want, sizeof(want), "{\"path\":\"%s\",\"args\":[\"wardctl\",\"oci-hook\",\"--config\",\"%s\"]}",
			 wardctl, conf);
		CHECK(json_object_array_length(v) == 2 &&
		      !strcmp(json_object_to_json_string_ext(json_object_array_get_idx(v, 0),
				JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE), want),
		      "hooks %s", json_object_to_json_string(v));
		json_object_put(root);
	}

	/* annotation web: its profile replaces the engine's; run, cwd bundle */
	put("bundle-r/config.json", CONFIG);
	{
		struct json_object *a;
		const char *args[] = { "run", "-d", "ctr2", NULL };
		char cwd[4096];

		ward_oci_json_read(cfg, &root, e);
		a = json_object_object_get(root, "annotations");
		json_object_object_add(a, "org.ward.domain", json_object_new_string("web"));
		ward_oci_write_atomic(cfg, root, e);
		json_object_put(root);
		if (!getcwd(cwd, sizeof(cwd)) || chdir(bdir))
			printf("# chdir\n");
		CHECK(wrapper(args, conf) == 0, "%s", err);
		if (chdir(cwd))
			printf("# chdir back\n");
		CHECK(!ward_oci_json_read(cfg, &root, e), "%s", e);
		v = json_object_object_get(json_object_object_get(root, "linux"), "seccomp");
		CHECK(v && !strcmp(json_object_get_string(json_object_object_get(v, "defaultAction")),
				   "SCMP_ACT_ERRNO") &&
		      json_object_get_int(json_object_object_get(v, "defaultErrnoRet")) == EPERM &&
		      strstr(json_object_to_json_string(v), "\"SCMP_ARCH_X86_64\"") &&
		      strstr(json_object_to_json_string(v), "\"execve\""),
		      "web's profile: %s", json_object_to_json_string(v));
		json_object_put(root);
	}

	/* pass through: config.json untouched */
	put("bundle-r/config.json", CONFIG);
	{
		const char *a[] = { "delete", "--force", "ctr", NULL };

		CHECK(wrapper(a, conf) == 0, "%s", err);
		get_file(argv_log, got, sizeof(got));
		snprintf(want, sizeof(want), "%s\ndelete\n--force\nctr\n", fake_runtime);
		CHECK(!strcmp(got, want), "argv:\n%s", got);
		get_file(cfg, got, sizeof(got));
		CHECK(!strcmp(got, CONFIG), "config.json changed");
	}
}

struct runc_fail {
	const char *name;
	const char *config;	/* config.json; NULL: none */
	const char *conf;	/* extra oci.conf lines */
	int no_policy, not_loaded, self, no_wardctl;
	const char *args[8];
	const char *line;	/* @: the bundle, @conf, @self: ward-runc */
	const char *runtime;	/* "runtime" of oci.conf; NULL: the fake one, "": none */
	const char *path;	/* PATH; NULL: ours */
};

static const struct runc_fail runc_fails[] = {
	{ "no domain", "{}", "", 0, 0, 0, 0, { "create", "--bundle", "@", "c1" },
	  "ward-runc: container c1: no domain: no annotation org.ward.domain and no default-domain in @conf (ENOENT)\n" },
	{ "domain not in the policy", "{\"annotations\":{\"org.ward.domain\":\"nosuch\"}}", "",
	  0, 0, 0, 0, { "create", "--bundle", "@", "c1" },
	  "ward-runc: container c1: domain 'nosuch' is not in the loaded policy (ENOENT)\n" },
	{ "no policy", "{}", "default-domain web\n", 1, 0, 0, 0, { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: no policy is loaded (ENOENT)\n" },
	{ "not loaded", "{}", "default-domain web\n", 0, 1, 0, 0, { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: cannot read the policy: Ward is not loaded (no such control file) (ENOENT)\n" },
	{ "no config.json", NULL, "default-domain web\n", 0, 0, 0, 0, { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: @/config.json: No such file or directory (ENOENT)\n" },
	{ "bad config.json", "{\"a\":}", "default-domain web\n", 0, 0, 0, 0,
	  { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: @/config.json:1:6: invalid JSON: unexpected character (EINVAL)\n" },
	{ "bad annotation", "{\"annotations\":{\"org.ward.domain\":\"\"}}", "", 0, 0, 0, 0,
	  { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: @/config.json: annotation org.ward.domain='' is not a valid domain name (EINVAL)\n" },
	{ "hooks not an object", "{\"hooks\":1}", "default-domain web\n", 0, 0, 0, 0,
	  { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: @/config.json: config.json: 'hooks' is not an object (EINVAL)\n" },
	{ "no wardctl", "{}", "default-domain web\n", 0, 0, 0, 1, { "create", "-b", "@", "c1" },
	  "ward-runc: container c1: wardctl /nonexistent/wardctl: No such file or directory (ENOENT)\n" },
	{ "unknown global option", "{}", "", 0, 0, 0, 0, { "--frob", "create", "c1" },
	  "ward-runc: unknown global option '--frob': ward-runc cannot tell the command (EINVAL)\n" },
	{ "restore", "{}", "", 0, 0, 0, 0, { "restore", "c1" },
	  "ward-runc: 'restore' is refused: a restored container never executes, so Ward could not confine it from its first exec (EPERM)\n" },
	{ "runtime is ward-runc", "{}", "", 0, 0, 1, 0, { "delete", "c1" },
	  "ward-runc: runtime @self (@conf) is ward-runc itself (ELOOP)\n" },
	{ "runtime missing", "{}", "", 0, 0, 0, 0, { "delete", "c1" },
	  "ward-runc: runtime /nonexistent/runc (@conf): No such file or directory (ENOENT)\n",
	  "/nonexistent/runc" },
	{ "no runc in PATH", "{}", "", 0, 0, 0, 0, { "state", "c1" },
	  "ward-runc: no runc in PATH other than ward-runc, and no 'runtime' in @conf (ENOENT)\n",
	  "", "/nonexistent:/also-not" },
	{ "bad oci.conf", "{}", "default-domain web\nruntime /x\n", 0, 0, 0, 0,
	  { "create", "c1" },
	  "ward-runc: container c1: @conf:4:1: error: 'runtime' is set twice (EINVAL)\n" },
};

/* Replace "@conf", "@self" and "@" in @s. */
static void subst(char *out, size_t len, const char *s, const char *bundle,
		  const char *conf)
{
	size_t n = 0;

	while (*s && n + 1 < len) {
		const char *r = NULL;

		if (!strncmp(s, "@conf", 5)) {
			r = conf;
			s += 5;
		} else if (!strncmp(s, "@self", 5)) {
			r = ward_runc;
			s += 5;
		} else if (*s == '@') {
			r = bundle;
			s++;
		}
		if (r) {
			n += snprintf(out + n, len - n, "%s", r);
			if (n >= len)
				n = len - 1;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = 0;
}

static void t_runc_fail(const void *arg)
{
	const struct runc_fail *f = arg;
	char bdir[512], want[4096], extra[4096], saved[256], cfg[600], got[4096];
	char argbuf[8][512];
	const char *args[9];
	char *conf;
	int i, rc;

	reset();
	make_fake_runtime();
	snprintf(bdir, sizeof(bdir), "%s/bundle-rf", tmp);
	mkdir(bdir, 0755);
	snprintf(cfg, sizeof(cfg), "%s/config.json", bdir);
	unlink(cfg);
	if (f->config)
		put("bundle-rf/config.json", f->config);
	if (f->self)
		snprintf(extra, sizeof(extra), "runtime %s\n", ward_runc);
	else if (f->runtime && !f->runtime[0])
		snprintf(extra, sizeof(extra), "# runc from PATH\n");
	else
		snprintf(extra, sizeof(extra), "runtime %s\n",
			 f->runtime ? f->runtime : fake_runtime);
	snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra), "wardctl %s\n%s",
		 f->no_wardctl ? "/nonexistent/wardctl" : wardctl, f->conf);
	conf = put("runc-fail.conf", extra);
	if (f->no_policy)
		sfs_put("policy", "", 0);
	for (i = 0; f->args[i]; i++) {
		subst(argbuf[i], sizeof(argbuf[i]), f->args[i], bdir, conf);
		args[i] = argbuf[i];
	}
	args[i] = NULL;
	subst(want, sizeof(want), f->line, bdir, conf);
	strcpy(saved, sfs);
	if (f->not_loaded)
		snprintf(sfs, sizeof(sfs), "%s/nowhere", tmp);
	run_path = f->path;
	rc = wrapper(args, conf);
	run_path = NULL;
	strcpy(sfs, saved);
	CHECK(rc == 1, "exit %d", rc);
	CHECK(one_line(err) && !strcmp(err, want), "got  '%s'\nwant '%s'", err, want);
	CHECK(access(argv_log, F_OK), "the runtime ran");
	if (f->config) {
		get_file(cfg, got, sizeof(got));
		CHECK(!strcmp(got, f->config), "config.json changed: %s", got);
	}
}

/* A failure is also logged where containerd looks for it. */
static void t_runc_log(const void *arg)
{
	char bdir[512], logp[512], got[4096], want[1024];
	struct json_object *o;
	char e[WARD_OCI_ERRLEN];
	char *conf;

	(void)arg;
	reset();
	make_fake_runtime();
	conf = write_conf("runc-log.conf", "");
	snprintf(bdir, sizeof(bdir), "%s/bundle-l", tmp);
	mkdir(bdir, 0755);
	put("bundle-l/config.json", "{}");
	snprintf(logp, sizeof(logp), "%s/log.json", tmp);
	unlink(logp);
	{
		const char *a[] = { "--log", logp, "--log-format", "json", "create",
				    "--bundle", bdir, "c1", NULL };

		CHECK(wrapper(a, conf) == 1, "%s", err);
	}
	get_file(logp, got, sizeof(got));
	CHECK(one_line(got), "'%s'", got);
	CHECK(!ward_oci_json_parse("log", got, strlen(got), &o, e), "%s", e);
	snprintf(want, sizeof(want), "container c1: no domain: no annotation org.ward.domain and no default-domain in %s (ENOENT)",
		 conf);
	CHECK(o && !strcmp(json_object_get_string(json_object_object_get(o, "level")), "error") &&
	      !strcmp(json_object_get_string(json_object_object_get(o, "msg")), want) &&
	      json_object_object_get(o, "time"), "'%s'", got);
	json_object_put(o);
	unlink(logp);
	{
		const char *a[] = { "--log", logp, "create", "--bundle", bdir, "c1", NULL };

		CHECK(wrapper(a, conf) == 1, "%s", err);
	}
	get_file(logp, got, sizeof(got));
	snprintf(want, sizeof(want), " level=error msg=\"container c1: no domain: no annotation org.ward.domain and no default-domain in %s (ENOENT)\"\n",
		 conf);
	CHECK(!strncmp(got, "time=\"", 6) && strstr(got, want), "'%s'", got);
}

/* ---- wardctl bind --at-exec, status ---- */

static void t_cli_bind(const void *arg)
{
	const char *a[6] = { wardctl, "bind", "--at-exec", NULL, "web", NULL };
	char want[8192];
	struct stat st;

	(void)arg;
	reset();
	if (!cgroot[0] || stat(cgroot, &st)) {
		SKIP("no cgroup2 mount on this host");
		return;
	}
	a[3] = cgroot;
	CHECK(run(a, NULL, NULL) == 0 && !err[0], "%s", err);
	snprintf(want, sizeof(want), "bind %llu web exec", (unsigned long long)st.st_ino);
	CHECK(!strcmp(sfs_get("bindings"), want), "'%s'", sfs_get("bindings"));
	/* relative to the cgroup2 root */
	reset();
	a[3] = ".";
	CHECK(run(a, NULL, NULL) == 0, "%s", err);
	CHECK(!strcmp(sfs_get("bindings"), want), "'%s'", sfs_get("bindings"));
	/* usage: a missing domain, an unknown option */
	reset();
	a[4] = NULL;
	CHECK(run(a, NULL, NULL) == 2 && strstr(err, "bind [--at-exec] CGROUP DOMAIN"), "%s", err);
	a[2] = "--at-fork";
	a[4] = "web";
	CHECK(run(a, NULL, NULL) == 2, "--at-fork accepted");
	CHECK(!sfs_get("bindings")[0], "written: '%s'", sfs_get("bindings"));
	a[2] = "--at-exec";
	a[4] = "Web";
	CHECK(run(a, NULL, NULL) == 1 && one_line(err) &&
	      strstr(err, "'Web' is not a valid domain name (EINVAL)"), "%s", err);
}

static void t_cli_status(const void *arg)
{
	static const char b[] = "12 web exec /system.slice/docker-a b.scope\n"
				"7 db now /\n9 old /legacy\n";
	const char *a[] = { wardctl, "status", NULL };
	const char *root = cgroot[0] ? cgroot : "";
	char want[16384];

	(void)arg;
	reset();
	sfs_put("status", "locked no\n", 10);
	sfs_put("bindings", b, sizeof(b) - 1);
	CHECK(run(a, NULL, NULL) == 0, "%s", err);
	snprintf(want, sizeof(want), "locked no\nbinding 12 web exec %s/system.slice/docker-a b.scope\n"
		 "binding 7 db now %s\nbinding 9 old %s/legacy\n", root,
		 root[0] ? root : "/", root);
	CHECK(!strcmp(out, want), "got:\n%swant:\n%s", out, want);
}

/* ---- the files operators install (contrib/) ---- */

static const char *jstr(struct json_object *o, const char *path)
{
	char buf[256], *save = NULL, *k;

	snprintf(buf, sizeof(buf), "%s", path);
	for (k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	return o && json_object_is_type(o, json_type_string) ?
	       json_object_get_string(o) : "(none)";
}

static void t_contrib(const void *arg)
{
	char e[WARD_OCI_ERRLEN], p[512];
	struct ward_oci_conf c;
	struct json_object *o;

	(void)arg;
	snprintf(p, sizeof(p), "%s/oci.conf", contrib);
	CHECK(!ward_oci_conf_read(p, &c, e) && !strcmp(c.default_domain, "docker-default") &&
	      !c.runtime[0] && !strcmp(c.wardctl, WARD_OCI_WARDCTL), "%s", e);
	snprintf(p, sizeof(p), "%s/hooks.d/ward.json", contrib);
	CHECK(!ward_oci_json_read(p, &o, e), "%s", e);
	if (o) {
		CHECK(!strcmp(jstr(o, "version"), "1.0.0") &&
		      !strcmp(jstr(o, "hook.path"), WARD_OCI_WARDCTL) &&
		      !strcmp(json_object_to_json_string_ext(json_object_object_get(
			      json_object_object_get(o, "hook"), "args"), JSON_C_TO_STRING_PLAIN),
			      "[\"wardctl\",\"oci-hook\"]") &&
		      !strcmp(json_object_to_json_string_ext(json_object_object_get(o, "stages"),
							     JSON_C_TO_STRING_PLAIN),
			      "[\"createRuntime\"]") &&
		      json_object_get_boolean(json_object_object_get(
			      json_object_object_get(o, "when"), "always")),
		      "%s", json_object_to_json_string(o));
		json_object_put(o);
	}
	snprintf(p, sizeof(p), "%s/docker/daemon.json", contrib);
	CHECK(!ward_oci_json_read(p, &o, e), "%s", e);
	if (o) {
		CHECK(!strcmp(jstr(o, "runtimes.ward.path"), "/usr/sbin/ward-runc") &&
		      !strcmp(jstr(o, "default-runtime"), "ward"),
		      "%s", json_object_to_json_string(o));
		json_object_put(o);
	}
}

int main(void)
{
	char name[160];
	unsigned int i;

	wardctl = getenv("WARDCTL");
	ward_runc = getenv("WARD_RUNC");
	if (!wardctl)
		wardctl = "../build/wardctl";
	if (!ward_runc)
		ward_runc = "../build/ward-runc";
	contrib = getenv("CONTRIB");
	if (!contrib)
		contrib = "../contrib";
	snprintf(tmp, sizeof(tmp), "/tmp/ward-oci-test.XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(sfs, sizeof(sfs), "%s/sfs", tmp);
	mkdir(sfs, 0755);
	find_cgroot();

	ktap_add(t_conf, NULL, "oci.conf: keys, defaults, errors at line and column");
	ktap_add(t_state, NULL, "state: fields and every refusal");
	ktap_add(t_choose, NULL, "domain: annotation, then default, else refused");
	ktap_add(t_pid_cgroup, NULL, "cgroup of the state's pid");
	ktap_add(t_covering, NULL, "the binding that covers a cgroup: own, else nearest ancestor");
	ktap_add(t_binding_parse, NULL, "bindings lines: CGID DOMAIN ARM PATH and the old form");
	ktap_add(t_bind, NULL, "bind writes 'bind ID DOMAIN exec'; failures");
	ktap_add(t_bound, NULL, "EEXIST: same domain is success, another is not");
	ktap_add(t_edit, NULL, "config.json: hook once, annotation, seccomp, rest preserved");
	ktap_add(t_atomic, NULL, "config.json: atomic write, mode kept, nothing left over");
	for (i = 0; i < sizeof(args_cases) / sizeof(args_cases[0]); i++) {
		const struct args_case *c = &args_cases[i];
		size_t n = 0;
		int j;

		n += snprintf(name + n, sizeof(name) - n, "argv:");
		for (j = 1; c->argv[j] && n < sizeof(name) - 1; j++)
			n += snprintf(name + n, sizeof(name) - n, " %s", c->argv[j]);
		ktap_add(t_args, c, name);
	}
	ktap_add(t_config_path, NULL, "argv: the config.json of --bundle and --config");
	ktap_add(t_hook, NULL, "oci-hook: state annotation, bundle annotation, default");
	for (i = 0; i < sizeof(hook_fails) / sizeof(hook_fails[0]); i++) {
		snprintf(name, sizeof(name), "oci-hook fails closed: %s", hook_fails[i].name);
		ktap_add(t_hook_fail, &hook_fails[i], name);
	}
	ktap_add(t_runc, NULL, "ward-runc: rewrites create/run, passes the rest through");
	for (i = 0; i < sizeof(runc_fails) / sizeof(runc_fails[0]); i++) {
		snprintf(name, sizeof(name), "ward-runc fails closed: %s", runc_fails[i].name);
		ktap_add(t_runc_fail, &runc_fails[i], name);
	}
	ktap_add(t_runc_log, NULL, "ward-runc: the failure in the runtime's --log");
	ktap_add(t_cli_bind, NULL, "wardctl bind --at-exec writes 'bind ID DOMAIN exec'");
	ktap_add(t_cli_status, NULL, "wardctl status shows each binding's arming mode");
	ktap_add(t_contrib, NULL, "contrib: oci.conf, hooks.d and daemon.json as documented");
	i = ktap_run();
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd))
			printf("# cannot remove %s\n", tmp);
	}
	return (int)i;
}
