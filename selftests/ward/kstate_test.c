// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - host-global kernel state reached without a mount
 *
 * A domain task with root's capabilities and a writable /proc/sys and
 * /sys (as --privileged leaves them) is refused, with EACCES:
 *
 *   kernel.core_pattern, kernel.modprobe   global sysctls
 *   /proc/sysrq-trigger                    a proc_create() file ('m', which
 *                                          only prints memory information)
 *   /sys/kernel/mm/ksm/pages_to_scan       a host-wide setting in sysfs,
 *                                          as /sys/kernel/uevent_helper
 *                                          (which Debian's kernel lacks)
 *   open_by_handle_at()                    a file of the host's tmpfs
 *   perf_event_open()                      a tracepoint, and a software
 *                                          event counting in the kernel
 *
 * net.ipv4.ip_forward and kernel.hostname are refused too when the domain
 * task shares the host's network and UTS namespaces (--net=host).
 *
 * The positive controls: the host does each of them, and the domain task
 * keeps what is its own: net.* of its own network namespace,
 * kernel.hostname of its own UTS namespace, the IPC limits of its own IPC
 * namespace, and perf events that exclude the kernel.  A complaining
 * domain does everything and each is reported; an enforcing domain with
 * "kernel-state allow" does everything and nothing is reported.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/perf_event.h>
#include <sys/syscall.h>

#include "fixture.h"
#include "kselftest_harness.h"

static const char policy_text[] =
	"# kstate_test\n"
	"domain strict {\n"
	"    mode enforce\n"
	"}\n"
	"domain watch {\n"
	"    mode complain\n"
	"}\n"
	"domain hostmgr {\n"
	"    mode enforce\n"
	"    kernel-state allow\n"
	"}\n";

#define CORE_PATTERN	"/proc/sys/kernel/core_pattern"
#define MODPROBE	"/proc/sys/kernel/modprobe"
#define UEVENT_HELPER	"/sys/kernel/uevent_helper"
#define SYSRQ		"/proc/sysrq-trigger"
#define KSM_SCAN	"/sys/kernel/mm/ksm/pages_to_scan"
#define HANDLE_FILE	"/tmp/ward-kstate-handle"

/* Write @val to @path in a new namespace if @ns; 0 or the errno. */
static int write_in(const char *path, const char *val, int ns)
{
	if (ns && unshare(ns))
		return WARD_CHILD_SETUP_FAILED;
	return -ward_write_file(path, val);
}

static char saved_core[256], saved_modprobe[256], saved_helper[256];
static char saved_ksm[32];

static int w_core(void *arg)
{
	(void)arg;
	return write_in(CORE_PATTERN, "|/tmp/ward-escape", 0);
}

static int w_modprobe(void *arg)
{
	(void)arg;
	return write_in(MODPROBE, "/tmp/ward-escape", 0);
}

static int w_ksm(void *arg)
{
	(void)arg;
	return write_in(KSM_SCAN, "123", 0);
}

static int w_sysrq(void *arg)
{
	(void)arg;
	return write_in(SYSRQ, "m", 0);
}

/* The host's network and UTS namespaces, shared: refused. */
#define IP_FORWARD	"/proc/sys/net/ipv4/ip_forward"
#define HOSTNAME	"/proc/sys/kernel/hostname"
static char saved_fwd[8], saved_host[80];

static int w_host_net(void *arg)
{
	(void)arg;
	return write_in(IP_FORWARD, saved_fwd[0] == '1' ? "0" : "1", 0);
}

static int w_host_hostname(void *arg)
{
	(void)arg;
	return write_in(HOSTNAME, "ward-escape", 0);
}

/* Own namespaces: allowed. */
static int w_net(void *arg)
{
	(void)arg;
	return write_in("/proc/sys/net/ipv4/ip_forward", "1", CLONE_NEWNET);
}

static int w_hostname(void *arg)
{
	(void)arg;
	return write_in("/proc/sys/kernel/hostname", "ward-ct", CLONE_NEWUTS);
}

static int w_ipc(void *arg)
{
	(void)arg;
	return write_in("/proc/sys/kernel/msgmax", "4096", CLONE_NEWIPC);
}

/*
 * cgroup v2: a file of a cgroup outside the container (the host's), and
 * the same file of the container's own cgroup.  cgroup v1: a named
 * hierarchy's release_agent (CVE-2022-0492).
 */
#define VICTIM_MAX	WARD_TEST_CGROUP "/kstate-victim/cgroup.max.descendants"
#define V1_DIR		"/tmp/ward-kstate-v1"
#define RELEASE_AGENT	V1_DIR "/release_agent"
static char own_max[PATH_MAX + 32];

static int w_cg_victim(void *arg)
{
	(void)arg;
	return write_in(VICTIM_MAX, "7", 0);
}

static int w_cg_own(void *arg)
{
	(void)arg;
	return write_in(own_max, "7", 0);
}

static int w_release_agent(void *arg)
{
	(void)arg;
	return write_in(RELEASE_AGENT, "/tmp/ward-escape", 0);
}

/* open_by_handle_at() of a file of the host's /tmp. */
static int do_by_handle(void *arg)
{
	struct {
		struct file_handle fh;
		unsigned char buf[MAX_HANDLE_SZ];
	} h;
	int mount_id, mfd, fd;

	(void)arg;
	h.fh.handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, HANDLE_FILE, &h.fh, &mount_id, 0))
		return WARD_CHILD_SETUP_FAILED;
	mfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0)
		return WARD_CHILD_SETUP_FAILED;
	fd = open_by_handle_at(mfd, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	close(mfd);
	return 0;
}

static long perf_open(struct perf_event_attr *attr)
{
	return syscall(SYS_perf_event_open, attr, 0, -1, -1, 0);
}

/* The id of the sched:sched_switch tracepoint, from tracefs. */
static unsigned long long tp_id;

static int do_perf_tracepoint(void *arg)
{
	struct perf_event_attr a = { .size = sizeof(a) };
	long fd;

	(void)arg;
	a.type = PERF_TYPE_TRACEPOINT;
	a.config = tp_id;
	fd = perf_open(&a);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int perf_sw(bool exclude_kernel)
{
	struct perf_event_attr a = { .size = sizeof(a) };
	long fd;

	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.exclude_kernel = exclude_kernel;
	a.exclude_hv = exclude_kernel;
	fd = perf_open(&a);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int do_perf_sw_kernel(void *arg)
{
	(void)arg;
	return perf_sw(false);
}

static int do_perf_sw_user(void *arg)
{
	(void)arg;
	return perf_sw(true);
}

FIXTURE(kstate) {
	char cg[PATH_MAX];
};

FIXTURE_VARIANT(kstate) {
	const char *domain;
	bool complain;
	bool allowed;		/* kernel-state allow: the host's view */
};

FIXTURE_VARIANT_ADD(kstate, enforce) {
	.domain = "strict",
};

FIXTURE_VARIANT_ADD(kstate, complain) {
	.domain = "watch", .complain = true,
};

/* The positive control in a domain: an enforcing "kernel-state allow". */
FIXTURE_VARIANT_ADD(kstate, allowed) {
	.domain = "hostmgr", .allowed = true,
};

static void restore(void)
{
	if (saved_core[0])
		ward_write_file(CORE_PATTERN, saved_core);
	if (saved_modprobe[0])
		ward_write_file(MODPROBE, saved_modprobe);
	if (!access(UEVENT_HELPER, F_OK))
		ward_write_file(UEVENT_HELPER,
				saved_helper[0] ? saved_helper : "\n");
	if (saved_ksm[0])
		ward_write_file(KSM_SCAN, saved_ksm);
	if (saved_fwd[0])
		ward_write_file(IP_FORWARD, saved_fwd);
	if (saved_host[0])
		ward_write_file(HOSTNAME, saved_host);
}

FIXTURE_SETUP(kstate)
{
	char err[512] = "";
	int ret;

	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = ward_domain_prepare(variant->domain);
	ASSERT_EQ(0, ret) TH_LOG("bind: %s", strerror(-ret));
	ward_domain_cgroup(variant->domain, self->cg, sizeof(self->cg));
	ASSERT_LT(0, ward_read_file(CORE_PATTERN, saved_core,
				    sizeof(saved_core)));
	ASSERT_LT(0, ward_read_file(MODPROBE, saved_modprobe,
				    sizeof(saved_modprobe)));
	if (ward_read_file(UEVENT_HELPER, saved_helper,
			   sizeof(saved_helper)) < 0)
		saved_helper[0] = '\0';
	if (ward_read_file(KSM_SCAN, saved_ksm, sizeof(saved_ksm)) < 0)
		saved_ksm[0] = '\0';
	ASSERT_LT(0, ward_read_file(IP_FORWARD, saved_fwd, sizeof(saved_fwd)));
	ASSERT_LT(0, ward_read_file(HOSTNAME, saved_host, sizeof(saved_host)));
}

FIXTURE_TEARDOWN(kstate)
{
	restore();
	ward_reset();
}

/*
 * The domain child gets EACCES (or, complaining, 0 and an event; with
 * "kernel-state allow", 0 and no event).
 */
static void expect(struct __test_metadata *_metadata,
		   const FIXTURE_VARIANT(kstate) *variant, int code, pid_t pid,
		   const char *op)
{
	if (variant->allowed) {
		ASSERT_EQ(0, code) TH_LOG("%s: %s", op, strerror(code));
		ASSERT_FALSE(ward_events_has("op=%s domain=%s pid=%d", op,
					     variant->domain, pid))
			TH_LOG("event op=%s", op);
	} else if (variant->complain) {
		ASSERT_EQ(0, code) TH_LOG("%s: %s", op, strerror(code));
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=complain verdict=allow pid=%d",
			op, variant->domain, pid)) TH_LOG("no event op=%s", op);
	} else {
		ASSERT_EQ(EACCES, code) TH_LOG("%s: %s", op, strerror(code));
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=enforce verdict=deny pid=%d",
			op, variant->domain, pid)) TH_LOG("no event op=%s", op);
	}
}

/* Whether @path holds @val (a write of it went through). */
static bool holds(const char *path, const char *val)
{
	char buf[256];

	return ward_read_file(path, buf, sizeof(buf)) > 0 &&
	       !strncmp(buf, val, strlen(val));
}

static void check_write(struct __test_metadata *_metadata,
			FIXTURE_DATA(kstate) *self,
			const FIXTURE_VARIANT(kstate) *variant,
			int (*fn)(void *), const char *path, const char *val,
			const char *op)
{
	pid_t pid;
	int code;

	code = ward_run_in(self->cg, fn, &pid);
	expect(_metadata, variant, code, pid, op);
	if (val)
		ASSERT_EQ(variant->complain || variant->allowed,
			  holds(path, val));
	restore();

	/* the positive control */
	code = ward_run_in(NULL, fn, &pid);
	ASSERT_EQ(0, code) TH_LOG("host: %s", strerror(code));
	if (val)
		ASSERT_TRUE(holds(path, val));
	restore();
}

TEST_F(kstate, core_pattern)
{
	check_write(_metadata, self, variant, w_core, CORE_PATTERN,
		    "|/tmp/ward-escape", "sysctl_write");
}

TEST_F(kstate, modprobe)
{
	check_write(_metadata, self, variant, w_modprobe, MODPROBE,
		    "/tmp/ward-escape", "sysctl_write");
}

TEST_F(kstate, sysfs_ksm_pages_to_scan)
{
	if (!saved_ksm[0])
		SKIP(return, "no " KSM_SCAN);
	check_write(_metadata, self, variant, w_ksm, KSM_SCAN, "123",
		    "sysfs_write");
}

TEST_F(kstate, sysrq_trigger)
{
	check_write(_metadata, self, variant, w_sysrq, SYSRQ, NULL,
		    "proc_write");
}

/* net.* and the hostname of the host's namespaces, shared: refused. */
TEST_F(kstate, host_netns_sysctl)
{
	check_write(_metadata, self, variant, w_host_net, IP_FORWARD,
		    saved_fwd[0] == '1' ? "0" : "1", "sysctl_write");
}

TEST_F(kstate, host_hostname)
{
	check_write(_metadata, self, variant, w_host_hostname, HOSTNAME,
		    "ward-escape", "sysctl_write");
}

/*
 * A cgroup outside the container (cgroup.kill or cgroup.freeze of the
 * host's services would be the attack; cgroup.max.descendants is the
 * harmless probe) is refused; the container's own cgroup stays writable
 * in every mode, unreported.
 */
TEST_F(kstate, cgroup2_write_outside_container)
{
	pid_t pid;

	ASSERT_EQ(0, ward_cgroup_make("kstate-victim", NULL, 0));
	check_write(_metadata, self, variant, w_cg_victim, VICTIM_MAX, "7",
		    "cgroup_write");
	snprintf(own_max, sizeof(own_max), "%s/cgroup.max.descendants",
		 self->cg);
	ASSERT_EQ(0, ward_run_in(self->cg, w_cg_own, &pid));
	ASSERT_TRUE(holds(own_max, "7"));
	ASSERT_FALSE(ward_events_has("op=cgroup_write domain=%s pid=%d",
				     variant->domain, pid));
}

/* A cgroup v1 hierarchy's release_agent: a program the host runs. */
TEST_F(kstate, cgroup1_release_agent)
{
	ASSERT_TRUE(!mkdir(V1_DIR, 0755) || errno == EEXIST);
	ASSERT_EQ(0, mount("cgroup", V1_DIR, "cgroup", 0, "none,name=wardtest"))
		TH_LOG("cgroup v1 mount: %s", strerror(errno));
	check_write(_metadata, self, variant, w_release_agent, RELEASE_AGENT,
		    "/tmp/ward-escape", "cgroup_write");
	EXPECT_EQ(0, ward_write_file(RELEASE_AGENT, "\n"));
	EXPECT_EQ(0, umount(V1_DIR));
}

/* What is the container's own stays writable in every mode. */
TEST_F(kstate, own_namespaces_writable)
{
	pid_t pid;

	ASSERT_EQ(0, ward_run_in(self->cg, w_net, &pid));
	ASSERT_EQ(0, ward_run_in(self->cg, w_hostname, &pid));
	ASSERT_EQ(0, ward_run_in(self->cg, w_ipc, &pid));
	ASSERT_FALSE(ward_events_has("op=sysctl_write domain=%s pid=%d",
				     variant->domain, pid));
}

TEST_F(kstate, open_by_handle_at)
{
	pid_t pid;
	int code;

	code = open(HANDLE_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT_LE(0, code);
	close(code);
	code = ward_run_in(self->cg, do_by_handle, &pid);
	expect(_metadata, variant, code, pid, "open_by_handle");
	code = ward_run_in(NULL, do_by_handle, &pid);
	ASSERT_EQ(0, code) TH_LOG("host: %s", strerror(code));
	unlink(HANDLE_FILE);
}

TEST_F(kstate, perf_tracepoint)
{
	char buf[32];
	pid_t pid;
	int code;

	if (ward_read_file("/sys/kernel/tracing/events/sched/sched_switch/id",
			   buf, sizeof(buf)) <= 0)
		SKIP(return, "no sched_switch tracepoint in tracefs");
	tp_id = strtoull(buf, NULL, 10);
	code = ward_run_in(self->cg, do_perf_tracepoint, &pid);
	expect(_metadata, variant, code, pid, "perf_event_open");
	code = ward_run_in(NULL, do_perf_tracepoint, &pid);
	ASSERT_EQ(0, code) TH_LOG("host: %s", strerror(code));
}

TEST_F(kstate, perf_kernel_counting)
{
	pid_t pid;
	int code;

	code = ward_run_in(self->cg, do_perf_sw_kernel, &pid);
	expect(_metadata, variant, code, pid, "perf_event_open");
	ASSERT_EQ(0, ward_run_in(NULL, do_perf_sw_kernel, &pid));
	/* user-only counting stays allowed */
	ASSERT_EQ(0, ward_run_in(self->cg, do_perf_sw_user, &pid));
}

TEST_HARNESS_MAIN
