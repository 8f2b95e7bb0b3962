// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - "wardctl seccomp record -- CMD": run CMD under a filter that
 * allows everything, and print the system calls it and its children made
 * as a policy `seccomp { }` fragment (R-SEC).
 *
 * How: the child installs a libseccomp filter whose default action is
 * SCMP_ACT_NOTIFY (SECCOMP_RET_USER_NOTIF).  Every system call of the
 * child, and of every process it starts (filters are inherited), then
 * waits for wardctl, which notes the call number and answers
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE: the kernel runs the call unchanged.
 *
 * Why not SECCOMP_RET_TRACE with ptrace: ptrace needs a tracer that
 * follows every fork, clone and exec (PTRACE_O_TRACE*), changes what the
 * command sees (it cannot be traced again, no strace or gdb under record,
 * no PTRACE_TRACEME), and is exactly what Ward's ptrace rules and Yama
 * may refuse.  A user notification needs no privilege beyond
 * no_new_privs, follows children by itself, and CONTINUE is safe here
 * because wardctl decides nothing from the arguments.  Why not
 * SECCOMP_RET_LOG: the records go to the kernel log, are rate-limited,
 * and would have to be scraped back.
 *
 * The listener descriptor is created in the child; to reach wardctl
 * without a system call (every call of the child now waits for wardctl)
 * the child shares its descriptor table with wardctl (CLONE_FILES) and
 * publishes the descriptor's number in a shared page.  execve() gives the
 * command its own table again, and the listener is close-on-exec there.
 *
 * Recording ends when no task uses the filter any more (POLLHUP on the
 * listener).  A task drops its filter when it is reaped, so wardctl reaps
 * the command as soon as it exits; the command's orphans are init's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/seccomp.h>

#include <seccomp.h>

#include "seccomp.h"

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

#define MAX_NR 1024

struct shared {
	volatile int fd;	/* listener, or -1; -2: the child failed */
};

static __attribute__((noreturn)) void child(char **argv, struct shared *sh)
{
	scmp_filter_ctx ctx;
	int rc;

	ctx = seccomp_init(SCMP_ACT_NOTIFY);
	if (!ctx) {
		fprintf(stderr, "wardctl: seccomp: record: cannot create a filter\n");
		goto fail;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	if (rc) {
		fprintf(stderr, "wardctl: seccomp: record: %s\n", strerror(-rc));
		goto fail;
	}
	/* no_new_privs is set by seccomp_load (SCMP_FLTATR_CTL_NNP) */
	rc = seccomp_load(ctx);
	if (rc) {
		fprintf(stderr, "wardctl: seccomp: record: cannot load the filter: %s\n",
			strerror(-rc));
		goto fail;
	}
	/* From here on every system call waits for the parent: publish the
	 * listener first, without one. */
	sh->fd = seccomp_notify_fd(ctx);
	execvp(argv[0], argv);
	fprintf(stderr, "wardctl: seccomp: record: %s: %s\n", argv[0],
		strerror(errno));
	_exit(127);
fail:
	sh->fd = -2;
	_exit(127);
}

static int wait_listener(struct shared *sh, pid_t pid)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 30000; i++) {	/* 30 s */
		int fd = sh->fd;

		if (fd != -1)
			return fd;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -2;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "allow NAME..." lines, eight names a line, in alphabetical order */
static int print_sorted(FILE *out, const unsigned char *seen)
{
	char *names[MAX_NR];
	unsigned int nr, n = 0, i;

	for (nr = 0; nr < MAX_NR; nr++) {
		if (!seen[nr])
			continue;
		names[n] = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64,
							    (int)nr);
		if (!names[n] && asprintf(&names[n], "%u", nr) < 0)
			names[n] = NULL;
		if (!names[n]) {
			fprintf(stderr, "wardctl: seccomp: record: out of memory (ENOMEM)\n");
			while (n)
				free(names[--n]);
			return -1;
		}
		n++;
	}
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		if (!wp_name_valid(names[i]))	/* e.g. _sysctl: say so */
			fprintf(stderr, "wardctl: seccomp: record: %s cannot be named in a policy\n",
				names[i]);
	}
	for (i = 0; i < n; i++) {
		fprintf(out, "%s%s", i % 8 ? " " : "\tallow ", names[i]);
		if (i % 8 == 7 || i == n - 1)
			fputc('\n', out);
		free(names[i]);
	}
	return 0;
}

int ward_seccomp_record(char **argv, FILE *out)
{
	struct seccomp_notif_resp *resp = NULL;
	struct seccomp_notif *req = NULL;
	unsigned char *seen;
	unsigned int nr, count = 0, other_arch = 0;
	struct shared *sh;
	int fd, pidfd, status = 0, reaped = 0, rc = -1;
	pid_t pid;

	seen = calloc(MAX_NR, 1);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!seen || sh == MAP_FAILED) {
		fprintf(stderr, "wardctl: seccomp: record: out of memory (ENOMEM)\n");
		free(seen);
		return -1;
	}
	sh->fd = -1;
	if (seccomp_notify_alloc(&req, &resp)) {
		fprintf(stderr, "wardctl: seccomp: record: out of memory (ENOMEM)\n");
		goto out;
	}
	fflush(NULL);
	/* fork, but sharing the descriptor table (see above) */
	pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0) {
		fprintf(stderr, "wardctl: seccomp: record: clone: %s\n",
			strerror(errno));
		goto out;
	}
	if (!pid)
		child(argv, sh);

	fd = wait_listener(sh, pid);
	if (fd < 0) {
		if (fd == -1) {
			fprintf(stderr, "wardctl: seccomp: record: no listener from the child (ETIMEDOUT)\n");
			kill(pid, SIGKILL);
		}
		waitpid(pid, NULL, 0);
		goto out;
	}

	/*
	 * Until no task uses the filter (POLLHUP).  The kernel drops a
	 * task's reference to its filter when the task is reaped, not when
	 * it exits (6.1: release_task()), so reap the child as soon as it
	 * exits (its pidfd turns readable); its orphans are init's.
	 */
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = fd, .events = POLLIN },
			{ .fd = pidfd, .events = POLLIN },
		};
		int r = poll(pfd, pidfd >= 0 ? 2 : 1, pidfd >= 0 ? -1 : 100);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "wardctl: seccomp: record: poll: %s\n",
				strerror(errno));
			break;
		}
		if (pfd[0].revents & POLLIN) {
			memset(req, 0, sizeof(*req));
			if (seccomp_notify_receive(fd, req))
				continue;	/* the task died meanwhile */
			if (req->data.arch == SCMP_ARCH_X86_64 &&
			    req->data.nr >= 0 && req->data.nr < MAX_NR) {
				if (!seen[req->data.nr]++)
					count++;
			} else {
				other_arch++;
			}
			memset(resp, 0, sizeof(*resp));
			resp->id = req->id;
			resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
			seccomp_notify_respond(fd, resp); /* ENOENT: died */
			continue;
		}
		if (!reaped && (pidfd < 0 || (pfd[1].revents & POLLIN))) {
			/* without a pidfd: poll every 100 ms */
			if (waitpid(pid, &status, pidfd >= 0 ? 0 : WNOHANG) == pid) {
				reaped = 1;
				if (pidfd >= 0)
					close(pidfd);
				pidfd = -1;
			}
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;	/* no task uses the filter any more */
	}
	close(fd);
	if (pidfd >= 0)
		close(pidfd);
	if (!reaped && waitpid(pid, &status, 0) == pid)
		reaped = 1;
	if (reaped) {
		if (WIFEXITED(status) && WEXITSTATUS(status))
			fprintf(stderr, "wardctl: seccomp: record: %s exited with status %d\n",
				argv[0], WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			fprintf(stderr, "wardctl: seccomp: record: %s was killed by signal %d\n",
				argv[0], WTERMSIG(status));
	}
	if (other_arch)
		fprintf(stderr, "wardctl: seccomp: record: %u calls of another architecture\n",
			other_arch);

	fprintf(out, "# recorded by wardctl seccomp record: %u system calls of",
		count);
	for (nr = 0; argv[nr]; nr++) {
		const char *c;

		fputc(' ', out);
		for (c = argv[nr]; *c; c++)	/* one comment line */
			fputc((unsigned char)*c < ' ' ? '?' : *c, out);
	}
	fprintf(out, "\nseccomp {\n\taction log\t# make it kill once the list is final\n");
	if (print_sorted(out, seen))
		goto out;
	fprintf(out, "}\n");
	rc = fflush(out) ? -1 : 0;
out:
	seccomp_notify_free(req, resp);
	munmap(sh, sizeof(*sh));
	free(seen);
	return rc;
}
