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
 * The audit record logs comm, exe and the object's names (paths, module
 * names, mount types) as the audit subsystem logs untrusted strings: one
 * with a space or a quote is hex-encoded, a plain one quoted.
 *
 * wardctl's machine-readable output of the same facts: "status --json"
 * and "events --json" are parsed with json-c (strictly, UTF-8 checked) and
 * their fields compared with the status file, the refusal just made and
 * the text line; "events -f" (text and JSON) prints nothing until the
 * refusal, then its line within 5 s, and follows until killed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/kexec.h>
#include <sys/syscall.h>
#include <time.h>
#include <json-c/json.h>

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
	ASSERT_TRUE(ward_kmsg_find(3000, "ward op=kexec domain=quiet", pidstr, NULL))
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
	ASSERT_TRUE(ward_kmsg_find(3000, pidstr, "comm=776172642061756469742078 exe=", NULL))
		TH_LOG("comm not hex-encoded in the audit record");
	ASSERT_TRUE(ward_events_has("op=kexec domain=quiet pid=%d comm=ward?audit?x",
				    pid));
}

#define PLAIN_DIR	"/tmp/ward-audit-plain"
#define ODD_DIR		"/tmp/ward audit \"x\""

/*
 * Mount a tmpfs on @dir, in a private mount namespace, in @cg (or on the
 * host if NULL): the child's errno, and its pid in @pidp.
 */
static int mount_in(const char *cg, const char *dir, pid_t *pidp)
{
	pid_t pid = ward_fork_in_cgroup(cg, WARD_FORK_NEWNS);

	*pidp = pid;
	if (pid < 0)
		return pid;
	if (pid == 0)
		_exit(ward_try_mount_tmpfs(dir));
	return ward_wait_exit(pid);
}

/*
 * Names a task chose (the mount's path and type string): in the audit
 * record a plain one in double quotes, one with a space or a quote in
 * upper-case hex, as audit_log_untrustedstring() logs them; cleaned in
 * the event line.  Control: the host mounts on both paths.
 */
TEST_F(audit, untrusted_names)
{
	char pidstr[32], hex[2 * sizeof(ODD_DIR)], *h = hex;
	const char *s;
	pid_t pid;

	for (s = ODD_DIR; *s; s++)
		h += sprintf(h, "%02X", (unsigned char)*s);
	ASSERT_EQ(0, mount_in(NULL, PLAIN_DIR, &pid));
	ASSERT_EQ(0, mount_in(NULL, ODD_DIR, &pid));

	ASSERT_EQ(EACCES, mount_in(self->quiet, PLAIN_DIR, &pid));
	snprintf(pidstr, sizeof(pidstr), " pid=%d ", pid);
	ASSERT_TRUE(ward_kmsg_find(3000, "ward op=mount domain=quiet", pidstr,
				   " fstype=tmpfs type=\"tmpfs\" path=\"" PLAIN_DIR "\"",
				   NULL))
		TH_LOG("no record with the quoted path %s", PLAIN_DIR);
	ASSERT_TRUE(ward_events_has("op=mount domain=quiet pid=%d type=tmpfs path=%s",
				    pid, PLAIN_DIR));

	ASSERT_EQ(EACCES, mount_in(self->quiet, ODD_DIR, &pid));
	snprintf(pidstr, sizeof(pidstr), " pid=%d ", pid);
	ASSERT_TRUE(ward_kmsg_find(3000, "ward op=mount domain=quiet", pidstr,
				   " type=\"tmpfs\" path=", hex, NULL))
		TH_LOG("no record with the path in hex, %s", hex);
	ASSERT_TRUE(ward_events_has("op=mount domain=quiet pid=%d type=tmpfs path=/tmp/ward?audit??x?",
				    pid));
}

/* ---------------------------------------------------------------------
 * wardctl status --json, events --json, events -f
 */

/* @text[0..@len) as one JSON value, strictly (UTF-8 checked); or NULL. */
static struct json_object *json_strict(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;

	if (!tok)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, len);
	if (o && (json_tokener_get_error(tok) != json_tokener_success ||
		  json_tokener_get_parse_end(tok) != len)) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* Member @key of @o as JSON text ("(none)" if missing), for comparisons. */
static const char *jtext(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "(none)";
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* Member @key of @o as an unsigned number, or -1 if it is not one. */
static long long jnum(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	return (long long)json_object_get_uint64(v);
}

/* Member @key of @o if it is an object, else NULL. */
static struct json_object *jobj_or_null(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

/* `wardctl status --json`, parsed; NULL if it fails or is not one line. */
static struct json_object *status_json(void)
{
	char out[WARD_STATUS_MAX], err[512];

	if (ward_wardctl(out, sizeof(out), err, sizeof(err), "status",
			 "--json", NULL) || !ward_one_line(out)) {
		fprintf(stderr, "# status --json: %s%s", out, err);
		return NULL;
	}
	return json_strict(out, strlen(out) - 1);
}

/* The event of @pid in JSON lines @out; its count in @n, bad lines in @bad. */
static struct json_object *find_event(char *out, pid_t pid, int *n, int *bad)
{
	struct json_object *found = NULL;
	char *line, *save = NULL;

	*n = 0;
	*bad = 0;
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct json_object *o = json_strict(line, strlen(line));
		const char *type = o ? jtext(o, "type") : "";

		/* the kernel's own lines all have a documented form */
		if (!o || (strcmp(type, "\"event\"") && strcmp(type, "\"lost\""))) {
			fprintf(stderr, "# not an event or lost record: %s\n", line);
			(*bad)++;
		} else if (jnum(o, "pid") == pid) {
			(*n)++;
			json_object_put(found);
			found = json_object_get(o);
		}
		json_object_put(o);
	}
	return found;
}

/* This program's comm and exe, as the event line has them. */
static void self_comm_exe(char *comm, size_t clen, char *exe, size_t elen)
{
	ssize_t n;

	comm[0] = '\0';
	if (ward_read_file("/proc/self/comm", comm, clen) > 0)
		comm[strcspn(comm, "\n")] = '\0';
	n = readlink("/proc/self/exe", exe, elen - 1);
	exe[n > 0 ? n : 0] = '\0';
}

TEST_F(audit, status_json)
{
	char *text = malloc(WARD_STATUS_MAX), want[PATH_MAX * 2 + 256];
	struct json_object *st, *after, *hooks, *h;
	long long reported;
	size_t i, nhooks = 0;
	const char *p;
	pid_t pid;

	ASSERT_NE(NULL, text);
	ASSERT_LT(0, ward_read_file(WARD_STATUS, text, WARD_STATUS_MAX));
	st = status_json();
	ASSERT_NE(NULL, st);
	/* every line of the kernel's status file has a known form */
	EXPECT_STREQ("(none)", jtext(st, "unparsed"));
	/* the same version as the text, numbers as numbers */
	p = strstr(text, "version ");
	ASSERT_NE(NULL, p);
	snprintf(want, sizeof(want), "\"%.*s\"", (int)strcspn(p + 8, "\n"),
		 p + 8);
	EXPECT_STREQ(want, jtext(st, "version"));
	EXPECT_EQ(WARD_ABI_VERSION, jnum(st, "abi"));
	EXPECT_STREQ("{\"loaded\":true,\"domains\":2}", jtext(st, "policy"));
	EXPECT_STREQ("false", jtext(st, "locked"));
	EXPECT_EQ(2, jnum(st, "bindings"));
	EXPECT_EQ(0, jnum(st, "patterns"));
	EXPECT_LE(0, jnum(st, "armed"));
	EXPECT_STREQ("[{\"name\":\"noisy\",\"mode\":\"enforce\",\"bindings\":1,"
		     "\"audit_suppressed\":0},{\"name\":\"quiet\","
		     "\"mode\":\"enforce\",\"bindings\":1,"
		     "\"audit_suppressed\":0}]", jtext(st, "domains"));
	/* one hook entry per hook line, each with its numbers */
	for (p = text; (p = strstr(p, "\nhook ")); p++)
		nhooks++;
	ASSERT_TRUE(json_object_object_get_ex(st, "hooks", &hooks));
	EXPECT_LT(0, nhooks);
	EXPECT_EQ(nhooks, json_object_array_length(hooks));
	for (i = 0; i < json_object_array_length(hooks); i++) {
		h = json_object_array_get_idx(hooks, i);
		snprintf(want, sizeof(want), "\nhook %s %s calls=",
			 json_object_get_string(json_object_object_get(h, "symbol")),
			 json_object_get_string(json_object_object_get(h, "state")));
		EXPECT_NE(NULL, strstr(text, want)) TH_LOG("%s", want + 1);
		EXPECT_LE(0, jnum(h, "calls"));
		EXPECT_LE(0, jnum(h, "denied"));
	}
	/* the two bound cgroups, with their ids and directories */
	snprintf(want, sizeof(want),
		 "[{\"id\":%llu,\"domain\":\"noisy\",\"arm\":\"now\","
		 "\"path\":\"/wardtest/noisy\",\"directory\":\"%s\"},"
		 "{\"id\":%llu,\"domain\":\"quiet\",\"arm\":\"now\","
		 "\"path\":\"/wardtest/quiet\",\"directory\":\"%s\"}]",
		 (unsigned long long)ward_cgroup_id(self->noisy), self->noisy,
		 (unsigned long long)ward_cgroup_id(self->quiet), self->quiet);
	/* the kernel lists bindings in hash order: either order is right */
	if (strcmp(want, jtext(st, "cgroups")))
		snprintf(want, sizeof(want),
			 "[{\"id\":%llu,\"domain\":\"quiet\",\"arm\":\"now\","
			 "\"path\":\"/wardtest/quiet\",\"directory\":\"%s\"},"
			 "{\"id\":%llu,\"domain\":\"noisy\",\"arm\":\"now\","
			 "\"path\":\"/wardtest/noisy\",\"directory\":\"%s\"}]",
			 (unsigned long long)ward_cgroup_id(self->quiet),
			 self->quiet,
			 (unsigned long long)ward_cgroup_id(self->noisy),
			 self->noisy);
	EXPECT_STREQ(want, jtext(st, "cgroups"));

	/* the counters are live: one refusal later, one more report */
	reported = jnum(jobj_or_null(st, "events"), "reported");
	ASSERT_LE(0, reported);
	ASSERT_EQ(EACCES, ward_run_in(self->quiet, do_quiet, &pid));
	after = status_json();
	ASSERT_NE(NULL, after);
	EXPECT_LE(reported + 1, jnum(jobj_or_null(after, "events"), "reported"));
	EXPECT_LE(0, jnum(jobj_or_null(after, "audit"), "suppressed"));
	json_object_put(after);
	json_object_put(st);
	free(text);
}

TEST_F(audit, events_json)
{
	char comm[64], exe[PATH_MAX], tokens[PATH_MAX + 256], err[512];
	struct json_object *st, *ev;
	long long before, after;
	int n, bad;
	char *out;
	pid_t pid;

	out = malloc(WARD_BUF_SIZE);
	ASSERT_NE(NULL, out);
	self_comm_exe(comm, sizeof(comm), exe, sizeof(exe));
	st = status_json();
	ASSERT_NE(NULL, st);
	before = jnum(jobj_or_null(st, "events"), "reported");
	json_object_put(st);
	ASSERT_LE(0, before);

	ASSERT_EQ(EACCES, ward_run_in(self->quiet, do_quiet, &pid));
	st = status_json();
	ASSERT_NE(NULL, st);
	after = jnum(jobj_or_null(st, "events"), "reported");
	json_object_put(st);

	ASSERT_EQ(0, ward_wardctl(out, WARD_BUF_SIZE, err, sizeof(err),
				  "events", "--json", NULL)) TH_LOG("%s", err);
	EXPECT_STREQ("", err);
	ev = find_event(out, pid, &n, &bad);
	EXPECT_EQ(0, bad);
	ASSERT_EQ(1, n);
	ASSERT_NE(NULL, ev);
	EXPECT_STREQ("\"event\"", jtext(ev, "type"));
	EXPECT_LE(before, jnum(ev, "seq"));
	EXPECT_GT(after, jnum(ev, "seq"));
	EXPECT_STREQ("\"kexec\"", jtext(ev, "op"));
	EXPECT_STREQ("\"quiet\"", jtext(ev, "domain"));
	EXPECT_STREQ("\"enforce\"", jtext(ev, "mode"));
	EXPECT_STREQ("\"deny\"", jtext(ev, "verdict"));
	EXPECT_EQ(pid, jnum(ev, "pid"));
	snprintf(tokens, sizeof(tokens), "\"%s\"", comm);
	EXPECT_STREQ(tokens, jtext(ev, "comm"));
	snprintf(tokens, sizeof(tokens), "\"%s\"", exe);
	EXPECT_STREQ(tokens, jtext(ev, "exe"));
	EXPECT_EQ(EACCES, jnum(ev, "errno"));
	EXPECT_STREQ("\"EACCES\"", jtext(ev, "errno_name"));
	EXPECT_STREQ("{\"source\":\"memory\"}", jtext(ev, "object"));
	/* the text line of the same event has the same fields */
	snprintf(tokens, sizeof(tokens),
		 "seq=%lld op=kexec domain=quiet mode=enforce verdict=deny pid=%d comm=%s exe=%s errno=13 source=memory",
		 jnum(ev, "seq"), pid, comm, exe);
	EXPECT_EQ(0, ward_wardctl(out, WARD_BUF_SIZE, NULL, 0, "events", NULL));
	EXPECT_TRUE(ward_text_has_line(out, tokens)) TH_LOG("%s", tokens);
	json_object_put(ev);
	free(out);
}

/*
 * Start `wardctl events -f [--json]` with its output on a pipe, and read
 * the backlog (a new reader starts at the oldest event in the ring) until
 * it is quiet for 500 ms.  The pid, or -1.
 */
static pid_t follow_start(bool json, int *rfd)
{
	char sink[4096];
	struct pollfd pfd;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		/* not left behind holding the events file if the test dies */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(p[1], STDOUT_FILENO);
		execl(ward_wardctl_path(), "wardctl", "events", "-f",
		      json ? "--json" : NULL, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	*rfd = p[0];
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (poll(&pfd, 1, 500) == 1)
		if (read(p[0], sink, sizeof(sink)) <= 0)
			break;
	return pid;
}

/* Read from @fd until a newline, for at most @ms; the bytes read. */
static size_t read_line(int fd, char *buf, size_t len, int ms)
{
	struct timespec t0, t;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t off = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (off + 1 < len && !memchr(buf, '\n', off)) {
		int left;
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
				  (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) != 1)
			break;
		r = read(fd, buf + off, len - 1 - off);
		if (r <= 0)
			break;
		off += r;
	}
	buf[off] = '\0';
	return off;
}

static void follow_case(struct __test_metadata *_metadata,
			FIXTURE_DATA(audit) *self, bool json)
{
	struct pollfd pfd = { .events = POLLIN };
	char line[4096], tokens[256];
	struct json_object *ev;
	int fd = -1, st;
	pid_t wpid, pid;

	wpid = follow_start(json, &fd);
	ASSERT_LT(0, wpid);
	/* the positive control: nothing new while nothing is refused */
	pfd.fd = fd;
	EXPECT_EQ(0, poll(&pfd, 1, 300)) {
		read_line(fd, line, sizeof(line), 100);
		TH_LOG("a line before the refusal: %s", line);
	}
	EXPECT_EQ(EACCES, ward_run_in(self->quiet, do_quiet, &pid));
	/* the refusal's line, within 5 s, and nothing else */
	EXPECT_LT(0, read_line(fd, line, sizeof(line), 5000));
	EXPECT_TRUE(ward_one_line(line)) TH_LOG("'%s'", line);
	if (json) {
		ev = json_strict(line, strcspn(line, "\n"));
		EXPECT_NE(NULL, ev) TH_LOG("%s", line);
		EXPECT_STREQ("\"event\"", jtext(ev, "type"));
		EXPECT_STREQ("\"kexec\"", jtext(ev, "op"));
		EXPECT_STREQ("\"quiet\"", jtext(ev, "domain"));
		EXPECT_EQ(pid, jnum(ev, "pid"));
		EXPECT_EQ(EACCES, jnum(ev, "errno"));
		json_object_put(ev);
	} else {
		snprintf(tokens, sizeof(tokens),
			 "op=kexec domain=quiet mode=enforce verdict=deny pid=%d errno=13 source=memory",
			 pid);
		EXPECT_TRUE(ward_text_has_line(line, tokens)) TH_LOG("%s", line);
	}
	/* still following: it ends only when killed */
	EXPECT_EQ(0, waitpid(wpid, &st, WNOHANG));
	kill(wpid, SIGTERM);
	ASSERT_EQ(wpid, waitpid(wpid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)
		TH_LOG("status %#x", st);
	close(fd);
}

TEST_F(audit, events_follow)
{
	follow_case(_metadata, self, false);
}

TEST_F(audit, events_follow_json)
{
	follow_case(_metadata, self, true);
}

TEST_HARNESS_MAIN
