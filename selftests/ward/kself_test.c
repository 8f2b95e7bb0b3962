// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - the kernel's own selftests inside a domain (R-MNT)
 *
 * A domain that allows what a test needs must not break it: Ward refuses
 * only what touches protected mounts, and a container that mounts, remounts
 * and unmounts its own tmpfs trees (a nested runtime, a build sandbox)
 * must see the kernel behave as it does for the host.  Three of the
 * kernel's 6.1 selftests, built from Debian's linux-source-6.1
 * (tools/ksrc.sh, selftests/ward/Makefile), run twice each, as a task of
 * the host and as a task of the enforcing domain "kself":
 *
 *   mount_setattr_test          mount_setattr(), idmapped mounts included
 *   move_mount_set_group_test   move_mount(MOVE_MOUNT_SET_GROUP)
 *   landlock fs_test            tmpfs trees it mounts, remounts, bind
 *                               mounts and lazily unmounts
 *
 * Every case that passes on the host must pass in the domain, and the
 * host must pass some: a domain that refused mount_setattr() or a lazy
 * unmount on its own tmpfs (as Ward once did) loses cases here.  The
 * control that the domain is enforced: it still may not remount /proc/sys
 * read-write, which the host may.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mount.h>

#include "fixture.h"
#include "kselftest_harness.h"

static const char policy_text[] =
	"# kself_test\n"
	"domain kself {\n"
	"    mode enforce\n"
	"    mount allow tmpfs ramfs devpts ext4 overlay\n"
	"    ptrace domain\n"
	"    memory wx-allow\n"
	"}\n";

#define KSELF_DIR	"/ward/kselftests"
#define KSELF_OUT_MAX	(1 << 20)

/* One run of a kernel selftest: its output and exit status. */
struct kself_run {
	char *out;
	size_t len;
	int status;
};

/* Copy @from to a new file @to of mode @mode.  0 or -errno. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out, r = 0;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		r = -errno;
		close(in);
		return r;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			r = -EIO;
			break;
		}
	if (n < 0)
		r = -errno;
	close(in);
	close(out);
	return r;
}

/*
 * Run KSELF_DIR/@bin in a fresh scratch directory (the landlock tests work
 * in ./tmp and execute ./true), as a host task if @cg is NULL, else in
 * @cg.  The output (stdout and stderr) goes into @r.  0 or -errno.
 */
static int kself_run(const char *bin, const char *cg, struct kself_run *r)
{
	char dir[] = "/tmp/kself-XXXXXX", path[PATH_MAX];
	int p[2], st;
	ssize_t n;
	pid_t pid;

	r->out = malloc(KSELF_OUT_MAX);
	r->len = 0;
	if (!r->out || !mkdtemp(dir) || pipe2(p, O_CLOEXEC))
		return -errno;
	snprintf(path, sizeof(path), "%s/true", dir);
	if (copy_file(KSELF_DIR "/landlock-true", path, 0755))
		return -EIO;
	pid = ward_fork_in_cgroup(cg, 0);
	if (pid < 0)
		return pid;
	if (pid == 0) {
		snprintf(path, sizeof(path), "%s/%s", KSELF_DIR, bin);
		if (chdir(dir) || dup2(p[1], 1) < 0 || dup2(p[1], 2) < 0)
			_exit(WARD_CHILD_SETUP_FAILED);
		execl(path, bin, (char *)NULL);
		_exit(WARD_CHILD_SETUP_FAILED);
	}
	close(p[1]);
	while ((n = read(p[0], r->out + r->len,
			 KSELF_OUT_MAX - 1 - r->len)) > 0)
		r->len += n;
	close(p[0]);
	r->out[r->len] = '\0';
	if (waitpid(pid, &st, 0) != pid)
		return -errno;
	r->status = st;
	return 0;
}

/* Whether @out has the line "ok N @name" (a pass, not a skip). */
static bool kself_passed(const char *out, const char *name)
{
	const char *l;

	for (l = out; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		char line[512];
		int off = 0;

		if (len >= sizeof(line))
			continue;
		memcpy(line, l, len);
		line[len] = '\0';
		if (sscanf(line, "ok %*u %n", &off) != 0 || !off)
			continue;
		if (!strcmp(line + off, name))
			return true;
	}
	return false;
}

/*
 * Compare the host's run of @bin with the domain's: every case the host
 * passes, the domain passes.  The cases lost are logged by name.
 */
static void kself_compare(struct __test_metadata *_metadata,
			  const char *bin, const char *cg)
{
	struct kself_run host = { 0 }, dom = { 0 };
	int passed = 0, lost = 0;
	const char *l;

	ASSERT_EQ(0, kself_run(bin, NULL, &host));
	ASSERT_EQ(0, kself_run(bin, cg, &dom));
	for (l = host.out; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char name[256];
		int off = 0;

		if (sscanf(l, "ok %*u %n", &off) != 0 || !off ||
		    sscanf(l + off, "%255[^\n]", name) != 1 ||
		    strstr(name, "# SKIP"))
			continue;
		passed++;
		if (!kself_passed(dom.out, name)) {
			lost++;
			TH_LOG("%s: %s passes on the host, not in the domain",
			       bin, name);
		}
	}
	TH_LOG("%s: %d cases pass on the host, %d of them not in the domain",
	       bin, passed, lost);
	EXPECT_LT(0, passed) TH_LOG("host output:\n%.2000s", host.out);
	EXPECT_EQ(0, lost) TH_LOG("domain output:\n%.4000s", dom.out);
	free(host.out);
	free(dom.out);
}

FIXTURE(kself) {
	char cg[PATH_MAX];
};

FIXTURE_SETUP(kself)
{
	char err[512] = "";

	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ASSERT_EQ(0, ward_domain_prepare("kself"));
	ward_domain_cgroup("kself", self->cg, sizeof(self->cg));
}

FIXTURE_TEARDOWN(kself)
{
	ward_reset();
}

/* The control: the domain is enforced where a mount is protected. */
static int remount_procsys(void *arg)
{
	(void)arg;
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return WARD_CHILD_SETUP_FAILED;
	if (mount("/proc/sys", "/proc/sys", NULL, MS_BIND, NULL) ||
	    mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND, NULL))
		return errno;
	return 0;
}

TEST_F(kself, domain_is_enforced)
{
	pid_t pid;

	ASSERT_EQ(0, ward_run_in(NULL, remount_procsys, &pid));
	ASSERT_EQ(EACCES, ward_run_in(self->cg, remount_procsys, &pid));
}

TEST_F_TIMEOUT(kself, mount_setattr, 600)
{
	kself_compare(_metadata, "mount_setattr-mount_setattr_test", self->cg);
}

TEST_F_TIMEOUT(kself, move_mount_set_group, 600)
{
	kself_compare(_metadata,
		      "move_mount_set_group-move_mount_set_group_test",
		      self->cg);
}

TEST_F_TIMEOUT(kself, landlock_fs, 900)
{
	kself_compare(_metadata, "landlock-fs_test", self->cg);
}

TEST_HARNESS_MAIN
