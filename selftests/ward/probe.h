/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward selftests - the probe: a test binary that executes itself
 *
 * Bindings armed at first exec and the default domain confine a task only
 * once it has executed a program (R-DOM).  To test that, a child executes
 * its own test binary again (/proc/self/exe) with WARD_PROBE=OP:ARG in the
 * environment; a constructor sees it before the harness starts, performs
 * the one operation OP and exits with its errno (0 on success), or with
 * WARD_CHILD_SETUP_FAILED if the probe itself could not be set up.
 *
 * Operations:
 *   mount:DIR        mount a tmpfs on DIR (the caller made a private mount
 *                    namespace before the exec; it survives the exec)
 *   fork-mount:DIR   fork; the child mounts; exit with the child's result
 *   thread-exec:OP   a second thread (not the leader) executes the probe
 *                    again with OP: the exit code is that probe's
 *   environ:PID      read /proc/PID/environ
 *   nslink:PID       open /proc/PID/ns/ipc
 *   pause:           sleep until killed (a target for the others)
 */
#ifndef WARD_SELFTESTS_PROBE_H
#define WARD_SELFTESTS_PROBE_H

#include <pthread.h>

#include "fixture.h"

#define WARD_PROBE_ENV	"WARD_PROBE"

/* Execute the probe with @op ("OP:ARG"); returns only on failure (-errno). */
static inline int ward_exec_probe(const char *op)
{
	char env[256];
	char *const argv[] = { "ward-probe", NULL };
	char *const envp[] = { env, "PATH=/bin:/sbin:/usr/bin:/usr/sbin", NULL };

	snprintf(env, sizeof(env), WARD_PROBE_ENV "=%s", op);
	execve("/proc/self/exe", argv, envp);
	return -errno;
}

static void *ward_probe_thread(void *op)
{
	ward_exec_probe(op);
	_exit(WARD_CHILD_SETUP_FAILED);
}

static inline int ward_probe_run(const char *op, const char *arg)
{
	char path[64], buf[256];
	pthread_t th;
	pid_t pid;
	int fd, r;

	if (!strcmp(op, "mount"))
		return ward_try_mount_tmpfs(arg);
	if (!strcmp(op, "fork-mount")) {
		pid = fork();
		if (pid < 0)
			return WARD_CHILD_SETUP_FAILED;
		if (pid == 0)
			_exit(ward_try_mount_tmpfs(arg));
		r = ward_wait_exit(pid);
		return r < 0 ? WARD_CHILD_SETUP_FAILED : r;
	}
	if (!strcmp(op, "thread-exec")) {
		if (pthread_create(&th, NULL, ward_probe_thread, (void *)arg))
			return WARD_CHILD_SETUP_FAILED;
		pause();
		return WARD_CHILD_SETUP_FAILED;
	}
	if (!strcmp(op, "environ") || !strcmp(op, "nslink")) {
		snprintf(path, sizeof(path), "/proc/%s/%s", arg,
			 op[0] == 'e' ? "environ" : "ns/ipc");
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return errno;
		r = op[0] == 'e' && read(fd, buf, sizeof(buf)) < 0 ? errno : 0;
		close(fd);
		return r;
	}
	if (!strcmp(op, "pause")) {
		for (;;)
			pause();
	}
	return WARD_CHILD_SETUP_FAILED;
}

__attribute__((constructor)) static void ward_probe_main(void)
{
	char op[256], *arg;

	if (!getenv(WARD_PROBE_ENV))
		return;
	snprintf(op, sizeof(op), "%s", getenv(WARD_PROBE_ENV));
	arg = strchr(op, ':');
	if (!arg)
		_exit(WARD_CHILD_SETUP_FAILED);
	*arg++ = '\0';
	_exit(ward_probe_run(op, arg));
}

/*
 * Fork a child into @cg (WARD_FORK_* @flags); the child runs @prep (if not
 * NULL; its non-zero return is the exit code) and then executes the probe
 * with @op.  Returns the probe's exit code, or -errno.
 */
static inline int ward_probe_in(const char *cg, unsigned int flags,
				int (*prep)(void *), void *arg, const char *op)
{
	pid_t pid = ward_fork_in_cgroup(cg, flags);
	int r;

	if (pid < 0)
		return pid;
	if (pid == 0) {
		r = prep ? prep(arg) : 0;
		if (r)
			_exit(r);
		ward_exec_probe(op);
		_exit(WARD_CHILD_SETUP_FAILED);
	}
	return ward_wait_exit(pid);
}

#endif /* WARD_SELFTESTS_PROBE_H */
