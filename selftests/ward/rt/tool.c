// SPDX-License-Identifier: GPL-2.0
/*
 * ward-rt-tool - the operations runtime_test.c runs inside containers.
 * Each prints one line "ward-rt-tool: OP: errno N" (0: it succeeded) and
 * exits with N, so a test can assert the exact errno from the exit status
 * (which runc, crun and ctr pass on) and from the output.
 *
 *	ward-rt-tool mount              mount a tmpfs on /tmp
 *	ward-rt-tool environ PID        read /proc/PID/environ
 *	ward-rt-tool vmread PID         process_vm_readv() 1 byte of PID's stack
 *	ward-rt-tool keyctl             keyctl(KEYCTL_GET_KEYRING_ID, session)
 *	ward-rt-tool seccomp            print the "Seccomp:" mode of this process
 *	ward-rt-tool wait               print "ready", then sleep until killed
 *	ward-rt-tool hold               sleep until killed (a sibling to read)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/keyctl.h>

static int report(const char *op, int err)
{
	printf("ward-rt-tool: %s: errno %d\n", op, err);
	fflush(stdout);
	return err;
}

/* The start of the stack of @pid, from /proc/PID/stat (field 28). */
static unsigned long stack_start(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long v = 0;
	int fd, i;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after ')' come fields 3.. : skip to field 28 */
	for (i = 2; p && i < 28; i++)
		p = strchr(p + 1, ' ');
	if (p)
		v = strtoul(p + 1, NULL, 10);
	return v;
}

int main(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "";
	pid_t pid = argc > 2 ? atoi(argv[2]) : 0;
	char buf[4096];

	if (!strcmp(op, "mount")) {
		if (mount("ward-tool", "/tmp", "tmpfs", 0, NULL))
			return report(op, errno);
		return report(op, 0);
	}
	if (!strcmp(op, "environ")) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/environ", pid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return report(op, errno);
		if (read(fd, buf, sizeof(buf)) < 0) {
			int e = errno;

			close(fd);
			return report(op, e);
		}
		close(fd);
		return report(op, 0);
	}
	if (!strcmp(op, "vmread")) {
		unsigned long addr = stack_start(pid);
		struct iovec l = { buf, 1 }, r = { (void *)addr, 1 };

		/*
		 * /proc/PID/stat hides the stack of a task this one may not
		 * trace (0): the permission check of process_vm_readv() comes
		 * before any address is used, so any address tells it then.
		 */
		if (!addr)
			r.iov_base = buf;
		if (process_vm_readv(pid, &l, 1, &r, 1, 0) < 0)
			return report(op, errno);
		return report(op, 0);
	}
	if (!strcmp(op, "keyctl")) {
		if (syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
			    KEY_SPEC_SESSION_KEYRING, 1) < 0)
			return report(op, errno);
		return report(op, 0);
	}
	if (!strcmp(op, "seccomp")) {
		FILE *f = fopen("/proc/self/status", "r");

		while (f && fgets(buf, sizeof(buf), f)) {
			if (!strncmp(buf, "Seccomp:", 8)) {
				printf("ward-rt-tool: %s", buf);
				fclose(f);
				return 0;
			}
		}
		if (f)
			fclose(f);
		return report(op, ENOENT);
	}
	if (!strcmp(op, "wait") || !strcmp(op, "hold")) {
		if (!strcmp(op, "wait")) {
			printf("ward-rt-tool: ready\n");
			fflush(stdout);
		}
		for (;;)
			pause();
	}
	fprintf(stderr, "usage: ward-rt-tool mount|environ PID|vmread PID|keyctl|seccomp|wait|hold\n");
	return 2;
}
