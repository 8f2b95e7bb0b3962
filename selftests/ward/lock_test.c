// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - `wardctl lock` (R-CTL)
 *
 * Runs LAST in the guest: it locks Ward until reboot.  The tests run in
 * the order they are written, each one in its own process; the first one
 * makes the positive controls (everything the lock later refuses works
 * before it), the second one locks, the others check the lock:
 * - the policy cannot be replaced (wardctl load: exit 1, "locked",
 *   EPERM; a raw write: EPERM);
 * - no binding can be removed (EPERM), but new cgroups can still be bound
 *   to existing domains, since containers keep starting, and bindings of
 *   removed cgroups are still reclaimed;
 * - the module cannot be unloaded: Ward holds a reference on itself, and
 *   delete_module(2) on a module whose reference count is not zero fails
 *   with EWOULDBLOCK (== EAGAIN, 11) on 6.1 (kernel/module/main.c:
 *   try_stop_module(); O_NONBLOCK makes no difference since 5.x, and
 *   O_TRUNC "force" needs CONFIG_MODULE_FORCE_UNLOAD, which Debian lacks).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "fixture.h"
#include "kselftest_harness.h"

#define MNT_DIR "/tmp/ward-lock-mnt"

#define DOMAIN_TEXT(name, mount)				\
	"domain " name " {\n"					\
	"\tmode enforce\n"					\
	"\tmount " mount "\n"					\
	"\tptrace none\n"					\
	"\tptrace-from-host allow\n"				\
	"\tmemory wx-deny\n"					\
	"\tmodules deny\n"					\
	"\tkernel-state deny\n"				\
	"}\n"

static const char policy[] = DOMAIN_TEXT("dl", "deny") "\n"
			     DOMAIN_TEXT("dl2", "allow tmpfs");
static const char other_policy[] = DOMAIN_TEXT("dl", "deny");

static int mount_fn(void *arg)
{
	(void)arg;
	return ward_try_mount_tmpfs(MNT_DIR);
}

static int mount_in(const char *cg)
{
	return ward_in_cgroup(cg, WARD_FORK_NEWNS, mount_fn, NULL);
}

static bool status_has(const char *line)
{
	char st[WARD_STATUS_MAX];

	return ward_read_status(st, sizeof(st)) > 0 && ward_has_line(st, line);
}

/* Positive controls: all of it works before the lock. */
TEST(before_lock)
{
	char cg[PATH_MAX], blob[8192], show[8192];
	ssize_t len;

	ASSERT_EQ(0, ward_ensure_loaded());
	ward_reset();
	/* the module can be unloaded and loaded again */
	ASSERT_EQ(0, ward_unload());
	ASSERT_FALSE(ward_is_loaded());
	ASSERT_EQ(0, ward_load());
	ASSERT_TRUE(status_has("locked no"));
	/*
	 * No forced unload passes while Ward is loaded, whatever the name
	 * (a forced unload of Ward would run its exit with its files open,
	 * and the hook cannot always read the name): EPERM for Ward and for
	 * a missing module alike; unforced, the missing module is ENOENT.
	 */
	ASSERT_EQ(-1, syscall(SYS_delete_module, "ward", O_NONBLOCK | O_TRUNC));
	ASSERT_EQ(EPERM, errno);
	ASSERT_TRUE(ward_is_loaded());
	ASSERT_EQ(-1, syscall(SYS_delete_module, "ward_no_such_module",
			      O_NONBLOCK | O_TRUNC));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, syscall(SYS_delete_module, "ward_no_such_module",
			      O_NONBLOCK));
	ASSERT_EQ(ENOENT, errno);

	/* lock accepts "1" only */
	ASSERT_EQ(-EINVAL, ward_write_file(WARD_LOCK, "0"));
	ASSERT_EQ(-EINVAL, ward_write_file(WARD_LOCK, "yes"));
	ASSERT_EQ(-EINVAL, ward_write_file(WARD_LOCK, "2"));
	ASSERT_TRUE(status_has("locked no"));

	/* policy loads, by wardctl and by a raw write of the same blob */
	ASSERT_EQ(0, ward_load_policy(other_policy));
	ASSERT_EQ(0, ward_load_policy(policy));
	len = ward_read_file(WARD_POLICY, blob, sizeof(blob));
	ASSERT_LT(0, len);
	ASSERT_EQ(0, ward_write_buf(WARD_POLICY, blob, len));
	ASSERT_EQ(0, ward_show(show, sizeof(show)));
	ASSERT_STREQ(policy, show);

	/* bind, unbind, bind again */
	ASSERT_EQ(0, ward_cgroup_make("keep", cg, sizeof(cg)));
	ASSERT_EQ(0, ward_bind(cg, "dl"));
	ASSERT_EQ(0, ward_unbind(cg));
	ASSERT_EQ(0, ward_bind_raw(cg, "dl"));
	ASSERT_EQ(-EEXIST, ward_bind_raw(cg, "dl"));
	ASSERT_EQ(0, ward_unbind_raw(cg));
	ASSERT_EQ(0, ward_bind(cg, "dl"));
	ASSERT_EQ(EACCES, mount_in(cg));
	ASSERT_EQ(0, mount_in(NULL));
}

TEST(lock)
{
	char err[1024];

	ASSERT_TRUE(status_has("locked no"));
	ASSERT_EQ(0, ward_wardctl(NULL, 0, err, sizeof(err), "lock", NULL)) {
		TH_LOG("wardctl lock: %s", err);
	}
	ASSERT_TRUE(status_has("locked yes"));
}

TEST(load_refused)
{
	char err[1024], show[8192];

	ASSERT_TRUE(status_has("locked yes"));
	ASSERT_EQ(1, ward_load_policy_err(other_policy, err, sizeof(err)));
	EXPECT_TRUE(ward_one_line(err)) {
		TH_LOG("stderr: '%s'", err);
	}
	EXPECT_NE(NULL, strstr(err, "locked")) {
		TH_LOG("stderr: '%s'", err);
	}
	EXPECT_NE(NULL, strstr(err, "EPERM")) {
		TH_LOG("stderr: '%s'", err);
	}
	ASSERT_EQ(0, ward_show(show, sizeof(show)));
	ASSERT_STREQ(policy, show);
}

TEST(raw_policy_write_refused)
{
	char blob[8192], after[8192];
	ssize_t len;

	len = ward_read_file(WARD_POLICY, blob, sizeof(blob));
	ASSERT_LT(0, len);
	/* the very blob in force, that loaded before the lock */
	ASSERT_EQ(-EPERM, ward_write_buf(WARD_POLICY, blob, len));
	/* the empty policy too */
	ASSERT_EQ(-EPERM, ward_load_empty_raw());
	ASSERT_EQ(len, ward_read_file(WARD_POLICY, after, sizeof(after)));
	ASSERT_EQ(0, memcmp(blob, after, len));
}

TEST(unbind_refused)
{
	char cg[PATH_MAX], err[1024], dom[64];

	ward_domain_cgroup("keep", cg, sizeof(cg));
	ASSERT_EQ(1, ward_binding_of(cg, dom, sizeof(dom)));
	ASSERT_STREQ("dl", dom);
	ASSERT_EQ(-EPERM, ward_unbind_raw(cg));
	ASSERT_EQ(1, ward_wardctl(NULL, 0, err, sizeof(err), "unbind", cg,
				  NULL));
	EXPECT_TRUE(ward_one_line(err)) {
		TH_LOG("stderr: '%s'", err);
	}
	EXPECT_NE(NULL, strstr(err, "EPERM")) {
		TH_LOG("stderr: '%s'", err);
	}
	ASSERT_EQ(1, ward_binding_of(cg, dom, sizeof(dom)));
	ASSERT_STREQ("dl", dom);
	ASSERT_EQ(EACCES, mount_in(cg));
}

/* Containers keep starting: new bindings to existing domains work. */
TEST(new_bind_allowed)
{
	char cg1[PATH_MAX], cg2[PATH_MAX], dom[64];

	ASSERT_EQ(0, ward_cgroup_make("new1", cg1, sizeof(cg1)));
	ASSERT_EQ(0, ward_cgroup_make("new2", cg2, sizeof(cg2)));
	ASSERT_EQ(0, mount_in(cg1));
	ASSERT_EQ(0, ward_bind(cg1, "dl"));
	ASSERT_EQ(1, ward_binding_of(cg1, dom, sizeof(dom)));
	ASSERT_STREQ("dl", dom);
	ASSERT_EQ(EACCES, mount_in(cg1));
	ASSERT_EQ(0, ward_bind_raw(cg2, "dl2"));
	ASSERT_EQ(0, mount_in(cg2));
	/* the usual errors still apply */
	ASSERT_EQ(-EEXIST, ward_bind_raw(cg1, "dl2"));
	ASSERT_EQ(-ENOENT, ward_bind_raw(cg1, "nosuchdomain"));
	/* and the new ones cannot be removed either */
	ASSERT_EQ(-EPERM, ward_unbind_raw(cg1));
}

/* A removed cgroup unconfines nobody: its binding is still reclaimed. */
TEST(reclaim_after_lock)
{
	char cg[PATH_MAX];
	unsigned long long id;

	ASSERT_EQ(0, ward_cgroup_make("gone", cg, sizeof(cg)));
	id = ward_cgroup_id(cg);
	ASSERT_EQ(0, ward_bind_raw(cg, "dl"));
	ASSERT_EQ(1, ward_binding_of_id(id, NULL, 0));
	ASSERT_EQ(0, rmdir(cg));
	ASSERT_EQ(0, ward_binding_of_id(id, NULL, 0));
}

TEST(unload_refused)
{
	char *rmmod[] = { "rmmod", "ward", NULL };

	ASSERT_TRUE(ward_is_loaded());
	/* refcount held by Ward itself: EWOULDBLOCK, see the top comment */
	ASSERT_EQ(-EWOULDBLOCK, ward_unload());
	ASSERT_TRUE(ward_is_loaded());
	ASSERT_NE(0, ward_run(rmmod, NULL, 0));
	ASSERT_TRUE(ward_is_loaded());
	/*
	 * A forced unload (O_TRUNC, CONFIG_MODULE_FORCE_UNLOAD) ignores the
	 * reference: Ward refuses every forced unload, locked or not,
	 * through either system call entry.
	 */
	ASSERT_EQ(-1, syscall(SYS_delete_module, "ward", O_NONBLOCK | O_TRUNC));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, syscall(SYS_delete_module, "ward_no_such_module",
			      O_NONBLOCK | O_TRUNC));
	ASSERT_EQ(EPERM, errno);
	if (ward_have_syscall32()) {
		ASSERT_EQ(-1, ward_syscall32(WARD_NR32_DELETE_MODULE,
					     (long)"ward",
					     O_NONBLOCK | O_TRUNC, 0, 0, 0));
		ASSERT_EQ(EPERM, errno);
	}
	ASSERT_TRUE(ward_is_loaded());
	/* and Ward still works */
	ASSERT_TRUE(status_has("locked yes"));
	ASSERT_EQ(EACCES, mount_in(WARD_TEST_CGROUP "/keep"));
}

TEST_HARNESS_MAIN
