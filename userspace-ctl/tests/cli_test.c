// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the wardctl command line: exit codes, messages, and what
 * the commands write to the control files.  The securityfs directory is a
 * temporary directory (WARD_SECURITYFS), so the kernel module is not
 * needed; the guest selftests cover the real thing.  KTAP on stdout.
 *
 * Environment: WARDCTL (the binary), EXAMPLES (the example policies).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>

#include "policy.h"
#include "ktap.h"

static const char *wardctl, *examples;
static char sfs[256];		/* the fake securityfs directory */
static char tmp[128];		/* the test's scratch directory */
static char out[65536], err[65536];

static void put(const char *name, const void *data, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", sfs, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		printf("# cannot write %s\n", path);
	if (fd >= 0)
		close(fd);
}

static size_t get(const char *name, char *buf, size_t cap)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", sfs, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = 0;
	return n;
}

#define STATUS "version 0.1.0\nabi 1\npolicy none\nlocked no\n"

/* A fresh fake securityfs with empty control files. */
static void reset(void)
{
	static const char *const files[] = {
		"policy", "bindings", "lock", "events", "status",
	};
	unsigned int i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(files[i], "", 0);
	put("status", STATUS, strlen(STATUS));
}

static void read_fd(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
}

/* Run wardctl ARGS...; the exit status, or -1; stdout/stderr in out/err. */
static int run(const char *a1, const char *a2, const char *a3, const char *a4,
	       const char *a5, const char *a6)
{
	char so[512], se[512];
	pid_t pid;
	int st, fd;

	snprintf(so, sizeof(so), "%s/stdout", tmp);
	snprintf(se, sizeof(se), "%s/stderr", tmp);
	fflush(stdout);
	pid = fork();
	if (!pid) {
		const char *argv[] = { wardctl, a1, a2, a3, a4, a5, a6, NULL };

		if (!freopen(so, "w", stdout) || !freopen(se, "w", stderr))
			_exit(127);
		setenv("WARD_SECURITYFS", sfs, 1);
		execv(wardctl, (char **)argv);
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

#define RUN(...) run(__VA_ARGS__, NULL, NULL, NULL, NULL, NULL, NULL)
#define run(a, b, c, d, e, f, ...) run(a, b, c, d, e, f)

static int one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl && !nl[1];
}

static void compile_file(const char *path, void **blob, size_t *len)
{
	struct wp_policy p;

	*blob = NULL;
	*len = 0;
	wp_diag = fopen("/dev/null", "w");
	if (!wp_parse_file(path, &p) && !wp_check(&p, NULL))
		wp_compile(&p, blob, len);
	fclose(wp_diag);
	wp_diag = NULL;
	wp_free(&p);
}

static char *example(const char *name)
{
	static char path[4][512];
	static int i;
	char *p = path[i++ & 3];

	snprintf(p, 512, "%s/%s", examples, name);
	return p;
}

static char *scratch(const char *name, const char *content)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
	return path;
}

/* ---- usage ---- */

static void t_usage(const void *arg)
{
	(void)arg;
	CHECK(RUN(NULL) == 2, "no command");
	CHECK(strstr(err, "usage: wardctl"), "%s", err);
	CHECK(RUN("frob") == 2, "unknown command");
	CHECK(strstr(err, "unknown command 'frob'"), "%s", err);
	CHECK(RUN("check") == 2, "check without file");
	CHECK(RUN("bind", "x") == 2, "bind without domain");
	CHECK(RUN("unbind") == 2, "unbind without cgroup");
	CHECK(RUN("exec", "--domain", "a") == 2, "exec without command");
	CHECK(RUN("exec", "--", "true") == 2, "exec without domain");
	CHECK(RUN("events", "-x") == 2, "events -x");
	CHECK(RUN("events", "--json", "--json") == 2, "events --json --json");
	CHECK(RUN("events", "-f", "-f") == 2, "events -f -f");
	CHECK(RUN("status", "--json", "x") == 2, "status --json x");
	CHECK(RUN("status", "--jsonx") == 2, "status --jsonx");
	CHECK(RUN("lock", "now") == 2, "lock now");
	CHECK(RUN("--help") == 0, "--help");
}

/* ---- seccomp import --caps, bind errors from the command line ---- */

static void t_import_caps(const void *arg)
{
	char path[512];

	(void)arg;
	snprintf(path, sizeof(path), "%s",
		 scratch("p.json",
			 "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
			 " {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
			 " {\"names\": [\"chroot\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
			 "  \"includes\": {\"caps\": [\"CAP_SYS_CHROOT\"]}},\n"
			 " {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
			 "  \"args\": [{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_NE\"}]}]}\n"));
	/* Docker's default capabilities include CAP_SYS_CHROOT */
	CHECK(RUN("seccomp", "import", path) == 0, "%s", err);
	CHECK(strstr(out, "\tallow chroot read write\n") &&
	      strstr(out, "\tallow socket if arg0 != 40\n"), "%s", out);
	CHECK(RUN("seccomp", "import", "--caps", "none", path) == 0, "%s", err);
	CHECK(strstr(out, "\tallow read write\n") && !strstr(out, "chroot"), "%s", out);
	CHECK(strstr(err, "syscalls[1] (chroot): not applicable: includes caps CAP_SYS_CHROOT, which the container lacks\n"),
	      "%s", err);
	CHECK(RUN("seccomp", "import", "--caps", "sys_chroot,net_raw", path) == 0, "%s", err);
	CHECK(strstr(out, "\tallow chroot read write\n"), "%s", out);
	CHECK(RUN("seccomp", "import", "--caps", path) == 2, "--caps without a list");
	CHECK(strstr(err, "usage: wardctl seccomp"), "%s", err);
}

static void t_check_bind(const void *arg)
{
	char *bad;

	(void)arg;
	bad = scratch("bind.ward", "bind /docker//x a\ndomain a {\n}\n");
	CHECK(RUN("check", bad) == 1, "bad pattern accepted");
	CHECK(strstr(err, "bind.ward:1:14: error: invalid cgroup path pattern '/docker//x'"),
	      "%s", err);
	bad = scratch("bind.ward", "bind /* a\ndomain a {\n}\n");
	CHECK(RUN("check", bad) == 0, "%s", err);
	CHECK(strstr(err, "bind.ward:1:6: warning: bind pattern '/*' is over-broad (R-LVL)"),
	      "%s", err);
}

/* ---- check ---- */

static void t_check(const void *arg)
{
	char *bad;

	(void)arg;
	CHECK(RUN("check", example("strict.ward")) == 0, "strict: %s", err);
	CHECK(!out[0] && !err[0], "check prints nothing on a clean file: %s%s",
	      out, err);
	CHECK(RUN("check", example("docker-default.ward")) == 0, "%s", err);
	CHECK(strstr(err, "docker-default.ward:") && strstr(err, ": warning: "),
	      "warnings: %s", err);
	bad = scratch("bad.ward", "domain a {\n  mode sometimes\n}\n");
	CHECK(RUN("check", bad) == 1, "bad policy accepted");
	CHECK(strstr(err, "bad.ward:2:8: error: unknown value 'sometimes'"), "%s", err);
	CHECK(RUN("check", "/nonexistent.ward") == 1, "missing file");
	CHECK(strstr(err, "/nonexistent.ward: error: cannot open: No such file or directory (ENOENT)"),
	      "%s", err);
}

/* ---- load ---- */

static void t_load(const void *arg)
{
	static char got[WARD_POLICY_MAX_SIZE];
	void *blob;
	size_t len, n;

	(void)arg;
	reset();
	compile_file(example("strict.ward"), &blob, &len);
	CHECK(blob && len, "compile");
	CHECK(RUN("load", example("strict.ward")) == 0, "load: %s", err);
	n = get("policy", got, sizeof(got));
	CHECK(n == len && blob && !memcmp(got, blob, len),
	      "policy file: %zu bytes, want %zu", n, len);
	free(blob);
}

static void t_load_bad(const void *arg)
{
	char got[16];

	(void)arg;
	reset();
	CHECK(RUN("load", scratch("bad.ward", "domain a {\n  mount allow proc\n}\n")) == 1,
	      "accepted");
	CHECK(strstr(err, "bad.ward:2:15: error: 'proc' is a protected filesystem"),
	      "%s", err);
	CHECK(strstr(err, "wardctl: load: ") && strstr(err, "nothing loaded"), "%s", err);
	CHECK(get("policy", got, sizeof(got)) == 0, "something was written");
}

static void t_not_loaded(const void *arg)
{
	char saved[256];

	(void)arg;
	strcpy(saved, sfs);
	snprintf(sfs, sizeof(sfs), "%s/nowhere", tmp);
	CHECK(RUN("load", example("strict.ward")) == 1, "load");
	CHECK(!strcmp(err, "wardctl: load: Ward is not loaded (no such control file) (ENOENT)\n"),
	      "%s", err);
	CHECK(RUN("status") == 1 && one_line(err), "status: %s", err);
	CHECK(RUN("show") == 1 && one_line(err), "show: %s", err);
	CHECK(RUN("lock") == 1 && one_line(err), "lock: %s", err);
	CHECK(RUN("events") == 1 && one_line(err), "events: %s", err);
	strcpy(sfs, saved);
}

static void t_write_error(const void *arg)
{
	char path[512];

	(void)arg;
	reset();
	snprintf(path, sizeof(path), "%s/lock", sfs);
	unlink(path);
	mkdir(path, 0755);
	CHECK(RUN("lock") == 1, "lock into a directory");
	CHECK(one_line(err) && strstr(err, "wardctl: lock: ") &&
	      strstr(err, "(EISDIR)"), "%s", err);
	rmdir(path);
}

/* ---- show: the round trip ---- */

static void t_show(const void *arg)
{
	const char *name = arg;
	void *blob, *again;
	size_t len, len2;

	reset();
	compile_file(example(name), &blob, &len);
	CHECK(blob, "compile");
	if (!blob)
		return;
	put("policy", blob, len);
	CHECK(RUN("show") == 0, "show: %s", err);
	compile_file(scratch("shown.ward", out), &again, &len2);
	CHECK(again && len2 == len && !memcmp(again, blob, len),
	      "show output does not compile to the loaded bytes:\n%s", out);
	/* and load of the shown text writes the same bytes */
	CHECK(RUN("check", scratch("shown.ward", out)) == 0, "check: %s", err);
	free(blob);
	free(again);
}

static void t_show_errors(const void *arg)
{
	(void)arg;
	reset();
	CHECK(RUN("show") == 1, "empty policy");
	CHECK(!strcmp(err, "wardctl: show: no policy is loaded (ENOENT)\n"), "%s", err);
	put("policy", "garbage, not a blob at all, long enough for a header", 52);
	CHECK(RUN("show") == 1, "garbage");
	CHECK(strstr(err, "malformed policy blob: bad magic") &&
	      strstr(err, "wardctl: show: cannot decode the loaded policy (EINVAL)"),
	      "%s", err);
}

/* ---- lock, events, status ---- */

static void t_lock(const void *arg)
{
	char got[16];

	(void)arg;
	reset();
	CHECK(RUN("lock") == 0, "%s", err);
	CHECK(get("lock", got, sizeof(got)) == 1 && got[0] == '1', "lock file '%s'", got);
}

static void t_events(const void *arg)
{
	static const char ev[] =
		"seq=1 op=mount domain=a mode=enforce verdict=deny pid=5 comm=x exe=/x obj=/mnt errno=13\n"
		"seq=2 op=ptrace domain=a mode=complain verdict=allow pid=6 comm=y exe=/y obj=7 errno=1\n";

	(void)arg;
	reset();
	put("events", ev, sizeof(ev) - 1);
	CHECK(RUN("events") == 0, "%s", err);
	CHECK(!strcmp(out, ev), "got '%s'", out);
}

static int cgroup2_root(char *buf, size_t len);

/* The same lines as JSON, one object per line; a last line without '\n'. */
static void t_events_json(const void *arg)
{
	static const char ev[] =
		"lost 3\n"
		"seq=3 op=mount domain=a mode=enforce verdict=deny pid=5 comm=x exe=/x errno=13 fstype=tmpfs\n"
		"seq=4 op=ptrace domain=a mode=complain verdict=allow pid=6 comm=y exe=/y errno=1 target=7\n"
		"seq=5 op=bpf domain=a";
	static const char want[] =
		"{\"type\":\"lost\",\"lost\":3}\n"
		"{\"type\":\"event\",\"seq\":3,\"op\":\"mount\",\"domain\":\"a\","
		"\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":5,\"comm\":\"x\","
		"\"exe\":\"/x\",\"errno\":13,\"errno_name\":\"EACCES\","
		"\"object\":{\"fstype\":\"tmpfs\"}}\n"
		"{\"type\":\"event\",\"seq\":4,\"op\":\"ptrace\",\"domain\":\"a\","
		"\"mode\":\"complain\",\"verdict\":\"allow\",\"pid\":6,\"comm\":\"y\","
		"\"exe\":\"/y\",\"errno\":1,\"errno_name\":\"EPERM\","
		"\"object\":{\"target\":\"7\"}}\n"
		"{\"type\":\"unparsed\",\"line\":\"seq=5 op=bpf domain=a\"}\n";

	(void)arg;
	reset();
	put("events", ev, sizeof(ev) - 1);
	CHECK(RUN("events", "--json") == 0, "%s", err);
	CHECK(!strcmp(out, want), "got '%s'", out);
	CHECK(!err[0], "stderr '%s'", err);
	/* nothing buffered: no output at all */
	put("events", "", 0);
	CHECK(RUN("events", "--json") == 0 && !out[0], "'%s' '%s'", out, err);
}

/*
 * events -f [--json] on a plain file: nothing is printed before the event
 * is there (the positive control), then its line within 5 s.
 */
static void t_events_follow(const void *arg)
{
	static const char line[] =
		"seq=0 op=kexec domain=q mode=enforce verdict=deny pid=9 comm=k exe=/k errno=13 \n";
	static const char want_json[] =
		"{\"type\":\"event\",\"seq\":0,\"op\":\"kexec\",\"domain\":\"q\","
		"\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":9,\"comm\":\"k\","
		"\"exe\":\"/k\",\"errno\":13,\"errno_name\":\"EACCES\","
		"\"object\":{}}\n";
	const char *want = arg ? want_json : line;
	char path[512], got[1024];
	struct pollfd pfd;
	size_t n = 0;
	int p[2], fd, st;
	pid_t pid;

	reset();
	if (pipe(p)) {
		CHECK(0, "pipe: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (!pid) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		setenv("WARD_SECURITYFS", sfs, 1);
		execl(wardctl, wardctl, "events", "-f", arg ? "--json" : NULL,
		      (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	/* no event yet: no output for 600 ms (three polls of the file) */
	CHECK(poll(&pfd, 1, 600) == 0, "output before any event");
	snprintf(path, sizeof(path), "%s/events", sfs);
	fd = open(path, O_WRONLY | O_APPEND);
	CHECK(fd >= 0 && write(fd, line, sizeof(line) - 1) == sizeof(line) - 1,
	      "append: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	while (n < strlen(want) && poll(&pfd, 1, 5000) == 1) {
		ssize_t r = read(p[0], got + n, sizeof(got) - 1 - n);

		if (r <= 0)
			break;
		n += r;
	}
	got[n] = '\0';
	CHECK(!strcmp(got, want), "got '%s'", got);
	/* still following: alive until killed */
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "exited on its own");
	kill(pid, SIGTERM);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGTERM, "status %#x", st);
	close(p[0]);
}

static void t_status_json(const void *arg)
{
	char root[4096], want[8192];

	(void)arg;
	reset();
	put("bindings", "1 web now /\n4242 db exec /a/b\n", 30);
	if (cgroup2_root(root, sizeof(root)))
		root[0] = 0;
	CHECK(RUN("status", "--json") == 0, "%s", err);
	snprintf(want, sizeof(want),
		 "{\"version\":\"0.1.0\",\"abi\":1,\"policy\":{\"loaded\":false},"
		 "\"locked\":false,\"domains\":[],\"hooks\":[],\"cgroups\":["
		 "{\"id\":1,\"domain\":\"web\",\"arm\":\"now\",\"path\":\"/\","
		 "\"directory\":%s%s%s},"
		 "{\"id\":4242,\"domain\":\"db\",\"arm\":\"exec\",\"path\":\"/a/b\","
		 "\"directory\":%s%s%s}]}\n",
		 root[0] ? "\"" : "", root[0] ? root : "null", root[0] ? "\"" : "",
		 root[0] ? "\"" : "", root[0] ? root : "null",
		 root[0] ? "/a/b\"" : "");
	CHECK(!strcmp(out, want), "got:\n%swant:\n%s", out, want);
	CHECK(!err[0], "stderr '%s'", err);
}

static int cgroup2_root(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char line[4096];
	int ret = -1;

	while (f && fgets(line, sizeof(line), f)) {
		char mnt[4096];

		if (!strstr(line, " - cgroup2 "))
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1 &&
		    strlen(mnt) < len) {
			strcpy(buf, mnt);
			ret = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	return ret;
}

static void t_status(const void *arg)
{
	char root[4096], want[8192];

	(void)arg;
	reset();
	put("bindings", "1 web /\n4242 db /a/b\n", 21);
	CHECK(RUN("status") == 0, "%s", err);
	if (cgroup2_root(root, sizeof(root)))
		root[0] = 0;
	snprintf(want, sizeof(want),
		 "version 0.1.0\nabi 1\npolicy none\nlocked no\n"
		 "binding 1 web %s\nbinding 4242 db %s/a/b\n",
		 root[0] ? root : "/", root);
	CHECK(!strcmp(out, want), "got:\n%swant:\n%s", out, want);
}

/* ---- bind, unbind ---- */

static void t_bind(const void *arg)
{
	char root[4096], want[128], got[128];
	struct statfs sfsb;
	struct stat st;

	(void)arg;
	reset();
	if (cgroup2_root(root, sizeof(root)) || statfs(root, &sfsb) ||
	    sfsb.f_type != CGROUP2_SUPER_MAGIC || stat(root, &st)) {
		SKIP("no cgroup2 mount on this host");
		return;
	}
	CHECK(RUN("bind", root, "web") == 0, "absolute: %s", err);
	snprintf(want, sizeof(want), "bind %llu web", (unsigned long long)st.st_ino);
	get("bindings", got, sizeof(got));
	CHECK(!strcmp(got, want), "got '%s' want '%s'", got, want);

	reset();
	CHECK(RUN("bind", ".", "db") == 0, "relative: %s", err);
	snprintf(want, sizeof(want), "bind %llu db", (unsigned long long)st.st_ino);
	get("bindings", got, sizeof(got));
	CHECK(!strcmp(got, want), "got '%s' want '%s'", got, want);

	reset();
	CHECK(RUN("unbind", root) == 0, "unbind: %s", err);
	snprintf(want, sizeof(want), "unbind %llu", (unsigned long long)st.st_ino);
	get("bindings", got, sizeof(got));
	CHECK(!strcmp(got, want), "got '%s' want '%s'", got, want);

	CHECK(RUN("bind", root, "Web") == 1 && one_line(err) &&
	      strstr(err, "'Web' is not a valid domain name (EINVAL)"), "%s", err);
}

static void t_bind_errors(const void *arg)
{
	char got[16];

	(void)arg;
	reset();
	CHECK(RUN("bind", tmp, "web") == 1, "not cgroup2");
	CHECK(one_line(err) && strstr(err, "not on a cgroup2 filesystem (EINVAL)"),
	      "%s", err);
	CHECK(RUN("bind", "/nonexistent/cg", "web") == 1, "missing");
	CHECK(!strcmp(err, "wardctl: bind: /nonexistent/cg: No such file or directory (ENOENT)\n"),
	      "%s", err);
	CHECK(RUN("unbind", "/nonexistent/cg") == 1 && one_line(err), "%s", err);
	CHECK(get("bindings", got, sizeof(got)) == 0, "something was written");
}

/* ---- exec ---- */

static void t_exec_errors(const void *arg)
{
	void *blob;
	size_t len;

	(void)arg;
	reset();
	CHECK(RUN("exec", "--domain", "strict", "--", "true") == 1, "no policy");
	CHECK(!strcmp(err, "wardctl: exec: no policy is loaded (ENOENT)\n"), "%s", err);
	compile_file(example("strict.ward"), &blob, &len);
	put("policy", blob, len);
	free(blob);
	CHECK(RUN("exec", "--domain", "other", "--", "true") == 1, "unknown domain");
	CHECK(!strcmp(err, "wardctl: exec: no domain 'other' in the loaded policy (ENOENT)\n"),
	      "%s", err);
}

/*
 * The whole exec path on the host's cgroup2: cgroup created, bound, the
 * command runs inside it.  Skipped where the host does not let us create
 * cgroups.
 */
static void t_exec(const void *arg)
{
	char root[4096], cg[4200], want[128], got[128];
	struct stat st;
	void *blob;
	size_t len;

	(void)arg;
	reset();
	if (cgroup2_root(root, sizeof(root))) {
		SKIP("no cgroup2 mount on this host");
		return;
	}
	snprintf(cg, sizeof(cg), "%s/ward", root);
	if (mkdir(cg, 0755) && errno != EEXIST) {
		SKIP("cannot create cgroups on this host");
		return;
	}
	compile_file(scratch("p.ward", "domain clitest {\n}\n"), &blob, &len);
	put("policy", blob, len);
	free(blob);
	CHECK(RUN("exec", "--domain", "clitest", "--", "cat", "/proc/self/cgroup") == 0,
	      "%s", err);
	CHECK(strstr(out, "0::/ward/clitest\n"), "not in the cgroup: %s", out);
	snprintf(cg, sizeof(cg), "%s/ward/clitest", root);
	CHECK(!stat(cg, &st), "no cgroup %s", cg);
	snprintf(want, sizeof(want), "bind %llu clitest", (unsigned long long)st.st_ino);
	get("bindings", got, sizeof(got));
	CHECK(!strcmp(got, want), "got '%s' want '%s'", got, want);
	CHECK(RUN("exec", "--domain", "clitest", "--", "/nonexistent") == 1 &&
	      !strcmp(err, "wardctl: exec: /nonexistent: No such file or directory (ENOENT)\n"),
	      "%s", err);
	rmdir(cg);
	snprintf(cg, sizeof(cg), "%s/ward", root);
	rmdir(cg);
}

int main(void)
{
	static const char *const names[] = { "strict.ward", "docker-default.ward" };
	char name[128];
	unsigned int i;

	wardctl = getenv("WARDCTL");
	examples = getenv("EXAMPLES");
	if (!wardctl)
		wardctl = "../build/wardctl";
	if (!examples)
		examples = "examples";
	snprintf(tmp, sizeof(tmp), "/tmp/wardctl-cli.XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(sfs, sizeof(sfs), "%s/sfs", tmp);
	mkdir(sfs, 0755);

	ktap_add(t_usage, NULL, "usage errors exit 2");
	ktap_add(t_check, NULL, "check: exit codes and diagnostics");
	ktap_add(t_check_bind, NULL, "check: bind pattern error and warning");
	ktap_add(t_import_caps, NULL, "seccomp import: --caps decides includes caps");
	ktap_add(t_load, NULL, "load writes the compiled blob");
	ktap_add(t_load_bad, NULL, "load of a bad policy writes nothing");
	ktap_add(t_not_loaded, NULL, "no securityfs directory: one-line errors");
	ktap_add(t_write_error, NULL, "write error: one line naming the errno");
	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "show round trip of %s", names[i]);
		ktap_add(t_show, names[i], name);
	}
	ktap_add(t_show_errors, NULL, "show: no policy, bad blob");
	ktap_add(t_lock, NULL, "lock writes 1");
	ktap_add(t_events, NULL, "events copies the buffered events");
	ktap_add(t_status, NULL, "status: status file then bindings with paths");
	ktap_add(t_events_json, NULL, "events --json: one object per line");
	ktap_add(t_events_follow, NULL, "events -f: nothing, then the new line");
	ktap_add(t_events_follow, "json", "events -f --json: nothing, then the object");
	ktap_add(t_status_json, NULL, "status --json: one object, bindings with paths");
	ktap_add(t_bind, NULL, "bind and unbind write the cgroup id");
	ktap_add(t_bind_errors, NULL, "bind: not a cgroup2 directory");
	ktap_add(t_exec_errors, NULL, "exec: no policy, unknown domain");
	ktap_add(t_exec, NULL, "exec: runs the command in <cgroup2>/ward/D");
	i = ktap_run();
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd))
			printf("# cannot remove %s\n", tmp);
	}
	return (int)i;
}
