// SPDX-License-Identifier: GPL-2.0
/*
 * ward-rt-first - a container entrypoint whose FIRST system call is a
 * forbidden mount (runtime_test.c, tools/vm/demo.sh).
 *
 * Built with -nostdlib -static: there is no C library start-up code, so no
 * system call (brk, arch_prctl, set_tid_address, ...) runs before the
 * mount.  _start calls mount("ward-first", "/tmp", "tmpfs", 0, NULL), then
 * prints one line and exits with the positive errno (0 if the mount
 * succeeded):
 *
 *	ward-rt-first: mount tmpfs /tmp: errno 13
 *
 * A binding that takes effect later than the first instruction lets this
 * mount through (exit 0); one that confines the runtime's own setup stops
 * the container before it ever gets here.
 */
#include <asm/unistd.h>

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("syscall" : "=a"(ret) : "0"(nr), "D"(a), "S"(b), "d"(c)
		     : "rcx", "r11", "memory");
	return ret;
}

static long sys5(long nr, long a, long b, long c, long d, long e)
{
	register long r10 asm("r10") = d;
	register long r8 asm("r8") = e;
	long ret;

	asm volatile("syscall" : "=a"(ret)
		     : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
		     : "rcx", "r11", "memory");
	return ret;
}

void _start(void);
void __attribute__((noreturn, used)) ward_first_main(void);

void __attribute__((noreturn, used)) ward_first_main(void)
{
	static const char msg[] = "ward-rt-first: mount tmpfs /tmp: errno ";
	char num[8];
	long ret, err;
	int i = 0, n;

	ret = sys5(__NR_mount, (long)"ward-first", (long)"/tmp", (long)"tmpfs",
		   0, 0);
	err = ret < 0 ? -ret : 0;
	sys3(__NR_write, 1, (long)msg, sizeof(msg) - 1);
	n = (int)err;
	do {
		num[sizeof(num) - 2 - i++] = '0' + n % 10;
		n /= 10;
	} while (n && i < 6);
	num[sizeof(num) - 1] = '\n';
	sys3(__NR_write, 1, (long)(num + sizeof(num) - 1 - i), i + 1);
	for (;;)
		sys3(__NR_exit_group, err, 0, 0);
}

/* The entry point: align the stack as a call would, then go. */
asm(".globl _start\n"
    "_start:\n"
    "	xor %rbp, %rbp\n"
    "	and $-16, %rsp\n"
    "	call ward_first_main\n"
    "	hlt\n");
