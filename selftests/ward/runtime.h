/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward selftests - helpers for the real container runtimes (runtime_test.c)
 *
 * The guest has Debian 12's runc, crun, containerd, ctr and
 * containerd-shim-runc-v2 (tools/vm/mkinitramfs.sh), the wrapper
 * /usr/sbin/ward-runc when it is built, and a read-only busybox image in
 * /ward/rt/rootfs whose /bin/ward-rt-first (rt/first.c) and
 * /bin/ward-rt-tool (rt/tool.c) are the containers' programs.
 *
 * Each container gets its own bundle directory under /tmp/rt/ID with a
 * config.json written by rt_bundle() (the shape of `runc spec`, which both
 * runc 1.1.5 and crun 1.8.1 accept) and its own cgroup /ward-rt/... below
 * the cgroup2 root.
 *
 * Conventions as in fixture.h: functions that run a command return its
 * exit status (128 + signal, -errno if it could not be run).
 */
#ifndef WARD_SELFTESTS_RUNTIME_H
#define WARD_SELFTESTS_RUNTIME_H

#include "fixture.h"

#define RT_ROOTFS	"/ward/rt/rootfs"
#define RT_BUNDLES	"/tmp/rt"
#define RT_CG_REL	"/ward-rt"
#define RT_CG		WARD_CGROUP_ROOT RT_CG_REL
#define RT_RUNC		"/usr/sbin/runc"
#define RT_CRUN		"/usr/bin/crun"
#define RT_WRAPPER	"/usr/sbin/ward-runc"
#define RT_CTR		"/usr/bin/ctr"
#define RT_CONTAINERD	"/usr/bin/containerd"
#define RT_CTRD_SOCK	"/run/containerd/containerd.sock"
#define RT_ANNOTATION	"org.ward.domain"

/* Output buffers of runtime commands. */
#define RT_OUT		8192

/*
 * The domains every runtime test loads, after docker-default.ward itself
 * (/etc/ward/docker-default.ward, verbatim):
 * rt-plain     docker-default without its seccomp block, so that a mount
 *              reaches Ward even through the wrapper (which applies the
 *              domain's seccomp profile, and docker-default's refuses
 *              mount(2) with EPERM before Ward sees it)
 * rt-hostdeny  the same with ptrace-from-host deny (runc exec must work)
 */
#define RT_DOMAINS							\
	"\ndomain rt-plain {\n"						\
	"	mode enforce\n"						\
	"	mount deny\n"						\
	"	ptrace none\n"						\
	"	ptrace-from-host allow\n"				\
	"	memory wx-allow\n"					\
	"	modules deny\n"						\
	"}\n"								\
	"domain rt-hostdeny {\n"					\
	"	mode enforce\n"						\
	"	mount deny\n"						\
	"	ptrace none\n"						\
	"	ptrace-from-host deny\n"				\
	"	memory wx-allow\n"					\
	"	modules deny\n"						\
	"}\n"

/* The pattern bindings (policy statements `bind PATTERN DOMAIN`). */
#define RT_PATTERNS							\
	"bind /ward-rt/pat-* docker-default\n"				\
	"bind /ward-rt/plain-* rt-plain\n"				\
	"bind /ward-rt/hdeny-* rt-hostdeny\n"

/* An integer from the environment (the guest's ward.rt_* parameters). */
static inline int rt_env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v && *v ? atoi(v) : def;
}

/*
 * Load docker-default.ward + RT_DOMAINS + @extra (may be NULL) with
 * wardctl.  The example's "default" line is left out (the positive
 * controls need unbound containers that nothing confines; the
 * default_domain test adds its own), its bind lines stay (none matches
 * RT_CG_REL).  Returns wardctl's exit status; its stderr goes to the log.
 */
static inline int rt_load_policy(const char *extra)
{
	char *text, *p;
	ssize_t n;
	int ret;

	text = malloc(WARD_BUF_SIZE);
	if (!text)
		return -ENOMEM;
	n = ward_read_file(WARD_POLICY_DIR "/docker-default.ward", text,
			   WARD_BUF_SIZE / 2);
	if (n < 0) {
		free(text);
		return n;
	}
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (!strncmp(p, "default ", 8) || !strncmp(p, "default\t", 8))
			*p = '#';
	}
	snprintf(text + n, WARD_BUF_SIZE - n, "%s%s", RT_DOMAINS,
		 extra ? extra : "");
	ret = ward_load_policy(text);
	free(text);
	return ret;
}

/* What a container looks like (see rt_bundle()). */
struct rt_spec {
	const char *args;	/* JSON array elements: "\"/bin/sh\", \"-c\"" */
	const char *cgroup;	/* cgroupsPath, e.g. "/ward-rt/pat-1" */
	const char *domain;	/* annotation org.ward.domain, or NULL */
	bool hook;		/* createRuntime hook: wardctl oci-hook */
	bool hostpid;		/* share the host's PID namespace */
	const char *env;	/* one more environment entry "K=V", or NULL */
};

/*
 * Write @dir/config.json (creating @dir) for @s.  The process runs as root
 * with Docker's default capabilities plus CAP_SYS_ADMIN, without a seccomp
 * profile, so that a mount fails only because Ward refuses it (EACCES;
 * the positive controls mount with errno 0).  0 or -errno.
 */
static inline int rt_bundle(const char *dir, const struct rt_spec *s)
{
	static const char caps[] =
		"\"CAP_CHOWN\", \"CAP_DAC_OVERRIDE\", \"CAP_FSETID\", "
		"\"CAP_FOWNER\", \"CAP_MKNOD\", \"CAP_NET_RAW\", "
		"\"CAP_SETGID\", \"CAP_SETUID\", \"CAP_SETFCAP\", "
		"\"CAP_SETPCAP\", \"CAP_NET_BIND_SERVICE\", "
		"\"CAP_SYS_CHROOT\", \"CAP_KILL\", \"CAP_AUDIT_WRITE\", "
		"\"CAP_SYS_ADMIN\"";
	char path[PATH_MAX], annot[128] = "", hooks[256] = "", env[256] = "";
	char *json;
	int ret, len;

	ret = ward_mkdir_p(dir);
	if (ret)
		return ret;
	if (s->domain)
		snprintf(annot, sizeof(annot), "\"%s\": \"%s\"",
			 RT_ANNOTATION, s->domain);
	if (s->hook)
		snprintf(hooks, sizeof(hooks),
			 "\"createRuntime\": [ { \"path\": \"%s\", "
			 "\"args\": [ \"wardctl\", \"oci-hook\" ], "
			 "\"timeout\": 30 } ]", WARDCTL_PATH);
	if (s->env)
		snprintf(env, sizeof(env), ", \"%s\"", s->env);
	json = malloc(WARD_BUF_SIZE);
	if (!json)
		return -ENOMEM;
	len = snprintf(json, WARD_BUF_SIZE,
"{\n"
"  \"ociVersion\": \"1.0.2\",\n"
"  \"process\": {\n"
"    \"terminal\": false,\n"
"    \"user\": { \"uid\": 0, \"gid\": 0 },\n"
"    \"args\": [ %s ],\n"
"    \"env\": [ \"PATH=/bin\", \"TERM=xterm\"%s ],\n"
"    \"cwd\": \"/\",\n"
"    \"capabilities\": {\n"
"      \"bounding\": [ %s ],\n"
"      \"effective\": [ %s ],\n"
"      \"permitted\": [ %s ]\n"
"    },\n"
"    \"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024 } ],\n"
"    \"noNewPrivileges\": true\n"
"  },\n"
"  \"root\": { \"path\": \"%s\", \"readonly\": true },\n"
"  \"hostname\": \"ward-rt\",\n"
"  \"mounts\": [\n"
"    { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },\n"
"    { \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
"      \"options\": [ \"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\" ] },\n"
"    { \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
"      \"options\": [ \"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\" ] },\n"
"    { \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\" ] },\n"
"    { \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\" ] },\n"
"    { \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] },\n"
"    { \"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\",\n"
"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\" ] }\n"
"  ],\n"
"  \"annotations\": { %s },\n"
"  \"hooks\": { %s },\n"
"  \"linux\": {\n"
"    \"cgroupsPath\": \"%s\",\n"
"    \"namespaces\": [ %s{ \"type\": \"network\" }, { \"type\": \"ipc\" },\n"
"      { \"type\": \"uts\" }, { \"type\": \"mount\" }, { \"type\": \"cgroup\" } ],\n"
"    \"maskedPaths\": [ \"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\",\n"
"      \"/proc/keys\", \"/proc/latency_stats\", \"/proc/timer_list\",\n"
"      \"/proc/timer_stats\", \"/proc/sched_debug\", \"/sys/firmware\",\n"
"      \"/proc/scsi\" ],\n"
"    \"readonlyPaths\": [ \"/proc/bus\", \"/proc/fs\", \"/proc/irq\",\n"
"      \"/proc/sys\", \"/proc/sysrq-trigger\" ]\n"
"  }\n"
"}\n",
		s->args, env, caps, caps, caps, RT_ROOTFS, annot, hooks,
		s->cgroup, s->hostpid ? "" : "{ \"type\": \"pid\" }, ");
	snprintf(path, sizeof(path), "%s/config.json", dir);
	ret = len < WARD_BUF_SIZE ? 0 : -E2BIG;
	if (!ret) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);

		if (fd < 0)
			ret = -errno;
		else {
			if (write(fd, json, len) != len)
				ret = -EIO;
			close(fd);
		}
	}
	free(json);
	return ret;
}

/*
 * Run the shell command line formatted from @fmt (sh -c), its standard
 * output and error both captured into @out (may be NULL), standard input
 * /dev/null.  Returns the exit status.
 */
static inline int rt_sh(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int rt_sh(char *out, size_t len, const char *fmt, ...)
{
	char cmd[2048], line[2100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "exec 2>&1 </dev/null; %s", cmd);
	return ward_runl(out, len, "/bin/sh", "-c", line, NULL);
}

/* Bundle directory of container @id. */
static inline void rt_bundle_dir(const char *id, char *dir, size_t len)
{
	snprintf(dir, len, "%s/%s", RT_BUNDLES, id);
}

/*
 * Write the bundle of container @id (RT_BUNDLES/@id) for @s; then run it
 * in the foreground with @runtime (`RUNTIME run --bundle DIR ID`: the
 * runtime deletes it when its process exits).  The container's output
 * goes to @out.  Returns the runtime's exit status (the container
 * process's, when it ran), or -errno if the bundle could not be written.
 */
static inline int rt_run(const char *runtime, const char *id,
			 const struct rt_spec *s, char *out, size_t len)
{
	char dir[PATH_MAX];
	int ret;

	rt_bundle_dir(id, dir, sizeof(dir));
	ret = rt_bundle(dir, s);
	if (ret)
		return ret;
	return rt_sh(out, len, "%s run --bundle %s %s", runtime, dir, id);
}

/*
 * Same, detached: `RUNTIME run -d` with the container's output to
 * RT_BUNDLES/@id.log (the runtime passes its stdio to the container, which
 * must not hold the test's pipes).  Returns the runtime's exit status.
 */
static inline int rt_run_detached(const char *runtime, const char *id,
				  const struct rt_spec *s, char *out,
				  size_t len)
{
	char dir[PATH_MAX];
	int ret;

	rt_bundle_dir(id, dir, sizeof(dir));
	ret = rt_bundle(dir, s);
	if (ret)
		return ret;
	ret = rt_sh(NULL, 0, "%s run -d --bundle %s %s >%s.log 2>&1",
		    runtime, dir, id, dir);
	if (out && len) {
		char log[PATH_MAX + 8];

		snprintf(log, sizeof(log), "%s.log", dir);
		if (ward_read_file(log, out, len) < 0)
			out[0] = '\0';
	}
	return ret;
}

/*
 * The host PID of the init process of container @id (`RUNTIME state ID`,
 * "pid": N), or -errno.
 */
static inline pid_t rt_pid(const char *runtime, const char *id)
{
	char out[RT_OUT];
	const char *p;
	int ret;

	ret = rt_sh(out, sizeof(out), "%s state %s", runtime, id);
	if (ret)
		return -ESRCH;
	p = strstr(out, "\"pid\":");
	if (!p)
		return -ENOENT;
	return atoi(p + 6);
}

/* The "status" of container @id (created, running, stopped), or "". */
static inline void rt_status(const char *runtime, const char *id, char *st,
			     size_t len)
{
	char out[RT_OUT];
	const char *p;
	size_t n;

	st[0] = '\0';
	if (rt_sh(out, sizeof(out), "%s state %s", runtime, id))
		return;
	p = strstr(out, "\"status\":");
	if (!p)
		return;
	p = strchr(p + 9, '"');
	if (!p)
		return;
	n = strcspn(p + 1, "\"");
	if (n >= len)
		n = len - 1;
	memcpy(st, p + 1, n);
	st[n] = '\0';
}

/*
 * Wait (up to @ms milliseconds) until file @path contains @needle.
 * true if it did.
 */
static inline bool rt_wait_file(const char *path, const char *needle, int ms)
{
	char buf[RT_OUT];

	for (; ms > 0; ms -= 20) {
		if (ward_read_file(path, buf, sizeof(buf)) >= 0 &&
		    strstr(buf, needle))
			return true;
		usleep(20000);
	}
	return false;
}

/*
 * The line of the bindings file ("CGID DOMAIN ARM PATH") whose PATH is
 * @rel (below the cgroup2 root), copied into @line.  1 if found, 0 if
 * not, -errno.
 */
static inline int rt_binding_line(const char *rel, char *line, size_t len)
{
	char *buf, *l, *save = NULL;
	size_t rl = strlen(rel);
	int ret = 0;
	ssize_t n;

	buf = malloc(WARD_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	n = ward_read_file(WARD_BINDINGS, buf, WARD_BUF_SIZE);
	if (n < 0) {
		free(buf);
		return n;
	}
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		size_t ll = strlen(l);

		if (ll > rl && l[ll - rl - 1] == ' ' &&
		    !strcmp(l + ll - rl, rel)) {
			snprintf(line, len, "%s", l);
			ret = 1;
			break;
		}
	}
	free(buf);
	return ret;
}

/* The number of lines of the bindings file, or -errno. */
static inline int rt_bindings_count(void)
{
	char *buf, *p;
	int n = 0;
	ssize_t len;

	buf = malloc(WARD_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	len = ward_read_file(WARD_BINDINGS, buf, WARD_BUF_SIZE);
	if (len < 0) {
		free(buf);
		return len;
	}
	for (p = buf; *p; p++)
		if (*p == '\n')
			n++;
	if (len && buf[len - 1] != '\n')
		n++;
	free(buf);
	return n;
}

/* Whether the status file has the line "bindings @n". */
static inline bool rt_status_bindings(int n)
{
	char *buf, line[32];
	bool ok;

	buf = malloc(WARD_STATUS_MAX);
	if (!buf)
		return false;
	snprintf(line, sizeof(line), "bindings %d", n);
	ok = ward_read_status(buf, WARD_STATUS_MAX) >= 0 &&
	     ward_has_line(buf, line);
	free(buf);
	return ok;
}

/*
 * Remove every container of runc and crun (kill, delete -f) and of
 * containerd (if it runs), then the /ward-rt cgroups and the bundles.
 */
static inline void rt_cleanup(void)
{
	static const char *const rts[] = { RT_RUNC, RT_CRUN };
	unsigned int i;

	for (i = 0; i < sizeof(rts) / sizeof(rts[0]); i++)
		rt_sh(NULL, 0,
		      "for c in $(%s list -q 2>/dev/null); do "
		      "%s kill $c KILL; %s delete -f $c; done >/dev/null 2>&1",
		      rts[i], rts[i], rts[i]);
	ward_cgroup_remove(RT_CG);
	rt_sh(NULL, 0, "rm -rf %s", RT_BUNDLES);
}

/* ---- containerd ------------------------------------------------------- */

/*
 * Start containerd (/etc/containerd/config.toml; log in
 * /tmp/containerd.log) and wait until `ctr version` answers.  Returns its
 * pid, or -errno (-ETIMEDOUT: no answer within 60 s).
 */
static inline pid_t rt_containerd_start(void)
{
	pid_t pid;
	int i;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open("/tmp/containerd.log",
			      O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		setsid();
		execl(RT_CONTAINERD, "containerd", "--config",
		      "/etc/containerd/config.toml", NULL);
		_exit(127);
	}
	for (i = 0; i < 600; i++) {
		if (!access(RT_CTRD_SOCK, F_OK) &&
		    !rt_sh(NULL, 0, RT_CTR " version >/dev/null"))
			return pid;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -ECHILD;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	ward_wait(pid);
	return -ETIMEDOUT;
}

/* Stop containerd @pid (SIGTERM, then SIGKILL after 10 s). */
static inline void rt_containerd_stop(pid_t pid)
{
	int i;

	if (pid <= 0)
		return;
	rt_sh(NULL, 0,
	      "for c in $(" RT_CTR " tasks ls -q 2>/dev/null); do "
	      RT_CTR " tasks kill -s KILL $c; done; sleep 0.2; "
	      "for c in $(" RT_CTR " containers ls -q 2>/dev/null); do "
	      RT_CTR " tasks rm -f $c; " RT_CTR " containers rm $c; done "
	      ">/dev/null 2>&1");
	kill(pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	ward_wait(pid);
}

#endif /* WARD_SELFTESTS_RUNTIME_H */
