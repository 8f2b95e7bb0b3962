// SPDX-License-Identifier: GPL-2.0
/*
 * hookcost - what a hooked call costs, in the guest
 *
 * Times N calls of three hooked paths and prints nanoseconds per call:
 *   delete_module  __x64_sys_delete_module: one domain lookup, then the
 *                  kernel's own failure (ENOENT); in a domain: a denial
 *   kcmp           security_ptrace_access_check, twice (two tasks), with
 *                  two domain lookups each; read mode, allowed in a domain
 *   mprotect       security_file_mprotect without W+X: no domain lookup
 * Run it with Ward unloaded, loaded without policy, with a policy as a host
 * task, and inside a domain (wardctl exec) to see what Ward adds.  Under
 * QEMU TCG the absolute numbers are inflated; compare them with each other.
 *
 * Usage: hookcost [N]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 200000;
	pid_t self = getpid(), child;
	double t0, t1;
	char *page;

	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (child < 0 || page == MAP_FAILED) {
		perror("hookcost");
		return 1;
	}

	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_delete_module, "ward_no_such_module", O_NONBLOCK);
	t1 = now_ns();
	printf("delete_module %8.0f ns/call (errno %d)\n", (t1 - t0) / n, errno);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_kcmp, self, child, KCMP_VM, 0, 0);
	t1 = now_ns();
	printf("kcmp          %8.0f ns/call\n", (t1 - t0) / n);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		mprotect(page, 4096, i & 1 ? PROT_READ : PROT_READ | PROT_WRITE);
	t1 = now_ns();
	printf("mprotect      %8.0f ns/call\n", (t1 - t0) / n);

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
