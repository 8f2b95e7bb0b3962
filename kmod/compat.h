/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - what depends on the kernel version, and only that
 *
 * Ward is built for Debian 12's Linux 6.1.  Everything below reaches into
 * kernel internals that have no stable interface; when Ward moves to another
 * kernel, this file and the hook symbol names are what must be checked.
 */
#ifndef _WARD_COMPAT_H
#define _WARD_COMPAT_H

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/path.h>

/*
 * The head of struct mount (fs/mount.h, private to fs/).  Ward needs the
 * parent of a mount to tell the masking mounts that runtimes place on top of
 * /proc and /sys, and the children of a mount to judge a lazy unmount.  The
 * layout of these members has not changed since 3.13 (mnt_pcp and the lists
 * since 3.3); ward_compat_check() verifies it at load on a live mount and Ward
 * refuses to load when it does not hold.  struct mount is freed after an RCU
 * grace period, so reading mnt_parent under rcu_read_lock() is safe.
 */
struct ward_mount_head {
	struct hlist_node mnt_hash;
#if defined(WARD_TEST_BAD_LAYOUT) && WARD_TEST_BAD_LAYOUT == 1
	/* a deliberately wrong mirror, for base_test only */
	struct dentry *mnt_mountpoint;
	struct ward_mount_head *mnt_parent;
#else
	struct ward_mount_head *mnt_parent;
	struct dentry *mnt_mountpoint;
#endif
	struct vfsmount mnt;
	/*
	 * The members up to the child lists, for walking the mounts below
	 * a mount (a lazy unmount).  CONFIG_SMP (Debian's kernels) puts one
	 * per-CPU pointer before them.
	 */
	union {
		struct rcu_head mnt_rcu;
		struct llist_node mnt_llist;
	};
	void __percpu *mnt_pcp;
	struct list_head mnt_mounts;
	struct list_head mnt_child;
};

#ifndef CONFIG_SMP
#error "compat.h mirrors struct mount of an SMP kernel"
#endif

static inline struct ward_mount_head *ward_real_mount(const struct vfsmount *mnt)
{
	return container_of(mnt, struct ward_mount_head, mnt);
}

/**
 * ward_mnt_parent - the mount @mnt is mounted on
 * @mnt: a mount
 *
 * Returns @mnt itself for a root or detached mount.  Caller holds
 * rcu_read_lock().
 */
static inline struct vfsmount *ward_mnt_parent(const struct vfsmount *mnt)
{
	return &READ_ONCE(ward_real_mount(mnt)->mnt_parent)->mnt;
}

/* path_noexec() of fs/exec.c, which is not exported. */
static inline bool ward_path_noexec(const struct path *path)
{
	return (path->mnt->mnt_flags & MNT_NOEXEC) ||
	       (path->mnt->mnt_sb->s_iflags & SB_I_NOEXEC);
}

/* fs/pnode.h: the copy_tree()/clone_mnt() flag of a recursive bind. */
#define WARD_CL_COPY_MNT_NS_FILE	0x40

/*
 * The load-time self-test calls each hook target through a pointer.  With
 * IBT, objtool seals the functions whose address is never taken (static
 * ones like clone_mnt), and such a call would fault.  Debian's 6.1 is built
 * without IBT; refuse to build rather than crash at load.
 */
#ifdef CONFIG_X86_KERNEL_IBT
#error "Ward's hook self-test needs a kernel built without X86_KERNEL_IBT"
#endif

/* What ftrace writes at an attached fentry site: a call. */
#define WARD_CALL_OPCODE		0xe8

int ward_compat_check(void);

#endif /* _WARD_COMPAT_H */
