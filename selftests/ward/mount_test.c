// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - mount mediation (R-MNT, with its audit events, R-AUD)
 *
 * Every vector of issue 4's mount list runs twice per test: in a host
 * child (the positive control) and in a child of the variant's domain:
 *
 *   strict   mount deny, enforcing: every step must fail with EACCES
 *   tmpfs    mount allow tmpfs: protected vectors fail with EACCES, the
 *            tmpfs vectors succeed
 *   watch    mount deny, complaining: the domain child gets exactly what
 *            the host child got, and an event "verdict=allow" is logged
 *
 * Each child works in a private mount namespace (unshare(CLONE_NEWNS), /
 * made rprivate, a scratch tmpfs on /tmp), prepared as a host task before
 * it enters the domain's cgroup, so nothing a test does is visible outside
 * the child and the guest's mounts stay as they were.
 *
 * The user namespace variants repeat everything as root of a new user
 * namespace (with new mount and cgroup namespaces):
 *
 *   *_userns      the child enters the domain, then unshares (what an
 *                 attacker inside a container does); the prepared mounts
 *                 come from a more privileged namespace and are locked
 *   *_userns_pre  the child unshares and prepares as a host task, then
 *                 enters the domain (a rootless runtime's order); its own
 *                 mounts are not locked, so the kernel allows more
 *
 * There the kernel itself refuses some calls (EPERM, EINVAL) for lack of
 * privilege over the mount.  The host child runs the very same sequence,
 * and the test asserts that where the kernel let the host through a step,
 * the domain child was stopped with EACCES at or before that step.
 *
 * A vector is a list of steps; the child records in shared memory how many
 * steps succeeded and the errno of the one that failed.  Step 0 is always
 * the mediated call.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <linux/magic.h>

#include "fixture.h"
#include <linux/mount.h>
#include "kselftest_harness.h"

#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC		0x00000001
#endif
#ifndef FSPICK_CLOEXEC
#define FSPICK_CLOEXEC		0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC		0x00000001
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE		1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC	O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH	0x00000004
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY	0x00000001
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC	0x9fa0
#endif
#ifndef RAMFS_MAGIC
#define RAMFS_MAGIC		0x858458f6
#endif
#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC		0x01021994
#endif

/* Raw system calls of the new mount API (no libc wrappers on purpose). */
static int sys_fsopen(const char *fsname, unsigned int flags)
{
	return syscall(SYS_fsopen, fsname, flags);
}

static int sys_fsconfig(int fd, unsigned int cmd, const char *key,
			const void *value, int aux)
{
	return syscall(SYS_fsconfig, fd, cmd, key, value, aux);
}

static int sys_fsmount(int fd, unsigned int flags, unsigned int attr)
{
	return syscall(SYS_fsmount, fd, flags, attr);
}

static int sys_fspick(int dfd, const char *path, unsigned int flags)
{
	return syscall(SYS_fspick, dfd, path, flags);
}

static int sys_open_tree(int dfd, const char *path, unsigned int flags)
{
	return syscall(SYS_open_tree, dfd, path, flags);
}

static int sys_move_mount(int from_dfd, const char *from_path, int to_dfd,
			  const char *to_path, unsigned int flags)
{
	return syscall(SYS_move_mount, from_dfd, from_path, to_dfd, to_path,
		       flags);
}

static int sys_mount_setattr(int dfd, const char *path, unsigned int flags,
			     struct mount_attr *attr, size_t size)
{
	return syscall(SYS_mount_setattr, dfd, path, flags, attr, size);
}

static int sys_pivot_root(const char *new_root, const char *put_old)
{
	return syscall(SYS_pivot_root, new_root, put_old);
}

/* ---------------------------------------------------------------------
 * Policy, variants, results
 */

static const char policy_text[] =
	"# mount_test\n"
	"domain strict {\n"
	"    mode enforce\n"
	"    mount deny\n"
	"}\n"
	"domain tmpfs {\n"
	"    mode enforce\n"
	"    mount allow tmpfs overlay\n"
	"}\n"
	"domain watch {\n"
	"    mode complain\n"
	"    mount deny\n"
	"}\n";

enum ns_mode {
	NS_PLAIN,	/* private mount namespace, initial user namespace */
	NS_USERNS,	/* enter the domain, then unshare a user namespace */
	NS_USERNS_PRE,	/* unshare a user namespace, prepare, then enter */
};

#define IN_USERNS	(1U << NS_USERNS)
#define IN_USERNS_PRE	(1U << NS_USERNS_PRE)

/* What a child did: @step steps succeeded, then one failed with @err. */
struct vres {
	int step;
	int err;
};

static struct vres *res;	/* shared with the children */

#define STEP(expr)						\
	do {							\
		if ((long)(expr) < 0) {				\
			res->err = errno;			\
			return;					\
		}						\
		res->step++;					\
	} while (0)

/* A check of the effect; fails the step with @e when @cond is false. */
#define CHECK(cond, e)						\
	do {							\
		if (!(cond)) {					\
			res->err = (e);				\
			return;					\
		}						\
		res->step++;					\
	} while (0)

struct vector {
	const char *name;
	int (*prep)(void);	/* as host, in the child's namespaces */
	int (*pre)(void);	/* in the domain, unmediated setup */
	void (*run)(void);	/* the steps */
	int nsteps;
	bool unprotected;	/* a tmpfs vector: `mount allow tmpfs` allows it */
	/*
	 * Event op of the first refusal: @op where mount rights are missing
	 * (mount deny; complain), @op_allow in a `mount allow` domain, where
	 * a later hook refuses the protected object (NULL: same as @op).
	 */
	const char *op;
	const char *op_allow;
	/*
	 * The namespace modes (1 << enum ns_mode) in which the kernel lets
	 * the host child through every step (checked, so that the user
	 * namespace variants keep proving something).
	 */
	unsigned int userns_ok;
	/* parent side, after each child: 0 if the effect is as @r says */
	int (*after)(const struct vres *r, const struct vector *v);
};

/* ---------------------------------------------------------------------
 * Helpers for the children
 */

static bool is_fs(const char *path, long magic)
{
	struct statfs sf;

	return !statfs(path, &sf) && (long)sf.f_type == magic;
}

static bool same_dev(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev;
}

static bool is_ro(const char *path)
{
	struct statvfs sv;

	return !statvfs(path, &sv) && (sv.f_flag & ST_RDONLY);
}

/* The MS_* flags a remount of @path must keep (locked in a user ns). */
static unsigned long keep_flags(const char *path)
{
	unsigned long f = 0;
	struct statvfs sv;

	if (statvfs(path, &sv))
		return 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return f;
}

/* Make @path a read-only bind mount of itself, as runtimes do. */
static int ro_bind(const char *path, bool rec)
{
	if (mount(path, path, NULL, MS_BIND | (rec ? MS_REC : 0), NULL))
		return errno;
	if (mount(NULL, path, NULL,
		  MS_REMOUNT | MS_BIND | MS_RDONLY | keep_flags(path), NULL))
		return errno;
	return is_ro(path) ? 0 : EINVAL;
}

/* First existing path of a NULL terminated list, or NULL. */
static const char *first_existing(const char *const *list, bool dir)
{
	struct stat st;

	for (; *list; list++)
		if (!stat(*list, &st) && (dir ? S_ISDIR(st.st_mode) :
					  S_ISREG(st.st_mode)))
			return *list;
	return NULL;
}

/* Files and directories runc masks under /proc. */
static const char *const mask_files[] = {
	"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug",
	NULL
};
static const char *const mask_dirs[] = {
	"/proc/acpi", "/proc/scsi", "/proc/bus", "/proc/tty", NULL
};

/* Bind /dev/null over a /proc file; its path in @mask. */
static const char *mask_file;
static const char *mask_dir;

static int mask_proc_file(void)
{
	mask_file = first_existing(mask_files, false);
	if (!mask_file)
		return ENOENT;
	if (mount("/dev/null", mask_file, NULL, MS_BIND, NULL))
		return errno;
	return is_fs(mask_file, PROC_SUPER_MAGIC) ? EINVAL : 0;
}

/* ---------------------------------------------------------------------
 * The vectors
 */

/* CVE-2022-0492: mount a cgroup v1 hierarchy, write its release_agent. */
static int cg1_prep(void)
{
	return mkdir("/tmp/cg1", 0755) ? errno : 0;
}

static void cg1_run(void)
{
	int fd;

	STEP(mount("ward-cg1", "/tmp/cg1", "cgroup", 0, "none,name=wardtest"));
	STEP(fd = open("/tmp/cg1/release_agent", O_WRONLY | O_CLOEXEC));
	STEP(write(fd, "/bin/true", 9));
	close(fd);
	umount2("/tmp/cg1", 0);
}

static const struct vector v_cgroup1 = {
	.name = "cgroup v1 mount + release_agent",
	.prep = cg1_prep, .run = cg1_run, .nsteps = 3,
	.op = "mount", .op_allow = "newmount",
};

/* Remount the read-only /proc/sys read-write, then write core_pattern. */
#define CORE_PATTERN	"/proc/sys/kernel/core_pattern"
#define CORE_NEW	"ward-core-test"
static char core_orig[256];
static unsigned long procsys_keep;

static int procsys_ro_prep(void)
{
	int e = ro_bind("/proc/sys", false);

	procsys_keep = keep_flags("/proc/sys");
	return e;
}

static void remount_run(void)
{
	int fd;

	STEP(mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND | procsys_keep,
		   NULL));
	STEP(fd = open(CORE_PATTERN, O_WRONLY | O_CLOEXEC));
	STEP(write(fd, CORE_NEW, strlen(CORE_NEW)));
	close(fd);
}

/* core_pattern changed exactly when the child got through. */
static int core_after(const struct vres *r, const struct vector *v)
{
	char now[256];
	int ret;

	if (ward_read_file(CORE_PATTERN, now, sizeof(now)) < 0)
		return -1;
	if (r->step == v->nsteps)
		ret = strncmp(now, CORE_NEW, strlen(CORE_NEW)) ? -1 : 0;
	else
		ret = strcmp(now, core_orig) ? -1 : 0;
	if (strcmp(now, core_orig))
		ward_write_file(CORE_PATTERN, core_orig);
	return ret;
}

static const struct vector v_remount = {
	.name = "MS_REMOUNT|MS_BIND of /proc/sys + core_pattern",
	.prep = procsys_ro_prep, .run = remount_run, .nsteps = 3,
	.op = "mount",
	.after = core_after,
	.userns_ok = IN_USERNS_PRE,
};

/* umount2 of the /dev/null mask over a /proc file. */
static void umount_file_run(void)
{
	STEP(umount2(mask_file, 0));
	CHECK(is_fs(mask_file, PROC_SUPER_MAGIC), EEXIST);
}

static const struct vector v_umount_file = {
	.name = "umount2 of a mask over a /proc file",
	.prep = mask_proc_file, .run = umount_file_run, .nsteps = 2,
	.op = "umount",
	.userns_ok = IN_USERNS_PRE,
};

/* umount2 of a read-only tmpfs mask over a /proc directory. */
static int mask_proc_dir(void)
{
	mask_dir = first_existing(mask_dirs, true);
	if (!mask_dir)
		return ENOENT;
	if (mount("ward-mask", mask_dir, "tmpfs", MS_RDONLY, "size=4k"))
		return errno;
	return is_fs(mask_dir, TMPFS_MAGIC) ? 0 : EINVAL;
}

static void umount_dir_run(void)
{
	STEP(umount2(mask_dir, 0));
	CHECK(is_fs(mask_dir, PROC_SUPER_MAGIC), EEXIST);
}

static const struct vector v_umount_dir = {
	.name = "umount2 of a tmpfs mask over a /proc directory",
	.prep = mask_proc_dir, .run = umount_dir_run, .nsteps = 2,
	.op = "umount",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * umount2(MNT_DETACH) of an unprotected tmpfs with a proc and a read-only
 * mask on its sys below: the lazy unmount takes the mask with it, and a
 * descriptor kept on the proc then reaches what the mask protected.
 */
static int lazy_proc_fd = -1;

static int lazy_prep(void)
{
	if (mkdir("/tmp/lazy", 0755) ||
	    mount("ward-lazy", "/tmp/lazy", "tmpfs", 0, "size=64k") ||
	    mkdir("/tmp/lazy/proc", 0755))
		return errno;
	/* A proc of its own; where that is refused (a user ns), /proc. */
	if (mount("ward-proc", "/tmp/lazy/proc", "proc", 0, NULL) &&
	    mount("/proc", "/tmp/lazy/proc", NULL, MS_BIND | MS_REC, NULL))
		return errno;
	if (ro_bind("/tmp/lazy/proc/sys", false))
		return errno ? errno : EINVAL;
	lazy_proc_fd = open("/tmp/lazy/proc", O_PATH | O_DIRECTORY);
	return lazy_proc_fd < 0 ? errno : 0;
}

static void lazy_run(void)
{
	int fd;

	STEP(umount2("/tmp/lazy", MNT_DETACH));
	fd = openat(lazy_proc_fd, "sys/kernel/ns_last_pid", O_WRONLY);
	CHECK(fd >= 0, EROFS);
	close(fd);
}

static const struct vector v_umount_lazy = {
	.name = "umount2(MNT_DETACH) of a tmpfs holding a masked proc",
	.prep = lazy_prep, .run = lazy_run, .nsteps = 2,
	.op = "umount",
};

/* mount_setattr() clearing MOUNT_ATTR_RDONLY. */
static void setattr_run(const char *path)
{
	struct mount_attr a = { .attr_clr = MOUNT_ATTR_RDONLY };

	STEP(sys_mount_setattr(AT_FDCWD, path, 0, &a, sizeof(a)));
	CHECK(!is_ro(path), EROFS);
}

static void setattr_procsys_run(void)
{
	setattr_run("/proc/sys");
}

static const struct vector v_setattr_procsys = {
	.name = "mount_setattr(clear RDONLY) on /proc/sys",
	.prep = procsys_ro_prep, .run = setattr_procsys_run, .nsteps = 2,
	.op = "mount_setattr",
	.userns_ok = IN_USERNS_PRE,
};

static int sys_ro_prep(void)
{
	return ro_bind("/sys", true);
}

static void setattr_sys_run(void)
{
	setattr_run("/sys");
}

/*
 * The same through the 32-bit entry (int $0x80), a wrapper of its own in
 * the kernel (__ia32_sys_mount_setattr): static data, below 4 GiB.
 */
static struct mount_attr setattr32_attr = { .attr_clr = MOUNT_ATTR_RDONLY };

static void setattr_procsys32_run(void)
{
	STEP(ward_syscall32(WARD_NR32_MOUNT_SETATTR, AT_FDCWD,
			    (long)"/proc/sys", 0, (long)&setattr32_attr,
			    sizeof(setattr32_attr)));
	CHECK(!is_ro("/proc/sys"), EROFS);
}

static const struct vector v_setattr_procsys32 = {
	.name = "mount_setattr(clear RDONLY) on /proc/sys by int $0x80",
	.prep = procsys_ro_prep, .run = setattr_procsys32_run, .nsteps = 2,
	.op = "mount_setattr",
	.userns_ok = IN_USERNS_PRE,
};

static const struct vector v_setattr_sys = {
	.name = "mount_setattr(clear RDONLY) on /sys",
	.prep = sys_ro_prep, .run = setattr_sys_run, .nsteps = 2,
	.op = "mount_setattr",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * fspick + fsconfig(FSCONFIG_CMD_RECONFIGURE) read-write of a read-only
 * proc superblock (a proc instance of its own); in a user namespace, where
 * proc cannot be mounted, of the read-only /proc/sys bind mount.
 */
static const char *pick_target;

static int fspick_prep(void)
{
	if (mkdir("/tmp/proc", 0755))
		return errno;
	if (!mount("ward-proc", "/tmp/proc", "proc",
		   MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		pick_target = "/tmp/proc";
		return is_ro(pick_target) ? 0 : EINVAL;
	}
	pick_target = "/proc/sys";
	return procsys_ro_prep();
}

static void fspick_run(void)
{
	int fd;

	STEP(fd = sys_fspick(AT_FDCWD, pick_target, FSPICK_CLOEXEC));
	STEP(sys_fsconfig(fd, FSCONFIG_SET_FLAG, "rw", NULL, 0));
	STEP(sys_fsconfig(fd, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0));
	close(fd);
}

static const struct vector v_fspick = {
	.name = "fspick + FSCONFIG_CMD_RECONFIGURE rw",
	.prep = fspick_prep, .run = fspick_run, .nsteps = 3,
	.op = "reconfigure",
};

/*
 * fsconfig(FSCONFIG_CMD_RECONFIGURE) rw through a context a host task
 * picked (a leaked fspick() descriptor).
 */
static int pick_ctx = -1;
static bool sb_rw(const char *dir);

static int fspick_ctx_prep(void)
{
	int e = fspick_prep();

	if (e)
		return e;
	pick_ctx = sys_fspick(AT_FDCWD, pick_target, FSPICK_CLOEXEC);
	if (pick_ctx < 0 ||
	    sys_fsconfig(pick_ctx, FSCONFIG_SET_FLAG, "rw", NULL, 0))
		return errno;
	return 0;
}

static void fspick_ctx_run(void)
{
	STEP(sys_fsconfig(pick_ctx, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0));
	CHECK(sb_rw(pick_target), EROFS);
}

static const struct vector v_fspick_ctx = {
	.name = "FSCONFIG_CMD_RECONFIGURE rw of a host's fspick context",
	.prep = fspick_ctx_prep, .run = fspick_ctx_run, .nsteps = 2,
	.op = "reconfigure",
};

/* fsopen + fsmount, then openat() into the detached mount. */
static void fsopen_run(const char *type, const char *probe, int oflags)
{
	int fd, mfd, f;

	STEP(fd = sys_fsopen(type, FSOPEN_CLOEXEC));
	STEP(sys_fsconfig(fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
	STEP(mfd = sys_fsmount(fd, FSMOUNT_CLOEXEC, 0));
	STEP(f = openat(mfd, probe, oflags | O_RDONLY | O_CLOEXEC));
	close(f);
	close(mfd);
	close(fd);
}

static void fsopen_proc_run(void)
{
	fsopen_run("proc", "sys/kernel/core_pattern", 0);
}

static void fsopen_sysfs_run(void)
{
	fsopen_run("sysfs", "kernel", O_DIRECTORY);
}

static void fsopen_cgroup2_run(void)
{
	fsopen_run("cgroup2", "cgroup.procs", 0);
}

static const struct vector v_fsopen_proc = {
	.name = "fsopen(proc) + fsmount + openat",
	.run = fsopen_proc_run, .nsteps = 4, .op = "newmount",
};

static const struct vector v_fsopen_sysfs = {
	.name = "fsopen(sysfs) + fsmount + openat",
	.run = fsopen_sysfs_run, .nsteps = 4, .op = "newmount",
};

static const struct vector v_fsopen_cgroup2 = {
	.name = "fsopen(cgroup2) + fsmount + openat",
	.run = fsopen_cgroup2_run, .nsteps = 4, .op = "newmount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/*
 * fsmount of a proc context that a host task created and configured (a
 * leaked descriptor), then openat() into the detached mount.
 */
static int fs_ctx = -1;
static const char *fs_ctx_probe;

/* A proc context; in a user namespace, which cannot have one, cgroup2. */
static int proc_ctx_prep(void)
{
	fs_ctx_probe = "sys/kernel/core_pattern";
	fs_ctx = sys_fsopen("proc", FSOPEN_CLOEXEC);
	if (fs_ctx >= 0 &&
	    sys_fsconfig(fs_ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) {
		close(fs_ctx);
		fs_ctx_probe = "cgroup.procs";
		fs_ctx = sys_fsopen("cgroup2", FSOPEN_CLOEXEC);
		if (fs_ctx >= 0 &&
		    sys_fsconfig(fs_ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
			return errno;
	}
	return fs_ctx < 0 ? errno : 0;
}

static void fsmount_ctx_run(void)
{
	int mfd, f;

	STEP(mfd = sys_fsmount(fs_ctx, FSMOUNT_CLOEXEC, 0));
	STEP(f = openat(mfd, fs_ctx_probe, O_RDONLY | O_CLOEXEC));
	close(f);
	close(mfd);
}

static const struct vector v_fsmount_ctx = {
	.name = "fsmount of a host's proc context + openat",
	.prep = proc_ctx_prep, .run = fsmount_ctx_run, .nsteps = 2,
	.op = "fsmount",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * open_tree(OPEN_TREE_CLONE) of /proc (masked as runc does), openat() into
 * the clone, and the clone shows what the mask hides.
 */
static void open_tree_run(void)
{
	int fd, f;

	STEP(fd = sys_open_tree(AT_FDCWD, "/proc",
				OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
	STEP(f = openat(fd, "sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC));
	close(f);
	STEP(f = openat(fd, mask_file + strlen("/proc/"),
			O_PATH | O_CLOEXEC));
	{
		struct statfs sf;

		CHECK(!fstatfs(f, &sf) && sf.f_type == PROC_SUPER_MAGIC,
		      EEXIST);
	}
	close(f);
	close(fd);
}

static const struct vector v_open_tree = {
	.name = "open_tree(OPEN_TREE_CLONE) of /proc + openat",
	.prep = mask_proc_file, .run = open_tree_run, .nsteps = 4,
	.op = "open_tree", .op_allow = "bind",
	.userns_ok = IN_USERNS_PRE,
};

/* The recursive clone keeps the masks, but is a mount of proc all the same. */
static void open_tree_rec_run(void)
{
	int fd, f;

	STEP(fd = sys_open_tree(AT_FDCWD, "/proc", OPEN_TREE_CLONE |
				OPEN_TREE_CLOEXEC | AT_RECURSIVE));
	STEP(f = openat(fd, "sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC));
	close(f);
	close(fd);
}

static const struct vector v_open_tree_rec = {
	.name = "open_tree(OPEN_TREE_CLONE|AT_RECURSIVE) of /proc + openat",
	.prep = mask_proc_file, .run = open_tree_rec_run, .nsteps = 2,
	.op = "open_tree", .op_allow = "bind",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* umount2 of /proc itself. */
static void umount_proc_run(void)
{
	STEP(umount2("/proc", MNT_DETACH));
	CHECK(!is_fs("/proc", PROC_SUPER_MAGIC), EEXIST);
}

static const struct vector v_umount_proc = {
	.name = "umount2 of /proc",
	.run = umount_proc_run, .nsteps = 2, .op = "umount",
};

/* move_mount of a detached tmpfs (made by the host) over /proc. */
static int detached_fd = -1;

static int detached_tmpfs(void)
{
	int fd;

	fd = sys_fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fd < 0)
		return errno;
	if (sys_fsconfig(fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		return errno;
	detached_fd = sys_fsmount(fd, FSMOUNT_CLOEXEC, 0);
	if (detached_fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void move_mount_run(void)
{
	STEP(sys_move_mount(detached_fd, "", AT_FDCWD, "/proc",
			    MOVE_MOUNT_F_EMPTY_PATH));
	CHECK(is_fs("/proc", TMPFS_MAGIC), EEXIST);
}

static const struct vector v_move_mount = {
	.name = "move_mount of a detached tmpfs over /proc",
	.prep = detached_tmpfs, .run = move_mount_run, .nsteps = 2,
	.op = "move_mount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* mount(2) forms on /proc itself: bind, rbind, move, propagation. */
static int bind_prep(void)
{
	int e = mask_proc_file();

	if (e)
		return e;
	return mkdir("/tmp/b", 0755) ? errno : 0;
}

/* A non-recursive bind sheds the masks: the clone shows the masked file. */
static void bind_proc_run(void)
{
	char p[64];

	snprintf(p, sizeof(p), "/tmp/b/%s", mask_file + strlen("/proc/"));
	STEP(mount("/proc", "/tmp/b", NULL, MS_BIND, NULL));
	CHECK(is_fs(p, PROC_SUPER_MAGIC), EEXIST);
}

static const struct vector v_bind_proc = {
	.name = "mount(MS_BIND) of masked /proc",
	.prep = bind_prep, .run = bind_proc_run, .nsteps = 2,
	.op = "mount", .op_allow = "bind",
	.userns_ok = IN_USERNS_PRE,
};

static void rbind_proc_run(void)
{
	STEP(mount("/proc", "/tmp/b", NULL, MS_BIND | MS_REC, NULL));
	CHECK(is_fs("/tmp/b", PROC_SUPER_MAGIC), ENOENT);
}

static const struct vector v_rbind_proc = {
	.name = "mount(MS_BIND|MS_REC) of /proc",
	.prep = bind_prep, .run = rbind_proc_run, .nsteps = 2,
	.op = "mount", .op_allow = "bind",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

static void move_proc_run(void)
{
	STEP(mount("/proc", "/tmp/b", NULL, MS_MOVE, NULL));
	CHECK(is_fs("/tmp/b", PROC_SUPER_MAGIC), ENOENT);
}

static const struct vector v_move_proc = {
	.name = "mount(MS_MOVE) of /proc",
	.prep = bind_prep, .run = move_proc_run, .nsteps = 2,
	.op = "mount", .op_allow = "move_mount",
};

/* Whether /proc/self/mountinfo shows the mount on @dir as shared. */
static bool mount_shared(const char *dir)
{
	char buf[16384], *line, *save = NULL;

	if (ward_read_file("/proc/self/mountinfo", buf, sizeof(buf)) < 0)
		return false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char mp[256];

		if (sscanf(line, "%*s %*s %*s %*s %255s", mp) == 1 &&
		    !strcmp(mp, dir) && strstr(line, " shared:"))
			return true;
	}
	return false;
}

/* Whether the superblock mounted on @dir is read-write (mountinfo). */
static bool sb_rw(const char *dir)
{
	char buf[16384], *line, *save = NULL;

	if (ward_read_file("/proc/self/mountinfo", buf, sizeof(buf)) < 0)
		return false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char mp[256], opts[256];
		const char *sep = strstr(line, " - ");

		if (sscanf(line, "%*s %*s %*s %*s %255s", mp) != 1 ||
		    strcmp(mp, dir) || !sep ||
		    sscanf(sep, " - %*s %*s %255s", opts) != 1)
			continue;
		return !strncmp(opts, "rw", 2);
	}
	return false;
}

static void propagation_run(void)
{
	STEP(mount(NULL, "/proc", NULL, MS_SHARED, NULL));
	CHECK(mount_shared("/proc"), EINVAL);
}

static const struct vector v_propagation = {
	.name = "mount(MS_SHARED) of /proc",
	.run = propagation_run, .nsteps = 2, .op = "mount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* mount(MS_REMOUNT) of a read-only proc superblock, read-write. */
static void remount_sb_run(void)
{
	STEP(mount(NULL, pick_target, NULL,
		   MS_REMOUNT | keep_flags(pick_target), NULL));
	CHECK(!is_ro(pick_target), EROFS);
}

static const struct vector v_remount_sb = {
	.name = "mount(MS_REMOUNT) of a read-only proc rw",
	.prep = fspick_prep, .run = remount_sb_run, .nsteps = 2,
	.op = "mount",
};

/*
 * pivot_root between two tmpfs mounts (the root a chroot of the first):
 * no protected mount is involved, so `mount allow tmpfs` allows it.
 */
static int pivot_prep(void)
{
	if (mkdir("/tmp/pr", 0755) ||
	    mount("ward-pr", "/tmp/pr", "tmpfs", 0, "size=64k") ||
	    mkdir("/tmp/pr/new", 0755) ||
	    mount("ward-new", "/tmp/pr/new", "tmpfs", 0, "size=64k") ||
	    mkdir("/tmp/pr/new/old", 0755))
		return errno;
	return 0;
}

static int pivot_pre(void)
{
	if (chroot("/tmp/pr") || chdir("/"))
		return errno;
	return 0;
}

static void pivot_run(void)
{
	STEP(sys_pivot_root("/new", "/new/old"));
	CHECK(!access("/old/new", F_OK), ENOENT);
}

static const struct vector v_pivot_root = {
	.name = "pivot_root",
	.prep = pivot_prep, .pre = pivot_pre, .run = pivot_run, .nsteps = 2,
	.unprotected = true, .op = "pivot_root",
	.userns_ok = IN_USERNS_PRE,
};

/* mount(2) of a tmpfs: allowed by `mount allow tmpfs`. */
static int tmpfs_prep(void)
{
	return mkdir("/tmp/t", 0755) ? errno : 0;
}

static void tmpfs_run(void)
{
	STEP(mount("ward-t", "/tmp/t", "tmpfs", 0, "size=64k"));
	CHECK(is_fs("/tmp/t", TMPFS_MAGIC) && !same_dev("/tmp/t", "/tmp"),
	      ENOENT);
}

static const struct vector v_tmpfs = {
	.name = "mount(tmpfs)",
	.prep = tmpfs_prep, .run = tmpfs_run, .nsteps = 2, .unprotected = true,
	.op = "mount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* The same with the new mount API, attached with move_mount. */
static void tmpfs_new_run(void)
{
	int fd, mfd;

	STEP(fd = sys_fsopen("tmpfs", FSOPEN_CLOEXEC));
	STEP(sys_fsconfig(fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
	STEP(mfd = sys_fsmount(fd, FSMOUNT_CLOEXEC, 0));
	STEP(sys_move_mount(mfd, "", AT_FDCWD, "/tmp/t",
			    MOVE_MOUNT_F_EMPTY_PATH));
	CHECK(is_fs("/tmp/t", TMPFS_MAGIC) && !same_dev("/tmp/t", "/tmp"),
	      ENOENT);
	close(mfd);
	close(fd);
}

static const struct vector v_tmpfs_new = {
	.name = "fsopen(tmpfs) + fsmount + move_mount",
	.prep = tmpfs_prep, .run = tmpfs_new_run, .nsteps = 5,
	.unprotected = true, .op = "newmount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* A type that is not protected but not allowed either: ramfs. */
static void ramfs_run(void)
{
	STEP(mount("ward-ramfs", "/tmp/t", "ramfs", 0, NULL));
	CHECK(is_fs("/tmp/t", RAMFS_MAGIC), ENOENT);
}

/*
 * overlayfs with /sys as a lower layer, under a read-only tmpfs mask over
 * /sys/kernel: overlayfs clones the layer's mount and walks it without
 * crossing mounts, so the stacked mount would show what the mask hides.
 * The tmpfs domain may mount overlay; the layer on sysfs is what it is
 * refused (op_allow "bind", clone_private_mount).
 */
static int overlay_prep(void)
{
	char *modprobe[] = { "modprobe", "overlay", NULL };

	/* As the host: a domain may not autoload it. */
	ward_run(modprobe, NULL, 0);
	if (mkdir("/tmp/ovl", 0755) || mkdir("/tmp/ovl/low", 0755) ||
	    mkdir("/tmp/ovl/m", 0755))
		return errno;
	if (mount("ward-mask", "/sys/kernel", "tmpfs", MS_RDONLY, "size=4k"))
		return errno;
	return access("/sys/kernel/uevent_seqnum", F_OK) ? 0 : EEXIST;
}

static void overlay_run(void)
{
	STEP(mount("ward-ovl", "/tmp/ovl/m", "overlay", MS_RDONLY,
		   "lowerdir=/sys:/tmp/ovl/low"));
	CHECK(!access("/tmp/ovl/m/kernel/uevent_seqnum", R_OK), ENOENT);
}

static const struct vector v_overlay_sys = {
	.name = "overlay with /sys as a lower layer, under a mask",
	.prep = overlay_prep, .run = overlay_run, .nsteps = 2,
	.op = "mount", .op_allow = "bind",
};

static const struct vector v_ramfs = {
	.name = "mount(ramfs), a type outside the allow list",
	.prep = tmpfs_prep, .run = ramfs_run, .nsteps = 2,
	.op = "mount", .op_allow = "newmount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* An allowed type on top of a protected mount. */
static void tmpfs_over_procsys_run(void)
{
	STEP(mount("ward-t", "/proc/sys", "tmpfs", 0, "size=64k"));
	CHECK(is_fs("/proc/sys", TMPFS_MAGIC), ENOENT);
}

static const struct vector v_tmpfs_over_procsys = {
	.name = "mount(tmpfs) on top of /proc/sys",
	.run = tmpfs_over_procsys_run, .nsteps = 2, .op = "mount",
	.userns_ok = IN_USERNS | IN_USERNS_PRE,
};

/* umount2 of a tmpfs that is on no protected mount: allowed by allow. */
static int tmpfs_mounted_prep(void)
{
	int e = tmpfs_prep();

	if (e)
		return e;
	return mount("ward-t", "/tmp/t", "tmpfs", 0, "size=64k") ? errno : 0;
}

static void umount_tmpfs_run(void)
{
	STEP(umount2("/tmp/t", 0));
	CHECK(same_dev("/tmp/t", "/tmp"), EEXIST);
}

static const struct vector v_umount_tmpfs = {
	.name = "umount2 of a plain tmpfs",
	.prep = tmpfs_mounted_prep, .run = umount_tmpfs_run, .nsteps = 2,
	.unprotected = true, .op = "umount",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * umount2(MNT_DETACH) of a tmpfs with another tmpfs below it: nothing
 * protected in the tree, so `mount allow tmpfs` allows it.
 */
static int lazy_tmpfs_prep(void)
{
	if (mkdir("/tmp/lazy", 0755) ||
	    mount("ward-lazy", "/tmp/lazy", "tmpfs", 0, "size=64k") ||
	    mkdir("/tmp/lazy/sub", 0755) ||
	    mount("ward-sub", "/tmp/lazy/sub", "tmpfs", 0, "size=64k"))
		return errno;
	return 0;
}

static void lazy_tmpfs_run(void)
{
	STEP(umount2("/tmp/lazy", MNT_DETACH));
	CHECK(same_dev("/tmp/lazy", "/tmp"), EEXIST);
}

static const struct vector v_umount_lazy_tmpfs = {
	.name = "umount2(MNT_DETACH) of a tmpfs holding a tmpfs",
	.prep = lazy_tmpfs_prep, .run = lazy_tmpfs_run, .nsteps = 2,
	.unprotected = true, .op = "umount",
	.userns_ok = IN_USERNS_PRE,
};

#ifndef MOVE_MOUNT_SET_GROUP
#define MOVE_MOUNT_SET_GROUP	0x00000100
#endif

/*
 * move_mount(MOVE_MOUNT_SET_GROUP): /tmp/b, a private bind of the shared
 * tmpfs /tmp/a, joins /tmp/a's peer group, which changes what propagates
 * into it.
 */
static int set_group_prep(void)
{
	if (mkdir("/tmp/a", 0755) || mkdir("/tmp/b", 0755) ||
	    mount("ward-a", "/tmp/a", "tmpfs", 0, "size=64k") ||
	    mount(NULL, "/tmp/a", NULL, MS_SHARED, NULL) ||
	    mount("/tmp/a", "/tmp/b", NULL, MS_BIND, NULL) ||
	    mount(NULL, "/tmp/b", NULL, MS_PRIVATE, NULL))
		return errno;
	return mount_shared("/tmp/b") ? EEXIST : 0;
}

static void set_group_run(void)
{
	STEP(sys_move_mount(AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/b",
			    MOVE_MOUNT_SET_GROUP));
	CHECK(mount_shared("/tmp/b"), ENOENT);
}

static const struct vector v_set_group = {
	.name = "move_mount(MOVE_MOUNT_SET_GROUP) between tmpfs mounts",
	.prep = set_group_prep, .run = set_group_run, .nsteps = 2,
	.unprotected = true, .op = "move_mount",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * mount_setattr() that only restricts: read-only and noexec on a tmpfs of
 * the domain's own.  `mount allow tmpfs` allows it.
 */
static void setattr_tighten_run(void)
{
	struct mount_attr a = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOEXEC,
	};

	STEP(sys_mount_setattr(AT_FDCWD, "/tmp/t", 0, &a, sizeof(a)));
	CHECK(is_ro("/tmp/t"), EROFS);
}

static const struct vector v_setattr_tighten = {
	.name = "mount_setattr(set RDONLY|NOEXEC) on a tmpfs",
	.prep = tmpfs_mounted_prep, .run = setattr_tighten_run, .nsteps = 2,
	.unprotected = true, .op = "mount_setattr",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * mount_setattr() that lifts a restriction of a tmpfs of the domain's own
 * (read-only) or changes its propagation: Ward decides on the resolved
 * mount, and `mount allow tmpfs` allows both.
 */
static int tmpfs_ro_prep(void)
{
	int e = tmpfs_mounted_prep();

	if (e)
		return e;
	/* The mount read-only, not the superblock. */
	return mount(NULL, "/tmp/t", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
		     NULL) ? errno : 0;
}

static void setattr_tmpfs_run(void)
{
	setattr_run("/tmp/t");
}

static const struct vector v_setattr_tmpfs = {
	.name = "mount_setattr(clear RDONLY) on a tmpfs",
	.prep = tmpfs_ro_prep, .run = setattr_tmpfs_run, .nsteps = 2,
	.unprotected = true, .op = "mount_setattr",
	.userns_ok = IN_USERNS_PRE,
};

static void setattr_shared_run(void)
{
	struct mount_attr a = { .propagation = MS_SHARED };

	STEP(sys_mount_setattr(AT_FDCWD, "/tmp/t", 0, &a, sizeof(a)));
	CHECK(mount_shared("/tmp/t"), ENOENT);
}

static const struct vector v_setattr_shared = {
	.name = "mount_setattr(MS_SHARED) on a tmpfs",
	.prep = tmpfs_mounted_prep, .run = setattr_shared_run, .nsteps = 2,
	.unprotected = true, .op = "mount_setattr",
	.userns_ok = IN_USERNS_PRE,
};

/*
 * mount_setattr(AT_RECURSIVE) clearing RDONLY on a tmpfs with a proc and
 * its read-only mask on sys below (lazy_prep()): the tmpfs is the domain's,
 * the mask is not, and the change would reach it.
 */
static void setattr_recursive_run(void)
{
	struct mount_attr a = { .attr_clr = MOUNT_ATTR_RDONLY };

	STEP(sys_mount_setattr(AT_FDCWD, "/tmp/lazy", AT_RECURSIVE, &a,
			       sizeof(a)));
	CHECK(!is_ro("/tmp/lazy/proc/sys"), EROFS);
}

static const struct vector v_setattr_recursive = {
	.name = "mount_setattr(AT_RECURSIVE, clear RDONLY) over a masked proc",
	.prep = lazy_prep, .run = setattr_recursive_run, .nsteps = 2,
	.op = "mount_setattr",
};

/* ---------------------------------------------------------------------
 * Running a vector
 */

/* Setup failures of the child, by stage (exit codes). */
enum {
	CHILD_NS_FAILED = WARD_CHILD_SETUP_FAILED + 1,
	CHILD_PRIVATE_FAILED,
	CHILD_SCRATCH_FAILED,
	CHILD_PREP_FAILED,
	CHILD_ENTER_FAILED,
	CHILD_UNSHARE_FAILED,
	CHILD_PRE_FAILED,
};

/* Root of new user, mount and cgroup namespaces.  0 or -errno. */
static int become_userns_root(void)
{
	int ret = ward_become_userns_root(true);

	if (ret)
		return ret;
	return unshare(CLONE_NEWCGROUP) ? -errno : 0;
}

/* The child: namespaces, preparation, domain, steps. */
static void __attribute__((noreturn))
vector_child(const char *cg, enum ns_mode ns, const struct vector *v)
{
	int e;

	if (ns == NS_USERNS_PRE ? become_userns_root() : unshare(CLONE_NEWNS))
		_exit(CHILD_NS_FAILED);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		_exit(CHILD_PRIVATE_FAILED);
	if (mount("ward-scratch", "/tmp", "tmpfs", 0, "size=1m,mode=0755"))
		_exit(CHILD_SCRATCH_FAILED);
	if (v->prep) {
		e = v->prep();
		if (e) {
			dprintf(2, "# %s: preparation failed: %s\n", v->name,
				strerror(e));
			_exit(CHILD_PREP_FAILED);
		}
	}
	e = cg ? ward_cgroup_enter(cg) : 0;
	if (e) {
		dprintf(2, "# enter %s: %s\n", cg, strerror(-e));
		_exit(CHILD_ENTER_FAILED);
	}
	e = ns == NS_USERNS ? become_userns_root() : 0;
	if (e) {
		dprintf(2, "# user namespace: %s\n", strerror(-e));
		_exit(CHILD_UNSHARE_FAILED);
	}
	if (v->pre && v->pre())
		_exit(CHILD_PRE_FAILED);
	v->run();
	_exit(0);
}

/* Run @v in a child (in @cg, or a host child); its exit code. */
static int run_vector(const char *cg, enum ns_mode ns, const struct vector *v,
		      struct vres *out, pid_t *pidp)
{
	pid_t pid;
	int code;

	res->step = 0;
	res->err = 0;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		vector_child(cg, ns, v);
	code = ward_wait_exit(pid);
	*out = *res;
	*pidp = pid;
	return code;
}

FIXTURE(mnt) {
	char cg[PATH_MAX];
};

FIXTURE_VARIANT(mnt) {
	const char *domain;
	enum ns_mode ns;
	bool complain;
	bool tmpfs;	/* `mount allow tmpfs` */
};

FIXTURE_VARIANT_ADD(mnt, strict) {
	.domain = "strict", .ns = NS_PLAIN,
};

FIXTURE_VARIANT_ADD(mnt, tmpfs) {
	.domain = "tmpfs", .ns = NS_PLAIN, .tmpfs = true,
};

FIXTURE_VARIANT_ADD(mnt, watch) {
	.domain = "watch", .ns = NS_PLAIN, .complain = true,
};

FIXTURE_VARIANT_ADD(mnt, strict_userns) {
	.domain = "strict", .ns = NS_USERNS,
};

FIXTURE_VARIANT_ADD(mnt, tmpfs_userns) {
	.domain = "tmpfs", .ns = NS_USERNS, .tmpfs = true,
};

FIXTURE_VARIANT_ADD(mnt, watch_userns) {
	.domain = "watch", .ns = NS_USERNS, .complain = true,
};

FIXTURE_VARIANT_ADD(mnt, strict_userns_pre) {
	.domain = "strict", .ns = NS_USERNS_PRE,
};

FIXTURE_VARIANT_ADD(mnt, tmpfs_userns_pre) {
	.domain = "tmpfs", .ns = NS_USERNS_PRE, .tmpfs = true,
};

FIXTURE_SETUP(mnt)
{
	char err[512] = "";
	int ret;

	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = ward_domain_prepare(variant->domain);
	ASSERT_EQ(0, ret) TH_LOG("bind %s: %s", variant->domain,
				 strerror(-ret));
	ward_domain_cgroup(variant->domain, self->cg, sizeof(self->cg));
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, res);
	ASSERT_LT(0, ward_read_file(CORE_PATTERN, core_orig,
				    sizeof(core_orig)));
}

FIXTURE_TEARDOWN(mnt)
{
	char now[256];

	if (ward_read_file(CORE_PATTERN, now, sizeof(now)) >= 0 &&
	    strcmp(now, core_orig))
		ward_write_file(CORE_PATTERN, core_orig);
	if (res && res != MAP_FAILED)
		munmap(res, sizeof(*res));
	res = NULL;
	ward_reset();
}

static void check_vector(struct __test_metadata *_metadata,
			 FIXTURE_DATA(mnt) *self,
			 const FIXTURE_VARIANT(mnt) *variant,
			 const struct vector *v)
{
	struct vres h, d;
	pid_t hp, dp;
	int code;

	/* The positive control: a host task, same namespaces, same steps. */
	code = run_vector(NULL, variant->ns, v, &h, &hp);
	ASSERT_EQ(0, code) TH_LOG("%s: host child setup failed (%d)",
				  v->name, code);
	if (v->after)
		ASSERT_EQ(0, v->after(&h, v)) TH_LOG("%s: host effect", v->name);
	if (v->userns_ok & (1U << variant->ns)) {
		ASSERT_EQ(0, h.err) TH_LOG("%s: host in a user ns: step %d: %s",
					   v->name, h.step, strerror(h.err));
		ASSERT_EQ(v->nsteps, h.step);
	}
	if (variant->ns == NS_PLAIN) {
		ASSERT_EQ(0, h.err) TH_LOG("%s: host step %d: %s", v->name,
					   h.step, strerror(h.err));
		ASSERT_EQ(v->nsteps, h.step);
	}

	code = run_vector(self->cg, variant->ns, v, &d, &dp);
	ASSERT_EQ(0, code) TH_LOG("%s: domain child setup failed (%d)",
				  v->name, code);
	if (v->after)
		ASSERT_EQ(0, v->after(&d, v)) TH_LOG("%s: domain effect",
						     v->name);
	TH_LOG("%s: host: %d/%d steps, %s; %s: %d steps, %s", v->name,
	       h.step, v->nsteps, h.err ? strerror(h.err) : "done",
	       variant->domain, d.step, d.err ? strerror(d.err) : "done");

	if (variant->complain || (variant->tmpfs && v->unprotected)) {
		/* Allowed: exactly what the host got. */
		ASSERT_EQ(h.step, d.step);
		ASSERT_EQ(h.err, d.err);
		if (variant->complain && d.step > 0) {
			ASSERT_TRUE(ward_events_has(
				"op=%s domain=%s mode=complain verdict=allow pid=%d",
				v->op, variant->domain, dp))
				TH_LOG("%s: no complain event", v->name);
		}
		return;
	}

	/* Denied. */
	if (h.step == 0 && h.err) {
		/*
		 * The kernel refused the host task the first call already:
		 * Ward may refuse first (EACCES) or leave it to the kernel,
		 * but the domain task gets no further.
		 */
		ASSERT_EQ(0, d.step);
		ASSERT_TRUE(d.err == EACCES || d.err == h.err)
			TH_LOG("%s: domain got %s", v->name, strerror(d.err));
	} else {
		/* Ward stopped the domain task where the kernel did not. */
		ASSERT_EQ(EACCES, d.err) TH_LOG("%s: domain step %d: %s",
						v->name, d.step,
						strerror(d.err));
		ASSERT_LE(d.step, h.step);
	}
	if (d.err == EACCES) {
		const char *op = variant->tmpfs && v->op_allow ? v->op_allow :
								v->op;

		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=enforce verdict=deny pid=%d errno=%d",
			op, variant->domain, dp, EACCES))
			TH_LOG("%s: no deny event op=%s", v->name, op);
	}
}

/*
 * mount_setattr() with arguments the kernel refuses by itself: the domain
 * task gets the kernel's errno (EINVAL, E2BIG, EFAULT, EPERM), exactly as
 * the host task, not Ward's EACCES; a call that changes nothing succeeds.
 */
struct setattr_case {
	const char *name;
	unsigned int flags;
	struct mount_attr attr;
	size_t size;
	bool null_attr;
	bool unprivileged;
};

#define SA_SIZE	sizeof(struct mount_attr)
static const struct setattr_case setattr_cases[] = {
	{ .name = "bad flags", .flags = 0x80000000U,
	  .attr = { .attr_clr = MOUNT_ATTR_RDONLY }, .size = SA_SIZE },
	{ .name = "size too small",
	  .attr = { .attr_clr = MOUNT_ATTR_RDONLY }, .size = 8 },
	{ .name = "size too large",
	  .attr = { .attr_clr = MOUNT_ATTR_RDONLY }, .size = 8192 },
	{ .name = "NULL attr", .size = SA_SIZE, .null_attr = true },
	{ .name = "nothing to change", .size = SA_SIZE },
	{ .name = "unknown attribute",
	  .attr = { .attr_clr = 1U << 30 }, .size = SA_SIZE },
	{ .name = "two propagations",
	  .attr = { .propagation = MS_SHARED | MS_SLAVE }, .size = SA_SIZE },
	{ .name = "atime without __ATIME",
	  .attr = { .attr_set = MOUNT_ATTR_NOATIME }, .size = SA_SIZE },
	{ .name = "no CAP_SYS_ADMIN",
	  .attr = { .attr_clr = MOUNT_ATTR_RDONLY }, .size = SA_SIZE,
	  .unprivileged = true },
};

static const struct setattr_case *cur_case;
static enum ns_mode cur_ns;

static int do_setattr_case(void *arg)
{
	/* A page, so that "size too large" reads zeroes, not E2BIG junk. */
	static struct mount_attr big[8192 / sizeof(struct mount_attr)];
	const struct setattr_case *c = cur_case;

	(void)arg;
	big[0] = c->attr;
	/* Root of new user, mount and cgroup namespaces, as the vectors. */
	if (cur_ns != NS_PLAIN && become_userns_root())
		return WARD_CHILD_SETUP_FAILED;
	/* (In a user namespace nobody is not mapped: setup fails alike.) */
	if (c->unprivileged && ward_drop_privileges(WARD_NOBODY, WARD_NOBODY))
		return WARD_CHILD_SETUP_FAILED;
	if (sys_mount_setattr(AT_FDCWD, "/proc/sys", c->flags,
			      c->null_attr ? NULL : big, c->size))
		return errno;
	return 0;
}

TEST_F(mnt, mount_setattr_kernel_errno_first)
{
	unsigned int i;
	pid_t pid;

	cur_ns = variant->ns;
	for (i = 0; i < sizeof(setattr_cases) / sizeof(setattr_cases[0]);
	     i++) {
		int host, dom;

		cur_case = &setattr_cases[i];
		host = ward_run_in(NULL, do_setattr_case, &pid);
		dom = ward_run_in(self->cg, do_setattr_case, &pid);
		EXPECT_NE(EACCES, host);
		EXPECT_TRUE(host != WARD_CHILD_SETUP_FAILED ||
			    (cur_case->unprivileged && cur_ns != NS_PLAIN))
			TH_LOG("%s: host child setup failed", cur_case->name);
		EXPECT_EQ(host, dom) TH_LOG("%s: host %s, %s %s",
					    cur_case->name, strerror(host),
					    variant->domain, strerror(dom));
	}
}

#define MOUNT_TEST(test, vec)				\
	TEST_F(mnt, test)				\
	{						\
		check_vector(_metadata, self, variant, &vec);	\
	}

MOUNT_TEST(cgroup1_release_agent, v_cgroup1)
MOUNT_TEST(procsys_remount_core_pattern, v_remount)
MOUNT_TEST(umount_proc_file_mask, v_umount_file)
MOUNT_TEST(umount_proc_dir_mask, v_umount_dir)
MOUNT_TEST(mount_setattr_procsys_rw, v_setattr_procsys)
MOUNT_TEST(mount_setattr_sys_rw, v_setattr_sys)
MOUNT_TEST(mount_setattr_procsys_rw_int80, v_setattr_procsys32)
MOUNT_TEST(umount_lazy_parent_of_masked_proc, v_umount_lazy)
MOUNT_TEST(overlay_lower_sys, v_overlay_sys)
MOUNT_TEST(fspick_reconfigure_rw, v_fspick)
MOUNT_TEST(reconfigure_host_fspick_context, v_fspick_ctx)
MOUNT_TEST(fsopen_proc_detached, v_fsopen_proc)
MOUNT_TEST(fsopen_sysfs_detached, v_fsopen_sysfs)
MOUNT_TEST(fsopen_cgroup2_detached, v_fsopen_cgroup2)
MOUNT_TEST(fsmount_host_proc_context, v_fsmount_ctx)
MOUNT_TEST(open_tree_clone_proc, v_open_tree)
MOUNT_TEST(open_tree_clone_proc_recursive, v_open_tree_rec)
MOUNT_TEST(umount_proc, v_umount_proc)
MOUNT_TEST(move_mount_over_proc, v_move_mount)
MOUNT_TEST(pivot_root, v_pivot_root)
MOUNT_TEST(bind_masked_proc, v_bind_proc)
MOUNT_TEST(rbind_proc, v_rbind_proc)
MOUNT_TEST(move_proc, v_move_proc)
MOUNT_TEST(propagation_proc, v_propagation)
MOUNT_TEST(remount_proc_sb_rw, v_remount_sb)
MOUNT_TEST(tmpfs_mount, v_tmpfs)
MOUNT_TEST(tmpfs_new_api, v_tmpfs_new)
MOUNT_TEST(ramfs_not_allowed, v_ramfs)
MOUNT_TEST(tmpfs_over_procsys, v_tmpfs_over_procsys)
MOUNT_TEST(umount_tmpfs, v_umount_tmpfs)
MOUNT_TEST(umount_lazy_tmpfs_tree, v_umount_lazy_tmpfs)
MOUNT_TEST(move_mount_set_group, v_set_group)
MOUNT_TEST(mount_setattr_tighten_tmpfs, v_setattr_tighten)
MOUNT_TEST(mount_setattr_rw_tmpfs, v_setattr_tmpfs)
MOUNT_TEST(mount_setattr_shared_tmpfs, v_setattr_shared)
MOUNT_TEST(mount_setattr_recursive_masked_proc, v_setattr_recursive)

/* ---------------------------------------------------------------------
 * Automounts: a submount the kernel makes when a task walks onto its
 * mount point is not the task's mount.  tools/vm/run.sh exports a
 * directory over virtiofs (its tag in $WARD_VIRTIOFS, announce_submounts)
 * with a tmpfs on its sub/: the guest kernel automounts sub/ through
 * fs_context_for_submount(), as NFS, AFS and CIFS do.  debugfs automounts
 * tracefs, a protected type, on its tracing/ through vfs_submount().
 * Each test runs in a private mount namespace of its own.
 */

#define VFS_DIR		"/tmp/ward-vfs"
#define VFS_MARKER	VFS_DIR "/sub/marker"
#define DBG_TRACING	"/tmp/ward-dbg/tracing"

FIXTURE(automount) {
	char strict[PATH_MAX];
	char watch[PATH_MAX];
};

FIXTURE_SETUP(automount)
{
	char err[512] = "";

	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ASSERT_EQ(0, ward_domain_prepare("strict"));
	ASSERT_EQ(0, ward_domain_prepare("watch"));
	ward_domain_cgroup("strict", self->strict, sizeof(self->strict));
	ward_domain_cgroup("watch", self->watch, sizeof(self->watch));
	ASSERT_EQ(0, ward_private_mntns());
}

FIXTURE_TEARDOWN(automount)
{
	ward_reset();
}

/* Read VFS_MARKER through the automount: 0 if it reads as written. */
static int read_vfs_marker(void *arg)
{
	struct stat top, sub;
	char buf[64];

	(void)arg;
	/* The walk through sub/ mounts it (stat(2) alone would not). */
	if (ward_read_file(VFS_MARKER, buf, sizeof(buf)) < 0)
		return errno ? errno : EIO;
	if (strcmp(buf, "ward-virtiofs-submount\n"))
		return EBADMSG;
	if (stat(VFS_DIR, &top) || stat(VFS_DIR "/sub", &sub))
		return errno;
	/* sub/ is a mount of its own: another superblock */
	return top.st_dev == sub.st_dev ? EXDEV : 0;
}

static int stat_tracing(void *arg)
{
	struct stat st;

	(void)arg;
	return stat(DBG_TRACING "/README", &st) ? errno : 0;
}

/*
 * virtiofs: a task of a "mount deny" domain walks onto sub/, and the
 * kernel's submount is made: nothing refused, nothing reported.  (Ward
 * once judged it as the task's own mount: EACCES.)
 */
TEST_F(automount, virtiofs_submount_allowed)
{
	const char *tag = getenv("WARD_VIRTIOFS");
	pid_t pid;

	/* run.sh warned why: no root for its tmpfs, or no virtiofsd */
	if (!tag)
		SKIP(return, "tools/vm/run.sh gave the guest no virtiofs export");
	if (access("/sys/bus/virtio/drivers/virtiofs", F_OK)) {
		if (system("modprobe virtio_pci; modprobe virtiofs") < 0)
			TH_LOG("modprobe: %s", strerror(errno));
		if (access("/sys/bus/virtio/drivers/virtiofs", F_OK))
			SKIP(return, "this kernel has no virtiofs");
	}
	ASSERT_EQ(0, ward_mkdir_p(VFS_DIR));
	ASSERT_EQ(0, mount(tag, VFS_DIR, "virtiofs", 0, NULL))
		TH_LOG("mount virtiofs %s: %s", tag, strerror(errno));
	ASSERT_EQ(0, ward_run_in(self->strict, read_vfs_marker, &pid));
	EXPECT_FALSE(ward_events_has("pid=%d", pid));
	/* the same in a complaining domain: allowed, and not reported */
	ASSERT_EQ(0, umount2(VFS_DIR "/sub", 0));
	ASSERT_EQ(0, ward_run_in(self->watch, read_vfs_marker, &pid));
	EXPECT_FALSE(ward_events_has("pid=%d", pid));
	/* and the host */
	ASSERT_EQ(0, umount2(VFS_DIR "/sub", 0));
	ASSERT_EQ(0, ward_run_in(NULL, read_vfs_marker, &pid));
}

/*
 * debugfs: the automount of tracefs, a protected type, stays refused to
 * a domain task (reported), allowed and reported in complain mode; the
 * host gets it.  The task sees ELOOP, not EACCES: debugfs's automount
 * (trace_automount()) turns the error into "no mount", which the path
 * walk retries until it gives up.
 */
TEST_F(automount, tracefs_submount_refused)
{
	pid_t pid;

	ASSERT_EQ(0, ward_mkdir_p("/tmp/ward-dbg"));
	ASSERT_EQ(0, mount("ward-dbg", "/tmp/ward-dbg", "debugfs", 0, NULL));
	ASSERT_EQ(ELOOP, ward_run_in(self->strict, stat_tracing, &pid));
	ASSERT_TRUE(ward_events_has("op=newmount domain=strict mode=enforce verdict=deny pid=%d fstype=tracefs",
				    pid));
	ASSERT_EQ(0, ward_run_in(self->watch, stat_tracing, &pid));
	ASSERT_TRUE(ward_events_has("op=newmount domain=watch mode=complain verdict=allow pid=%d fstype=tracefs",
				    pid));
	ASSERT_EQ(0, umount2(DBG_TRACING, 0));
	ASSERT_EQ(0, ward_run_in(NULL, stat_tracing, &pid));
}

TEST_HARNESS_MAIN
