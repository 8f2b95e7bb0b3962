// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - checks of the kernel internals Ward relies on
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fs_struct.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "compat.h"

/*
 * Whether @m looks like a struct mount: its superblock is its root
 * dentry's.  Every read goes through get_kernel_nofault(): with a wrong
 * layout, @m and the pointers read from it are garbage, and the check
 * must refuse rather than oops.
 */
static bool ward_mount_sane(const struct ward_mount_head *m,
			    struct super_block **sbp)
{
	struct super_block *sb, *rsb;
	struct dentry *root;

	if (get_kernel_nofault(sb, &m->mnt.mnt_sb) ||
	    get_kernel_nofault(root, &m->mnt.mnt_root) ||
	    get_kernel_nofault(rsb, &root->d_sb))
		return false;
	*sbp = sb;
	return sb && sb == rsb;
}

/* Whether @m's mount point is a dentry of the superblock @psb. */
static bool ward_mountpoint_on(const struct ward_mount_head *m,
			       const struct super_block *psb)
{
	struct super_block *sb;
	struct dentry *mp;

	return !get_kernel_nofault(mp, &m->mnt_mountpoint) &&
	       !get_kernel_nofault(sb, &mp->d_sb) && sb == psb;
}

/**
 * ward_compat_check - verify the struct mount layout on a live mount
 *
 * The mount of the current task's root and its parent must look like
 * struct mount as compat.h mirrors it: each one's superblock is its root
 * dentry's, and the mount point is a dentry of the parent's superblock.
 * The first mount on the root's child list must have the root as parent.
 *
 * Return: 0, or -EINVAL when the layout does not hold (Ward refuses to
 * load rather than misread mounts).
 */
int ward_compat_check(void)
{
	struct ward_mount_head *m, *parent, *c;
	struct super_block *sb, *psb, *csb;
	struct list_head *first;
	struct path root;
	bool ok;

	get_fs_root(current->fs, &root);
	rcu_read_lock();
	m = ward_real_mount(root.mnt);
	ok = ward_mount_sane(m, &sb) &&
	     !get_kernel_nofault(parent, &m->mnt_parent) &&
	     ward_mount_sane(parent, &psb) && ward_mountpoint_on(m, psb) &&
	     !get_kernel_nofault(first, &m->mnt_mounts.next);
	/* The child lists: a child of the root points back at it. */
	if (ok && first != &m->mnt_mounts) {
		c = list_entry(first, struct ward_mount_head, mnt_child);
		ok = !get_kernel_nofault(parent, &c->mnt_parent) &&
		     parent == m && ward_mount_sane(c, &csb) &&
		     ward_mountpoint_on(c, sb);
	}
	rcu_read_unlock();
	path_put(&root);
	if (!ok) {
		pr_err("struct mount layout differs from compat.h: not loading\n");
		return -EINVAL;
	}
	return 0;
}
