/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward selftests - helpers every test can use
 *
 * Include after kselftest_harness.h.  Every helper returns 0 (or a length,
 * a count, an exit status) on success and a negative errno on failure, so
 * that tests can assert exact errors:
 *
 *	ASSERT_EQ(-EPERM, ward_read_file(WARD_STATUS, buf, sizeof(buf)));
 *
 * None of them uses the harness macros, so they also work in forked
 * children, where a test must report through its exit status.
 *
 * This interface is shared by all test files: keep it stable; add, do not
 * change.
 */
#ifndef WARD_SELFTESTS_COMMON_H
#define WARD_SELFTESTS_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

/* Where the guest keeps things (see tools/vm/mkinitramfs.sh). */
#define WARD_KO_PATH	"/lib/ward/ward.ko"
#define WARD_MODNAME	"ward"
#define WARD_SYSFS_MOD	"/sys/module/ward"
#define WARD_FS_DIR	"/sys/kernel/security/ward"
#define WARD_STATUS	WARD_FS_DIR "/status"
#define WARD_POLICY	WARD_FS_DIR "/policy"
#define WARD_BINDINGS	WARD_FS_DIR "/bindings"
#define WARD_EVENTS	WARD_FS_DIR "/events"
#define WARD_LOCK	WARD_FS_DIR "/lock"
#define WARDCTL_PATH	"/usr/sbin/wardctl"
#define WARD_POLICY_DIR	"/etc/ward"	/* the example policies */
#define WARD_NOBODY	65534		/* uid and gid of an unprivileged user */

/* Large enough for any status file. */
#define WARD_STATUS_MAX	65536

/* ---- files ------------------------------------------------------------- */

/**
 * ward_read_file - read a whole file into @buf, NUL terminated
 * Return: the number of bytes read (at most @size - 1), or -errno.
 */
static inline ssize_t ward_read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, err;

	if (size == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			buf[len] = '\0';
			return err;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	close(fd);
	return len;
}

/**
 * ward_write_buf - write @len bytes to @path in ONE write(2) at offset 0
 * (the way securityfs control files want it)
 * Return: 0 if all bytes were written, -errno otherwise (-EIO for a short
 * write).
 */
static inline int ward_write_buf(const char *path, const void *data,
				 size_t len)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/** ward_write_file - write the string @s to @path in one write(2) */
static inline int ward_write_file(const char *path, const char *s)
{
	return ward_write_buf(path, s, strlen(s));
}

/**
 * ward_can_open - try to open @path with @flags
 * Return: 0 if the open succeeded (the file is closed again), or -errno.
 */
static inline int ward_can_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* ---- the module -------------------------------------------------------- */

/*
 * ward_kmsg_find - look in the kernel log for a record holding every
 * string of the NULL terminated list, for up to @ms milliseconds (audit
 * records reach the log asynchronously, through kauditd).
 */
static inline bool ward_kmsg_find(int ms, ...)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	const char *want[8];
	char rec[8192];
	int waited, n_want = 0;
	va_list ap;

	va_start(ap, ms);
	while (n_want < 7 && (want[n_want] = va_arg(ap, const char *)))
		n_want++;
	va_end(ap);

	for (waited = 0; waited <= ms; waited += 50) {
		int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

		if (fd < 0)
			return false;
		for (;;) {
			ssize_t n = read(fd, rec, sizeof(rec) - 1);
			int i;

			if (n < 0 && errno == EPIPE)
				continue;	/* overwritten: go on */
			if (n <= 0)
				break;
			rec[n] = '\0';
			for (i = 0; i < n_want && strstr(rec, want[i]); i++)
				;
			if (i == n_want) {
				close(fd);
				return true;
			}
		}
		close(fd);
		nanosleep(&ts, NULL);
	}
	return false;
}

/** ward_is_loaded - whether ward.ko is loaded (/sys/module/ward exists) */
static inline bool ward_is_loaded(void)
{
	return access(WARD_SYSFS_MOD, F_OK) == 0;
}

/**
 * ward_load_path - load a module file with finit_module(2)
 * Return: 0, or -errno (-EEXIST if it is loaded already).
 */
static inline int ward_load_path(const char *path, const char *params)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/** ward_load - load /lib/ward/ward.ko; 0, or -errno (-EEXIST if loaded) */
static inline int ward_load(void)
{
	return ward_load_path(WARD_KO_PATH, "");
}

/**
 * ward_unload - delete_module("ward", O_NONBLOCK)
 * Return: 0, or -errno (-ENOENT if not loaded, -EWOULDBLOCK while in use,
 * -EPERM when locked, as Ward's own policy says).
 */
static inline int ward_unload(void)
{
	if (syscall(SYS_delete_module, WARD_MODNAME, O_NONBLOCK))
		return -errno;
	return 0;
}

/** ward_ensure_loaded - load ward.ko unless it is loaded; 0 or -errno */
static inline int ward_ensure_loaded(void)
{
	int ret;

	if (ward_is_loaded())
		return 0;
	ret = ward_load();
	return ret == -EEXIST ? 0 : ret;
}

/** ward_ensure_unloaded - unload ward.ko if it is loaded; 0 or -errno */
static inline int ward_ensure_unloaded(void)
{
	int ret;

	if (!ward_is_loaded())
		return 0;
	ret = ward_unload();
	return ret == -ENOENT ? 0 : ret;
}

/* ---- the status file --------------------------------------------------- */

/**
 * ward_read_status - read /sys/kernel/security/ward/status into @buf
 * Return: its length, or -errno.
 */
static inline ssize_t ward_read_status(char *buf, size_t size)
{
	return ward_read_file(WARD_STATUS, buf, size);
}

/**
 * ward_find_line - the first line of @text that starts with @prefix
 * Return: a pointer to the line inside @text, or NULL.
 */
static inline const char *ward_find_line(const char *text, const char *prefix)
{
	size_t plen = strlen(prefix);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, prefix, plen))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/**
 * ward_has_line - whether @text has a line equal to @line (without "\n")
 */
static inline bool ward_has_line(const char *text, const char *line)
{
	size_t len = strlen(line);
	const char *p = text;

	while ((p = ward_find_line(p, line))) {
		if (p[len] == '\n' || p[len] == '\0')
			return true;
		p += len;
	}
	return false;
}

/**
 * ward_status_hook - the counters of hook @name in a status text
 * ("hook NAME attached calls=N denied=N")
 * Return: 1 if the hook is listed as attached (counters filled in), 0 if
 * it is listed but not attached, -ENOENT if it is not listed.
 */
static inline int ward_status_hook(const char *status, const char *name,
				   unsigned long long *calls,
				   unsigned long long *denied)
{
	char prefix[160];
	const char *p;
	unsigned long long c = 0, d = 0;

	snprintf(prefix, sizeof(prefix), "hook %s ", name);
	p = ward_find_line(status, prefix);
	if (!p)
		return -ENOENT;
	p += strlen(prefix);
	if (strncmp(p, "attached ", 9))
		return 0;
	if (sscanf(p, "attached calls=%llu denied=%llu", &c, &d) != 2)
		return 0;
	if (calls)
		*calls = c;
	if (denied)
		*denied = d;
	return 1;
}

/* ---- processes --------------------------------------------------------- */

/**
 * ward_wait - wait for @pid
 * Return: its exit status, 128 + the signal number if a signal killed it,
 * or -errno if waitpid failed.
 */
static inline int ward_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -ECHILD;
}

/**
 * ward_run - run a command (fork + execvp) and wait for it
 * @argv: the command, NULL terminated
 * @out: if not NULL, receives the command's standard output, NUL
 *	terminated (truncated to @outsize - 1 bytes; the rest is read and
 *	dropped so the command never blocks)
 * @outsize: size of @out
 *
 * Standard error goes where the caller's goes (the test log).
 * Return: the exit status (127 if the command cannot be executed),
 * 128 + signal, or -errno.
 */
static inline int ward_run(char *const argv[], char *out, size_t outsize)
{
	int pfd[2] = { -1, -1 };
	size_t len = 0;
	pid_t pid;

	if (out && (outsize == 0 || pipe2(pfd, O_CLOEXEC)))
		return outsize == 0 ? -EINVAL : -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		if (out) {
			close(pfd[0]);
			close(pfd[1]);
		}
		return err;
	}
	if (pid == 0) {
		if (out && dup2(pfd[1], STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "ward_run: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		char sink[512];
		ssize_t n;

		close(pfd[1]);
		for (;;) {
			if (len < outsize - 1)
				n = read(pfd[0], out + len, outsize - 1 - len);
			else
				n = read(pfd[0], sink, sizeof(sink));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (len < outsize - 1)
				len += n;
		}
		out[len] = '\0';
		close(pfd[0]);
	}
	return ward_wait(pid);
}

/**
 * ward_runl - ward_run() with the arguments as a list:
 *	ward_runl(out, size, "wardctl", "status", NULL)
 */
static inline int ward_runl(char *out, size_t outsize, const char *arg0, ...)
{
	char *argv[64];
	va_list ap;
	int i = 0;

	argv[i++] = (char *)arg0;
	va_start(ap, arg0);
	while (i < 63 && (argv[i] = va_arg(ap, char *)))
		i++;
	va_end(ap);
	argv[i] = NULL;
	return ward_run(argv, out, outsize);
}

/**
 * ward_drop_privileges - become @uid/@gid with no supplementary groups and
 * no capabilities (to be called in a child)
 * Return: 0 or -errno.
 */
static inline int ward_drop_privileges(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL))
		return -errno;
	if (setresgid(gid, gid, gid))
		return -errno;
	if (setresuid(uid, uid, uid))
		return -errno;
	return 0;
}

/**
 * ward_fork_as - run @fn(@arg) in a child that runs as @uid/@gid
 * @fn returns an exit status (0 for success); a child that cannot drop its
 * privileges exits with 126.
 * Return: what ward_wait() returns for the child.
 */
static inline int ward_fork_as(uid_t uid, gid_t gid, int (*fn)(void *arg),
			       void *arg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (ward_drop_privileges(uid, gid))
			_exit(126);
		_exit(fn(arg));
	}
	return ward_wait(pid);
}

/**
 * ward_write_id_maps - write "@inside @outside 1" to /proc/@pid/uid_map
 * and gid_map (from a task privileged in the parent user namespace)
 * Return: 0 or -errno.
 */
static inline int ward_write_id_maps(pid_t pid, unsigned int inside,
				     unsigned int outside)
{
	char path[64], map[64];
	int ret;

	snprintf(map, sizeof(map), "%u %u 1\n", inside, outside);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	ret = ward_write_file(path, map);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	return ward_write_file(path, map);
}

/**
 * ward_fork_userns - run @fn(@arg) in a child inside a new user namespace
 * in which @inside is mapped to @outside ("0 0 1" makes the child root in
 * the namespace and the same uid on the host, so DAC checks on host files
 * still pass and only capability checks change).  The child also gets
 * @extra_flags (e.g. CLONE_NEWNS) in the same unshare(2).  The parent
 * writes the maps, as a container runtime does.
 *
 * @fn returns an exit status; a child whose unshare fails exits with 125,
 * one whose maps could not be written with 124.
 * Return: what ward_wait() returns for the child.
 */
static inline int ward_fork_userns(unsigned int inside, unsigned int outside,
				   int extra_flags, int (*fn)(void *arg),
				   void *arg)
{
	int to_parent[2], to_child[2];
	char c = 0;
	pid_t pid;
	int ret;

	if (pipe2(to_parent, O_CLOEXEC))
		return -errno;
	if (pipe2(to_child, O_CLOEXEC)) {
		ret = -errno;
		close(to_parent[0]);
		close(to_parent[1]);
		return ret;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (pid == 0) {
		close(to_parent[0]);
		close(to_child[1]);
		if (unshare(CLONE_NEWUSER | extra_flags))
			_exit(125);
		if (write(to_parent[1], &c, 1) != 1)
			_exit(125);
		/* wait for the maps: 1 = written, EOF = failed */
		if (read(to_child[0], &c, 1) != 1 || c != 1)
			_exit(124);
		_exit(fn(arg));
	}
	/* parent: once the child has its namespace, write its maps */
	close(to_parent[1]);
	to_parent[1] = -1;
	close(to_child[0]);
	to_child[0] = -1;
	if (read(to_parent[0], &c, 1) == 1 &&
	    !ward_write_id_maps(pid, inside, outside)) {
		c = 1;
		if (write(to_child[1], &c, 1) != 1)
			c = 0;
	}
	close(to_child[1]);
	to_child[1] = -1;
	ret = ward_wait(pid);
out:
	if (to_parent[0] >= 0)
		close(to_parent[0]);
	if (to_parent[1] >= 0)
		close(to_parent[1]);
	if (to_child[0] >= 0)
		close(to_child[0]);
	if (to_child[1] >= 0)
		close(to_child[1]);
	return ret;
}

/* i386 system call numbers, for the int $0x80 entry (syscall_32.tbl). */
#define WARD_NR32_DELETE_MODULE		129
#define WARD_NR32_MOUNT_SETATTR		442

/*
 * A system call through the 32-bit entry (int $0x80), which a 64-bit
 * process may use with CONFIG_IA32_EMULATION: arguments are truncated to
 * 32 bits, so pointers must point below 4 GiB (static data of these static,
 * non-PIE test binaries does; their stack does not).  Returns the result,
 * or -1 with errno set, like syscall(2).
 */
static inline long ward_syscall32(long nr, long a, long b, long c, long d,
				  long e)
{
	long ret = nr;

	asm volatile("int $0x80"
		     : "+a"(ret)
		     : "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
		     : "memory", "cc", "r8", "r9", "r10", "r11");
	ret = (int)ret;
	if (ret < 0 && ret > -4096) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* Whether this kernel takes 32-bit system calls at all. */
static inline bool ward_have_syscall32(void)
{
	return ward_syscall32(20 /* getpid */, 0, 0, 0, 0, 0) == getpid();
}

#endif /* WARD_SELFTESTS_COMMON_H */
