// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - real container runtimes (issue 8; R-DOM, R-MNT, R-PTR,
 * R-SEC)
 *
 * Debian 12's runc 1.1.5, crun 1.8.1 and containerd 1.6.20 (ctr, the runc
 * v2 shim) start containers from a read-only busybox image under
 * docker-default.ward (enforce), with the domains and patterns of
 * runtime.h.  Every container gets CAP_SYS_ADMIN and no seccomp profile
 * of its own, so its mount succeeds (errno 0) unless Ward refuses it
 * (EACCES); every denial below has that positive control.
 *
 * The entrypoint ward-rt-first (rt/first.c) has no C library: its first
 * system call is mount(2), and it exits with the errno.  A binding that
 * took effect later than the container's first instruction lets it
 * through; one that took effect before the container's exec breaks the
 * runtime's own setup (runc's mount of /, /proc, ...), and the container
 * never starts.
 *
 * Counts come from the guest's kernel command line (tools/vm/init):
 *   WARD_RT_N      starts per route of the first-syscall tests (default 10;
 *                  `make check-runtimes`: 100)
 *   WARD_RT_CHURN  start/delete cycles of the churn test (default 20;
 *                  `make check-runtimes`: 200)
 */
#define _GNU_SOURCE
#include <time.h>
#include <kselftest_harness.h>

#include "runtime.h"

#define RT_TIMEOUT	3600	/* the per-binary limit of run-tests rules */

static const char first_args[] = "\"/bin/ward-rt-first\"";

/* Run the entrypoint once; -1000 - errno if the bundle failed. */
static int first_run(const char *runtime, const char *id, const char *cg,
		     const char *domain, bool hook, char *out, size_t len)
{
	struct rt_spec s = {
		.args = first_args, .cgroup = cg, .domain = domain,
		.hook = hook,
	};

	return rt_run(runtime, id, &s, out, len);
}

/*
 * Start the entrypoint @n times through @runtime, each in a new cgroup
 * RT_CG_REL/@prefix-I; count the starts whose mount was refused with
 * @want (exit status and output).  The first other result is logged.
 */
static int first_loop(struct __test_metadata *_metadata, const char *runtime,
		      const char *prefix, const char *domain, bool hook,
		      int want, int n)
{
	char out[RT_OUT], id[64], cg[96], line[64];
	int i, ok = 0, logged = 0;

	snprintf(line, sizeof(line), "ward-rt-first: mount tmpfs /tmp: errno %d",
		 want);
	for (i = 0; i < n; i++) {
		int rc;

		snprintf(id, sizeof(id), "%s-%d", prefix, i);
		snprintf(cg, sizeof(cg), RT_CG_REL "/%s", id);
		rc = first_run(runtime, id, cg, domain, hook, out, sizeof(out));
		if (rc == want && strstr(out, line)) {
			ok++;
		} else if (!logged++) {
			TH_LOG("%s run %s: exit status %d, want %d; output:\n%s",
			       runtime, id, rc, want, out);
		}
	}
	return ok;
}

FIXTURE(rt) {
	int unused;
};

FIXTURE_SETUP(rt)
{
	ASSERT_EQ(0, ward_ensure_loaded());
	rt_cleanup();
	ward_reset();
	ASSERT_EQ(0, ward_mkdir_p(RT_BUNDLES));
	self->unused = 0;
}

FIXTURE_TEARDOWN(rt)
{
	rt_cleanup();
	ward_reset();
}

/* The tests that run with both runc and crun. */
FIXTURE(rtv) {
	int unused;
};

FIXTURE_VARIANT(rtv) {
	const char *runtime;
	const char *name;
};

FIXTURE_VARIANT_ADD(rtv, runc) {
	.runtime = RT_RUNC,
	.name = "runc",
};

FIXTURE_VARIANT_ADD(rtv, crun) {
	.runtime = RT_CRUN,
	.name = "crun",
};

FIXTURE_SETUP(rtv)
{
	ASSERT_EQ(0, ward_ensure_loaded());
	rt_cleanup();
	ward_reset();
	ASSERT_EQ(0, ward_mkdir_p(RT_BUNDLES));
	self->unused = 0;
}

FIXTURE_TEARDOWN(rtv)
{
	rt_cleanup();
	ward_reset();
}

/*
 * create, start, exec, kill and delete, with Ward loaded and the
 * container bound by a pattern: the binding appears at create (armed at
 * exec, with the cgroup's path), the runtime's exec'd process is
 * confined, and the binding goes with the cgroup.  Control: the same
 * container in an unbound cgroup, where the exec'd mount succeeds.
 */
static void lifecycle(struct __test_metadata *_metadata, const char *rt,
		      const char *id, bool bound)
{
	struct rt_spec s = {
		.args = "\"/bin/ward-rt-tool\", \"hold\"",
	};
	char dir[PATH_MAX], cg[128], cgpath[PATH_MAX], out[RT_OUT];
	char st[32], line[256], want[192];
	int i;

	snprintf(cg, sizeof(cg), RT_CG_REL "/%s", id);
	snprintf(cgpath, sizeof(cgpath), WARD_CGROUP_ROOT "%s", cg);
	s.cgroup = cg;
	rt_bundle_dir(id, dir, sizeof(dir));
	ASSERT_EQ(0, rt_bundle(dir, &s));

	ASSERT_EQ(0, rt_sh(out, sizeof(out), "%s create --bundle %s %s >%s.log 2>&1",
			   rt, dir, id, dir)) TH_LOG("%s create: %s", rt, out);
	rt_status(rt, id, st, sizeof(st));
	ASSERT_STREQ("created", st);
	ASSERT_EQ(bound, rt_binding_line(cg, line, sizeof(line)) == 1);
	if (bound) {
		snprintf(want, sizeof(want), " docker-default exec %s", cg);
		ASSERT_NE(NULL, strstr(line, want)) TH_LOG("binding: %s", line);
	}

	ASSERT_EQ(0, rt_sh(out, sizeof(out), "%s start %s", rt, id))
		TH_LOG("%s start: %s", rt, out);
	rt_status(rt, id, st, sizeof(st));
	ASSERT_STREQ("running", st);

	ASSERT_EQ(0, rt_sh(out, sizeof(out), "%s exec %s /bin/true", rt, id))
		TH_LOG("%s exec true: %s", rt, out);
	ASSERT_EQ(bound ? EACCES : 0,
		  rt_sh(out, sizeof(out), "%s exec %s /bin/ward-rt-tool mount",
			rt, id)) TH_LOG("%s exec mount: %s", rt, out);

	ASSERT_EQ(0, rt_sh(out, sizeof(out), "%s kill %s KILL", rt, id))
		TH_LOG("%s kill: %s", rt, out);
	for (i = 0; i < 250; i++) {
		rt_status(rt, id, st, sizeof(st));
		if (!strcmp(st, "stopped"))
			break;
		usleep(20000);
	}
	ASSERT_STREQ("stopped", st);
	ASSERT_EQ(0, rt_sh(out, sizeof(out), "%s delete %s", rt, id))
		TH_LOG("%s delete: %s", rt, out);
	ASSERT_NE(0, rt_sh(out, sizeof(out), "%s state %s", rt, id));
	ASSERT_EQ(-1, access(cgpath, F_OK));
	ASSERT_EQ(0, rt_binding_line(cg, line, sizeof(line)));
}

TEST_F_TIMEOUT(rtv, lifecycle, RT_TIMEOUT)
{
	char id[64];

	ASSERT_EQ(0, rt_load_policy(NULL));
	snprintf(id, sizeof(id), "free-life-%s", variant->name);
	lifecycle(_metadata, variant->runtime, id, false);
	ASSERT_EQ(0, rt_load_policy(RT_PATTERNS));
	snprintf(id, sizeof(id), "pat-life-%s", variant->name);
	lifecycle(_metadata, variant->runtime, id, true);
	ASSERT_EQ(0, rt_bindings_count());
}

/*
 * First system call, pattern route: `bind /ward-rt/pat-* docker-default`
 * binds the cgroup the runtime creates; the entrypoint's first call, a
 * mount, is refused with EACCES in N of N starts, and reported.
 */
TEST_F_TIMEOUT(rtv, first_syscall_pattern, RT_TIMEOUT)
{
	int n = rt_env_int("WARD_RT_N", 10);
	char out[RT_OUT], prefix[64];
	struct timespec t0, t1;

	/* control: no binding */
	ASSERT_EQ(0, rt_load_policy(NULL));
	ASSERT_EQ(0, first_run(variant->runtime, "pat-control",
			       RT_CG_REL "/pat-control", NULL, false, out,
			       sizeof(out))) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "mount tmpfs /tmp: errno 0"));
	/* control: a cgroup no pattern matches */
	ASSERT_EQ(0, rt_load_policy(RT_PATTERNS));
	ASSERT_EQ(0, first_run(variant->runtime, "free-first",
			       RT_CG_REL "/free-first", NULL, false, out,
			       sizeof(out))) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "mount tmpfs /tmp: errno 0"));

	snprintf(prefix, sizeof(prefix), "pat-first-%s", variant->name);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(n, first_loop(_metadata, variant->runtime, prefix, NULL,
				false, EACCES, n));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%s: %d of %d starts refused, %.2f s per start", variant->name,
	       n, n, ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) / n);
	ASSERT_TRUE(ward_events_has("op=mount domain=docker-default mode=enforce verdict=deny errno=%d",
				    EACCES));
	ASSERT_EQ(0, rt_bindings_count());
}

/*
 * First system call, hook route: config.json's createRuntime hook runs
 * `wardctl oci-hook`, which binds the container's cgroup to the domain of
 * its org.ward.domain annotation, armed at exec.  N of N refused.  A hook
 * without a domain fails closed: the container does not start.
 */
TEST_F_TIMEOUT(rtv, first_syscall_hook, RT_TIMEOUT)
{
	int n = rt_env_int("WARD_RT_N", 10);
	char out[RT_OUT], prefix[64];
	int rc;

	ASSERT_EQ(0, rt_load_policy(NULL));
	/* control: no hook */
	ASSERT_EQ(0, first_run(variant->runtime, "free-hook",
			       RT_CG_REL "/free-hook", "docker-default", false,
			       out, sizeof(out))) TH_LOG("%s", out);
	/* fail closed: the hook finds no domain; the program never runs */
	rc = first_run(variant->runtime, "nodomain-hook",
		       RT_CG_REL "/nodomain-hook", NULL, true, out, sizeof(out));
	ASSERT_NE(0, rc);
	ASSERT_EQ(NULL, strstr(out, "ward-rt-first:")) TH_LOG("%s", out);
	/* a domain the policy does not have: the same */
	rc = first_run(variant->runtime, "nosuch-hook",
		       RT_CG_REL "/nosuch-hook", "no-such-domain", true, out,
		       sizeof(out));
	ASSERT_NE(0, rc);
	ASSERT_EQ(NULL, strstr(out, "ward-rt-first:")) TH_LOG("%s", out);

	snprintf(prefix, sizeof(prefix), "hook-first-%s", variant->name);
	ASSERT_EQ(n, first_loop(_metadata, variant->runtime, prefix,
				"docker-default", true, EACCES, n));
	ASSERT_EQ(0, rt_bindings_count());
}

/*
 * ward-runc runs runc unless oci.conf says "runtime PATH": for crun,
 * point $WARD_OCI_CONF at a file that says so.  0 or -errno.
 */
static int wrapper_setup(const char *runtime)
{
	static const char conf[] = RT_BUNDLES "/oci-crun.conf";
	int r;

	if (strcmp(runtime, RT_CRUN)) {
		unsetenv("WARD_OCI_CONF");
		return 0;
	}
	static const char text[] = "runtime " RT_CRUN "\n";
	int fd;

	r = ward_mkdir_p(RT_BUNDLES);
	if (r)
		return r;
	fd = open(conf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, sizeof(text) - 1) != sizeof(text) - 1)
		r = -EIO;
	close(fd);
	if (!r && setenv("WARD_OCI_CONF", conf, 1))
		r = -errno;
	return r;
}

/*
 * First system call, wrapper route: `ward-runc run` adds the hook (and
 * the domain's seccomp profile) to config.json and runs runc or crun.
 * With rt-plain (no seccomp) Ward refuses the mount (EACCES), N of N;
 * with docker-default the profile refuses it first (EPERM, its errno).
 */
TEST_F_TIMEOUT(rtv, first_syscall_wrapper, RT_TIMEOUT)
{
	int n = rt_env_int("WARD_RT_N", 10);
	char out[RT_OUT], prefix[64];

	ASSERT_EQ(0, rt_load_policy(NULL));
	/* control: the same bundle through the plain runtime, no binding */
	ASSERT_EQ(0, first_run(variant->runtime, "free-wrap",
			       RT_CG_REL "/free-wrap", "rt-plain", false, out,
			       sizeof(out))) TH_LOG("%s", out);

	ASSERT_EQ(0, access(RT_WRAPPER, X_OK)) TH_LOG("no %s in the guest", RT_WRAPPER);
	ASSERT_EQ(0, wrapper_setup(variant->runtime));
	snprintf(prefix, sizeof(prefix), "wrap-first-%s", variant->name);
	ASSERT_EQ(n, first_loop(_metadata, RT_WRAPPER, prefix, "rt-plain",
				false, EACCES, n));
	ASSERT_EQ(EPERM, first_run(RT_WRAPPER, "wrap-dd", RT_CG_REL "/wrap-dd",
				   "docker-default", false, out, sizeof(out)))
		TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "mount tmpfs /tmp: errno 1")) TH_LOG("%s", out);
	/* fail closed: no annotation and no default-domain in oci.conf */
	ASSERT_EQ(1, first_run(RT_WRAPPER, "wrap-none", RT_CG_REL "/wrap-none",
			       NULL, false, out, sizeof(out)));
	ASSERT_EQ(NULL, strstr(out, "ward-rt-first:")) TH_LOG("%s", out);
	ASSERT_EQ(0, rt_bindings_count());
}

/*
 * `runc exec` under ptrace-from-host deny: the host's runtime still
 * enters the container (it opens the /proc/PID/ns files), the exec'd process is
 * confined, and the host still cannot read the container's environment.
 * Control: the same under ptrace-from-host allow (docker-default).
 */
TEST_F_TIMEOUT(rt, exec_hostdeny, RT_TIMEOUT)
{
	struct rt_spec s = {
		.args = "\"/bin/ward-rt-tool\", \"hold\"",
		.env = "WARD_RT_SECRET=hostdeny",
	};
	static const char *const ids[] = { "pat-exec", "hdeny-exec" };
	char out[RT_OUT], path[64];
	int i;

	/* control: no binding, the exec'd mount succeeds */
	ASSERT_EQ(0, rt_load_policy(NULL));
	s.cgroup = RT_CG_REL "/hdeny-control";
	ASSERT_EQ(0, rt_run_detached(RT_RUNC, "hdeny-control", &s, out,
				     sizeof(out))) TH_LOG("%s", out);
	ASSERT_EQ(0, rt_sh(out, sizeof(out),
			   RT_RUNC " exec hdeny-control /bin/ward-rt-tool mount"))
		TH_LOG("%s", out);
	ASSERT_EQ(0, rt_sh(out, sizeof(out), RT_RUNC " delete -f hdeny-control"));

	ASSERT_EQ(0, rt_load_policy(RT_PATTERNS));
	for (i = 0; i < 2; i++) {
		char cg[64];
		pid_t pid;

		snprintf(cg, sizeof(cg), RT_CG_REL "/%s", ids[i]);
		s.cgroup = cg;
		ASSERT_EQ(0, rt_run_detached(RT_RUNC, ids[i], &s, out, sizeof(out)))
			TH_LOG("%s", out);
		pid = rt_pid(RT_RUNC, ids[i]);
		ASSERT_LT(0, pid);
		ASSERT_EQ(0, rt_sh(out, sizeof(out), RT_RUNC " exec %s /bin/true",
				   ids[i])) TH_LOG("runc exec %s: %s", ids[i], out);
		ASSERT_EQ(EACCES, rt_sh(out, sizeof(out),
					RT_RUNC " exec %s /bin/ward-rt-tool mount",
					ids[i])) TH_LOG("%s", out);
		snprintf(path, sizeof(path), "/proc/%d/environ", pid);
		ASSERT_EQ(i ? -EACCES : 0, ward_can_open(path, O_RDONLY));
		ASSERT_EQ(0, rt_sh(out, sizeof(out), RT_RUNC " delete -f %s", ids[i]))
			TH_LOG("%s", out);
	}
	ASSERT_EQ(0, rt_bindings_count());
}

/*
 * An enforcing default domain: an unbound container starts (the
 * runtime's mounts of /, /proc, /sys, the masks succeed), and its
 * entrypoint's mount is refused.  Controls: without the default line the
 * same container mounts; the host still mounts under the default.
 */
TEST_F_TIMEOUT(rtv, default_domain, RT_TIMEOUT)
{
	char out[RT_OUT];
	pid_t pid;

	ASSERT_EQ(0, rt_load_policy(NULL));
	ASSERT_EQ(0, first_run(variant->runtime, "nodef", RT_CG_REL "/nodef",
			       NULL, false, out, sizeof(out))) TH_LOG("%s", out);

	ASSERT_EQ(0, rt_load_policy("default docker-default\n"));
	ASSERT_EQ(EACCES, first_run(variant->runtime, "def", RT_CG_REL "/def",
				    NULL, false, out, sizeof(out)))
		TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "mount tmpfs /tmp: errno 13"));

	pid = ward_fork_in_cgroup(NULL, WARD_FORK_NEWNS);
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(ward_try_mount_tmpfs("/mnt"));
	ASSERT_EQ(0, ward_wait_exit(pid));
}

/*
 * Two containers of one domain (docker-default, ptrace none), both in the
 * host's PID namespace so that they see each other: B cannot read A's
 * environment (EACCES) or memory (EPERM), while B reads the environment
 * of its own sibling.  Control: the same two containers unbound read
 * each other.
 */
static void two_containers(struct __test_metadata *_metadata,
			   const char *pfx, const char *want)
{
	struct rt_spec a = {
		.args = "\"/bin/ward-rt-tool\", \"hold\"",
		.env = "WARD_RT_SECRET=container-a",
		.hostpid = true,
	};
	struct rt_spec b = { .hostpid = true };
	char out[RT_OUT], ida[64], idb[64], cga[96], cgb[96], args[512];
	pid_t pid;

	snprintf(ida, sizeof(ida), "%s-a", pfx);
	snprintf(idb, sizeof(idb), "%s-b", pfx);
	snprintf(cga, sizeof(cga), RT_CG_REL "/%s", ida);
	snprintf(cgb, sizeof(cgb), RT_CG_REL "/%s", idb);
	a.cgroup = cga;
	b.cgroup = cgb;
	ASSERT_EQ(0, rt_run_detached(RT_RUNC, ida, &a, out, sizeof(out)))
		TH_LOG("%s", out);
	pid = rt_pid(RT_RUNC, ida);
	ASSERT_LT(0, pid);
	snprintf(args, sizeof(args),
		 "\"/bin/sh\", \"-c\", \"ward-rt-tool environ %d; e1=$?; "
		 "ward-rt-tool vmread %d; e2=$?; ward-rt-tool hold & s=$!; "
		 "sleep 0.2; ward-rt-tool environ $s; e3=$?; kill $s; "
		 "echo result $e1 $e2 $e3\"", pid, pid);
	b.args = args;
	ASSERT_EQ(0, rt_run(RT_RUNC, idb, &b, out, sizeof(out)));
	ASSERT_NE(NULL, strstr(out, want)) TH_LOG("want '%s':\n%s", want, out);
	ASSERT_EQ(0, rt_sh(out, sizeof(out), RT_RUNC " delete -f %s", ida));
}

TEST_F_TIMEOUT(rt, two_containers_one_domain, RT_TIMEOUT)
{
	char want[64];

	ASSERT_EQ(0, rt_load_policy(NULL));
	two_containers(_metadata, "pat-two", "result 0 0 0");
	ASSERT_EQ(0, rt_load_policy(RT_PATTERNS));
	snprintf(want, sizeof(want), "result %d %d 0", EACCES, EPERM);
	two_containers(_metadata, "pat-two", want);
	ASSERT_EQ(0, rt_bindings_count());
}

/*
 * Churn: WARD_RT_CHURN start/delete cycles (crun, every fourth runc) of
 * pattern-bound containers, each confined; afterwards no binding is left
 * (bindings file and status), and a policy without the domain loads at
 * once (nothing stale to reclaim blocks it).
 */
TEST_F_TIMEOUT(rt, churn, RT_TIMEOUT)
{
	int n = rt_env_int("WARD_RT_CHURN", 20), i, ok = 0;
	char out[RT_OUT], id[64], cg[96];
	struct timespec t0, t1;

	ASSERT_EQ(0, rt_load_policy(RT_PATTERNS));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		const char *rt = i % 4 ? RT_CRUN : RT_RUNC;
		int rc;

		snprintf(id, sizeof(id), "pat-churn-%d", i);
		snprintf(cg, sizeof(cg), RT_CG_REL "/%s", id);
		rc = first_run(rt, id, cg, NULL, false, out, sizeof(out));
		if (rc == EACCES)
			ok++;
		else if (ok == i)
			TH_LOG("cycle %d (%s): exit status %d: %s", i, rt, rc, out);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("churn: %d cycles in %.1f s", n,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	ASSERT_EQ(n, ok);
	/*
	 * The status first: reading the bindings file reclaims the bindings
	 * of removed cgroups, and there must be none to reclaim.
	 */
	ASSERT_TRUE(rt_status_bindings(0));
	ASSERT_EQ(0, rt_bindings_count());
	ASSERT_EQ(0, ward_load_policy("domain other {\n\tmode enforce\n\tmount deny\n}\n"));
	ASSERT_TRUE(rt_status_bindings(0));
}

/*
 * Seccomp: the wrapper puts docker-default's profile into config.json;
 * inside the container /proc/self/status says "Seccomp: 2", and keyctl
 * (outside the profile) fails with its errno, EPERM.  Control: plain runc
 * with the same bundle: no filter, keyctl succeeds.
 */
TEST_F_TIMEOUT(rtv, seccomp_wrapper, RT_TIMEOUT)
{
	struct rt_spec s = {
		.args = "\"/bin/sh\", \"-c\", \"ward-rt-tool seccomp; ward-rt-tool keyctl\"",
		.domain = "docker-default",
	};
	char out[RT_OUT];

	ASSERT_EQ(0, rt_load_policy(NULL));
	s.cgroup = RT_CG_REL "/free-sc";
	ASSERT_EQ(0, rt_run(variant->runtime, "free-sc", &s, out, sizeof(out)));
	ASSERT_NE(NULL, strstr(out, "Seccomp:\t0")) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "keyctl: errno 0")) TH_LOG("%s", out);

	ASSERT_EQ(0, access(RT_WRAPPER, X_OK)) TH_LOG("no %s in the guest", RT_WRAPPER);
	ASSERT_EQ(0, wrapper_setup(variant->runtime));
	s.cgroup = RT_CG_REL "/wrap-sc";
	ASSERT_EQ(EPERM, rt_run(RT_WRAPPER, "wrap-sc", &s, out, sizeof(out)))
		TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "Seccomp:\t2")) TH_LOG("%s", out);
	ASSERT_NE(NULL, strstr(out, "keyctl: errno 1")) TH_LOG("%s", out);
}

/*
 * A full engine: containerd 1.6 + containerd-shim-runc-v2, driven by ctr.
 * ward-runc as the runtime binary (--runc-binary) binds by annotation; an
 * unmodified containerd with plain runc is caught by a pattern binding;
 * `ctr task exec` is confined.  Control: plain runc, unbound cgroup.
 */
TEST_F_TIMEOUT(rt, containerd, RT_TIMEOUT)
{
	char out[RT_OUT];
	pid_t ctrd;
	int rc;

	ASSERT_EQ(0, rt_load_policy(NULL));
	ctrd = rt_containerd_start();
	ASSERT_LT(0, ctrd) {
		rt_sh(out, sizeof(out), "tail -20 /tmp/containerd.log");
		TH_LOG("containerd did not start: %s", out);
	}

#define CTR_RUN RT_CTR " run --rm --privileged --rootfs "
	rc = rt_sh(out, sizeof(out), CTR_RUN "--runc-binary " RT_RUNC
		   " --cgroup " RT_CG_REL "/free-ctr " RT_ROOTFS
		   " free-ctr /bin/ward-rt-first");
	EXPECT_EQ(0, rc) TH_LOG("%s", out);

	EXPECT_EQ(0, rt_load_policy(RT_PATTERNS));
	rc = rt_sh(out, sizeof(out), CTR_RUN "--runc-binary " RT_RUNC
		   " --cgroup " RT_CG_REL "/pat-ctr " RT_ROOTFS
		   " pat-ctr /bin/ward-rt-first");
	EXPECT_EQ(EACCES, rc) TH_LOG("%s", out);

	rc = rt_sh(out, sizeof(out), CTR_RUN "--runc-binary " RT_WRAPPER
		   " --annotation " RT_ANNOTATION "=rt-plain"
		   " --cgroup " RT_CG_REL "/wrap-ctr " RT_ROOTFS
		   " wrap-ctr /bin/ward-rt-first");
	EXPECT_EQ(EACCES, rc) TH_LOG("%s", out);

	rc = rt_sh(out, sizeof(out), RT_CTR " run -d --null-io --privileged --rootfs "
		   "--runc-binary " RT_RUNC " --cgroup " RT_CG_REL "/pat-ctrx "
		   RT_ROOTFS " pat-ctrx /bin/ward-rt-tool hold");
	EXPECT_EQ(0, rc) TH_LOG("%s", out);
	if (!rc) {
		rc = rt_sh(out, sizeof(out), RT_CTR " task exec --exec-id x1 "
			   "pat-ctrx /bin/ward-rt-tool mount");
		EXPECT_EQ(EACCES, rc) TH_LOG("%s", out);
	}
	rt_containerd_stop(ctrd);
	EXPECT_EQ(0, rt_bindings_count());
}

TEST_HARNESS_MAIN
