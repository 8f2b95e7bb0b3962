// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - the control plane refuses everyone but the host
 * administrator (R-CTL)
 *
 * Every securityfs file may be opened, read and written only by a task
 * with CAP_MAC_ADMIN in the initial user namespace, in the initial PID
 * namespace and not in a domain (Documentation/abi.rst).  The files that
 * change Ward are root's only (policy and bindings 0600, lock 0200), so a
 * non-root user gets the DAC's EACCES there; everywhere else each EPERM
 * below is Ward's own refusal, and each is reported (op=control).  Each
 * refusal has its positive control: host root opening, reading and
 * writing the same files, and using the same descriptors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "fixture.h"
#include "kselftest_harness.h"

#define WARD_STR_(x)	#x
#define WARD_STR(x)	WARD_STR_(x)

#define DOMAIN "dctl"
static const char policy[] =
	"domain " DOMAIN " {\n"
	"\tmode enforce\n"
	"\tmount deny\n"
	"\tptrace none\n"
	"\tptrace-from-host allow\n"
	"\tmemory wx-deny\n"
	"\tmodules deny\n"
	"\tkernel-state deny\n"
	"}\n";

/* Every way to open a control file, and what a non-root user gets. */
static const struct cfile {
	const char *path;
	int flags;
	int nobody;		/* -EACCES: DAC (root's only); -EPERM: Ward */
} cfiles[] = {
	{ WARD_STATUS,   O_RDONLY,		-EPERM },
	{ WARD_POLICY,   O_RDONLY,		-EACCES },
	{ WARD_POLICY,   O_WRONLY,		-EACCES },
	{ WARD_BINDINGS, O_RDONLY,		-EACCES },
	{ WARD_BINDINGS, O_WRONLY,		-EACCES },
	{ WARD_EVENTS,   O_RDONLY | O_NONBLOCK,	-EPERM },
	{ WARD_LOCK,     O_WRONLY,		-EACCES },
};
#define NCFILES ARRAY_SIZE(cfiles)

/* Results of a child, in shared memory. */
struct shared {
	int open_err[NCFILES];
	int err[8];
	int status;
	char out[4096];
	char errout[1024];
};

static struct shared *sh;

/* In a child: try every open; 0 or -errno in sh->open_err[]. */
static int open_all_fn(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < NCFILES; i++)
		sh->open_err[i] = ward_can_open(cfiles[i].path, cfiles[i].flags);
	return 0;
}

static int open_all_pidns_fn(void *arg)
{
	return ward_in_new_pidns(open_all_fn, arg);
}

/* In a child: a new cgroup namespace rooted where the child is. */
static int open_all_cgroupns_fn(void *arg)
{
	if (unshare(CLONE_NEWCGROUP))
		return WARD_CHILD_SETUP_FAILED;
	return open_all_fn(arg);
}

/* In a child: drop CAP_MAC_ADMIN from the effective set, stay uid 0. */
static int open_all_no_mac_admin_fn(void *arg)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return WARD_CHILD_SETUP_FAILED;
	d[CAP_TO_INDEX(CAP_MAC_ADMIN)].effective &= ~CAP_TO_MASK(CAP_MAC_ADMIN);
	if (syscall(SYS_capset, &h, d))
		return WARD_CHILD_SETUP_FAILED;
	return open_all_fn(arg);
}

static void sh_clear(void)
{
	unsigned int i;

	memset(sh, 0, sizeof(*sh));
	for (i = 0; i < NCFILES; i++)
		sh->open_err[i] = 1;	/* not tried */
}

#define ASSERT_ALL_OPENS(expected) do {					\
		for (unsigned int _i = 0; _i < NCFILES; _i++) {		\
			EXPECT_EQ(expected, sh->open_err[_i]) {		\
				TH_LOG("open(%s, %#x): %s", cfiles[_i].path, \
				       cfiles[_i].flags,		\
				       sh->open_err[_i] > 0 ? "not tried" : \
				       strerror(-sh->open_err[_i]));	\
			}						\
		}							\
	} while (0)

FIXTURE(control) {
	char cg[PATH_MAX];
	char before[8192];
};

FIXTURE_SETUP(control)
{
	ASSERT_EQ(0, ward_ensure_loaded());
	ward_reset();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	sh_clear();
	ASSERT_EQ(0, ward_load_policy(policy));
	ASSERT_EQ(0, ward_domain_prepare(DOMAIN));
	ward_domain_cgroup(DOMAIN, self->cg, sizeof(self->cg));
	ASSERT_LT(0, ward_read_file(WARD_POLICY, self->before,
				    sizeof(self->before)));
}

FIXTURE_TEARDOWN(control)
{
	ward_reset();
	if (sh && sh != MAP_FAILED)
		munmap(sh, sizeof(*sh));
	sh = NULL;
}

/*
 * The files that change Ward are root's only; the others stay readable,
 * so that any EPERM on them comes from Ward.
 */
TEST_F(control, dac_modes)
{
	struct stat st;

	ASSERT_EQ(0, stat(WARD_STATUS, &st));
	EXPECT_EQ(0444, st.st_mode & 0777);
	ASSERT_EQ(0, stat(WARD_POLICY, &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
	ASSERT_EQ(0, stat(WARD_BINDINGS, &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
	ASSERT_EQ(0, stat(WARD_EVENTS, &st));
	EXPECT_EQ(0444, st.st_mode & 0777);
	ASSERT_EQ(0, stat(WARD_LOCK, &st));
	EXPECT_EQ(0200, st.st_mode & 0777);
}

/* Open the policy file for reading: 0 or the errno. */
static int open_policy_fn(void *arg)
{
	(void)arg;
	return -ward_can_open(WARD_POLICY, O_RDONLY);
}

static int open_policy_no_mac_admin_fn(void *arg)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return WARD_CHILD_SETUP_FAILED;
	d[CAP_TO_INDEX(CAP_MAC_ADMIN)].effective &= ~CAP_TO_MASK(CAP_MAC_ADMIN);
	if (syscall(SYS_capset, &h, d))
		return WARD_CHILD_SETUP_FAILED;
	return open_policy_fn(arg);
}

/*
 * Every refusal by Ward's check is reported: for a host task as domain
 * "-", for a domain task as its domain, mode=enforce either way.  The
 * host administrator's open (the positive control) is not.
 */
TEST_F(control, refusals_reported)
{
	pid_t pid;

	ASSERT_EQ(EPERM, ward_run_in(NULL, open_policy_no_mac_admin_fn, &pid));
	EXPECT_TRUE(ward_events_has(
		"op=control domain=- mode=enforce verdict=deny pid=%d errno=%d file=policy reason=capability",
		pid, EPERM));
	ASSERT_EQ(EPERM, ward_run_in(self->cg, open_policy_fn, &pid));
	EXPECT_TRUE(ward_events_has(
		"op=control domain=" DOMAIN " mode=enforce verdict=deny pid=%d file=policy reason=container",
		pid));
	ASSERT_EQ(0, ward_run_in(NULL, open_policy_fn, &pid));
	EXPECT_FALSE(ward_events_has("op=control pid=%d", pid));
}

/* Positive control for every refusal below: host root, in a child. */
TEST_F(control, host_root_opens_everything)
{
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, open_all_fn, NULL));
	ASSERT_ALL_OPENS(0);
}

TEST_F(control, nonroot_refused)
{
	unsigned int i;

	ASSERT_EQ(0, ward_fork_as(WARD_NOBODY, WARD_NOBODY, open_all_fn, NULL));
	for (i = 0; i < NCFILES; i++) {
		EXPECT_EQ(cfiles[i].nobody, sh->open_err[i]) {
			TH_LOG("open(%s, %#x): %s", cfiles[i].path,
			       cfiles[i].flags, strerror(-sh->open_err[i]));
		}
	}
}

TEST_F(control, root_without_cap_mac_admin_refused)
{
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, open_all_no_mac_admin_fn, NULL));
	ASSERT_ALL_OPENS(-EPERM);
}

/* Root of a user namespace ("0 0 1": host uid 0, DAC passes). */
TEST_F(control, userns_root_refused)
{
	ASSERT_EQ(0, ward_fork_userns(0, 0, 0, open_all_fn, NULL));
	ASSERT_ALL_OPENS(-EPERM);
}

/* A container task (new PID namespace) of an unbound cgroup, uid 0. */
TEST_F(control, pidns_root_refused)
{
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, open_all_pidns_fn, NULL));
	ASSERT_ALL_OPENS(-EPERM);
}

/*
 * Root in a cgroup namespace rooted below the root cgroup: cgroup ids
 * outside it do not resolve, so it could only break bindings.  A cgroup
 * namespace rooted at the root cgroup is the positive control.
 */
TEST_F(control, cgroupns_root_refused)
{
	ASSERT_EQ(0, ward_cgroup_make("cgns", NULL, 0));
	ASSERT_EQ(0, ward_in_cgroup(WARD_TEST_CGROUP "/cgns", 0,
				    open_all_cgroupns_fn, NULL));
	ASSERT_ALL_OPENS(-EPERM);
	sh_clear();
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, open_all_cgroupns_fn, NULL));
	ASSERT_ALL_OPENS(0);
}

/* Root with every capability, in a bound cgroup: not an administrator. */
TEST_F(control, domain_root_refused)
{
	ASSERT_EQ(0, ward_in_domain(DOMAIN, 0, open_all_fn, NULL));
	ASSERT_ALL_OPENS(-EPERM);
	/* ... also in a sub-cgroup of the bound one */
	ASSERT_EQ(0, ward_cgroup_make(DOMAIN "/sub", NULL, 0));
	sh_clear();
	ASSERT_EQ(0, ward_in_cgroup(WARD_TEST_CGROUP "/" DOMAIN "/sub", 0,
				    open_all_fn, NULL));
	ASSERT_ALL_OPENS(-EPERM);
}

/* ---- descriptors opened by host root, used by someone else ---------- */

enum { FD_POLICY_R, FD_POLICY_W, FD_STATUS, FD_BINDINGS_W, FD_EVENTS, NFDS };

static int send_fds(int sock, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * NFDS)] = { 0 };
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = CMSG_SPACE(sizeof(int) * n),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

static int recv_fds(int sock, int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * NFDS)] = { 0 };
	char b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;

	if (recvmsg(sock, &msg, 0) != 1)
		return -errno;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int) * n))
		return -EPROTO;
	memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
	return 0;
}

/*
 * In a child that received the descriptors: use each once.  sh->err[i] is
 * 0 or -errno.  The write to policy is the policy read back (valid), the
 * write to bindings a valid bind of a fresh cgroup.
 */
static void use_fds(const int *fds, const char *blob, size_t bloblen,
		    const char *bindcmd)
{
	char buf[4096];
	ssize_t n;

	n = read(fds[FD_POLICY_R], buf, sizeof(buf));
	sh->err[FD_POLICY_R] = n < 0 ? -errno : 0;
	n = write(fds[FD_POLICY_W], blob, bloblen);
	sh->err[FD_POLICY_W] = n < 0 ? -errno : 0;
	n = read(fds[FD_STATUS], buf, sizeof(buf));
	sh->err[FD_STATUS] = n < 0 ? -errno : 0;
	n = write(fds[FD_BINDINGS_W], bindcmd, strlen(bindcmd));
	sh->err[FD_BINDINGS_W] = n < 0 ? -errno : 0;
	n = read(fds[FD_EVENTS], buf, sizeof(buf));
	/* an empty stream gives EAGAIN to whoever may read it */
	sh->err[FD_EVENTS] = n < 0 ? -errno : 0;
}

enum receiver { RECV_HOST, RECV_DOMAIN, RECV_NOBODY };

/*
 * Fork a receiver (@who), open the control files as host root AFTER the
 * fork, pass them over a unix socket and let the receiver use them.
 */
static int pass_fds_to(struct __test_metadata *_metadata,
		       enum receiver who, const char *blob, size_t bloblen,
		       const char *bindcmd)
{
	int sv[2], fds[NFDS], i, st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -errno;
	pid = ward_fork_in_cgroup(who == RECV_DOMAIN ?
				  WARD_TEST_CGROUP "/" DOMAIN : NULL, 0);
	if (pid < 0)
		return pid;
	if (pid == 0) {
		int rfds[NFDS];

		close(sv[0]);
		if (who == RECV_NOBODY &&
		    ward_drop_privileges(WARD_NOBODY, WARD_NOBODY))
			_exit(WARD_CHILD_SETUP_FAILED);
		if (recv_fds(sv[1], rfds, NFDS))
			_exit(WARD_CHILD_SETUP_FAILED);
		use_fds(rfds, blob, bloblen, bindcmd);
		_exit(0);
	}
	close(sv[1]);
	fds[FD_POLICY_R] = open(WARD_POLICY, O_RDONLY | O_CLOEXEC);
	fds[FD_POLICY_W] = open(WARD_POLICY, O_WRONLY | O_CLOEXEC);
	fds[FD_STATUS] = open(WARD_STATUS, O_RDONLY | O_CLOEXEC);
	fds[FD_BINDINGS_W] = open(WARD_BINDINGS, O_WRONLY | O_CLOEXEC);
	fds[FD_EVENTS] = open(WARD_EVENTS, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	for (i = 0; i < NFDS; i++)
		EXPECT_LE(0, fds[i]);
	EXPECT_EQ(0, send_fds(sv[0], fds, NFDS));
	close(sv[0]);
	st = ward_wait(pid);
	for (i = 0; i < NFDS; i++)
		close(fds[i]);
	return st;
}

static size_t read_policy_blob(char *buf, size_t len)
{
	ssize_t n = ward_read_file(WARD_POLICY, buf, len);

	return n < 0 ? 0 : n;
}

/* Positive control: the mechanism works for a host root receiver. */
TEST_F(control, passed_fds_work_for_host_root)
{
	char blob[4096], cmd[128], cg[PATH_MAX], dom[64];
	size_t len = read_policy_blob(blob, sizeof(blob));

	ASSERT_LT(0, len);
	ASSERT_EQ(0, ward_cgroup_make("fdhost", cg, sizeof(cg)));
	snprintf(cmd, sizeof(cmd), "bind %llu %s",
		 (unsigned long long)ward_cgroup_id(cg), DOMAIN);
	ASSERT_EQ(0, pass_fds_to(_metadata, RECV_HOST, blob, len, cmd));
	EXPECT_EQ(0, sh->err[FD_POLICY_R]);
	EXPECT_EQ(0, sh->err[FD_POLICY_W]);
	EXPECT_EQ(0, sh->err[FD_STATUS]);
	EXPECT_EQ(0, sh->err[FD_BINDINGS_W]);
	/* events: whatever is buffered, or EAGAIN */
	EXPECT_TRUE(sh->err[FD_EVENTS] == 0 || sh->err[FD_EVENTS] == -EAGAIN);
	ASSERT_EQ(1, ward_binding_of(cg, dom, sizeof(dom)));
	ASSERT_STREQ(DOMAIN, dom);
}

static void check_passed_refused(struct __test_metadata *_metadata,
				 struct shared *s, const char *before,
				 const char *cg)
{
	char after[8192];

	EXPECT_EQ(-EPERM, s->err[FD_POLICY_R]);
	EXPECT_EQ(-EPERM, s->err[FD_POLICY_W]);
	EXPECT_EQ(-EPERM, s->err[FD_STATUS]);
	EXPECT_EQ(-EPERM, s->err[FD_BINDINGS_W]);
	EXPECT_EQ(-EPERM, s->err[FD_EVENTS]);
	EXPECT_EQ(0, ward_binding_of(cg, NULL, 0));
	ASSERT_LT(0, ward_read_file(WARD_POLICY, after, sizeof(after)));
	EXPECT_STREQ(before, after);
}

/* R-CTL: a descriptor opened by host root is useless in a domain task. */
TEST_F(control, passed_fds_refused_in_domain)
{
	char blob[4096], cmd[128], cg[PATH_MAX];
	size_t len = read_policy_blob(blob, sizeof(blob));

	ASSERT_LT(0, len);
	ASSERT_EQ(0, ward_cgroup_make("fddom", cg, sizeof(cg)));
	snprintf(cmd, sizeof(cmd), "bind %llu %s",
		 (unsigned long long)ward_cgroup_id(cg), DOMAIN);
	ASSERT_EQ(0, pass_fds_to(_metadata, RECV_DOMAIN, blob, len, cmd));
	check_passed_refused(_metadata, sh, self->before, cg);
}

/* ... and in an unprivileged host task. */
TEST_F(control, passed_fds_refused_to_nobody)
{
	char blob[4096], cmd[128], cg[PATH_MAX];
	size_t len = read_policy_blob(blob, sizeof(blob));

	ASSERT_LT(0, len);
	ASSERT_EQ(0, ward_cgroup_make("fdnobody", cg, sizeof(cg)));
	snprintf(cmd, sizeof(cmd), "bind %llu %s",
		 (unsigned long long)ward_cgroup_id(cg), DOMAIN);
	ASSERT_EQ(0, pass_fds_to(_metadata, RECV_NOBODY, blob, len, cmd));
	check_passed_refused(_metadata, sh, self->before, cg);
}

/*
 * Host root opens the files, then moves itself into a domain: the
 * descriptors it kept stop working (the check runs at every read/write on
 * the current task too).
 */
static int open_then_enter_fn(void *arg)
{
	const char *blob = arg;
	int fds[NFDS];

	fds[FD_POLICY_R] = open(WARD_POLICY, O_RDONLY);
	fds[FD_POLICY_W] = open(WARD_POLICY, O_WRONLY);
	fds[FD_STATUS] = open(WARD_STATUS, O_RDONLY);
	fds[FD_BINDINGS_W] = open(WARD_BINDINGS, O_WRONLY);
	fds[FD_EVENTS] = open(WARD_EVENTS, O_RDONLY | O_NONBLOCK);
	for (int i = 0; i < NFDS; i++)
		if (fds[i] < 0)
			return WARD_CHILD_SETUP_FAILED;
	if (ward_cgroup_enter(WARD_TEST_CGROUP "/" DOMAIN))
		return WARD_CHILD_SETUP_FAILED;
	use_fds(fds, blob, strlen(blob), "bind 1 " DOMAIN);
	return 0;
}

TEST_F(control, own_fds_refused_after_entering_domain)
{
	/* a text write is enough: it must be refused before it is parsed */
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, open_then_enter_fn,
				    "not a policy"));
	EXPECT_EQ(-EPERM, sh->err[FD_POLICY_R]);
	EXPECT_EQ(-EPERM, sh->err[FD_POLICY_W]);
	EXPECT_EQ(-EPERM, sh->err[FD_STATUS]);
	EXPECT_EQ(-EPERM, sh->err[FD_BINDINGS_W]);
	EXPECT_EQ(-EPERM, sh->err[FD_EVENTS]);
	/* the root cgroup (id 1) did not get bound */
	EXPECT_EQ(0, ward_binding_of(WARD_CGROUP_ROOT, NULL, 0));
}

/* ---- wardctl ---------------------------------------------------------- */

static int wardctl_fn(void *arg)
{
	char **argv = arg;
	char *full[8];
	int i;

	full[0] = (char *)ward_wardctl_path();
	for (i = 0; argv[i] && i < 6; i++)
		full[i + 1] = argv[i];
	full[i + 1] = NULL;
	sh->status = ward_run_capture(full, sh->out, sizeof(sh->out),
				      sh->errout, sizeof(sh->errout));
	return 0;
}

static int wardctl_nobody_fn(void *arg)
{
	if (ward_drop_privileges(WARD_NOBODY, WARD_NOBODY))
		return WARD_CHILD_SETUP_FAILED;
	return wardctl_fn(arg);
}

#define EXPECT_REFUSED_LINE() do {					\
		EXPECT_EQ(1, sh->status);				\
		EXPECT_TRUE(ward_one_line(sh->errout)) {		\
			TH_LOG("stderr: '%s'", sh->errout);		\
		}							\
		EXPECT_NE(NULL, strstr(sh->errout, "EPERM")) {		\
			TH_LOG("stderr: '%s'", sh->errout);		\
		}							\
		EXPECT_EQ(0, strncmp(sh->errout, "wardctl: ", 9));	\
	} while (0)

/* R-CTL: wardctl exits 1 with one line naming EPERM when refused. */
TEST_F(control, wardctl_refused_in_domain)
{
	char *status[] = { "status", NULL };
	char *show[] = { "show", NULL };
	char *load[] = { "load", "/tmp/ward-control.ward", NULL };
	char *unbind[] = { "unbind", WARD_TEST_CGROUP "/" DOMAIN, NULL };
	char after[8192];

	/* positive control: host root */
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, wardctl_fn, status));
	EXPECT_EQ(0, sh->status);
	EXPECT_NE(NULL, strstr(sh->out, "\nabi " WARD_STR(WARD_ABI_VERSION) "\n")) {
		TH_LOG("status: %s", sh->out);
	}

	ASSERT_EQ(0, ward_in_domain(DOMAIN, 0, wardctl_fn, status));
	EXPECT_REFUSED_LINE();
	EXPECT_STREQ("", sh->out);
	ASSERT_EQ(0, ward_in_domain(DOMAIN, 0, wardctl_fn, show));
	EXPECT_REFUSED_LINE();
	EXPECT_STREQ("", sh->out);

	{
		int fd = open("/tmp/ward-control.ward",
			      O_WRONLY | O_CREAT | O_TRUNC, 0644);

		ASSERT_LE(0, fd);
		ASSERT_EQ((ssize_t)strlen("domain x {\n}\n"),
			  write(fd, "domain x {\n}\n", strlen("domain x {\n}\n")));
		close(fd);
	}
	ASSERT_EQ(0, ward_in_domain(DOMAIN, 0, wardctl_fn, load));
	EXPECT_REFUSED_LINE();
	ASSERT_EQ(0, ward_in_domain(DOMAIN, 0, wardctl_fn, unbind));
	EXPECT_REFUSED_LINE();
	unlink("/tmp/ward-control.ward");

	/* nothing changed */
	ASSERT_LT(0, ward_read_file(WARD_POLICY, after, sizeof(after)));
	EXPECT_STREQ(self->before, after);
	EXPECT_EQ(1, ward_binding_of(WARD_TEST_CGROUP "/" DOMAIN, NULL, 0));
}

TEST_F(control, wardctl_refused_to_nobody)
{
	char *status[] = { "status", NULL };
	char *events[] = { "events", NULL };

	ASSERT_EQ(0, ward_fork_as(0, 0, wardctl_fn, status));
	EXPECT_EQ(0, sh->status);
	ASSERT_EQ(0, ward_fork_as(WARD_NOBODY, WARD_NOBODY, wardctl_fn,
				  status));
	EXPECT_REFUSED_LINE();
	ASSERT_EQ(0, ward_in_cgroup(NULL, 0, wardctl_nobody_fn, events));
	EXPECT_REFUSED_LINE();
}

TEST_HARNESS_MAIN
