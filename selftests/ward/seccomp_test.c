// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - seccomp profiles applied by `wardctl exec` (R-SEC)
 *
 * The program under test is this binary itself, re-executed with a mode
 * as argv[1] ("socket", "getpid", "int80"), so that the guest needs no
 * second binary.  It is static: under the `minimal` set it starts, and
 * then makes the one call the test is about.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "fixture.h"

#define SC_POLICY							\
	"# seccomp_test: the minimal set, killing or logging\n"	\
	"domain sc_min {\n"						\
	"    seccomp {\n"						\
	"        action kill\n"						\
	"        base minimal\n"					\
	"    }\n"							\
	"}\n"								\
	"domain sc_log {\n"						\
	"    seccomp {\n"						\
	"        action log\n"						\
	"        base minimal\n"					\
	"    }\n"							\
	"}\n"

/* the cgroups `wardctl exec` creates for them */
#define SC_CG_MIN	WARD_CGROUP_ROOT "/ward/sc_min"
#define SC_CG_LOG	WARD_CGROUP_ROOT "/ward/sc_log"

#define AUDIT_SECCOMP_TYPE	"type=1326"
#define NR_SOCKET		41	/* x86_64 */
#define NR_I386_GETPID		20

/* ---- the program under test (argv[1] = mode) ---- */

static int helper_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	/* reached only when the filter lets socket() run */
	printf("pid=%d socket=%d errno=%d\n", getpid(), fd, fd < 0 ? errno : 0);
	fflush(stdout);
	return fd >= 0 ? 0 : 1;
}

static int helper_getpid(void)
{
	printf("pid=%d\n", (int)syscall(SYS_getpid));
	fflush(stdout);
	return 0;
}

/* getpid through the i386 system call gate: a 32-bit system call */
static long int80_getpid(void)
{
	long ret = NR_I386_GETPID;

	asm volatile("int $0x80" : "+a"(ret) : : "memory", "cc", "r8", "r9",
		     "r10", "r11");
	return ret;
}

static int helper_int80(void)
{
	long pid = int80_getpid();

	printf("int80=%ld pid=%d\n", pid, getpid());
	fflush(stdout);
	return pid == getpid() ? 0 : 1;
}

/* ---- helpers of the tests ---- */

static char prog_path_buf[4096];

static const char *prog_path(void)
{
	ssize_t n;

	if (prog_path_buf[0])
		return prog_path_buf;
	n = readlink("/proc/self/exe", prog_path_buf, sizeof(prog_path_buf) - 1);
	if (n <= 0)
		return "/ward/selftests/seccomp_test";
	prog_path_buf[n] = '\0';
	return prog_path_buf;
}

/* `wardctl exec --domain D -- SELF MODE`; its wait status (ward_wait) */
static int exec_in(const char *domain, const char *mode, char *out,
		   size_t outlen)
{
	char *argv[] = { (char *)ward_wardctl_path(), "exec", "--domain",
			 (char *)domain, "--", (char *)prog_path(), (char *)mode,
			 NULL };

	out[0] = '\0';
	return ward_run(argv, out, outlen);
}

/* SELF MODE without a domain */
static int run_plain(const char *mode, char *out, size_t outlen)
{
	char *argv[] = { (char *)prog_path(), (char *)mode, NULL };

	out[0] = '\0';
	return ward_run(argv, out, outlen);
}

/*
 * Without an audit daemon the kernel prints audit records with
 * printk_ratelimit() (10 per 5 s by default), a budget that Ward's own
 * audit events from the tests before this one may have used up.  Raise
 * the burst while the tests run, and put it back afterwards.
 */
#define PRINTK_BURST	"/proc/sys/kernel/printk_ratelimit_burst"
static char saved_burst[32];

static void raise_printk_burst(void)
{
	if (!saved_burst[0] &&
	    ward_read_file(PRINTK_BURST, saved_burst, sizeof(saved_burst)) <= 0)
		saved_burst[0] = '\0';
	ward_write_file(PRINTK_BURST, "100000");
}

static void restore_printk_burst(void)
{
	if (saved_burst[0])
		ward_write_file(PRINTK_BURST, saved_burst);
}

static void cleanup(void)
{
	ward_reset();
	ward_cgroup_remove(SC_CG_MIN);
	ward_cgroup_remove(SC_CG_LOG);
}

FIXTURE(seccomp) {
	char out[4096];
};

FIXTURE_SETUP(seccomp)
{
	cleanup();
	ASSERT_EQ(0, access(ward_wardctl_path(), X_OK));
	ASSERT_EQ(0, ward_load_policy(SC_POLICY));
	raise_printk_burst();
}

FIXTURE_TEARDOWN(seccomp)
{
	restore_printk_burst();
	cleanup();
}

/* minimal + kill: socket() kills the process with SIGSYS */
TEST_F(seccomp, kill_on_socket)
{
	int st;

	/* positive control: the program runs without a domain */
	st = run_plain("socket", self->out, sizeof(self->out));
	ASSERT_EQ(0, st);
	ASSERT_NE(NULL, strstr(self->out, "socket="));

	/* positive control: it starts and runs under the filter */
	st = exec_in("sc_min", "getpid", self->out, sizeof(self->out));
	ASSERT_EQ(0, st);
	ASSERT_NE(NULL, strstr(self->out, "pid="));

	/* socket() is not in minimal: SIGSYS, and nothing printed */
	st = exec_in("sc_min", "socket", self->out, sizeof(self->out));
	ASSERT_EQ(128 + SIGSYS, st);
	ASSERT_STREQ("", self->out);
}

/* the same with a raw wait status: WIFSIGNALED and WTERMSIG == SIGSYS */
TEST_F(seccomp, kill_status_is_sigsys)
{
	char *argv[] = { (char *)ward_wardctl_path(), "exec", "--domain",
			 "sc_min", "--", (char *)prog_path(), "socket", NULL };
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(SIGSYS, WTERMSIG(status));
}

/* minimal + log: socket() runs, and the kernel logs the violation */
TEST_F(seccomp, log_reports_and_survives)
{
	char pidstr[32];
	int st, pid = 0;

	st = exec_in("sc_log", "socket", self->out, sizeof(self->out));
	ASSERT_EQ(0, st);
	ASSERT_EQ(1, sscanf(self->out, "pid=%d", &pid));
	ASSERT_NE(NULL, strstr(self->out, "errno=0"));
	ASSERT_EQ(NULL, strstr(self->out, "socket=-1"));

	/* audit: type=1326 ... pid=PID ... syscall=41 (SECCOMP_RET_LOG) */
	snprintf(pidstr, sizeof(pidstr), " pid=%d ", pid);
	ASSERT_TRUE(ward_kmsg_find(5000, AUDIT_SECCOMP_TYPE, pidstr, " sig=0 ",
			      " arch=c000003e syscall=41 ",
			      " code=0x7ffc0000", NULL)) {
		TH_LOG("no seccomp log record for pid %d, syscall 41", pid);
	}
	/* ... and only for the violation: getpid is allowed, not logged */
	ASSERT_FALSE(ward_kmsg_find(0, AUDIT_SECCOMP_TYPE, pidstr, " syscall=39 ",
			       NULL));
}

/* the filter is for x86_64 only: a 32-bit call is killed, even in log mode */
TEST_F(seccomp, int80_killed)
{
	int st;

	st = run_plain("int80", self->out, sizeof(self->out));
	if (st != 0)
		SKIP(return, "no 32-bit system calls on this kernel (int $0x80 without a filter: status %d): no IA32 emulation",
		     st);

	st = exec_in("sc_min", "int80", self->out, sizeof(self->out));
	ASSERT_EQ(128 + SIGSYS, st);
	ASSERT_STREQ("", self->out);

	/* the bad-architecture action kills whatever the default action */
	st = exec_in("sc_log", "int80", self->out, sizeof(self->out));
	ASSERT_EQ(128 + SIGSYS, st);
	ASSERT_STREQ("", self->out);

	/* positive control: the 64-bit getpid in the same filter */
	st = exec_in("sc_log", "getpid", self->out, sizeof(self->out));
	ASSERT_EQ(0, st);
}

/* record lists the calls of a known program */
TEST_F(seccomp, record_lists_calls)
{
	static char out[16384];
	char *argv_true[] = { (char *)ward_wardctl_path(), "seccomp", "record",
			      "--", "/bin/true", NULL };
	char *argv_sock[] = { (char *)ward_wardctl_path(), "seccomp", "record",
			      "--", (char *)prog_path(), "socket", NULL };

	ASSERT_EQ(0, ward_run(argv_true, out, sizeof(out)));
	ASSERT_NE(NULL, strstr(out, "seccomp {\n"));
	ASSERT_NE(NULL, strstr(out, " exit_group"));
	ASSERT_NE(NULL, strstr(out, " execve"));
	ASSERT_EQ(NULL, strstr(out, " socket"));

	ASSERT_EQ(0, ward_run(argv_sock, out, sizeof(out)));
	ASSERT_NE(NULL, strstr(out, " socket"));
	ASSERT_NE(NULL, strstr(out, " exit_group"));
}

/* export reads the loaded policy */
TEST_F(seccomp, export_loaded)
{
	static char out[65536];

	ASSERT_EQ(0, ward_wardctl(out, sizeof(out), NULL, 0, "seccomp",
				  "export", "--domain", "sc_min", NULL));
	ASSERT_NE(NULL, strstr(out, "\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\""));
	ASSERT_NE(NULL, strstr(out, "\"SCMP_ARCH_X86_64\""));
	ASSERT_NE(NULL, strstr(out, "\"exit_group\""));
	ASSERT_EQ(1, ward_wardctl(out, sizeof(out), NULL, 0, "seccomp",
				  "export", "--domain", "nosuchdomain", NULL));
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "socket"))
		return helper_socket();
	if (argc == 2 && !strcmp(argv[1], "getpid"))
		return helper_getpid();
	if (argc == 2 && !strcmp(argv[1], "int80"))
		return helper_int80();
	return test_harness_run(argc, argv);
}
