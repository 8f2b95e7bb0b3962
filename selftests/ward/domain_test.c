// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - domains and policy loading (R-DOM, R-PRO)
 *
 * Load, replace, failed loads that keep the old policy, bindings and their
 * errors, subtree inheritance, nearest bound ancestor, the default domain,
 * reclaim of removed cgroups, escape by cgroup move, events and complain
 * mode, and reloads while domain tasks hammer the hooked paths.
 *
 * Domain membership is proven by behaviour: a tmpfs mount, which a
 * `mount deny` domain refuses (EACCES) and a host task or a `mount allow
 * tmpfs` domain may do (0), each child in a private mount namespace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "fixture.h"
#include "probe.h"
#include "kselftest_harness.h"

#define MNT_DIR "/tmp/ward-domain-mnt"

/* Canonical policy texts: `wardctl show` prints them back unchanged. */
#define DOM_DENY(name)					\
	"domain " name " {\n"				\
	"\tmode enforce\n"				\
	"\tmount deny\n"				\
	"\tptrace none\n"				\
	"\tptrace-from-host allow\n"			\
	"\tmemory wx-deny\n"				\
	"\tmodules deny\n"				\
	"\tkernel-state deny\n"				\
	"}\n"
#define DOM_TMPFS(name)					\
	"domain " name " {\n"				\
	"\tmode enforce\n"				\
	"\tmount allow tmpfs\n"				\
	"\tptrace none\n"				\
	"\tptrace-from-host allow\n"			\
	"\tmemory wx-deny\n"				\
	"\tmodules deny\n"				\
	"\tkernel-state deny\n"				\
	"}\n"
#define DOM_COMPLAIN(name)				\
	"domain " name " {\n"				\
	"\tmode complain\n"				\
	"\tmount deny\n"				\
	"\tptrace none\n"				\
	"\tptrace-from-host allow\n"			\
	"\tmemory wx-deny\n"				\
	"\tmodules deny\n"				\
	"\tkernel-state deny\n"				\
	"}\n"

#define DOM_ALLOWWX(name)				\
	"domain " name " {\n"				\
	"\tmode enforce\n"				\
	"\tmount deny\n"				\
	"\tptrace none\n"				\
	"\tptrace-from-host allow\n"			\
	"\tmemory wx-allow\n"				\
	"\tmodules deny\n"				\
	"\tkernel-state deny\n"				\
	"}\n"

static const char policy_a[] = DOM_DENY("da");

/* A writable and executable anonymous mapping: 0 or the errno. */
static int wx_map_fn(void *arg)
{
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	return m == MAP_FAILED ? errno : 0;
}
static const char policy_b[] = DOM_TMPFS("db") "\n" DOM_DENY("dc");

static int mount_fn(void *arg)
{
	(void)arg;
	return ward_try_mount_tmpfs(MNT_DIR);
}

/* tmpfs mount in a child of @cg (NULL: the caller's cgroup); the errno. */
static int mount_in(const char *cg)
{
	return ward_in_cgroup(cg, WARD_FORK_NEWNS, mount_fn, NULL);
}

/* Build a valid one-domain blob (mount deny, no names) in @buf. */
static size_t build_blob(void *buf, const char *name)
{
	struct ward_policy_header *h = buf;
	struct ward_domain_rec *d = (void *)(h + 1);

	memset(buf, 0, sizeof(*h) + sizeof(*d));
	h->magic = WARD_POLICY_MAGIC;
	h->abi_version = WARD_ABI_VERSION;
	h->header_size = sizeof(*h);
	h->total_size = sizeof(*h) + sizeof(*d);
	h->domain_count = 1;
	h->domain_size = sizeof(*d);
	h->default_domain = WARD_NO_DOMAIN;
	h->bind_size = sizeof(struct ward_bind_rec);
	h->sc_rule_size = sizeof(struct ward_sc_rule);
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->mode = WARD_MODE_ENFORCE;
	d->ptrace = WARD_PTRACE_NONE;
	d->flags = WARD_DOM_WX_DENY;
	d->sc_action = WARD_SECCOMP_NONE;
	return h->total_size;
}

FIXTURE(domain) {
	char show[8192];
};

FIXTURE_SETUP(domain)
{
	ward_reset();
	ASSERT_EQ(0, ward_ensure_loaded());
	ASSERT_EQ(0, access(WARD_POLICY, F_OK));
}

FIXTURE_TEARDOWN(domain)
{
	ward_reset();
	/* the cgroups `wardctl exec` made */
	ward_cgroup_remove(WARD_CGROUP_ROOT "/ward/dx");
	ward_cgroup_remove(WARD_CGROUP_ROOT "/ward/dy");
}

/* R-PRO: load, and `wardctl show` prints exactly what was loaded. */
TEST_F(domain, load_show)
{
	struct ward_policy_header *h;
	struct ward_domain_rec *d;
	char blob[4096], status[4096];
	ssize_t n;

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ(policy_a, self->show);

	/* the policy file gives the blob back */
	n = ward_read_file(WARD_POLICY, blob, sizeof(blob));
	ASSERT_EQ((ssize_t)(sizeof(*h) + sizeof(*d)), n);
	h = (void *)blob;
	d = (void *)(h + 1);
	EXPECT_EQ(WARD_POLICY_MAGIC, h->magic);
	EXPECT_EQ(1U, h->domain_count);
	EXPECT_EQ(WARD_NO_DOMAIN, h->default_domain);
	EXPECT_STREQ("da", d->name);
	EXPECT_EQ(0U, d->mount);

	ASSERT_LT(0, ward_read_file(WARD_STATUS, status, sizeof(status)));
	EXPECT_NE(NULL, strstr(status, "\npolicy loaded domains=1\n"));
	EXPECT_NE(NULL, strstr(status, "\ndomain da enforce bindings=0\n"));
}

/* R-PRO: a second load replaces the first one entirely. */
TEST_F(domain, replace)
{
	char status[4096];

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_load_policy(policy_b));
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ(policy_b, self->show);
	ASSERT_LT(0, ward_read_file(WARD_STATUS, status, sizeof(status)));
	EXPECT_NE(NULL, strstr(status, "\npolicy loaded domains=2\n"));
	EXPECT_EQ(NULL, strstr(status, "domain da "));

	/* the old domain is gone: binding to it fails */
	char cg[PATH_MAX];

	ASSERT_EQ(0, ward_cgroup_make("r", cg, sizeof(cg)));
	ASSERT_EQ(-ENOENT, ward_bind_raw(cg, "da"));
	ASSERT_EQ(0, ward_bind_raw(cg, "dc"));
}

/*
 * R-PRO: every malformed blob is refused with the documented errno and the
 * old policy stays (show and the raw blob unchanged).  The hand-built blob
 * is valid before it is broken: that is the positive control.
 */
TEST_F(domain, failed_load_keeps_old_policy)
{
	char blob[1024], good[1024], before[4096], after[4096];
	struct ward_policy_header *h = (void *)blob;
	struct ward_domain_rec *d = (void *)(h + 1);
	size_t len;
	ssize_t nb, na;
	char *big;
	int ret;

	/* positive control: the hand-built blob loads */
	len = build_blob(good, "raw");
	ASSERT_EQ(0, ward_write_buf(WARD_POLICY, good, len));
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ(DOM_DENY("raw"), self->show);

	ASSERT_EQ(0, ward_load_policy(policy_b));
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ(policy_b, self->show);
	nb = ward_read_file(WARD_POLICY, before, sizeof(before));
	ASSERT_LT(0, nb);

#define REFUSED(err, what) do {						\
		ret = ward_write_buf(WARD_POLICY, blob, len);		\
		ASSERT_EQ(-err, ret) {					\
			TH_LOG("%s: %s", what, strerror(-ret));		\
		}							\
		na = ward_read_file(WARD_POLICY, after, sizeof(after)); \
		ASSERT_EQ(nb, na);					\
		ASSERT_EQ(0, memcmp(before, after, nb));		\
		memcpy(blob, good, sizeof(blob));			\
	} while (0)

	memcpy(blob, good, sizeof(blob));
	strcpy(blob, "this is not a policy");
	len = strlen(blob);
	REFUSED(EINVAL, "text");

	len = sizeof(good);
	h->magic = 0x12345678;
	REFUSED(EINVAL, "bad magic");

	h->abi_version = WARD_ABI_VERSION + 1;
	REFUSED(EINVAL, "abi_version + 1");

	h->abi_version = 0;
	REFUSED(EINVAL, "abi_version 0");

	h->flags = 1;
	REFUSED(EINVAL, "header flag bit 0");

	h->flags = 1U << 31;
	REFUSED(EINVAL, "header flag bit 31");

	d->flags = WARD_DOM_ALL + 1;
	REFUSED(EINVAL, "unknown domain flag");

	d->mount = WARD_MOUNT_ALL + 1;
	REFUSED(EINVAL, "unknown mount flag");

	d->mount = WARD_MOUNT_ALLOW;
	REFUSED(EINVAL, "mount allow without a filesystem type");

	d->mode = 2;
	REFUSED(EINVAL, "unknown mode");

	d->reserved[0] = 1;
	REFUSED(EINVAL, "reserved field");

	h->total_size += 1;
	REFUSED(EINVAL, "total_size != length");

	len = sizeof(*h);
	REFUSED(EINVAL, "truncated");

	h->default_domain = 1;
	REFUSED(EINVAL, "default_domain out of range");

	d->name[0] = 'A';
	REFUSED(EINVAL, "upper case name");

	/* oversize: E2BIG whatever the content */
	big = calloc(1, WARD_POLICY_MAX_SIZE + 1);
	ASSERT_NE(NULL, big);
	memcpy(big, good, sizeof(good));
	ASSERT_EQ(-E2BIG, ward_write_buf(WARD_POLICY, big,
					 WARD_POLICY_MAX_SIZE + 1));
	free(big);

	/* and wardctl still shows the old policy */
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ(policy_b, self->show);
#undef REFUSED
}

/*
 * R-DOM: a load whose policy lacks a bound domain would unconfine its
 * containers: EBUSY, old policy kept.  After unbinding, it loads.
 */
TEST_F(domain, load_orphaning_binding_is_busy)
{
	char cg[PATH_MAX], blob[1024], err[512], dom[64];
	size_t len;

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_cgroup_make("orphan", cg, sizeof(cg)));
	ASSERT_EQ(0, ward_bind(cg, "da"));

	len = build_blob(blob, "other");
	ASSERT_EQ(-EBUSY, ward_write_buf(WARD_POLICY, blob, len));
	ASSERT_EQ(1, ward_load_policy_err(policy_b, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "EBUSY")) {
		TH_LOG("wardctl said: %s", err);
	}
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ(policy_a, self->show);
	ASSERT_EQ(1, ward_binding_of(cg, dom, sizeof(dom)));
	ASSERT_STREQ("da", dom);
	ASSERT_EQ(EACCES, mount_in(cg));

	/* a policy that keeps da loads, and the binding survives it */
	ASSERT_EQ(0, ward_load_policy(DOM_DENY("da") "\n" DOM_TMPFS("dx")));
	ASSERT_EQ(1, ward_binding_of(cg, dom, sizeof(dom)));
	ASSERT_STREQ("da", dom);
	ASSERT_EQ(EACCES, mount_in(cg));

	/* positive control: once unbound, the orphaning policy loads */
	ASSERT_EQ(0, ward_unbind(cg));
	ASSERT_EQ(0, ward_write_buf(WARD_POLICY, blob, len));
	ASSERT_EQ(0, ward_load_policy(policy_b));
}

/* R-DOM: bind puts a cgroup in a domain, unbind takes it out. */
TEST_F(domain, bind_unbind)
{
	char cg[PATH_MAX], buf[4096], line[256];
	unsigned long long id;

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_cgroup_make("b1", cg, sizeof(cg)));
	id = ward_cgroup_id(cg);
	ASSERT_NE(0ULL, id);

	ASSERT_EQ(0, mount_in(cg));
	ASSERT_EQ(0, ward_bind(cg, "da"));
	ASSERT_LT(0, ward_read_file(WARD_BINDINGS, buf, sizeof(buf)));
	snprintf(line, sizeof(line), "%llu da now /wardtest/b1\n", id);
	ASSERT_NE(NULL, strstr(buf, line)) {
		TH_LOG("bindings: %s", buf);
	}
	ASSERT_EQ(EACCES, mount_in(cg));
	/* a host task elsewhere is not affected */
	ASSERT_EQ(0, mount_in(NULL));

	ASSERT_EQ(0, ward_unbind(cg));
	ASSERT_LE(0, ward_read_file(WARD_BINDINGS, buf, sizeof(buf)));
	ASSERT_EQ(NULL, strstr(buf, line));
	ASSERT_EQ(0, mount_in(cg));

	/* relative path below the cgroup2 root works too */
	ASSERT_EQ(0, ward_bind("wardtest/b1", "da"));
	ASSERT_EQ(1, ward_binding_of(cg, NULL, 0));
	ASSERT_EQ(EACCES, mount_in(cg));
}

/* R-DOM: the errors of the bindings file. */
TEST_F(domain, bind_errors)
{
	char cg[PATH_MAX], cg2[PATH_MAX], err[512];

	ASSERT_EQ(0, ward_load_policy(policy_b));
	ASSERT_EQ(0, ward_cgroup_make("e1", cg, sizeof(cg)));
	ASSERT_EQ(0, ward_cgroup_make("e2", cg2, sizeof(cg2)));

	ASSERT_EQ(-ENOENT, ward_bind_raw(cg, "nosuchdomain"));
	ASSERT_EQ(-ESRCH, ward_write_file(WARD_BINDINGS, "bind 999999999 db"));
	ASSERT_EQ(-EINVAL, ward_write_file(WARD_BINDINGS, "bind"));
	ASSERT_EQ(-EINVAL, ward_write_file(WARD_BINDINGS, "frob 1 db"));
	ASSERT_EQ(-EINVAL, ward_write_file(WARD_BINDINGS, "bind x db"));
	/* the root cgroup cannot be bound: that would confine the host */
	ASSERT_EQ(-EINVAL, ward_bind_raw(WARD_CGROUP_ROOT, "db"));
	ASSERT_EQ(0, ward_binding_of(cg, NULL, 0));

	/* positive control, then double bind */
	ASSERT_EQ(0, ward_bind_raw(cg, "db"));
	ASSERT_EQ(-EEXIST, ward_bind_raw(cg, "db"));
	ASSERT_EQ(-EEXIST, ward_bind_raw(cg, "dc"));
	ASSERT_EQ(0, ward_bind_raw(cg2, "dc"));

	/* wardctl: exit 1 and one line on stderr */
	ASSERT_EQ(1, ward_wardctl(NULL, 0, err, sizeof(err), "bind", cg,
				  "db", NULL));
	EXPECT_NE(NULL, strstr(err, "EEXIST")) {
		TH_LOG("wardctl said: %s", err);
	}
	EXPECT_EQ(strlen(err) - 1, strcspn(err, "\n"));
	ASSERT_EQ(1, ward_wardctl(NULL, 0, err, sizeof(err), "bind",
				  WARD_TEST_CGROUP "/nonexistent", "db", NULL));
	EXPECT_EQ(strlen(err) - 1, strcspn(err, "\n"));

	/* with the empty policy, there is no domain to bind to */
	ASSERT_EQ(0, ward_unbind_raw(cg));
	ASSERT_EQ(0, ward_unbind_raw(cg2));
	ASSERT_EQ(0, ward_load_empty_raw());
	ASSERT_EQ(-ENOENT, ward_bind_raw(cg, "db"));
}

/* R-DOM: a bound cgroup covers its whole subtree. */
TEST_F(domain, subtree_inheritance)
{
	char p[PATH_MAX], c[PATH_MAX], gc[PATH_MAX], u[PATH_MAX];

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_cgroup_make("p", p, sizeof(p)));
	ASSERT_EQ(0, ward_cgroup_make("p/c", c, sizeof(c)));
	ASSERT_EQ(0, ward_cgroup_make("u", u, sizeof(u)));
	ASSERT_EQ(0, ward_bind(p, "da"));

	EXPECT_EQ(EACCES, mount_in(p));
	EXPECT_EQ(EACCES, mount_in(c));
	/* a cgroup made after the bind is covered too */
	ASSERT_EQ(0, ward_cgroup_make("p/c/gc", gc, sizeof(gc)));
	EXPECT_EQ(EACCES, mount_in(gc));
	/* positive controls: unbound sibling and the root cgroup */
	EXPECT_EQ(0, mount_in(u));
	EXPECT_EQ(0, mount_in(WARD_CGROUP_ROOT));
	/* only p is listed: inheritance is a lookup, not a copy */
	EXPECT_EQ(0, ward_binding_of(c, NULL, 0));
	EXPECT_EQ(0, ward_binding_of(gc, NULL, 0));
}

/* R-DOM: the nearest bound ancestor wins, in both nesting orders. */
TEST_F(domain, nearest_bound_ancestor_wins)
{
	char p[PATH_MAX], pc[PATH_MAX], pcd[PATH_MAX];
	char q[PATH_MAX], qc[PATH_MAX], qcd[PATH_MAX];

	ASSERT_EQ(0, ward_load_policy(DOM_TMPFS("dallow") "\n"
				      DOM_DENY("ddeny")));
	ASSERT_EQ(0, ward_cgroup_make("p/c/d", pcd, sizeof(pcd)));
	ASSERT_EQ(0, ward_cgroup_make("p/c", pc, sizeof(pc)));
	ASSERT_EQ(0, ward_cgroup_make("p", p, sizeof(p)));
	ASSERT_EQ(0, ward_cgroup_make("q/c/d", qcd, sizeof(qcd)));
	ASSERT_EQ(0, ward_cgroup_make("q/c", qc, sizeof(qc)));
	ASSERT_EQ(0, ward_cgroup_make("q", q, sizeof(q)));

	/* p: allow, p/c: deny */
	ASSERT_EQ(0, ward_bind(p, "dallow"));
	ASSERT_EQ(0, ward_bind(pc, "ddeny"));
	EXPECT_EQ(0, mount_in(p));
	EXPECT_EQ(EACCES, mount_in(pc));
	EXPECT_EQ(EACCES, mount_in(pcd));

	/* q: deny, q/c: allow */
	ASSERT_EQ(0, ward_bind(q, "ddeny"));
	ASSERT_EQ(0, ward_bind(qc, "dallow"));
	EXPECT_EQ(EACCES, mount_in(q));
	EXPECT_EQ(0, mount_in(qc));
	EXPECT_EQ(0, mount_in(qcd));

	/* unbinding the inner one gives the outer one back */
	ASSERT_EQ(0, ward_unbind(pc));
	EXPECT_EQ(0, mount_in(pcd));
	ASSERT_EQ(0, ward_unbind(qc));
	EXPECT_EQ(EACCES, mount_in(qcd));
}

/* A W+X mapping by a child of cgroup @cg: 0 or the errno. */
static int wx_in(const char *cg)
{
	return ward_in_cgroup(cg, 0, wx_map_fn, NULL);
}

#define CHAIN	66

/*
 * R-DOM: a binding is found at any depth.  The lookup probes only the
 * levels where a binding may be (one bit per level, the last bit for
 * level 63 and deeper), so bindings straddle that boundary here: "da" at
 * level 65 and 3, "dt" at level 62, a chain of cgroups 67 levels deep
 * (wardtest is level 1, chain[k] level k + 1).  dt allows a tmpfs mount
 * and refuses W+X; da refuses both; a host task may do both.  The same
 * after a reload, which carries the bindings over.
 */
TEST_F(domain, bindings_at_any_depth)
{
	static char chain[CHAIN + 1][PATH_MAX];
	char name[2 * CHAIN + 1] = "";
	int k, pass;

	ASSERT_EQ(0, ward_load_policy(DOM_DENY("da") "\n" DOM_TMPFS("dt")));
	for (k = 1; k <= CHAIN; k++) {
		strcat(name, k > 1 ? "/l" : "l");
		ASSERT_EQ(0, ward_cgroup_make(name, chain[k], PATH_MAX))
			TH_LOG("level %d", k + 1);
	}
	/* Level 65: found through the last bit, from below and itself. */
	ASSERT_EQ(0, ward_bind(chain[64], "da"));
	EXPECT_EQ(EACCES, mount_in(chain[66]));
	EXPECT_EQ(EACCES, mount_in(chain[64]));
	/* controls: just above it, a host task */
	EXPECT_EQ(0, mount_in(chain[63]));
	EXPECT_EQ(0, wx_in(chain[63]));
	/* Level 62: below it, on both sides of the last bit's boundary. */
	ASSERT_EQ(0, ward_bind(chain[61], "dt"));
	/* Level 3. */
	ASSERT_EQ(0, ward_bind(chain[2], "da"));
	for (pass = 0; pass < 2; pass++) {
		EXPECT_EQ(EACCES, mount_in(chain[66])) TH_LOG("pass %d", pass);
		EXPECT_EQ(0, mount_in(chain[63])) TH_LOG("pass %d", pass);
		EXPECT_EQ(EACCES, wx_in(chain[63])) TH_LOG("pass %d", pass);
		EXPECT_EQ(0, mount_in(chain[62])) TH_LOG("pass %d", pass);
		EXPECT_EQ(EACCES, wx_in(chain[62])) TH_LOG("pass %d", pass);
		EXPECT_EQ(EACCES, mount_in(chain[10])) TH_LOG("pass %d", pass);
		EXPECT_EQ(EACCES, mount_in(chain[2])) TH_LOG("pass %d", pass);
		/* controls: above every binding */
		EXPECT_EQ(0, mount_in(chain[1])) TH_LOG("pass %d", pass);
		EXPECT_EQ(0, wx_in(chain[1])) TH_LOG("pass %d", pass);
		/* the same policy again: every binding carried over */
		ASSERT_EQ(0, ward_load_policy(DOM_DENY("da") "\n"
					      DOM_TMPFS("dt")));
	}
	/* Unbound, level 62's subtree is the level 3 binding's again. */
	ASSERT_EQ(0, ward_unbind(chain[61]));
	EXPECT_EQ(EACCES, mount_in(chain[63]));
	ASSERT_EQ(0, ward_unbind(chain[2]));
	EXPECT_EQ(0, mount_in(chain[63]));
	EXPECT_EQ(0, wx_in(chain[63]));
	EXPECT_EQ(EACCES, mount_in(chain[65]));
}

static int mount_in_pidns_fn(void *arg)
{
	(void)arg;
	return ward_in_new_pidns(mount_fn, NULL);
}

static int mount_in_userns_fn(void *arg)
{
	(void)arg;
	if (ward_become_userns_root(true))
		return WARD_CHILD_SETUP_FAILED;
	return ward_try_mount_tmpfs(MNT_DIR);
}

/* tmpfs mount by a container task (new PID ns) of cgroup @cg. */
static int pidns_mount_in(const char *cg)
{
	return ward_in_cgroup(cg, WARD_FORK_NEWNS, mount_in_pidns_fn, NULL);
}

/* Prepare a container task: root of a new user and mount namespace. */
static int userns_prep(void *arg)
{
	(void)arg;
	return ward_become_userns_root(true) ? WARD_CHILD_SETUP_FAILED : 0;
}

/* tmpfs mount by a container task (new user + mount ns) of cgroup @cg. */
static int userns_mount_in(const char *cg)
{
	return ward_in_cgroup(cg, 0, mount_in_userns_fn, NULL);
}

/*
 * R-DOM: with `default D`, a container task of an unbound cgroup is in D;
 * without it, it is a host task; a host task is never in D; a bound cgroup
 * beats the default.
 */
TEST_F(domain, default_domain)
{
	char u[PATH_MAX], b[PATH_MAX], status[4096];

	ASSERT_EQ(0, ward_cgroup_make("u", u, sizeof(u)));
	ASSERT_EQ(0, ward_cgroup_make("b", b, sizeof(b)));

	/* no default: container tasks of unbound cgroups are not confined */
	ASSERT_EQ(0, ward_load_policy(DOM_DENY("dflt") "\n"
				      DOM_TMPFS("dallow")));
	EXPECT_EQ(0, pidns_mount_in(u));
	EXPECT_EQ(0, userns_mount_in(u));
	EXPECT_EQ(0, pidns_mount_in(WARD_CGROUP_ROOT));

	/* default dflt */
	ASSERT_EQ(0, ward_load_policy("default dflt\n\n" DOM_DENY("dflt") "\n"
				      DOM_TMPFS("dallow")));
	ASSERT_EQ(0, ward_show(self->show, sizeof(self->show)));
	ASSERT_STREQ("default dflt\n\n" DOM_DENY("dflt") "\n"
		     DOM_TMPFS("dallow"), self->show);
	/*
	 * A container task is in it from its first exec on (arm_test has
	 * the details): before, the runtime's setup may still mount.
	 */
	EXPECT_EQ(0, pidns_mount_in(u));
	EXPECT_EQ(0, userns_mount_in(u));
	EXPECT_EQ(EACCES, ward_probe_in(u, 0, userns_prep, NULL,
					"mount:" MNT_DIR));
	EXPECT_EQ(EACCES, ward_probe_in(WARD_CGROUP_ROOT, 0, userns_prep,
					NULL, "mount:" MNT_DIR));
	/* host tasks, in the same cgroups, are never in it */
	EXPECT_EQ(0, ward_probe_in(u, WARD_FORK_NEWNS, NULL, NULL,
				   "mount:" MNT_DIR));
	EXPECT_EQ(0, mount_in(u));
	EXPECT_EQ(0, mount_in(WARD_CGROUP_ROOT));
	/* a binding beats the default */
	ASSERT_EQ(0, ward_bind(b, "dallow"));
	EXPECT_EQ(0, pidns_mount_in(b));
	EXPECT_EQ(0, userns_mount_in(b));

	ASSERT_LT(0, ward_read_file(WARD_STATUS, status, sizeof(status)));
	EXPECT_NE(NULL, strstr(status, "\npolicy loaded domains=2\n"));
}

/* The state of hook @name in the status file, in @state; 0 or -ENOENT. */
static int hook_state(const char *name, char *state, size_t len,
		      unsigned long long *calls)
{
	char st[16384], want[96], *p;

	if (ward_read_file(WARD_STATUS, st, sizeof(st)) < 0)
		return -EIO;
	snprintf(want, sizeof(want), "\nhook %s ", name);
	p = strstr(st, want);
	if (!p || sscanf(p + strlen(want), "%15s calls=%llu", state, calls) != 2)
		return -ENOENT;
	(void)len;
	return 0;
}

/*
 * R-MEM, and the host's cost: the W^X hooks sit on every mmap() and
 * mprotect() of the host, so they are attached only while a domain asks
 * for W^X: "idle" (and not called) without one, "attached" with one, and
 * idle again once a policy without one replaces it.
 */
/*
 * Map and protect a page; the state of hook @name (in @state) and how many
 * calls it saw meanwhile (in @delta).  0 or -errno.
 */
static int hook_calls_over_mprotect(const char *name, char *state,
				    unsigned long long *delta)
{
	unsigned long long before, after;
	void *m;
	int r;

	r = hook_state(name, state, 16, &before);
	if (r)
		return r;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	r = mprotect(m, 4096, PROT_READ) ? -errno : 0;
	munmap(m, 4096);
	if (!r)
		r = hook_state(name, state, 16, &after);
	*delta = after - before;
	return r;
}

TEST_F(domain, wx_hooks_only_while_needed)
{
	static const char *const wx[] = { "security_mmap_file",
					  "security_file_mprotect" };
	unsigned long long delta;
	char state[16];
	unsigned int i;

	ASSERT_EQ(0, ward_load_policy(DOM_ALLOWWX("a")));
	for (i = 0; i < ARRAY_SIZE(wx); i++) {
		ASSERT_EQ(0, hook_calls_over_mprotect(wx[i], state, &delta));
		EXPECT_STREQ("idle", state);
		EXPECT_EQ(0ULL, delta);
	}
	ASSERT_EQ(0, ward_load_policy(policy_a));
	for (i = 0; i < ARRAY_SIZE(wx); i++) {
		ASSERT_EQ(0, hook_calls_over_mprotect(wx[i], state, &delta));
		EXPECT_STREQ("attached", state);
		EXPECT_LT(0ULL, delta);
	}
	/* and the rule works: a domain task gets no W+X mapping */
	EXPECT_EQ(EACCES, ward_in_domain("da", 0, wx_map_fn, NULL));
	ASSERT_EQ(0, ward_load_policy(DOM_ALLOWWX("da")));
	EXPECT_EQ(0, ward_in_domain("da", 0, wx_map_fn, NULL));
	for (i = 0; i < ARRAY_SIZE(wx); i++) {
		ASSERT_EQ(0, hook_calls_over_mprotect(wx[i], state, &delta));
		EXPECT_STREQ("idle", state);
		EXPECT_EQ(0ULL, delta);
	}
}

/* R-DOM: the binding of a removed cgroup is reclaimed. */
TEST_F(domain, reclaim_after_rmdir)
{
	char cg[PATH_MAX], buf[4096], status[4096];
	unsigned long long id, id2;

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_cgroup_make("gone", cg, sizeof(cg)));
	id = ward_cgroup_id(cg);
	ASSERT_EQ(0, ward_bind(cg, "da"));
	ASSERT_TRUE(ward_binding_of_id(id, NULL, 0));
	ASSERT_LT(0, ward_read_file(WARD_STATUS, status, sizeof(status)));
	ASSERT_NE(NULL, strstr(status, "\nbindings 1\n"));

	ASSERT_EQ(0, rmdir(cg));
	ASSERT_LE(0, ward_read_file(WARD_BINDINGS, buf, sizeof(buf)));
	ASSERT_EQ(0, buf[0]) {
		TH_LOG("bindings after rmdir: %s", buf);
	}
	ASSERT_FALSE(ward_binding_of_id(id, NULL, 0));
	ASSERT_LT(0, ward_read_file(WARD_STATUS, status, sizeof(status)));
	ASSERT_NE(NULL, strstr(status, "\nbindings 0\n"));

	/* a new cgroup of the same name is a new cgroup: unbound */
	ASSERT_EQ(0, ward_cgroup_make("gone", cg, sizeof(cg)));
	id2 = ward_cgroup_id(cg);
	ASSERT_NE(id, id2);
	ASSERT_EQ(0, ward_binding_of(cg, NULL, 0));
	ASSERT_EQ(0, mount_in(cg));

	/*
	 * A binding goes with its cgroup: after many bind/rmdir cycles
	 * nothing is left, without a read of the bindings file in between.
	 */
	for (int i = 0; i < 100; i++) {
		ASSERT_EQ(0, ward_bind_raw(cg, "da"));
		ASSERT_EQ(0, rmdir(cg));
		ASSERT_EQ(0, ward_cgroup_make("gone", cg, sizeof(cg)));
		ASSERT_LT(0, ward_read_file(WARD_STATUS, status,
					    sizeof(status)));
		ASSERT_NE(NULL, strstr(status, "\nbindings 0\n")) {
			TH_LOG("cycle %d: %s", i, strstr(status, "bindings"));
		}
	}
	ASSERT_LE(0, ward_read_file(WARD_BINDINGS, buf, sizeof(buf)));
	ASSERT_STREQ("", buf);
}

static int move_self_fn(void *arg)
{
	return -ward_cgroup_enter(arg);
}

static int clone3_into(const char *cgpath)
{
	struct clone_args args = { .exit_signal = SIGCHLD,
				   .flags = CLONE_INTO_CGROUP };
	int fd, st;
	pid_t pid;

	fd = open(cgpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return WARD_CHILD_SETUP_FAILED;
	args.cgroup = fd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(0);
	st = ward_wait_exit(pid);
	close(fd);
	return st ? WARD_CHILD_SETUP_FAILED : 0;
}

static int clone3_fn(void *arg)
{
	return clone3_into(arg);
}

/* R-DOM: a domain task cannot move itself out of its domain. */
TEST_F(domain, escape_by_cgroup_move)
{
	char e[PATH_MAX], sub[PATH_MAX], u[PATH_MAX];

	ASSERT_EQ(0, ward_load_policy(policy_a));
	ASSERT_EQ(0, ward_cgroup_make("e/sub", sub, sizeof(sub)));
	ASSERT_EQ(0, ward_cgroup_make("e", e, sizeof(e)));
	ASSERT_EQ(0, ward_cgroup_make("u", u, sizeof(u)));

	/* positive controls before the bind: host tasks move freely */
	EXPECT_EQ(0, ward_in_cgroup(e, 0, move_self_fn, WARD_CGROUP_ROOT));
	EXPECT_EQ(0, ward_in_cgroup(e, 0, move_self_fn, u));
	EXPECT_EQ(0, ward_in_cgroup(e, 0, clone3_fn, WARD_CGROUP_ROOT));

	ASSERT_EQ(0, ward_bind(e, "da"));
	EXPECT_EQ(EACCES, ward_in_cgroup(e, 0, move_self_fn,
					 WARD_CGROUP_ROOT));
	EXPECT_EQ(EACCES, ward_in_cgroup(e, 0, move_self_fn, u));
	EXPECT_EQ(EACCES, ward_in_cgroup(sub, 0, move_self_fn, u));
	EXPECT_EQ(EACCES, ward_in_cgroup(e, 0, clone3_fn, WARD_CGROUP_ROOT));
	EXPECT_EQ(EACCES, ward_in_cgroup(e, 0, clone3_fn, u));
	/* inside the bound subtree: allowed, both ways */
	EXPECT_EQ(0, ward_in_cgroup(e, 0, move_self_fn, sub));
	EXPECT_EQ(0, ward_in_cgroup(sub, 0, move_self_fn, e));
	EXPECT_EQ(0, ward_in_cgroup(e, 0, clone3_fn, sub));
	/* and the host task beside it is still free */
	EXPECT_EQ(0, ward_in_cgroup(u, 0, move_self_fn, WARD_CGROUP_ROOT));
}

#define EV_DENY "op=mount domain=de mode=enforce verdict=deny errno=13"
#define EV_COMPLAIN "op=mount domain=dcomp mode=complain verdict=allow"

/* A tmpfs mount in a new child of @cg; its pid, its result in *@res. */
static pid_t mount_child(const char *cg, int *res)
{
	pid_t pid = ward_fork_in_cgroup(cg, WARD_FORK_NEWNS);

	if (pid == 0)
		_exit(mount_fn(NULL));
	*res = pid < 0 ? pid : ward_wait_exit(pid);
	return pid;
}

/*
 * R-AUD: a denial is reported with op, domain, mode and verdict; complain
 * mode allows and reports; a host task is not reported.  The event ring
 * takes every report (only audit records are rate-limited), so the stream
 * holds both reports whatever earlier tests did.
 */
TEST_F(domain, events_enforce_and_complain)
{
	char cg[PATH_MAX], cgc[PATH_MAX], *buf;
	int fd, res;
	pid_t pid, pidc, pidh;

	ASSERT_EQ(0, ward_load_policy(DOM_DENY("de") "\n"
				      DOM_COMPLAIN("dcomp")));
	ASSERT_EQ(0, ward_cgroup_make("ev", cg, sizeof(cg)));
	ASSERT_EQ(0, ward_cgroup_make("evc", cgc, sizeof(cgc)));
	ASSERT_EQ(0, ward_bind(cg, "de"));
	ASSERT_EQ(0, ward_bind(cgc, "dcomp"));

	fd = ward_events_open();
	ASSERT_LE(0, fd);
	/* drain what earlier tests left: this reader sees only ours */
	buf = malloc(WARD_BUF_SIZE);
	ASSERT_NE(NULL, buf);
	ASSERT_LE(0, ward_events_read_fd(fd, buf, WARD_BUF_SIZE));

	/* enforce: denied and reported */
	pid = mount_child(cg, &res);
	ASSERT_LT(0, pid);
	ASSERT_EQ(EACCES, res);
	/* complain: allowed and reported */
	pidc = mount_child(cgc, &res);
	ASSERT_LT(0, pidc);
	ASSERT_EQ(0, res);
	/* host task: allowed, not reported */
	pidh = mount_child(NULL, &res);
	ASSERT_LT(0, pidh);
	ASSERT_EQ(0, res);

	ASSERT_LE(0, ward_events_read_fd(fd, buf, WARD_BUF_SIZE));

	/* the stream read by the reader opened before */
	EXPECT_TRUE(ward_text_has_line(buf, EV_DENY)) {
		TH_LOG("events: %s", buf);
	}
	EXPECT_TRUE(ward_text_has_line(buf, EV_COMPLAIN)) {
		TH_LOG("events: %s", buf);
	}
	/* by pid, through new readers */
	EXPECT_TRUE(ward_events_has(EV_DENY " pid=%d", pid));
	EXPECT_TRUE(ward_events_has(EV_COMPLAIN " pid=%d", pidc));
	EXPECT_FALSE(ward_events_has("verdict=deny pid=%d", pidc));
	EXPECT_FALSE(ward_events_has("pid=%d", pidh));
	free(buf);

	/* nothing more: EAGAIN, not a block */
	buf = malloc(4096);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(-1, read(fd, buf, 4096));
	ASSERT_EQ(EAGAIN, errno);
	free(buf);
	close(fd);
}

/* Output of a command run by a child, in shared memory. */
struct exec_result {
	int status;
	char out[1024];
	char err[1024];
};

static struct exec_result *exec_res;

static int wardctl_exec_fn(void *arg)
{
	char **argv = arg;
	char *full[12];
	int i;

	full[0] = (char *)ward_wardctl_path();
	for (i = 0; argv[i] && i < 10; i++)
		full[i + 1] = argv[i];
	full[i + 1] = NULL;
	exec_res->status = ward_run_capture(full, exec_res->out,
					    sizeof(exec_res->out),
					    exec_res->err,
					    sizeof(exec_res->err));
	return 0;
}

static int wardctl_exec(char **argv)
{
	memset(exec_res, 0, sizeof(*exec_res));
	exec_res->status = -1;
	return ward_in_cgroup(NULL, WARD_FORK_NEWNS, wardctl_exec_fn, argv);
}

/*
 * R-DOM: `wardctl exec --domain D -- CMD` runs CMD in cgroup ward/D, which
 * it creates and binds to D; CMD is then confined by D.
 */
TEST_F(domain, wardctl_exec)
{
	char *cg_x[] = { "exec", "--domain", "dx", "--", "/bin/cat",
			 "/proc/self/cgroup", NULL };
	char *mount_x[] = { "exec", "--domain", "dx", "--", "/bin/mount", "-t",
			    "tmpfs", "ward-exec", "/tmp", NULL };
	char *mount_y[] = { "exec", "--domain", "dy", "--", "/bin/mount", "-t",
			    "tmpfs", "ward-exec", "/tmp", NULL };
	char *nodomain[] = { "exec", "--domain", "nosuch", "--", "/bin/true",
			     NULL };
	char dom[64];

	exec_res = mmap(NULL, sizeof(*exec_res), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, exec_res);
	ASSERT_EQ(0, ward_load_policy(DOM_DENY("dx") "\n" DOM_TMPFS("dy")));

	ASSERT_EQ(0, wardctl_exec(cg_x));
	EXPECT_EQ(0, exec_res->status) {
		TH_LOG("stderr: %s", exec_res->err);
	}
	EXPECT_STREQ("0::/ward/dx\n", exec_res->out);
	ASSERT_EQ(1, ward_binding_of(WARD_CGROUP_ROOT "/ward/dx", dom,
				     sizeof(dom)));
	ASSERT_STREQ("dx", dom);

	/* confined: mount deny refuses, mount allow tmpfs allows */
	ASSERT_EQ(0, wardctl_exec(mount_x));
	EXPECT_NE(0, exec_res->status);
	EXPECT_NE(NULL, strstr(exec_res->err, strerror(EACCES))) {
		TH_LOG("stderr: %s", exec_res->err);
	}
	ASSERT_EQ(0, wardctl_exec(mount_y));
	EXPECT_EQ(0, exec_res->status) {
		TH_LOG("stderr: %s", exec_res->err);
	}

	/* unknown domain: exit 1, one line, nothing run */
	ASSERT_EQ(0, wardctl_exec(nodomain));
	EXPECT_EQ(1, exec_res->status);
	EXPECT_TRUE(ward_one_line(exec_res->err)) {
		TH_LOG("stderr: %s", exec_res->err);
	}
	EXPECT_NE(0, access(WARD_CGROUP_ROOT "/ward/nosuch", F_OK));
	munmap(exec_res, sizeof(*exec_res));
}

/*
 * Reload stress: 200 loads alternating two policies that swap the mount
 * rule of two domains, while domain tasks hammer mount and /proc/PID/environ.
 * Every call must give one of the two results a whole policy gives.
 */
struct hammer_stats {
	long mount_ok, mount_denied, umount_ok, umount_denied;
	long environ_denied, self_ok;
	long unexpected;
	int last_errno;
	char what[32];
};

static void hammer(struct hammer_stats *st, int *stop, pid_t host)
{
	char path[64], buf[256];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)host);
	while (!__atomic_load_n(stop, __ATOMIC_RELAXED)) {
		if (!mount("ward-hammer", MNT_DIR, "tmpfs", 0, "size=64k")) {
			st->mount_ok++;
			if (!umount2(MNT_DIR, 0)) {
				st->umount_ok++;
			} else if (errno == EACCES) {
				st->umount_denied++;
			} else {
				st->unexpected++;
				st->last_errno = errno;
				strcpy(st->what, "umount2");
			}
		} else if (errno == EACCES) {
			st->mount_denied++;
		} else {
			st->unexpected++;
			st->last_errno = errno;
			strcpy(st->what, "mount");
		}
		/* the host task's environ: cross-domain, always EACCES */
		fd = open(path, O_RDONLY);
		if (fd >= 0) {
			st->unexpected++;
			st->last_errno = 0;
			strcpy(st->what, "open host environ");
			close(fd);
		} else if (errno == EACCES) {
			st->environ_denied++;
		} else {
			st->unexpected++;
			st->last_errno = errno;
			strcpy(st->what, "open host environ");
		}
		/* its own: always allowed */
		if (ward_read_file("/proc/self/environ", buf, sizeof(buf)) >= 0) {
			st->self_ok++;
		} else {
			st->unexpected++;
			st->last_errno = errno;
			strcpy(st->what, "open self environ");
		}
	}
}

#define NHAMMER 3

TEST_F_TIMEOUT(domain, reload_while_hammering, 600)
{
	static const char px[] = DOM_DENY("h1") "\n" DOM_TMPFS("h2");
	static const char py[] = DOM_TMPFS("h1") "\n" DOM_DENY("h2");
	const char *dom[NHAMMER] = { "h1", "h2", "h1" };
	char fx[] = "/tmp/ward-px-XXXXXX", fy[] = "/tmp/ward-py-XXXXXX";
	struct hammer_stats *st;
	int *stop;
	pid_t pids[NHAMMER], host = getpid();
	int i, fd;

	fd = mkstemp(fx);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(px) - 1, write(fd, px, sizeof(px) - 1));
	close(fd);
	fd = mkstemp(fy);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(py) - 1, write(fd, py, sizeof(py) - 1));
	close(fd);

	st = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, st);
	stop = (int *)(st + NHAMMER);
	*stop = 0;

	ASSERT_EQ(0, ward_wardctl(NULL, 0, NULL, 0, "load", fx, NULL));
	mkdir(MNT_DIR, 0755);
	for (i = 0; i < NHAMMER; i++) {
		pids[i] = ward_fork_in_domain_flags(dom[i], WARD_FORK_NEWNS);
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			hammer(&st[i], stop, host);
			_exit(0);
		}
	}

	for (i = 0; i < 200; i++) {
		int r = ward_wardctl(NULL, 0, NULL, 0, "load",
				     i % 2 ? fx : fy, NULL);

		if (r) {
			TH_LOG("load %d: exit %d", i, r);
			EXPECT_EQ(0, r);
			break;
		}
	}
	__atomic_store_n(stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < NHAMMER; i++)
		EXPECT_EQ(0, ward_wait_exit(pids[i]));
	unlink(fx);
	unlink(fy);

	for (i = 0; i < NHAMMER; i++) {
		TH_LOG("hammer %d (%s): mount ok %ld denied %ld, umount ok %ld denied %ld, environ denied %ld, self %ld",
		       i, dom[i], st[i].mount_ok, st[i].mount_denied,
		       st[i].umount_ok, st[i].umount_denied,
		       st[i].environ_denied, st[i].self_ok);
		EXPECT_EQ(0, st[i].unexpected) {
			TH_LOG("hammer %d: %s gave %s", i, st[i].what,
			       strerror(st[i].last_errno));
		}
		/* both policies were seen: the reloads really switched */
		EXPECT_LT(0, st[i].mount_ok);
		EXPECT_LT(0, st[i].mount_denied);
		EXPECT_LT(0, st[i].environ_denied);
		EXPECT_LT(0, st[i].self_ok);
	}
	/* the bindings survived 200 reloads */
	EXPECT_EQ(1, ward_binding_of(WARD_TEST_CGROUP "/h1", NULL, 0));
	EXPECT_EQ(1, ward_binding_of(WARD_TEST_CGROUP "/h2", NULL, 0));
}

TEST_HARNESS_MAIN
