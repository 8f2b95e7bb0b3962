// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - the foundation (issue 2): loading and unloading ward.ko,
 * the status file, the attach layer surviving ftrace_enabled=0 and
 * concurrent callers, each target traced by Ward's direct call alone, and the status file refusing non-administrators
 * (R-CTL).
 *
 * Runs first in the guest, as root in the initial namespaces.  It loads and
 * unloads ward.ko itself and leaves it loaded when it ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "common.h"
#include "kmods.h"
#include "ward.h"

#define FTRACE_ENABLED	"/proc/sys/kernel/ftrace_enabled"
#define MNT_DIR		"/tmp/ward-base-mnt"
/* load/unload cycles; WARD_CYCLES overrides (make check-debug: 100) */
#define CYCLES		20
#define MAX_HOOKS	64

struct hook {
	char name[64];
	char state[16];
	unsigned long long calls, denied;
};

/*
 * Check the status text against Documentation/abi.rst: "version",
 * "abi 2" and one "hook NAME STATE calls=N denied=N" line per hook,
 * STATE "attached", or "idle" for the hooks no loaded rule needs
 * (domain_test checks which), none of them detached.  Fills @hooks and
 * returns their number.
 */
static int parse_status(struct __test_metadata *_metadata, const char *st,
			struct hook *hooks)
{
	char abi[32];
	const char *p;
	int n = 0;

	snprintf(abi, sizeof(abi), "abi %d", WARD_ABI_VERSION);
	EXPECT_TRUE(ward_has_line(st, abi)) TH_LOG("no line '%s' in:\n%s", abi, st);
	EXPECT_NE(NULL, ward_find_line(st, "version ")) TH_LOG("no version line in:\n%s", st);
	EXPECT_EQ(NULL, strstr(st, "detached")) TH_LOG("a hook is detached:\n%s", st);

	for (p = ward_find_line(st, "hook "); p; p = ward_find_line(p, "hook ")) {
		char *state = hooks[n].state;
		int fields;

		ASSERT_GT(MAX_HOOKS, n);
		state[0] = '\0';
		fields = sscanf(p, "hook %63s %15s calls=%llu denied=%llu",
				hooks[n].name, state, &hooks[n].calls,
				&hooks[n].denied);
		EXPECT_EQ(4, fields) TH_LOG("bad hook line: %.80s", p);
		EXPECT_TRUE(!strcmp("attached", state) || !strcmp("idle", state))
			TH_LOG("hook line: %.80s", p);
		n++;
		p = strchr(p, '\n');
		if (!p)
			break;
	}
	EXPECT_LT(0, n) TH_LOG("no hook lines in:\n%s", st);
	return n;
}

static int read_hooks(struct __test_metadata *_metadata, struct hook *hooks)
{
	static char st[WARD_STATUS_MAX];
	ssize_t len = ward_read_status(st, sizeof(st));

	EXPECT_LT(0, len) TH_LOG("reading %s: %s", WARD_STATUS, strerror(-len));
	if (len <= 0)
		return 0;
	return parse_status(_metadata, st, hooks);
}

/* Sum of the calls of the hooks whose name says "mount" (all if none). */
static unsigned long long mount_calls(struct hook *hooks, int n)
{
	unsigned long long sum = 0, all = 0;
	bool named = false;
	int i;

	for (i = 0; i < n; i++) {
		all += hooks[i].calls;
		if (strstr(hooks[i].name, "mount")) {
			sum += hooks[i].calls;
			named = true;
		}
	}
	return named ? sum : all;
}

/* Print a text as KTAP diagnostic lines ("# ..."). */
static void log_text(const char *title, const char *text)
{
	const char *p = text, *nl;

	printf("# %s:\n", title);
	while (*p) {
		nl = strchrnul(p, '\n');
		printf("#   %.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
	fflush(stdout);
}

/* delete_module with retries while something still holds the module */
static int unload_retry(void)
{
	int i, ret = 0;

	for (i = 0; i < 100; i++) {
		ret = ward_unload();
		if (ret != -EWOULDBLOCK && ret != -EBUSY)
			break;
		usleep(50 * 1000);
	}
	return ret;
}

static int mount_tmpfs(void)
{
	if (mount("ward-base", MNT_DIR, "tmpfs", 0, "size=64k"))
		return -errno;
	if (umount2(MNT_DIR, 0))
		return -errno;
	return 0;
}

FIXTURE(base) {
	pid_t workers[3];
	int nworkers;
};

FIXTURE_SETUP(base)
{
	ASSERT_EQ(0, ward_ensure_loaded());
	mkdir(MNT_DIR, 0700);
}

/* Whatever a test did, Ward stays loaded for the tests that follow. */
FIXTURE_TEARDOWN(base)
{
	int i;

	for (i = 0; i < self->nworkers; i++) {
		kill(self->workers[i], SIGKILL);
		ward_wait(self->workers[i]);
	}
	while (!umount2(MNT_DIR, MNT_DETACH))
		;
	rmdir(MNT_DIR);
	EXPECT_EQ(0, ward_ensure_loaded());
}

/* issue 2: load, read status, unload */
TEST_F(base, load_status_unload)
{
	static char st[WARD_STATUS_MAX];
	struct hook hooks[MAX_HOOKS];

	ASSERT_EQ(0, ward_ensure_unloaded());
	ASSERT_FALSE(ward_is_loaded());
	ASSERT_EQ(-ENOENT, ward_can_open(WARD_STATUS, O_RDONLY));

	ASSERT_EQ(0, ward_load());
	ASSERT_TRUE(ward_is_loaded());
	ASSERT_EQ(-EEXIST, ward_load());

	ASSERT_LT(0, ward_read_status(st, sizeof(st)));
	log_text("status after load", st);
	ASSERT_LT(0, parse_status(_metadata, st, hooks));
	ASSERT_TRUE(ward_has_line(st, "policy none"));
	ASSERT_TRUE(ward_has_line(st, "locked no"));

	ASSERT_EQ(0, unload_retry());
	ASSERT_FALSE(ward_is_loaded());
	ASSERT_EQ(-ENOENT, ward_can_open(WARD_STATUS, O_RDONLY));
	ASSERT_EQ(-ENOENT, ward_unload());

	ASSERT_EQ(0, ward_load());
	ASSERT_LT(0, read_hooks(_metadata, hooks));
}

/*
 * issue 11: a kernel whose internals moved.  ward.ko built with a
 * deliberately wrong mirror of struct mount (1) and of struct proc_inode
 * (2) (make module-badlayout) must refuse to load with EINVAL and one
 * line naming the structure, and must not oops reading the wrong fields
 * (panic_on_warn=1 oops=panic would end the run).  Positive control: the
 * real ward.ko loads right after.
 */
TEST_F(base, wrong_layout_refused)
{
	static const struct {
		const char *ko, *line;
	} bad[] = {
		{ "/lib/ward/ward-badlayout-1.ko",
		  "struct mount layout differs from compat.h: not loading" },
		{ "/lib/ward/ward-badlayout-2.ko",
		  "struct proc_inode layout differs from kstate.c: not loading" },
	};
	unsigned int i;

	ASSERT_EQ(0, ward_ensure_unloaded());
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_FALSE(ward_kmsg_find(0, bad[i].line, "ward: ", NULL))
			TH_LOG("%s before the load", bad[i].line);
		EXPECT_EQ(-EINVAL, ward_load_path(bad[i].ko, "")) TH_LOG("%s", bad[i].ko);
		EXPECT_FALSE(ward_is_loaded());
		EXPECT_TRUE(ward_kmsg_find(3000, bad[i].line, "ward: ", NULL))
			TH_LOG("no line '%s'", bad[i].line);
	}
	ASSERT_EQ(0, ward_load());
	ASSERT_TRUE(ward_is_loaded());
}

/* Counters the workers share with the test. */
struct work {
	long mounts, mount_err;
	long environ, environ_err;
	long sockets, sockets_afnosupport, socket_err;
	int last_errno;
};

static void __attribute__((noreturn)) worker_mount(struct work *w)
{
	for (;;) {
		int ret = mount_tmpfs();

		if (ret) {
			__atomic_add_fetch(&w->mount_err, 1, __ATOMIC_RELAXED);
			w->last_errno = -ret;
			usleep(1000);
		} else {
			__atomic_add_fetch(&w->mounts, 1, __ATOMIC_RELAXED);
		}
	}
}

static void __attribute__((noreturn)) worker_environ(struct work *w,
						     pid_t target)
{
	char path[64], buf[4096];

	snprintf(path, sizeof(path), "/proc/%d/environ", target);
	for (;;) {
		ssize_t ret = ward_read_file(path, buf, sizeof(buf));

		if (ret < 0) {
			__atomic_add_fetch(&w->environ_err, 1, __ATOMIC_RELAXED);
			w->last_errno = -ret;
			usleep(1000);
		} else {
			__atomic_add_fetch(&w->environ, 1, __ATOMIC_RELAXED);
		}
	}
}

/*
 * socket() of a family whose module is not loaded (kmods.h: AF_CAN, or
 * PF_KEY where the flavour has no CAN): the kernel asks modprobe for
 * "net-pf-N" through the module_request hook.  Unload the modules again
 * after each success so that every call autoloads.
 */
static void __attribute__((noreturn)) worker_socket(struct work *w,
						    const struct ward_autoload *a)
{
	for (;;) {
		int err = ward_autoload_socket(a);

		if (!err) {
			__atomic_add_fetch(&w->sockets, 1, __ATOMIC_RELAXED);
			ward_autoload_unload_nowait(a);
		} else if (err == EAFNOSUPPORT) {
			__atomic_add_fetch(&w->sockets_afnosupport, 1,
					   __ATOMIC_RELAXED);
		} else {
			__atomic_add_fetch(&w->socket_err, 1, __ATOMIC_RELAXED);
			w->last_errno = err;
			usleep(1000);
		}
	}
}

static long load(long *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static long socket_calls(struct work *w)
{
	return load(&w->sockets) + load(&w->sockets_afnosupport);
}

/*
 * Wait up to @ms until the workers have made progress past @base: the
 * mount and environ workers, and the socket worker too if @sockets (one
 * autoload round trip through modprobe takes about a second under TCG, so
 * it is not awaited in every phase of every cycle).
 */
static bool progressed(struct work *w, struct work *base, bool sockets,
		       int ms)
{
	for (; ms > 0; ms -= 10) {
		if (load(&w->mounts) > base->mounts &&
		    load(&w->environ) > base->environ &&
		    (!sockets || socket_calls(w) > socket_calls(base)))
			return true;
		usleep(10 * 1000);
	}
	return false;
}

/*
 * issue 2: 20 load/unload cycles (WARD_CYCLES; make check-debug runs 100,
 * or 1000, under kmemleak) while other processes keep calling the hooked
 * paths (mount/umount, /proc/PID/environ, socket() autoload); any kernel
 * warning fails the run (panic_on_warn=1, console judge).  The time limit
 * is the one check-debug's 1000 cycles need (2.5 h); run-tests'
 * per-binary limit still bounds the default run.
 */
TEST_F_TIMEOUT(base, load_unload_cycles_under_load, 14400)
{
	const char *env = getenv("WARD_CYCLES");
	int cycles = env ? atoi(env) : CYCLES;
	const struct ward_autoload *a = ward_autoload_pick();
	struct hook hooks[MAX_HOOKS];
	struct work *w, before;
	pid_t pid;
	int i;

	ASSERT_LT(0, cycles) TH_LOG("WARD_CYCLES=%s", env);

	ASSERT_NE(NULL, a) TH_LOG("no autoloadable socket module (kmods.h) in the guest");
	TH_LOG("autoload: %s", a->name);
	w = mmap(NULL, sizeof(*w), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, w);
	memset(w, 0, sizeof(*w));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		worker_mount(w);
	self->workers[self->nworkers++] = pid;

	/* read the environment of the mount worker: another process */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		worker_environ(w, self->workers[0]);
	self->workers[self->nworkers++] = pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		worker_socket(w, a);
	self->workers[self->nworkers++] = pid;

	memset(&before, 0, sizeof(before));
	ASSERT_TRUE(progressed(w, &before, true, 60000))
		TH_LOG("workers idle: mounts=%ld environ=%ld sockets=%ld+%ld errno=%d",
		       w->mounts, w->environ, w->sockets,
		       w->sockets_afnosupport, w->last_errno);

	for (i = 0; i < cycles; i++) {
		ASSERT_EQ(0, unload_retry()) TH_LOG("cycle %d", i);
		ASSERT_FALSE(ward_is_loaded());
		before = *w;
		ASSERT_TRUE(progressed(w, &before, false, 60000))
			TH_LOG("cycle %d: workers stalled while unloaded", i);
		ASSERT_EQ(0, ward_load()) TH_LOG("cycle %d", i);
		ASSERT_LT(0, read_hooks(_metadata, hooks)) TH_LOG("cycle %d", i);
		before = *w;
		ASSERT_TRUE(progressed(w, &before, i % 5 == 0, 60000))
			TH_LOG("cycle %d: workers stalled while loaded", i);
	}

	TH_LOG("%d cycles; mounts=%ld environ=%ld sockets=%ld afnosupport=%ld",
	       cycles, w->mounts, w->environ, w->sockets, w->sockets_afnosupport);
	/* Host tasks are not confined: every call succeeded. */
	EXPECT_EQ(0, w->mount_err) TH_LOG("mount: %s", strerror(w->last_errno));
	EXPECT_EQ(0, w->environ_err) TH_LOG("environ: %s", strerror(w->last_errno));
	EXPECT_EQ(0, w->socket_err) TH_LOG("socket: %s", strerror(w->last_errno));
	/* The image's module is in the guest: autoload works for the host. */
	EXPECT_LT(0, w->sockets);
	ASSERT_TRUE(ward_is_loaded());
}

/*
 * issue 2: sysctl kernel.ftrace_enabled=0 cannot switch Ward's hooks off
 * (FTRACE_OPS_FL_PERMANENT): EBUSY, the hooks stay attached and keep
 * counting.  Positive control: without Ward the same write succeeds.
 */
TEST_F(base, ftrace_enabled_busy)
{
	struct hook hooks[MAX_HOOKS];
	unsigned long long before, after;
	char buf[16];
	int n;

	/* control: without Ward, ftrace can be switched off (and on again) */
	ASSERT_EQ(0, unload_retry());
	ASSERT_EQ(0, ward_write_file(FTRACE_ENABLED, "0"));
	ASSERT_LT(0, ward_read_file(FTRACE_ENABLED, buf, sizeof(buf)));
	ASSERT_STREQ("0\n", buf);
	ASSERT_EQ(0, ward_write_file(FTRACE_ENABLED, "1"));
	ASSERT_EQ(0, ward_load());

	ASSERT_EQ(-EBUSY, ward_write_file(FTRACE_ENABLED, "0"));
	ASSERT_LT(0, ward_read_file(FTRACE_ENABLED, buf, sizeof(buf)));
	ASSERT_STREQ("1\n", buf);

	n = read_hooks(_metadata, hooks);
	ASSERT_LT(0, n);
	before = mount_calls(hooks, n);
	ASSERT_EQ(0, mount_tmpfs());
	n = read_hooks(_metadata, hooks);
	ASSERT_LT(0, n);
	after = mount_calls(hooks, n);
	EXPECT_LT(before, after) TH_LOG("mount hook calls %llu -> %llu",
					before, after);
}

#define ENABLED_FUNCTIONS	"/sys/kernel/tracing/enabled_functions"

struct ftrace_records {
	int direct;	/* records whose direct call is ward_trampoline */
	int shared;	/* ... of them traced by another ftrace_ops too */
	int guard;	/* records of ward_guard_site, the guard's function */
};

/* Count Ward's records in enabled_functions (kernel/trace/ftrace.c t_show). */
static int read_records(struct __test_metadata *_metadata,
			struct ftrace_records *r)
{
	char line[512], rec[512] = "";
	long count = 0;
	FILE *f;

	memset(r, 0, sizeof(*r));
	f = fopen(ENABLED_FUNCTIONS, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		const char *c;

		if (!strncmp(line, "\tdirect-->", 10)) {
			if (strncmp(line + 10, "ward_trampoline", 15))
				continue;
			r->direct++;
			if (count != 1) {
				r->shared++;
				TH_LOG("traced twice: %s", rec);
			}
			continue;
		}
		if (line[0] == '\t')
			continue;
		snprintf(rec, sizeof(rec), "%s", line);
		c = strstr(line, " (");
		count = c ? strtol(c + 2, NULL, 10) : 0;
		if (!strncmp(line, "ward_guard_site ", 16)) {
			r->guard++;
			EXPECT_EQ(1, count) TH_LOG("guard record: %s", line);
		}
	}
	fclose(f);
	return 0;
}

/*
 * issue 12: every hook target is traced by Ward's direct call alone.  A
 * function that a second ftrace_ops also traces leaves its direct call for
 * ftrace's list trampoline (a whole pt_regs saved, every ops asked): the
 * guard of ftrace_enabled_busy once sat on cgroup_attach_permissions and
 * made each cgroup move about 450 instructions dearer.  The guard has a
 * record of its own, on ward_guard_site.  Positive control: without Ward,
 * no record is Ward's.
 */
TEST_F(base, hooks_direct_only)
{
	struct hook hooks[MAX_HOOKS];
	struct ftrace_records r;
	int attached = 0, i, n;

	ASSERT_EQ(0, unload_retry());
	ASSERT_EQ(0, read_records(_metadata, &r))
		TH_LOG("%s: %s", ENABLED_FUNCTIONS, strerror(errno));
	EXPECT_EQ(0, r.direct);
	EXPECT_EQ(0, r.guard);
	ASSERT_EQ(0, ward_load());

	n = read_hooks(_metadata, hooks);
	for (i = 0; i < n; i++)
		attached += !strcmp(hooks[i].state, "attached");
	ASSERT_LT(20, attached);
	ASSERT_EQ(0, read_records(_metadata, &r));
	EXPECT_EQ(attached, r.direct);
	EXPECT_EQ(0, r.shared);
	EXPECT_EQ(1, r.guard);
}

static int open_status(void *arg)
{
	(void)arg;
	return -ward_can_open(WARD_STATUS, O_RDONLY);
}

static int open_status_as_userns_root(void *arg)
{
	(void)arg;
	if (getuid() != 0 || geteuid() != 0)
		return 100;
	return -ward_can_open(WARD_STATUS, O_RDONLY);
}

/* R-CTL: a non-root user cannot open status (EPERM; DAC would allow it) */
TEST_F(base, status_refused_to_nobody)
{
	static char st[WARD_STATUS_MAX];
	struct stat sb;

	/* control: the host administrator can */
	ASSERT_EQ(0, ward_can_open(WARD_STATUS, O_RDONLY));
	ASSERT_LT(0, ward_read_status(st, sizeof(st)));
	ASSERT_EQ(0, open_status(NULL));

	/* the file's mode lets everybody read: the refusal is Ward's */
	ASSERT_EQ(0, stat(WARD_STATUS, &sb));
	EXPECT_EQ(0444U, sb.st_mode & 0444) TH_LOG("mode %o", sb.st_mode);

	ASSERT_EQ(EPERM, ward_fork_as(WARD_NOBODY, WARD_NOBODY, open_status,
				      NULL));
}

/* R-CTL: root in a new user namespace (uid 0 -> host 0) cannot open status */
TEST_F(base, status_refused_to_userns_root)
{
	/* control: root outside the namespace can */
	ASSERT_EQ(0, open_status_as_userns_root(NULL));

	ASSERT_EQ(EPERM, ward_fork_userns(0, 0, 0, open_status_as_userns_root,
					  NULL));
}

TEST_HARNESS_MAIN
