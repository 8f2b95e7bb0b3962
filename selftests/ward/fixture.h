/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward selftests - domain fixture helpers (R-DOM, R-CTL)
 *
 * Shared by domain_test.c, control_test.c, lock_test.c and the enforcement
 * tests (mount, ptrace, kload, mem).  Everything here is a plain helper for
 * tests that run as root in the initial namespaces of the guest, in the
 * root cgroup, with ward.ko loaded.
 *
 * Builds on common.h (files, module, processes) and follows its
 * convention:
 * - Functions that run wardctl return its exit status (0 success, 1
 *   failure, 2 usage), 128 + signal, or -errno if it could not be run.
 * - The others return 0 (or a length) on success and -errno on failure,
 *   e.g. ASSERT_EQ(-EEXIST, ward_bind_raw(cg, "d")).
 * - A child reports the errno of the operation under test as its exit
 *   code: _exit(-ret), or _exit(op() ? errno : 0) for a system call; the
 *   parent checks ward_wait_exit() == 0, == EACCES, ...
 *   WARD_CHILD_SETUP_FAILED (200) is the exit code of a child whose
 *   preparation (not the operation under test) failed.
 * - Test cgroups live under /sys/fs/cgroup/wardtest/; ward_reset() removes
 *   them all, with every binding, and loads an empty policy.
 * - Never use ASSERT_*() / EXPECT_*() in a forked child: report through
 *   the exit code instead.
 */
#ifndef WARD_SELFTESTS_FIXTURE_H
#define WARD_SELFTESTS_FIXTURE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#include "../../uapi/ward.h"

/* securityfs paths: WARD_STATUS, WARD_POLICY, ... in common.h */
#define WARD_CGROUP_ROOT	"/sys/fs/cgroup"
#define WARD_TEST_CGROUP	WARD_CGROUP_ROOT "/wardtest"
/* Exit code of a child whose preparation failed (not the tested call). */
#define WARD_CHILD_SETUP_FAILED	200
/* ward_fork_*() flags */
/* before entering the cgroup: unshare(CLONE_NEWNS) and make / private */
#define WARD_FORK_NEWNS		(1U << 0)

/* Size of the buffers the helpers use for whole files and outputs. */
#define WARD_BUF_SIZE		(256 * 1024)

/* ---------------------------------------------------------------------
 * Running programs (with stderr captured)
 */

/* Drain @fd into @buf (NUL terminated when @len > 0); false at EOF. */
static inline bool ward__pipe_read(int fd, char *buf, size_t len, size_t *off)
{
	char sink[512];
	ssize_t n;

	if (buf && *off + 1 < len)
		n = read(fd, buf + *off, len - 1 - *off);
	else
		n = read(fd, sink, sizeof(sink));
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	if (buf && *off + 1 < len)
		*off += n;
	return true;
}

/*
 * Like ward_run() of common.h, but capture stderr too: run @argv
 * (argv[0] is a path or a name looked up in PATH), stdout into @out and
 * stderr into @err (each may be NULL; NUL terminated, truncated to the
 * buffer).  Returns the exit status, 128 + signal, or -errno.
 */
static inline int ward_run_capture(char *const argv[], char *out,
				   size_t outlen, char *err, size_t errlen)
{
	bool open_o = true, open_e = true;
	size_t oo = 0, eo = 0;
	int po[2], pe[2], ret;
	pid_t pid;

	if (out && outlen)
		out[0] = '\0';
	if (err && errlen)
		err[0] = '\0';
	if (pipe2(po, O_CLOEXEC))
		return -errno;
	if (pipe2(pe, O_CLOEXEC)) {
		ret = -errno;
		close(po[0]);
		close(po[1]);
		return ret;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(po[0]);
		close(po[1]);
		close(pe[0]);
		close(pe[1]);
		return ret;
	}
	if (pid == 0) {
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		execvp(argv[0], argv);
		dprintf(STDERR_FILENO, "exec %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	while (open_o || open_e) {
		struct pollfd pfd[2] = {
			{ .fd = open_o ? po[0] : -1, .events = POLLIN },
			{ .fd = open_e ? pe[0] : -1, .events = POLLIN },
		};

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents)
			open_o = ward__pipe_read(po[0], out, outlen, &oo);
		if (pfd[1].revents)
			open_e = ward__pipe_read(pe[0], err, errlen, &eo);
	}
	if (out && outlen)
		out[oo] = '\0';
	if (err && errlen)
		err[eo] = '\0';
	close(po[0]);
	close(pe[0]);
	return ward_wait(pid);
}

/* The string @s to @path in one write(2); 0 or -errno (= ward_write_file). */
static inline int ward_write_str(const char *path, const char *s)
{
	return ward_write_file(path, s);
}

/* Path of wardctl: $WARDCTL if set, else /usr/sbin/wardctl. */
static inline const char *ward_wardctl_path(void)
{
	const char *p = getenv("WARDCTL");

	return p && *p ? p : WARDCTL_PATH;
}

/*
 * Run wardctl with the NULL terminated argument list after @errlen,
 * capturing stdout and stderr as ward_run_capture() does.
 * Example: ward_wardctl(out, sizeof(out), NULL, 0, "show", NULL)
 */
static inline int ward_wardctl(char *out, size_t outlen, char *err,
			       size_t errlen, ...)
{
	char *argv[16];
	va_list ap;
	int n = 0;

	argv[n++] = (char *)ward_wardctl_path();
	va_start(ap, errlen);
	while (n < 15) {
		char *a = va_arg(ap, char *);

		if (!a)
			break;
		argv[n++] = a;
	}
	va_end(ap);
	argv[n] = NULL;
	return ward_run_capture(argv, out, outlen, err, errlen);
}

/* Whether @s is exactly one line: non-empty, one '\n', at the end. */
static inline bool ward_one_line(const char *s)
{
	size_t len = strlen(s);

	return len > 1 && strchr(s, '\n') == s + len - 1;
}

/* ---------------------------------------------------------------------
 * Policy
 */

/*
 * Write @text to a temporary .ward file, run `wardctl load FILE`, capture
 * wardctl's stderr into @err (may be NULL).  Returns wardctl's exit status.
 */
static inline int ward_load_policy_err(const char *text, char *err,
				       size_t errlen)
{
	char path[] = "/tmp/ward-policy-XXXXXX.ward";
	size_t len = strlen(text);
	int fd, ret;

	fd = mkstemps(path, 5);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -EIO;
	}
	close(fd);
	ret = ward_wardctl(NULL, 0, err, errlen, "load", path, NULL);
	unlink(path);
	return ret;
}

/* `wardctl load` of @text; returns the exit status (stderr to the log). */
static inline int ward_load_policy(const char *text)
{
	char err[1024];
	int ret = ward_load_policy_err(text, err, sizeof(err));

	if (ret && err[0])
		fprintf(stderr, "# %s", err);
	return ret;
}

/* `wardctl show` into @buf; returns the exit status. */
static inline int ward_show(char *buf, size_t len)
{
	return ward_wardctl(buf, len, NULL, 0, "show", NULL);
}

/*
 * Load the empty policy (a valid blob with no domain) with a raw write, so
 * that it works even if wardctl is broken.  0 or -errno.
 */
static inline int ward_load_empty_raw(void)
{
	struct ward_policy_header h = {
		.magic = WARD_POLICY_MAGIC,
		.abi_version = WARD_ABI_VERSION,
		.header_size = sizeof(struct ward_policy_header),
		.total_size = sizeof(struct ward_policy_header),
		.domain_size = sizeof(struct ward_domain_rec),
		.default_domain = WARD_NO_DOMAIN,
		.bind_size = sizeof(struct ward_bind_rec),
		.sc_rule_size = sizeof(struct ward_sc_rule),
	};

	return ward_write_buf(WARD_POLICY, &h, sizeof(h));
}

/* ---------------------------------------------------------------------
 * Cgroups and bindings
 */

/* The cgroup v2 id of the cgroup directory @cgpath (its inode), or 0. */
static inline uint64_t ward_cgroup_id(const char *cgpath)
{
	struct stat st;

	if (stat(cgpath, &st))
		return 0;
	return st.st_ino;
}

/* mkdir -p; 0 or -errno. */
static inline int ward_mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/*
 * Create /sys/fs/cgroup/wardtest/@name (@name may contain '/': the parents
 * are created too) and return its path in @path (may be NULL).  0 or -errno.
 */
static inline int ward_cgroup_make(const char *name, char *path, size_t len)
{
	char tmp[PATH_MAX];
	int ret;

	if (snprintf(tmp, sizeof(tmp), "%s/%s", WARD_TEST_CGROUP, name) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	ret = ward_mkdir_p(tmp);
	if (ret)
		return ret;
	if (path && snprintf(path, len, "%s", tmp) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Kill every task of @cgpath and its subtree (cgroup.kill) and wait until
 * it is empty.  0 or -errno (-ETIMEDOUT if it stays populated).
 */
static inline int ward_cgroup_kill(const char *cgpath)
{
	char p[PATH_MAX], buf[256];
	ssize_t n;
	int i, ret;

	snprintf(p, sizeof(p), "%s/cgroup.kill", cgpath);
	ret = ward_write_file(p, "1");
	if (ret)
		return ret;
	snprintf(p, sizeof(p), "%s/cgroup.events", cgpath);
	for (i = 0; i < 500; i++) {
		n = ward_read_file(p, buf, sizeof(buf));
		if (n < 0)
			return n;
		if (strstr(buf, "populated 0"))
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

/*
 * Remove the cgroup @cgpath and all its sub-cgroups, depth first.  Tasks
 * still in them are killed first.  0 (also if it did not exist) or -errno.
 */
static inline int ward_cgroup_remove(const char *cgpath)
{
	struct dirent *de;
	int ret = 0, i;
	DIR *d;

	d = opendir(cgpath);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		char sub[PATH_MAX];
		int r;

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", cgpath, de->d_name);
		r = ward_cgroup_remove(sub);
		if (r)
			ret = r;
	}
	closedir(d);
	for (i = 0; i < 100; i++) {
		if (!rmdir(cgpath) || errno == ENOENT)
			return ret;
		if (errno != EBUSY)
			return -errno;
		/* populated: kill what is left, then retry */
		ward_cgroup_kill(cgpath);
		usleep(10000);
	}
	return -EBUSY;
}

/* `wardctl bind CGPATH DOMAIN`; returns the exit status. */
static inline int ward_bind(const char *cgpath, const char *domain)
{
	return ward_wardctl(NULL, 0, NULL, 0, "bind", cgpath, domain, NULL);
}

/* `wardctl unbind CGPATH`; returns the exit status. */
static inline int ward_unbind(const char *cgpath)
{
	return ward_wardctl(NULL, 0, NULL, 0, "unbind", cgpath, NULL);
}

/*
 * Raw write of "bind ID DOMAIN" to the bindings file, ID being the cgroup
 * id of @cgpath (0 if @cgpath does not exist).  0 or -errno.
 */
static inline int ward_bind_raw(const char *cgpath, const char *domain)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "bind %llu %s",
		 (unsigned long long)ward_cgroup_id(cgpath), domain);
	return ward_write_file(WARD_BINDINGS, cmd);
}

/* Raw "unbind ID".  0 or -errno. */
static inline int ward_unbind_raw(const char *cgpath)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "unbind %llu",
		 (unsigned long long)ward_cgroup_id(cgpath));
	return ward_write_file(WARD_BINDINGS, cmd);
}

/*
 * The domain cgroup id @id is bound to, from the bindings file ("ID DOMAIN
 * ARM PATH" per line), copied to @domain (may be NULL).  Returns 1 if bound, 0
 * if not, -errno if the file cannot be read.
 */
static inline int ward_binding_of_id(unsigned long long id, char *domain,
				     size_t len)
{
	char *buf, *line, *save = NULL;
	unsigned long long lid;
	ssize_t n;
	int ret = 0;

	buf = malloc(WARD_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	n = ward_read_file(WARD_BINDINGS, buf, WARD_BUF_SIZE);
	if (n < 0) {
		free(buf);
		return n;
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[WARD_NAME_LEN + 1];

		if (sscanf(line, "%llu %32s", &lid, name) != 2 || lid != id)
			continue;
		if (domain && len)
			snprintf(domain, len, "%s", name);
		ret = 1;
		break;
	}
	free(buf);
	return ret;
}

/* Same, for the cgroup directory @cgpath. */
static inline int ward_binding_of(const char *cgpath, char *domain,
				  size_t len)
{
	return ward_binding_of_id(ward_cgroup_id(cgpath), domain, len);
}

/* Move the caller into @cgpath ("0" to cgroup.procs).  0 or -errno. */
static inline int ward_cgroup_enter(const char *cgpath)
{
	char p[PATH_MAX + 16];

	snprintf(p, sizeof(p), "%s/cgroup.procs", cgpath);
	return ward_write_file(p, "0");
}

/* Move process @pid into @cgpath.  0 or -errno. */
static inline int ward_cgroup_move(const char *cgpath, pid_t pid)
{
	char p[PATH_MAX], s[32];

	snprintf(p, sizeof(p), "%s/cgroup.procs", cgpath);
	snprintf(s, sizeof(s), "%d", (int)pid);
	return ward_write_file(p, s);
}

/* ---------------------------------------------------------------------
 * Processes
 */

/* waitpid(): the exit code, 128 + signal, or -errno (common.h ward_wait). */
static inline int ward_wait_exit(pid_t pid)
{
	return ward_wait(pid);
}

/*
 * Make the caller's mount namespace a private copy (as host, before
 * entering a domain).  0 or -errno.
 */
static inline int ward_private_mntns(void)
{
	if (unshare(CLONE_NEWNS))
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	return 0;
}

/*
 * Fork; the child prepares itself as @flags say (WARD_FORK_*), enters
 * @cgpath (unless NULL) and returns 0.  The parent returns the child's pid
 * once the child is in place, or -errno (the child's, if its preparation
 * failed; the child is then reaped).
 */
static inline pid_t ward_fork_in_cgroup(const char *cgpath,
					unsigned int flags)
{
	int p[2], err = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(p[0]);
		close(p[1]);
		return err;
	}
	if (pid == 0) {
		close(p[0]);
		if (flags & WARD_FORK_NEWNS)
			err = ward_private_mntns();
		if (!err && cgpath)
			err = ward_cgroup_enter(cgpath);
		if (write(p[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(WARD_CHILD_SETUP_FAILED);
		close(p[1]);
		return 0;
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = -ECHILD;
	close(p[0]);
	if (err) {
		ward_wait(pid);
		return err;
	}
	return pid;
}

/*
 * Run @fn(NULL) in a child: a host task if @cg is NULL, else one in @cg.
 * Returns the child's exit code (or -errno if it could not be placed) and
 * its pid (or that -errno) in @pidp, for matching its events.
 */
static inline int ward_run_in(const char *cg, int (*fn)(void *), pid_t *pidp)
{
	pid_t pid = ward_fork_in_cgroup(cg, 0);

	*pidp = pid;
	if (pid < 0)
		return pid;
	if (pid == 0)
		_exit(fn(NULL));
	return ward_wait_exit(pid);
}

/* Path of the cgroup of domain @domain: /sys/fs/cgroup/wardtest/@domain. */
static inline void ward_domain_cgroup(const char *domain, char *path,
				      size_t len)
{
	snprintf(path, len, "%s/%s", WARD_TEST_CGROUP, domain);
}

/*
 * Make sure cgroup wardtest/@domain exists and is bound to @domain (raw
 * write, independent of wardctl).  0 or -errno (-ENOENT: no such domain in
 * the loaded policy; -EEXIST: bound to another domain).
 */
static inline int ward_domain_prepare(const char *domain)
{
	char cg[PATH_MAX], bound[WARD_NAME_LEN + 1];
	int r;

	r = ward_cgroup_make(domain, cg, sizeof(cg));
	if (r)
		return r;
	r = ward_binding_of(cg, bound, sizeof(bound));
	if (r < 0)
		return r;
	if (r == 1)
		return strcmp(bound, domain) ? -EEXIST : 0;
	return ward_bind_raw(cg, domain);
}

/*
 * Fork a child in domain @domain (the policy must be loaded): creates and
 * binds cgroup wardtest/@domain if needed.  The child returns 0 once it is
 * in the cgroup; the parent gets its pid, or -errno.
 */
static inline pid_t ward_fork_in_domain_flags(const char *domain,
					      unsigned int flags)
{
	char cg[PATH_MAX];
	int r;

	r = ward_domain_prepare(domain);
	if (r)
		return r;
	ward_domain_cgroup(domain, cg, sizeof(cg));
	return ward_fork_in_cgroup(cg, flags);
}

static inline pid_t ward_fork_in_domain(const char *domain)
{
	return ward_fork_in_domain_flags(domain, 0);
}

/*
 * Run @fn(@arg) in a child forked by ward_fork_in_cgroup(@cgpath, @flags)
 * and return its exit code (fn's return value, usually 0 or a positive
 * errno), or -errno if the child could not be placed.
 */
static inline int ward_in_cgroup(const char *cgpath, unsigned int flags,
				 int (*fn)(void *), void *arg)
{
	pid_t pid = ward_fork_in_cgroup(cgpath, flags);

	if (pid < 0)
		return pid;
	if (pid == 0)
		_exit(fn(arg));
	return ward_wait(pid);
}

/* Same, in domain @domain (see ward_fork_in_domain()). */
static inline int ward_in_domain(const char *domain, unsigned int flags,
				 int (*fn)(void *), void *arg)
{
	pid_t pid = ward_fork_in_domain_flags(domain, flags);

	if (pid < 0)
		return pid;
	if (pid == 0)
		_exit(fn(arg));
	return ward_wait(pid);
}

/*
 * In a child: unshare(CLONE_NEWPID), fork, run @fn(@arg) in the grandchild
 * (PID 1 of the new namespace) and return its exit code, or
 * WARD_CHILD_SETUP_FAILED.
 */
static inline int ward_in_new_pidns(int (*fn)(void *), void *arg)
{
	pid_t pid;
	int r;

	if (unshare(CLONE_NEWPID))
		return WARD_CHILD_SETUP_FAILED;
	pid = fork();
	if (pid < 0)
		return WARD_CHILD_SETUP_FAILED;
	if (pid == 0)
		_exit(fn(arg));
	r = ward_wait(pid);
	return r < 0 ? WARD_CHILD_SETUP_FAILED : r;
}

/*
 * In a child: become root of a new user namespace, uid and gid 0 mapped to
 * host 0 ("0 0 1", written by the child itself), with a new mount
 * namespace too if @newns.  0 or -errno.  (common.h's ward_fork_userns()
 * does the same from the parent, as a runtime would.)
 */
static inline int ward_become_userns_root(bool newns)
{
	int r;

	if (unshare(CLONE_NEWUSER | (newns ? CLONE_NEWNS : 0)))
		return -errno;
	r = ward_write_file("/proc/self/setgroups", "deny");
	if (!r)
		r = ward_write_file("/proc/self/gid_map", "0 0 1");
	if (!r)
		r = ward_write_file("/proc/self/uid_map", "0 0 1");
	return r;
}

/*
 * In a child: try to mount a tmpfs on @dir (created if needed; use a
 * private mount namespace, WARD_FORK_NEWNS).  Returns 0 or the errno
 * (positive: an exit code).
 */
static inline int ward_try_mount_tmpfs(const char *dir)
{
	mkdir(dir, 0755);
	if (mount("ward-test", dir, "tmpfs", 0, "size=64k"))
		return errno;
	return 0;
}

/* ---------------------------------------------------------------------
 * Events
 */

/*
 * Open the event stream, non-blocking.  fd or -errno.  A new reader starts
 * at the oldest event still in the ring (256 events).
 */
static inline int ward_events_open(void)
{
	int fd = open(WARD_EVENTS, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/*
 * Read everything available on the event stream fd @fd into @buf (NUL
 * terminated; each read(2) needs room for a whole line, 512 bytes).
 * Returns the length, or -errno (other than EAGAIN).
 */
static inline ssize_t ward_events_read_fd(int fd, char *buf, size_t len)
{
	size_t off = 0;
	ssize_t n;

	if (!len)
		return -EINVAL;
	while (off < len - 1) {
		n = read(fd, buf + off, len - 1 - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			/* EINVAL: no room left for one more whole line */
			if (errno == EINVAL && off)
				break;
			buf[off] = '\0';
			return -errno;
		}
		if (!n)
			break;
		off += n;
	}
	buf[off] = '\0';
	return off;
}

/* Everything buffered on the event stream, from a new reader. */
static inline ssize_t ward_events_read(char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = ward_events_open();
	if (fd < 0)
		return fd;
	n = ward_events_read_fd(fd, buf, len);
	close(fd);
	return n;
}

/* Whether @tok appears in @line as a whole space separated token. */
static inline bool ward__line_has_token(const char *line, size_t linelen,
					const char *tok, size_t toklen)
{
	const char *p = line, *end = line + linelen;

	while (p + toklen <= end) {
		const char *q = memmem(p, end - p, tok, toklen);

		if (!q)
			return false;
		if ((q == line || q[-1] == ' ') &&
		    (q + toklen == end || q[toklen] == ' '))
			return true;
		p = q + 1;
	}
	return false;
}

/*
 * Whether one line of @text has every space separated token of @tokens as
 * a whole token (e.g. "op=mount domain=d1 verdict=deny pid=42").
 */
static inline bool ward_text_has_line(const char *text, const char *tokens)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t ll = nl ? (size_t)(nl - line) : strlen(line);
		const char *t = tokens;
		bool all = true;

		while (*t && all) {
			size_t tl;

			while (*t == ' ')
				t++;
			tl = strcspn(t, " ");
			if (tl && !ward__line_has_token(line, ll, t, tl))
				all = false;
			t += tl;
		}
		if (all)
			return true;
		if (!nl)
			break;
		line = nl + 1;
	}
	return false;
}

/*
 * Whether the event stream (read by a new reader) holds a line with every
 * token of the printf-formatted @fmt, e.g.
 * ward_events_has("op=mount domain=%s verdict=deny pid=%d", "d1", pid).
 */
static inline bool ward_events_has(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline bool ward_events_has(const char *fmt, ...)
{
	char tokens[512];
	va_list ap;
	char *buf;
	bool found;

	va_start(ap, fmt);
	vsnprintf(tokens, sizeof(tokens), fmt, ap);
	va_end(ap);
	buf = malloc(WARD_BUF_SIZE);
	if (!buf)
		return false;
	found = ward_events_read(buf, WARD_BUF_SIZE) >= 0 &&
		ward_text_has_line(buf, tokens);
	free(buf);
	return found;
}

/* Reads the stream (a new reader) and searches it for the substring. */
static inline bool ward_events_contain(const char *needle)
{
	char *buf;
	bool found;

	buf = malloc(WARD_BUF_SIZE);
	if (!buf)
		return false;
	found = ward_events_read(buf, WARD_BUF_SIZE) >= 0 &&
		strstr(buf, needle);
	free(buf);
	return found;
}

/* ---------------------------------------------------------------------
 * Reset
 */

/*
 * Back to a clean state: remove every binding (bindings file), remove the
 * wardtest cgroups (killing what runs there) and load an empty policy
 * (raw write).  Best effort: after `wardctl lock` the unbinds and the load
 * fail, and that is fine.
 */
static inline void ward_reset(void)
{
	char *buf, *line, *save = NULL;
	unsigned long long id;

	buf = malloc(WARD_BUF_SIZE);
	if (buf && ward_read_file(WARD_BINDINGS, buf, WARD_BUF_SIZE) >= 0) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char cmd[64];

			if (sscanf(line, "%llu", &id) != 1)
				continue;
			snprintf(cmd, sizeof(cmd), "unbind %llu", id);
			ward_write_file(WARD_BINDINGS, cmd);
		}
	}
	free(buf);
	ward_cgroup_remove(WARD_TEST_CGROUP);
	ward_load_empty_raw();
}

#endif /* WARD_SELFTESTS_FIXTURE_H */
