// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - confinement from the container's first exec (R-DOM)
 *
 * A binding armed at first exec ("bind ID DOMAIN exec", every pattern
 * binding) and the default domain confine a task only once it has
 * executed a program there: a runtime's setup before that exec stays
 * allowed, the program is confined from its first instruction, and so is
 * everything it forks.  Pattern bindings bind a cgroup as it is created
 * and go with it.  Two bound cgroups of one domain are two containers that
 * cannot read each other.  Every refusal is checked against its positive
 * control: the same operation before the exec, on the host, or inside one
 * container.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/uio.h>

#include "kselftest_harness.h"

#include "fixture.h"
#include "probe.h"

#define MNT	"/tmp/ward-arm"

#define DOM(name, ptrace, host)				\
	"domain " name " {\n"				\
	"\tmode enforce\n"				\
	"\tmount deny\n"				\
	"\tptrace " ptrace "\n"				\
	"\tptrace-from-host " host "\n"			\
	"\tmemory wx-allow\n"				\
	"\tmodules deny\n"				\
	"\tkernel-state deny\n"				\
	"}\n"

static const char policy_d[] = DOM("d", "none", "allow");

static int bind_exec(const char *cg, const char *domain)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "bind %llu %s exec",
		 (unsigned long long)ward_cgroup_id(cg), domain);
	return ward_write_file(WARD_BINDINGS, cmd);
}

static int mount_fn(void *arg)
{
	(void)arg;
	return ward_try_mount_tmpfs(MNT);
}

/* The bindings file has the line "ID DOMAIN ARM /wardtest/NAME". */
static bool has_binding(const char *cg, const char *domain, const char *arm)
{
	char buf[8192], line[512];

	if (ward_read_file(WARD_BINDINGS, buf, sizeof(buf)) < 0)
		return false;
	snprintf(line, sizeof(line), "%llu %s %s %s\n",
		 (unsigned long long)ward_cgroup_id(cg), domain, arm,
		 cg + strlen(WARD_CGROUP_ROOT));
	return strstr(buf, line);
}

static unsigned int status_count(const char *key)
{
	char buf[8192], *p;
	unsigned int n = ~0U;

	if (ward_read_file(WARD_STATUS, buf, sizeof(buf)) < 0)
		return n;
	p = strstr(buf, key);
	if (p)
		sscanf(p + strlen(key), "%u", &n);
	return n;
}

FIXTURE(arm) {
	char c[PATH_MAX], u[PATH_MAX];
};

FIXTURE_SETUP(arm)
{
	ward_reset();
	ASSERT_EQ(0, ward_ensure_loaded());
	ASSERT_EQ(0, ward_cgroup_make("c", self->c, sizeof(self->c)));
	ASSERT_EQ(0, ward_cgroup_make("u", self->u, sizeof(self->u)));
}

FIXTURE_TEARDOWN(arm)
{
	ward_reset();
}

/*
 * An exec-armed binding: the runtime's mount before the exec works, the
 * program's mount after it is refused, and so is its child's; a binding
 * made "now" refuses before any exec; a host task in an unbound cgroup is
 * never refused.
 */
TEST_F(arm, exec_arms_binding)
{
	ASSERT_EQ(0, ward_load_policy(policy_d));
	ASSERT_EQ(0, bind_exec(self->c, "d"));
	EXPECT_TRUE(has_binding(self->c, "d", "exec"));

	EXPECT_EQ(0, ward_in_cgroup(self->c, WARD_FORK_NEWNS, mount_fn, NULL));
	EXPECT_EQ(EACCES, ward_probe_in(self->c, WARD_FORK_NEWNS, NULL, NULL,
					"mount:" MNT));
	EXPECT_EQ(EACCES, ward_probe_in(self->c, WARD_FORK_NEWNS, NULL, NULL,
					"fork-mount:" MNT));
	/* positive control: the same program on the host */
	EXPECT_EQ(0, ward_probe_in(self->u, WARD_FORK_NEWNS, NULL, NULL,
				   "mount:" MNT));
	EXPECT_EQ(0, ward_probe_in(self->u, WARD_FORK_NEWNS, NULL, NULL,
				   "fork-mount:" MNT));

	/* bound "now", the same cgroup refuses before any exec */
	ASSERT_EQ(0, ward_unbind_raw(self->c));
	ASSERT_EQ(0, ward_bind_raw(self->c, "d"));
	EXPECT_TRUE(has_binding(self->c, "d", "now"));
	EXPECT_EQ(EACCES, ward_in_cgroup(self->c, WARD_FORK_NEWNS, mount_fn,
					 NULL));
}

/*
 * An exec in the host's mount namespace does not arm: runc 1.1 re-executes
 * "runc init" from a sealed copy of itself, in the container's cgroup,
 * before it creates the container's namespaces.  The program executed
 * once the task has a mount namespace of its own is armed.
 */
TEST_F(arm, exec_in_host_mount_namespace_does_not_arm)
{
	ASSERT_EQ(0, ward_load_policy(policy_d));
	ASSERT_EQ(0, bind_exec(self->c, "d"));
	/* reading the host's init: allowed to the host, refused to a domain */
	EXPECT_EQ(0, ward_probe_in(self->c, 0, NULL, NULL, "environ:1"));
	EXPECT_EQ(EACCES, ward_probe_in(self->c, WARD_FORK_NEWNS, NULL, NULL,
					"environ:1"));
	/* the runtime's sequence: exec on the host, then namespaces, exec */
	EXPECT_EQ(EACCES, ward_probe_in(self->c, 0, NULL, NULL,
					"newns-exec:mount:" MNT));
	EXPECT_EQ(0, ward_probe_in(self->u, 0, NULL, NULL,
				   "newns-exec:mount:" MNT));
}

static int failexec_mount_fn(void *arg)
{
	char *const argv[] = { "none", NULL };

	(void)arg;
	execve("/nonexistent/ward-probe", argv, argv + 1);
	if (errno != ENOENT)
		return WARD_CHILD_SETUP_FAILED;
	return ward_try_mount_tmpfs(MNT);
}

/* An exec that fails arms nothing: the runtime's setup goes on. */
TEST_F(arm, failed_exec_does_not_arm)
{
	ASSERT_EQ(0, ward_load_policy(policy_d));
	ASSERT_EQ(0, bind_exec(self->c, "d"));
	EXPECT_EQ(0, ward_in_cgroup(self->c, WARD_FORK_NEWNS,
				    failexec_mount_fn, NULL));
	EXPECT_EQ(EACCES, ward_probe_in(self->c, WARD_FORK_NEWNS, NULL, NULL,
					"mount:" MNT));
}

static int thread_exec_fn(void *arg)
{
	return ward_probe_run("thread-exec", arg);
}

/*
 * A thread that is not the leader executes: de_thread() makes it the
 * process, and it is armed like any exec.
 */
TEST_F(arm, thread_exec_arms)
{
	ASSERT_EQ(0, ward_load_policy(policy_d));
	ASSERT_EQ(0, bind_exec(self->c, "d"));
	EXPECT_EQ(EACCES, ward_in_cgroup(self->c, WARD_FORK_NEWNS,
					 thread_exec_fn, "mount:" MNT));
	EXPECT_EQ(0, ward_in_cgroup(self->u, WARD_FORK_NEWNS, thread_exec_fn,
				    "mount:" MNT));
}

static int userns_fn(void *arg)
{
	(void)arg;
	if (ward_become_userns_root(true))
		return WARD_CHILD_SETUP_FAILED;
	/* the runtime's own setup, before the exec: allowed */
	return ward_try_mount_tmpfs(MNT);
}

/* Exit code of a child whose setup mount, before its exec, was refused. */
#define SETUP_REFUSED	201

/* PID 1 of a new PID namespace: mount (setup), then execute the probe. */
static int pid1_fn(void *arg)
{
	if (ward_try_mount_tmpfs(MNT))
		return SETUP_REFUSED;
	ward_exec_probe(arg);
	return WARD_CHILD_SETUP_FAILED;
}

static int pidns_exec_fn(void *arg)
{
	return ward_in_new_pidns(pid1_fn, arg);
}

/*
 * The default domain, too, takes a container task at its exec: a task
 * that made itself a container (user or PID namespace) may still set
 * itself up; the program it executes is confined.  A host task executing
 * the same program is not.
 */
TEST_F(arm, default_domain_at_exec)
{
	ASSERT_EQ(0, ward_load_policy("default d\n\n" DOM("d", "none", "allow")));
	EXPECT_EQ(0, ward_in_cgroup(self->u, 0, userns_fn, NULL));
	EXPECT_EQ(EACCES, ward_probe_in(self->u, 0, userns_fn, NULL,
					"mount:" MNT));
	EXPECT_EQ(EACCES, ward_in_cgroup(self->u, WARD_FORK_NEWNS,
					 pidns_exec_fn, "mount:" MNT));
	/* positive control: a host task executing the same program */
	EXPECT_EQ(0, ward_probe_in(self->u, WARD_FORK_NEWNS, NULL, NULL,
				   "mount:" MNT));
	/* and without a default domain, the container task is not confined */
	ASSERT_EQ(0, ward_load_policy(DOM("d", "none", "allow")));
	EXPECT_EQ(0, ward_probe_in(self->u, 0, userns_fn, NULL, "mount:" MNT));
}

/* Load a one-domain ("d", mount deny) policy with cgroup path patterns. */
static int load_patterns(const char *const *patterns, unsigned int n)
{
	struct ward_policy_header *h;
	struct ward_domain_rec *d;
	struct ward_bind_rec *b;
	size_t size = sizeof(*h) + sizeof(*d) + n * sizeof(*b);
	unsigned int i;
	char *buf;
	int r;

	buf = calloc(1, size);
	if (!buf)
		return -ENOMEM;
	h = (void *)buf;
	d = (void *)(h + 1);
	b = (void *)(d + 1);
	h->magic = WARD_POLICY_MAGIC;
	h->abi_version = WARD_ABI_VERSION;
	h->header_size = sizeof(*h);
	h->total_size = size;
	h->domain_count = 1;
	h->domain_size = sizeof(*d);
	h->default_domain = WARD_NO_DOMAIN;
	h->bind_count = n;
	h->bind_size = sizeof(*b);
	h->sc_rule_size = sizeof(struct ward_sc_rule);
	strcpy(d->name, "d");
	d->mode = WARD_MODE_ENFORCE;
	for (i = 0; i < n; i++)
		snprintf(b[i].pattern, sizeof(b[i].pattern), "%s", patterns[i]);
	r = ward_write_buf(WARD_POLICY, buf, size);
	free(buf);
	return r;
}

static const char *const patterns[] = {
	"/wardtest/pat-*",
	"/wardtest/deep/**/leaf-?",
};

/*
 * A cgroup whose path matches a pattern is bound, armed at first exec, as
 * it is created, and unbound as it is removed; "**" spans any number of
 * levels, none included; '?' one character; a cgroup inside a bound
 * subtree is not bound again.
 */
TEST_F(arm, pattern_binds_at_mkdir)
{
	char cg[PATH_MAX], leaf[PATH_MAX], old[PATH_MAX], oldsub[PATH_MAX];

	/*
	 * Cgroups that exist at the load are bound by it, at once (their
	 * programs already run), the outermost match only.
	 */
	ASSERT_EQ(0, ward_cgroup_make("pat-old/pat-sub", oldsub,
				      sizeof(oldsub)));
	ASSERT_EQ(0, ward_cgroup_make("pat-old", old, sizeof(old)));
	ASSERT_EQ(0, load_patterns(patterns, 2));
	EXPECT_EQ(2U, status_count("\npatterns "));
	EXPECT_TRUE(has_binding(old, "d", "now"));
	EXPECT_FALSE(has_binding(oldsub, "d", "now"));
	EXPECT_EQ(1U, status_count("\nbindings "));
	EXPECT_EQ(EACCES, ward_in_cgroup(oldsub, WARD_FORK_NEWNS, mount_fn,
					 NULL));
	ASSERT_EQ(0, rmdir(oldsub));
	ASSERT_EQ(0, rmdir(old));
	ASSERT_EQ(0U, status_count("\nbindings "));

	ASSERT_EQ(0, ward_cgroup_make("pat-1", cg, sizeof(cg)));
	EXPECT_TRUE(has_binding(cg, "d", "exec"));
	EXPECT_EQ(0, ward_in_cgroup(cg, WARD_FORK_NEWNS, mount_fn, NULL));
	EXPECT_EQ(EACCES, ward_probe_in(cg, WARD_FORK_NEWNS, NULL, NULL,
					"mount:" MNT));
	/* not matching: unbound, the program runs as a host task */
	EXPECT_EQ(0, ward_probe_in(self->c, WARD_FORK_NEWNS, NULL, NULL,
				   "mount:" MNT));
	EXPECT_FALSE(has_binding(self->c, "d", "exec"));
	/* inside a bound subtree: the container's own, not bound again */
	ASSERT_EQ(0, ward_cgroup_make("pat-1/pat-2", leaf, sizeof(leaf)));
	EXPECT_FALSE(has_binding(leaf, "d", "exec"));
	EXPECT_EQ(1U, status_count("\nbindings "));
	ASSERT_EQ(0, rmdir(leaf));

	/* "**" and "?" */
	ASSERT_EQ(0, ward_cgroup_make("deep", leaf, sizeof(leaf)));
	EXPECT_FALSE(has_binding(leaf, "d", "exec"));
	ASSERT_EQ(0, ward_cgroup_make("deep/leaf-1", leaf, sizeof(leaf)));
	EXPECT_TRUE(has_binding(leaf, "d", "exec"));
	ASSERT_EQ(0, rmdir(leaf));
	ASSERT_EQ(0, ward_cgroup_make("deep/a", leaf, sizeof(leaf)));
	ASSERT_EQ(0, ward_cgroup_make("deep/a/b", leaf, sizeof(leaf)));
	ASSERT_EQ(0, ward_cgroup_make("deep/a/b/leaf-2", leaf, sizeof(leaf)));
	EXPECT_TRUE(has_binding(leaf, "d", "exec"));
	ASSERT_EQ(0, rmdir(leaf));
	ASSERT_EQ(0, ward_cgroup_make("deep/a/leaf-10", leaf, sizeof(leaf)));
	EXPECT_FALSE(has_binding(leaf, "d", "exec"));
	ASSERT_EQ(0, rmdir(leaf));
	EXPECT_EQ(1U, status_count("\nbindings "));

	/* a reload keeps the bindings the patterns made */
	ASSERT_EQ(0, load_patterns(patterns, 2));
	EXPECT_TRUE(has_binding(cg, "d", "exec"));
	/* the binding goes with its cgroup, at once */
	ASSERT_EQ(0, rmdir(cg));
	EXPECT_EQ(0U, status_count("\nbindings "));
	/* so nothing stale blocks a policy without the domain */
	EXPECT_EQ(0, ward_load_policy(DOM("other", "none", "allow")));
	EXPECT_EQ(0U, status_count("\npatterns "));
	/* without patterns, a new cgroup of that name stays unbound */
	ASSERT_EQ(0, ward_cgroup_make("pat-3", cg, sizeof(cg)));
	EXPECT_EQ(0U, status_count("\nbindings "));
}

/*
 * A removed cgroup stays in the kernel's cgroup tree while something holds
 * it: here a socket created in it, as a container's leftover socket or its
 * page cache would.  A load must not bind it: that binding would outlive
 * its cgroup and make the next load that drops the domain fail with EBUSY.
 * Positive control: the same pattern binds a live cgroup at the same load.
 */
TEST_F(arm, pattern_load_skips_removed_cgroup)
{
	char held[PATH_MAX], live[PATH_MAX], home[PATH_MAX], buf[PATH_MAX];
	int fd;

	/* back home afterwards: the teardown kills what is in wardtest */
	ASSERT_LT(0, ward_read_file("/proc/self/cgroup", buf, sizeof(buf)));
	ASSERT_EQ(0, strncmp(buf, "0::/", 4));
	buf[strcspn(buf, "\n")] = '\0';
	ASSERT_GT((int)sizeof(home), snprintf(home, sizeof(home), "%s%s",
					      WARD_CGROUP_ROOT, buf + 3));
	ASSERT_EQ(0, ward_cgroup_make("pat-held", held, sizeof(held)));
	ASSERT_EQ(0, ward_cgroup_make("pat-live", live, sizeof(live)));
	ASSERT_EQ(0, ward_cgroup_enter(held));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_EQ(0, ward_cgroup_enter(home));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rmdir(held));

	ASSERT_EQ(0, load_patterns(patterns, 1));
	/* counted before the bindings file is read: a read reclaims */
	EXPECT_EQ(1U, status_count("\nbindings "));
	EXPECT_TRUE(has_binding(live, "d", "now"));
	ASSERT_EQ(0, rmdir(live));
	EXPECT_EQ(0U, status_count("\nbindings "));
	EXPECT_EQ(0, ward_load_policy(DOM("other", "none", "allow")));
	close(fd);
}

/*
 * Many containers come and go: no binding is left behind.  200 cycles take
 * about 10 s in the guest, and over 30 s (the harness's default limit) on
 * make check-debug's KASAN and lockdep kernel.
 */
TEST_F_TIMEOUT(arm, pattern_churn_leaves_nothing, 600)
{
	char cg[PATH_MAX];
	int i;

	ASSERT_EQ(0, load_patterns(patterns, 1));
	ASSERT_EQ(0U, status_count("\nbindings ")) {
		char buf[4096] = "";

		ward_read_file(WARD_BINDINGS, buf, sizeof(buf));
		TH_LOG("before: bindings: %s", buf);
	}
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, ward_cgroup_make("pat-churn", cg, sizeof(cg)));
		ASSERT_EQ(EACCES, ward_probe_in(cg, WARD_FORK_NEWNS, NULL,
						NULL, "mount:" MNT));
		ASSERT_EQ(0, rmdir(cg));
		ASSERT_EQ(0U, status_count("\nbindings ")) {
			char buf[4096] = "";

			ward_read_file(WARD_BINDINGS, buf, sizeof(buf));
			TH_LOG("cycle %d: bindings: %s", i, buf);
		}
	}
	/* armed tasks are forgotten once freed, an RCU grace period later */
	for (i = 0; i < 50 && status_count("\narmed "); i++)
		usleep(100000);
	EXPECT_EQ(0U, status_count("\narmed "));
}

/* Refuse a pattern the validator does not accept. */
TEST_F(arm, pattern_validation)
{
	static const char *const bad[] = {
		"wardtest/x", "/", "/a//b", "/a/./b", "/a/../b", "/a**/b",
		"/a/**b", "/a\n", "/a b", "/a#b",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(-EINVAL, load_patterns(&bad[i], 1)) {
			TH_LOG("pattern %u accepted", i);
		}
	EXPECT_EQ(0, load_patterns(patterns, 2));
}

static pid_t start_target(const char *cg)
{
	pid_t pid = ward_fork_in_cgroup(cg, 0);

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static int read_environ_fn(void *arg)
{
	return ward_probe_run("environ", arg);
}

/* Mapped at the same address in every process forked from the test. */
static char vm_buf[8] = "ward";

static int vm_read_fn(void *arg)
{
	pid_t pid = atoi(arg);
	char dst[8];
	struct iovec l = { dst, sizeof(dst) }, r = { vm_buf, sizeof(vm_buf) };

	if (process_vm_readv(pid, &l, 1, &r, 1, 0) < 0)
		return errno;
	return 0;
}

/*
 * Two bound cgroups of one domain are two containers: neither reads the
 * other's environment or memory; inside one container, read-mode access
 * stays allowed; the host still reads both.
 */
TEST_F(arm, containers_of_one_domain_isolated)
{
	char c2[PATH_MAX], pidstr[16];
	pid_t t;

	ASSERT_EQ(0, ward_load_policy(DOM("d", "domain", "allow")));
	ASSERT_EQ(0, ward_cgroup_make("c2", c2, sizeof(c2)));
	ASSERT_EQ(0, ward_bind_raw(self->c, "d"));
	ASSERT_EQ(0, ward_bind_raw(c2, "d"));
	t = start_target(c2);
	ASSERT_LT(0, t);
	snprintf(pidstr, sizeof(pidstr), "%d", t);

	EXPECT_EQ(EACCES, ward_in_cgroup(self->c, 0, read_environ_fn, pidstr));
	EXPECT_EQ(EPERM, ward_in_cgroup(self->c, 0, vm_read_fn, pidstr));
	/* positive controls: the same container, and the host */
	EXPECT_EQ(0, ward_in_cgroup(c2, 0, read_environ_fn, pidstr));
	EXPECT_EQ(0, ward_in_cgroup(c2, 0, vm_read_fn, pidstr));
	EXPECT_EQ(0, ward_in_cgroup(self->u, 0, read_environ_fn, pidstr));

	kill(t, SIGKILL);
	ward_wait(t);
}

static int nslink_fn(void *arg)
{
	return ward_probe_run("nslink", arg);
}

/*
 * "ptrace-from-host deny" refuses the host every access to the domain's
 * tasks but one: opening their namespace links, which is how a runtime
 * enters a container (runc exec, nsenter).
 */
TEST_F(arm, host_enters_namespaces_with_ptrace_from_host_deny)
{
	char pidstr[16], link[64], buf[64];
	pid_t t;

	ASSERT_EQ(0, ward_load_policy(DOM("d", "none", "deny")));
	ASSERT_EQ(0, ward_bind_raw(self->c, "d"));
	t = start_target(self->c);
	ASSERT_LT(0, t);
	snprintf(pidstr, sizeof(pidstr), "%d", t);

	EXPECT_EQ(0, ward_in_cgroup(self->u, 0, nslink_fn, pidstr));
	snprintf(link, sizeof(link), "/proc/%d/ns/mnt", t);
	EXPECT_LT(0, readlink(link, buf, sizeof(buf)));
	EXPECT_EQ(EACCES, ward_in_cgroup(self->u, 0, read_environ_fn, pidstr));
	/* positive control: with "allow", the host reads the environment */
	ASSERT_EQ(0, ward_load_policy(DOM("d", "none", "allow")));
	EXPECT_EQ(0, ward_in_cgroup(self->u, 0, read_environ_fn, pidstr));

	kill(t, SIGKILL);
	ward_wait(t);
}

static int move_to_fn(void *arg)
{
	return -ward_cgroup_enter(arg);
}

/*
 * A domain task moves tasks only within its own container: not into
 * another container of the same domain.
 */
TEST_F(arm, cgroup_move_stays_in_container)
{
	char c2[PATH_MAX], sub[PATH_MAX];

	ASSERT_EQ(0, ward_load_policy(policy_d));
	ASSERT_EQ(0, ward_cgroup_make("c2", c2, sizeof(c2)));
	ASSERT_EQ(0, ward_cgroup_make("c/sub", sub, sizeof(sub)));
	ASSERT_EQ(0, ward_bind_raw(self->c, "d"));
	ASSERT_EQ(0, ward_bind_raw(c2, "d"));
	EXPECT_EQ(EACCES, ward_in_cgroup(self->c, 0, move_to_fn, c2));
	EXPECT_EQ(0, ward_in_cgroup(self->c, 0, move_to_fn, sub));
}

TEST_HARNESS_MAIN
