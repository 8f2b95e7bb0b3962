// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - ptrace mediation (R-PTR, with its audit events, R-AUD)
 *
 * Every ptrace_may_access() path of issue 4 is tried by a tracer task on a
 * target task, for each pair of the variants below (host, or a domain):
 *
 *   attach mode: PTRACE_ATTACH, PTRACE_SEIZE, process_vm_readv,
 *                process_vm_writev, open of /proc/PID/mem, pidfd_getfd
 *   read mode:   open of /proc/PID/environ, kcmp
 *
 * Denied, they fail with the errno of Documentation/abi.rst: EACCES for
 * PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_TRACEME (ptrace(2) passes Ward's
 * error through) and the /proc opens; EPERM for process_vm_*, pidfd_getfd
 * and kcmp (which turn any refusal into EPERM).
 * Allowed, they succeed and see the target's memory.  The host-to-host
 * variant is the positive control of every vector; the complaining domain
 * must behave as the host and log "verdict=allow" events.
 *
 * PTRACE_TRACEME makes the parent the tracer: a domain task may ask it of a
 * host parent (allowed like a host attach, unless `ptrace-from-host deny`),
 * of a parent in its own domain (per `ptrace none|domain`), never of a
 * parent in another domain; a host task never of a domain parent.
 *
 * Yama (active in Debian) refuses attaching to a non-descendant unless
 * kernel.yama.ptrace_scope is 0: the fixture sets it to 0 and restores it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <linux/kcmp.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "fixture.h"
#include "kselftest_harness.h"

#define YAMA_SCOPE	"/proc/sys/kernel/yama/ptrace_scope"
#define MARKER		0x57415244U	/* "WARD" */
#define TARGET_FD	42		/* the target's fd for pidfd_getfd */
#define VERIFY_FAILED	210		/* call succeeded, saw wrong data */

static const char policy_text[] =
	"# ptrace_test\n"
	"domain strict {\n"
	"    ptrace none\n"
	"}\n"
	"domain pdom {\n"
	"    ptrace domain\n"
	"}\n"
	"domain other {\n"
	"    ptrace domain\n"
	"}\n"
	"domain hostdeny {\n"
	"    ptrace domain\n"
	"    ptrace-from-host deny\n"
	"}\n"
	"domain watch {\n"
	"    mode complain\n"
	"    ptrace none\n"
	"}\n";

/* Same address in every forked process of this binary. */
static volatile unsigned int marker = MARKER;

/* ---------------------------------------------------------------------
 * Shared fixture pieces
 */

static char yama_orig[16];

static void yama_off(void)
{
	yama_orig[0] = '\0';
	if (ward_read_file(YAMA_SCOPE, yama_orig, sizeof(yama_orig)) > 0)
		ward_write_file(YAMA_SCOPE, "0");
}

static void yama_restore(void)
{
	if (yama_orig[0])
		ward_write_file(YAMA_SCOPE, yama_orig);
}

/* Path of the cgroup of @domain (bound), or "" for the host. */
static int domain_cg(const char *domain, char *cg, size_t len)
{
	cg[0] = '\0';
	if (!domain)
		return 0;
	ward_domain_cgroup(domain, cg, len);
	return ward_domain_prepare(domain);
}

/*
 * Start a target task in @cg ("" for the host): it holds TARGET_FD open
 * and sleeps until killed.  Returns once TARGET_FD is open, so that no
 * vector races the target's setup.  Its pid, or -errno.
 */
static pid_t start_target(const char *cg)
{
	int ready[2], fd;
	char c = 0;
	pid_t pid;

	if (pipe2(ready, O_CLOEXEC))
		return -errno;
	pid = ward_fork_in_cgroup(cg[0] ? cg : NULL, 0);
	if (pid == 0) {
		close(ready[0]);
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || dup2(fd, TARGET_FD) < 0 ||
		    write(ready[1], &c, 1) != 1)
			_exit(WARD_CHILD_SETUP_FAILED);
		close(ready[1]);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (pid > 0 && read(ready[0], &c, 1) != 1) {
		kill(pid, SIGKILL);
		ward_wait_exit(pid);
		pid = -ECHILD;
	}
	close(ready[0]);
	return pid;
}

static void stop_target(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		ward_wait_exit(pid);
	}
}

/* ---------------------------------------------------------------------
 * The vectors, run by the tracer; each returns 0 or the errno.
 */

static int v_attach(pid_t pid)
{
	long w;
	int st;

	if (ptrace(PTRACE_ATTACH, pid, 0, 0))
		return errno;
	if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))
		return VERIFY_FAILED;
	errno = 0;
	w = ptrace(PTRACE_PEEKDATA, pid, &marker, 0);
	if (errno || (unsigned int)w != MARKER)
		return VERIFY_FAILED;
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return 0;
}

static int v_seize(pid_t pid)
{
	int st;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0))
		return errno;
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0))
		return VERIFY_FAILED;
	if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))
		return VERIFY_FAILED;
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return 0;
}

static int v_vm_readv(pid_t pid)
{
	unsigned int v = 0;
	struct iovec l = { .iov_base = &v, .iov_len = sizeof(v) };
	struct iovec r = { .iov_base = (void *)&marker, .iov_len = sizeof(v) };

	if (process_vm_readv(pid, &l, 1, &r, 1, 0) < 0)
		return errno;
	return v == MARKER ? 0 : VERIFY_FAILED;
}

static int v_vm_writev(pid_t pid)
{
	unsigned int v = MARKER;
	struct iovec l = { .iov_base = &v, .iov_len = sizeof(v) };
	struct iovec r = { .iov_base = (void *)&marker, .iov_len = sizeof(v) };

	if (process_vm_writev(pid, &l, 1, &r, 1, 0) < 0)
		return errno;
	return 0;
}

static int v_proc_open(pid_t pid, const char *file, bool mem)
{
	char path[64];
	unsigned int v = 0;
	int fd, ret = 0;
	char buf[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (mem) {
		if (pread(fd, &v, sizeof(v), (off_t)(uintptr_t)&marker) !=
		    sizeof(v) || v != MARKER)
			ret = VERIFY_FAILED;
	} else if (read(fd, buf, sizeof(buf)) < 0) {
		ret = VERIFY_FAILED;
	}
	close(fd);
	return ret;
}

static int v_mem(pid_t pid)
{
	return v_proc_open(pid, "mem", true);
}

static int v_environ(pid_t pid)
{
	return v_proc_open(pid, "environ", false);
}

static int v_pidfd_getfd(pid_t pid)
{
	struct stat a, b;
	int pidfd, fd;

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return WARD_CHILD_SETUP_FAILED;
	fd = syscall(SYS_pidfd_getfd, pidfd, TARGET_FD, 0);
	if (fd < 0)
		return errno;
	if (fstat(fd, &a) || stat("/dev/null", &b) || a.st_rdev != b.st_rdev)
		return VERIFY_FAILED;
	close(fd);
	close(pidfd);
	return 0;
}

static int v_kcmp(pid_t pid)
{
	long r = syscall(SYS_kcmp, getpid(), pid, KCMP_VM, 0, 0);

	if (r < 0)
		return errno;
	/* different address spaces: 1 or 2, never 0 */
	return r == 1 || r == 2 ? 0 : VERIFY_FAILED;
}

struct pvec {
	const char *name;
	int (*fn)(pid_t pid);
	bool read_mode;		/* PTRACE_MODE_READ, else ATTACH */
	int deny_errno;
};

static const struct pvec pv_attach = {
	"PTRACE_ATTACH", v_attach, false, EACCES };
static const struct pvec pv_seize = {
	"PTRACE_SEIZE", v_seize, false, EACCES };
static const struct pvec pv_vm_readv = {
	"process_vm_readv", v_vm_readv, false, EPERM };
static const struct pvec pv_vm_writev = {
	"process_vm_writev", v_vm_writev, false, EPERM };
static const struct pvec pv_mem = {
	"open /proc/PID/mem", v_mem, false, EACCES };
static const struct pvec pv_pidfd_getfd = {
	"pidfd_getfd", v_pidfd_getfd, false, EPERM };
static const struct pvec pv_environ = {
	"open /proc/PID/environ", v_environ, true, EACCES };
static const struct pvec pv_kcmp = { "kcmp", v_kcmp, true, EPERM };

/* ---------------------------------------------------------------------
 * Tracer/target pairs
 */

FIXTURE(pt) {
	char tracer_cg[PATH_MAX];
	char target_cg[PATH_MAX];
	pid_t target;
};

FIXTURE_VARIANT(pt) {
	const char *tracer;	/* NULL: host */
	const char *target;	/* NULL: host */
	bool attach_ok;
	bool read_ok;
	bool complain;		/* the tracer's domain complains */
};

/* The positive control of every vector. */
FIXTURE_VARIANT_ADD(pt, host_to_host) {
	.attach_ok = true, .read_ok = true,
};

FIXTURE_VARIANT_ADD(pt, host_to_domain) {
	.target = "pdom", .attach_ok = true, .read_ok = true,
};

FIXTURE_VARIANT_ADD(pt, host_to_hostdeny) {
	.target = "hostdeny",
};

FIXTURE_VARIANT_ADD(pt, same_domain_ptrace_domain) {
	.tracer = "pdom", .target = "pdom", .attach_ok = true, .read_ok = true,
};

FIXTURE_VARIANT_ADD(pt, same_domain_ptrace_none) {
	.tracer = "strict", .target = "strict", .read_ok = true,
};

FIXTURE_VARIANT_ADD(pt, cross_domain) {
	.tracer = "pdom", .target = "other",
};

FIXTURE_VARIANT_ADD(pt, cross_domain_reverse) {
	.tracer = "other", .target = "pdom",
};

FIXTURE_VARIANT_ADD(pt, domain_to_host) {
	.tracer = "pdom",
};

FIXTURE_VARIANT_ADD(pt, none_domain_to_host) {
	.tracer = "strict",
};

FIXTURE_VARIANT_ADD(pt, complain_to_host) {
	.tracer = "watch", .complain = true, .attach_ok = true, .read_ok = true,
};

FIXTURE_VARIANT_ADD(pt, complain_same_domain) {
	.tracer = "watch", .target = "watch", .complain = true,
	.attach_ok = true, .read_ok = true,
};

FIXTURE_SETUP(pt)
{
	char err[512] = "";
	int ret;

	ward_reset();
	yama_off();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = domain_cg(variant->tracer, self->tracer_cg,
			sizeof(self->tracer_cg));
	ASSERT_EQ(0, ret) TH_LOG("tracer cgroup: %s", strerror(-ret));
	ret = domain_cg(variant->target, self->target_cg,
			sizeof(self->target_cg));
	ASSERT_EQ(0, ret) TH_LOG("target cgroup: %s", strerror(-ret));
	self->target = start_target(self->target_cg);
	ASSERT_LT(0, self->target) TH_LOG("target: %s",
					  strerror(-self->target));
}

FIXTURE_TEARDOWN(pt)
{
	stop_target(self->target);
	yama_restore();
	ward_reset();
}

static void check_pvec(struct __test_metadata *_metadata,
		       FIXTURE_DATA(pt) *self,
		       const FIXTURE_VARIANT(pt) *variant,
		       const struct pvec *v)
{
	bool ok = v->read_mode ? variant->read_ok : variant->attach_ok;
	pid_t tracer;
	int code;

	tracer = ward_fork_in_cgroup(self->tracer_cg[0] ? self->tracer_cg :
				     NULL, 0);
	if (tracer == 0)
		_exit(v->fn(self->target));
	ASSERT_LT(0, tracer) TH_LOG("tracer: %s", strerror(-tracer));
	code = ward_wait_exit(tracer);
	TH_LOG("%s: %s (%s -> %s)", v->name,
	       code ? strerror(code) : "allowed",
	       variant->tracer ?: "host", variant->target ?: "host");
	ASSERT_EQ(ok ? 0 : v->deny_errno, code);
	/*
	 * In the complaining domain (ptrace none), what Ward would have
	 * denied (attach mode; read mode across domains) is reported.
	 */
	if (variant->complain &&
	    (!v->read_mode || !variant->target ||
	     strcmp(variant->target, variant->tracer))) {
		ASSERT_TRUE(ward_events_has(
			"op=ptrace domain=%s mode=complain verdict=allow pid=%d",
			variant->tracer, tracer))
			TH_LOG("no complain event for %s", v->name);
	}
	/* reported to the tracer's domain, or the target's for a host one */
	if (!ok) {
		ASSERT_TRUE(ward_events_has(
			"op=ptrace domain=%s mode=enforce verdict=deny pid=%d",
			variant->tracer ?: variant->target, tracer))
			TH_LOG("no deny event for %s", v->name);
	}
	/* the target is still alive and untraced */
	ASSERT_EQ(0, kill(self->target, 0));
}

#define PTRACE_TEST(test, vec)					\
	TEST_F(pt, test)					\
	{							\
		check_pvec(_metadata, self, variant, &vec);	\
	}

PTRACE_TEST(attach, pv_attach)
PTRACE_TEST(seize, pv_seize)
PTRACE_TEST(process_vm_readv, pv_vm_readv)
PTRACE_TEST(process_vm_writev, pv_vm_writev)
PTRACE_TEST(proc_mem_open, pv_mem)
PTRACE_TEST(pidfd_getfd, pv_pidfd_getfd)
PTRACE_TEST(proc_environ_open, pv_environ)
PTRACE_TEST(kcmp, pv_kcmp)

/* ---------------------------------------------------------------------
 * PTRACE_TRACEME
 */

/* Move @pid into the cgroup @cg, as the host.  0 or -errno. */
static int move_to(const char *cg, pid_t pid)
{
	char p[PATH_MAX + 32], s[32];

	snprintf(p, sizeof(p), "%s/cgroup.procs", cg);
	snprintf(s, sizeof(s), "%d", (int)pid);
	return ward_write_file(p, s);
}

/* The pid of the task that asks PTRACE_TRACEME (shared memory). */
static pid_t *asker;

static int traceme(void)
{
	*asker = getpid();
	return ptrace(PTRACE_TRACEME, 0, 0, 0) ? errno : 0;
}

/* In a child: fork a grandchild (same cgroup) that asks to be traced. */
static int traceme_grandchild(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return WARD_CHILD_SETUP_FAILED;
	if (pid == 0)
		_exit(traceme());
	return ward_wait_exit(pid);
}

FIXTURE(traceme) {
	char cg[PATH_MAX];
	char other_cg[PATH_MAX];
};

/*
 * The asking task is in @domain.  Its tracer would be its parent: a host
 * task (allowed as a host attach is, unless `ptrace-from-host deny`), a
 * task of the same domain (per `ptrace none|domain`), or a task of another
 * domain (always denied).
 */
FIXTURE_VARIANT(traceme) {
	const char *domain;	/* NULL: host child */
	bool parent_host_ok;
	bool same_domain_ok;
	bool complain;
};

FIXTURE_VARIANT_ADD(traceme, host) {
	.parent_host_ok = true, .same_domain_ok = true,
};

FIXTURE_VARIANT_ADD(traceme, ptrace_none) {
	.domain = "strict", .parent_host_ok = true,
};

FIXTURE_VARIANT_ADD(traceme, ptrace_domain) {
	.domain = "pdom", .parent_host_ok = true, .same_domain_ok = true,
};

FIXTURE_VARIANT_ADD(traceme, host_ptrace_denied) {
	.domain = "hostdeny", .same_domain_ok = true,
};

FIXTURE_VARIANT_ADD(traceme, complain) {
	.domain = "watch", .complain = true,
	.parent_host_ok = true, .same_domain_ok = true,
};

FIXTURE_SETUP(traceme)
{
	char err[512] = "";
	int ret;

	ward_reset();
	yama_off();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = domain_cg(variant->domain, self->cg, sizeof(self->cg));
	ASSERT_EQ(0, ret) TH_LOG("cgroup: %s", strerror(-ret));
	ret = domain_cg("other", self->other_cg, sizeof(self->other_cg));
	ASSERT_EQ(0, ret) TH_LOG("cgroup: %s", strerror(-ret));
	asker = mmap(NULL, sizeof(*asker), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, asker);
}

FIXTURE_TEARDOWN(traceme)
{
	yama_restore();
	ward_reset();
}

/* Result checks common to the three cases. */
static void traceme_expect(struct __test_metadata *_metadata,
			   const FIXTURE_VARIANT(traceme) *variant,
			   int code, bool ok, bool would_deny,
			   const char *report_domain)
{
	if (variant->complain)
		ok = true;
	ASSERT_EQ(ok ? 0 : EACCES, code) TH_LOG("PTRACE_TRACEME: %s",
					       code ? strerror(code) : "allowed");
	if (variant->complain && would_deny)
		ASSERT_TRUE(ward_events_has(
			"op=traceme domain=%s mode=complain verdict=allow pid=%d",
			variant->domain, *asker));
	if (!ok)
		ASSERT_TRUE(ward_events_has(
			"op=traceme domain=%s mode=enforce verdict=deny pid=%d",
			report_domain, *asker));
}

/* The parent is the host test process. */
TEST_F(traceme, parent_is_host)
{
	pid_t pid;
	int code;

	pid = ward_fork_in_cgroup(self->cg[0] ? self->cg : NULL, 0);
	if (pid == 0)
		_exit(traceme());
	ASSERT_LT(0, pid) TH_LOG("child: %s", strerror(-pid));
	code = ward_wait_exit(pid);
	traceme_expect(_metadata, variant, code, variant->parent_host_ok,
		       !variant->parent_host_ok, variant->domain);
}

/* The parent is in the same domain (or both on the host). */
TEST_F(traceme, parent_same_domain)
{
	pid_t pid;
	int code;

	pid = ward_fork_in_cgroup(self->cg[0] ? self->cg : NULL, 0);
	if (pid == 0)
		_exit(traceme_grandchild());
	ASSERT_LT(0, pid) TH_LOG("child: %s", strerror(-pid));
	code = ward_wait_exit(pid);
	traceme_expect(_metadata, variant, code, variant->same_domain_ok,
		       variant->domain && !variant->same_domain_ok,
		       variant->domain);
}

/*
 * The parent is in domain `other`; the test moves the asking grandchild
 * into the variant's cgroup (or the root cgroup for the host).  Always
 * denied: a tracer in another domain, or a domain tracer of a host task.
 */
TEST_F(traceme, parent_other_domain)
{
	int up[2], down[2];
	pid_t pid, g;
	char c = 0;
	int code;

	ASSERT_EQ(0, pipe2(up, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(down, O_CLOEXEC));
	pid = ward_fork_in_cgroup(self->other_cg, 0);
	if (pid == 0) {
		fflush(stdout);
		g = fork();
		if (g == 0) {
			if (read(down[0], &c, 1) != 1)
				_exit(WARD_CHILD_SETUP_FAILED);
			_exit(traceme());
		}
		if (g < 0 || write(up[1], &g, sizeof(g)) != sizeof(g))
			_exit(WARD_CHILD_SETUP_FAILED);
		_exit(ward_wait_exit(g));
	}
	ASSERT_LT(0, pid) TH_LOG("child: %s", strerror(-pid));
	close(up[1]);
	close(down[0]);
	ASSERT_EQ(sizeof(g), read(up[0], &g, sizeof(g)));
	ASSERT_EQ(0, move_to(self->cg[0] ? self->cg : WARD_CGROUP_ROOT, g));
	ASSERT_EQ(1, write(down[1], &c, 1));
	code = ward_wait_exit(pid);
	close(up[0]);
	close(down[1]);
	traceme_expect(_metadata, variant, code, false, true,
		       variant->domain ?: "other");
}

TEST_HARNESS_MAIN
