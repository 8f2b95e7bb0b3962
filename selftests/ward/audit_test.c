// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - the audit rate limit is per domain (R-AUD)
 *
 * A noisy domain makes many more denials than the audit rate limit lets
 * through (50 per 5 s).  A quiet domain's single denial right after must
 * still reach the kernel log as an audit record, and the status file
 * counts the suppressed records per domain: the noisy domain's, none of
 * the quiet one's.  The events ring keeps every report of both.
 *
 * Without an audit daemon the kernel prints audit records under
 * printk_ratelimit() (10 per 5 s); the test raises that burst while it
 * runs, as seccomp_test does, so that only Ward's limit is measured.
 *
 * The audit record logs comm and exe with the audit subsystem's
 * untrusted-string logging: a name with a space is hex-encoded.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/kexec.h>
#include <sys/syscall.h>
#include <time.h>

#include "fixture.h"
#include "kselftest_harness.h"

#define NOISY_DENIALS	200

static const char policy_text[] =
	"# audit_test\n"
	"domain noisy {\n"
	"    mode enforce\n"
	"}\n"
	"domain quiet {\n"
	"    mode enforce\n"
	"}\n";

/* kexec_load(0, 0, NULL, 0): refused to every domain (op=kexec). */
static int kexec_once(void)
{
	if (syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL))
		return errno;
	return 0;
}

static int do_noisy(void *arg)
{
	int i, e = 0;

	(void)arg;
	for (i = 0; i < NOISY_DENIALS; i++) {
		e = kexec_once();
		if (e != EACCES)
			return e ? e : WARD_CHILD_SETUP_FAILED;
	}
	return e;
}

static int do_quiet(void *arg)
{
	(void)arg;
	return kexec_once();
}

/* comm "ward audit x": a space, which the audit log must hex-encode. */
static int do_spaced_comm(void *arg)
{
	(void)arg;
	if (prctl(PR_SET_NAME, "ward audit x"))
		return WARD_CHILD_SETUP_FAILED;
	return kexec_once();
}

/* Whether the kernel log has a line with every string, within @ms. */
static bool kmsg_has(int ms, const char *a, const char *b)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	char rec[8192];
	int waited;

	for (waited = 0; waited <= ms; waited += 50) {
		int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

		if (fd < 0)
			return false;
		for (;;) {
			ssize_t n = read(fd, rec, sizeof(rec) - 1);

			if (n < 0 && errno == EPIPE)
				continue;
			if (n <= 0)
				break;
			rec[n] = '\0';
			if (strstr(rec, a) && strstr(rec, b)) {
				close(fd);
				return true;
			}
		}
		close(fd);
		nanosleep(&ts, NULL);
	}
	return false;
}

/* The value N of "domain-audit @name suppressed=N" in status, or -1. */
static long long status_suppressed(const char *name)
{
	char *buf = malloc(WARD_STATUS_MAX), key[128], *p;
	long long n = -1;

	if (!buf)
		return -1;
	snprintf(key, sizeof(key), "\ndomain-audit %s suppressed=", name);
	if (ward_read_file(WARD_STATUS, buf, WARD_STATUS_MAX) > 0) {
		p = strstr(buf, key);
		if (p)
			n = strtoll(p + strlen(key), NULL, 10);
	}
	free(buf);
	return n;
}

#define PRINTK_BURST	"/proc/sys/kernel/printk_ratelimit_burst"

FIXTURE(audit) {
	char noisy[PATH_MAX];
	char quiet[PATH_MAX];
	char burst[32];
};

FIXTURE_SETUP(audit)
{
	char err[512] = "";

	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ASSERT_EQ(0, ward_domain_prepare("noisy"));
	ASSERT_EQ(0, ward_domain_prepare("quiet"));
	ward_domain_cgroup("noisy", self->noisy, sizeof(self->noisy));
	ward_domain_cgroup("quiet", self->quiet, sizeof(self->quiet));
	ASSERT_LT(0, ward_read_file(PRINTK_BURST, self->burst,
				    sizeof(self->burst)));
	ASSERT_EQ(0, ward_write_file(PRINTK_BURST, "100000"));
}

FIXTURE_TEARDOWN(audit)
{
	ward_write_file(PRINTK_BURST, self->burst);
	ward_reset();
}

TEST_F(audit, per_domain_rate_limit)
{
	char pidstr[32];
	pid_t pid;
	int code;

	code = ward_run_in(self->noisy, do_noisy, &pid);
	ASSERT_EQ(EACCES, code) TH_LOG("noisy: %s", strerror(code));

	code = ward_run_in(self->quiet, do_quiet, &pid);
	ASSERT_EQ(EACCES, code);
	snprintf(pidstr, sizeof(pidstr), " pid=%d ", pid);
	ASSERT_TRUE(kmsg_has(3000, "ward op=kexec domain=quiet", pidstr))
		TH_LOG("the quiet domain's audit record is missing");

	/* 200 denials, at most 50 of them audited; none of quiet's lost */
	ASSERT_LE(NOISY_DENIALS - 50, status_suppressed("noisy"));
	ASSERT_EQ(0, status_suppressed("quiet"));
	/* the ring has every report of both */
	ASSERT_TRUE(ward_events_has("op=kexec domain=quiet verdict=deny pid=%d",
				    pid));
}

/* comm with a space: hex-encoded in the audit record, cleaned in events. */
TEST_F(audit, untrusted_comm)
{
	char pidstr[32];
	pid_t pid;

	ASSERT_EQ(EACCES, ward_run_in(self->quiet, do_spaced_comm, &pid));
	snprintf(pidstr, sizeof(pidstr), " pid=%d ", pid);
	/* "ward audit x" in hex */
	ASSERT_TRUE(kmsg_has(3000, pidstr, "comm=776172642061756469742078 exe="))
		TH_LOG("comm not hex-encoded in the audit record");
	ASSERT_TRUE(ward_events_has("op=kexec domain=quiet pid=%d comm=ward?audit?x",
				    pid));
}

TEST_HARNESS_MAIN
