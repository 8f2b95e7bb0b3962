/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward benchmark: the measured operations
 *
 * Shared by the guest benchmark (tools/bench/wardbench.c) and its guest
 * test (selftests/ward/bench_test.c), so that the test runs exactly the
 * code the benchmark times.  Every operation is one function that does the
 * operation once and returns 0, or the errno of its first failing call;
 * bench_prepare() sets up what they need (a paused child to inspect, a
 * page, a file to map, a mount point, two cgroups to move between).
 *
 * Header-only (static functions) so that each user links its own copy.
 */
#ifndef WARD_BENCH_OPS_H
#define WARD_BENCH_OPS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_AX25
#define AF_AX25 3
#endif

/* What the operations work on; filled by bench_prepare(). */
struct bench_ctx {
	pid_t child;		/* paused child, same cgroup and domain */
	char *page;		/* one RW anonymous page */
	int exec_fd;		/* a file to map PROT_EXEC */
	char environ_path[64];	/* /proc/CHILD/environ */
	const char *mnt;	/* mount point for the tmpfs */
	int cg_fd[2];		/* cgroup.procs of the two cgroups, or -1 */
	char pidstr[16];
};

/* process_vm_readv() reads this from the child (same address after fork). */
static char bench_peek[64] = "ward bench";

typedef int (*bench_fn)(struct bench_ctx *c);

static inline int bench_err(long r)
{
	return r < 0 ? errno : 0;
}

static int op_getppid(struct bench_ctx *c)
{
	(void)c;
	return bench_err(syscall(SYS_getppid));
}

/* A path lookup of user_path_at_empty(), hooked for mount_setattr(). */
static int op_access(struct bench_ctx *c)
{
	(void)c;
	return bench_err(access("/proc/self/status", R_OK));
}

static int op_mmap_anon(struct bench_ctx *c)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)c;
	if (p == MAP_FAILED)
		return errno;
	return bench_err(munmap(p, 4096));
}

static int op_mmap_anon_wx(struct bench_ctx *c)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)c;
	if (p == MAP_FAILED)
		return errno;
	return bench_err(munmap(p, 4096));
}

static int op_mprotect(struct bench_ctx *c)
{
	if (mprotect(c->page, 4096, PROT_READ))
		return errno;
	return bench_err(mprotect(c->page, 4096, PROT_READ | PROT_WRITE));
}

static int op_mprotect_wx(struct bench_ctx *c)
{
	int err = 0;

	if (mprotect(c->page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC))
		err = errno;
	if (mprotect(c->page, 4096, PROT_READ | PROT_WRITE) && !err)
		err = errno;
	return err;
}

static int op_mmap_file_exec(struct bench_ctx *c)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE,
		       c->exec_fd, 0);

	if (p == MAP_FAILED)
		return errno;
	return bench_err(munmap(p, 4096));
}

static int op_environ(struct bench_ctx *c)
{
	char buf[4096];
	int fd = open(c->environ_path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (read(fd, buf, sizeof(buf)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int op_process_vm_readv(struct bench_ctx *c)
{
	char buf[sizeof(bench_peek)];
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { bench_peek, sizeof(bench_peek) };

	return bench_err(process_vm_readv(c->child, &local, 1, &remote, 1, 0));
}

/* kcmp(self, child): ptrace_may_access() skips its own thread group. */
static int op_kcmp(struct bench_ctx *c)
{
	return bench_err(syscall(SYS_kcmp, getpid(), c->child, KCMP_VM, 0, 0));
}

/* kcmp(self, 1): a host task (init), denied to a domain task. */
static int op_kcmp_host(struct bench_ctx *c)
{
	(void)c;
	return bench_err(syscall(SYS_kcmp, getpid(), 1, KCMP_VM, 0, 0));
}

static int op_mount_tmpfs(struct bench_ctx *c)
{
	if (mount("bench", c->mnt, "tmpfs", 0, "size=64k"))
		return errno;
	return bench_err(umount2(c->mnt, 0));
}

/*
 * socket() of a family whose module is absent: the kernel asks for
 * "net-pf-3" every time (security_kernel_module_request, then modprobe
 * unless denied).  EAFNOSUPPORT is the normal outcome, so it counts as 0.
 */
static int op_socket_modreq(struct bench_ctx *c)
{
	int s = socket(AF_AX25, SOCK_SEQPACKET, 0);

	(void)c;
	if (s >= 0) {
		close(s);
		return 0;
	}
	return errno == EAFNOSUPPORT ? 0 : errno;
}

static int op_fork_exit(struct bench_ctx *c)
{
	int st;
	pid_t p = fork();

	(void)c;
	if (p < 0)
		return errno;
	if (p == 0)
		_exit(0);
	if (waitpid(p, &st, 0) < 0)
		return errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int op_fork_exec(struct bench_ctx *c)
{
	int st;
	pid_t p = fork();

	(void)c;
	if (p < 0)
		return errno;
	if (p == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(errno);
	}
	if (waitpid(p, &st, 0) < 0)
		return errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Move self to the second cgroup and back to the first. */
static int op_cgroup_move(struct bench_ctx *c)
{
	size_t n = strlen(c->pidstr);
	int err = 0;

	if (c->cg_fd[0] < 0 || c->cg_fd[1] < 0)
		return EBADF;
	if (write(c->cg_fd[1], c->pidstr, n) < 0)
		err = errno;
	if (write(c->cg_fd[0], c->pidstr, n) < 0 && !err)
		err = errno;
	return err;
}

/*
 * The operations, with the iterations per rep the benchmark uses (each
 * rep's figure is the mean over these iterations).
 */
struct bench_op {
	const char *name;
	const char *what;
	bench_fn fn;
	unsigned int iters;
};

static const struct bench_op bench_ops[] = {
	{ "getppid", "getppid (not hooked, control)", op_getppid, 4000 },
	{ "access", "access /proc/self/status", op_access, 1000 },
	{ "mmap_anon", "mmap+munmap anonymous RW", op_mmap_anon, 1000 },
	{ "mmap_anon_wx", "mmap+munmap anonymous RWX", op_mmap_anon_wx, 1000 },
	{ "mprotect", "mprotect RW->R->RW", op_mprotect, 1000 },
	{ "mprotect_wx", "mprotect RW->RWX->RW", op_mprotect_wx, 1000 },
	{ "mmap_file_exec", "mmap+munmap file PROT_EXEC", op_mmap_file_exec, 1000 },
	{ "environ", "/proc/CHILD/environ read", op_environ, 400 },
	{ "process_vm_readv", "process_vm_readv of a child", op_process_vm_readv, 1000 },
	{ "kcmp", "kcmp(self, child)", op_kcmp, 1000 },
	{ "kcmp_host", "kcmp(self, init)", op_kcmp_host, 1000 },
	{ "mount_tmpfs", "mount+umount tmpfs (private mnt ns)", op_mount_tmpfs, 100 },
	{ "socket_modreq", "socket(AF_AX25): module request", op_socket_modreq, 10 },
	{ "fork_exit", "fork+exit+wait", op_fork_exit, 40 },
	{ "fork_exec", "fork+exec /bin/true+wait", op_fork_exec, 20 },
	{ "cgroup_move", "cgroup.procs write there and back", op_cgroup_move, 200 },
};

#define BENCH_NOPS (sizeof(bench_ops) / sizeof(bench_ops[0]))

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * Prepare @c: a paused child (forked here, so it shares the caller's
 * cgroup, domain and AppArmor label), a page, @exec_file opened, the
 * mount point @mnt, and the cgroup.procs files of @cga (where the caller
 * is) and @cgb (either may be NULL: no cgroup_move).
 * Return: 0 or -errno.
 */
static int bench_prepare(struct bench_ctx *c, const char *exec_file,
			 const char *mnt, const char *cga, const char *cgb)
{
	const char *cg[2] = { cga, cgb };
	char path[4096];
	int i;

	memset(c, 0, sizeof(*c));
	c->cg_fd[0] = c->cg_fd[1] = -1;
	c->mnt = mnt;
	snprintf(c->pidstr, sizeof(c->pidstr), "%d", getpid());
	for (i = 0; i < 2; i++) {
		if (!cg[i])
			continue;
		snprintf(path, sizeof(path), "%s/cgroup.procs", cg[i]);
		c->cg_fd[i] = open(path, O_WRONLY | O_CLOEXEC);
		if (c->cg_fd[i] < 0)
			return -errno;
	}
	c->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->page == MAP_FAILED)
		return -errno;
	c->page[0] = 1;
	c->exec_fd = open(exec_file, O_RDONLY | O_CLOEXEC);
	if (c->exec_fd < 0)
		return -errno;
	c->child = fork();
	if (c->child < 0)
		return -errno;
	if (c->child == 0) {
		for (;;)
			pause();
	}
	snprintf(c->environ_path, sizeof(c->environ_path), "/proc/%d/environ",
		 c->child);
	return 0;
}

static void bench_release(struct bench_ctx *c)
{
	int i;

	if (c->child > 0) {
		kill(c->child, SIGKILL);
		waitpid(c->child, NULL, 0);
	}
	for (i = 0; i < 2; i++)
		if (c->cg_fd[i] >= 0)
			close(c->cg_fd[i]);
	if (c->exec_fd > 0)
		close(c->exec_fd);
}

#endif /* WARD_BENCH_OPS_H */
