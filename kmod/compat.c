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

#include "compat.h"

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
	struct ward_mount_head *m, *parent;
	struct path root;
	bool ok;

	get_fs_root(current->fs, &root);
	rcu_read_lock();
	m = ward_real_mount(root.mnt);
	parent = READ_ONCE(m->mnt_parent);
	ok = m->mnt.mnt_sb == m->mnt.mnt_root->d_sb &&
	     parent->mnt.mnt_sb == parent->mnt.mnt_root->d_sb &&
	     m->mnt_mountpoint->d_sb == parent->mnt.mnt_sb;
	/* The child lists: a child of the root points back at it. */
	if (ok && !list_empty(&m->mnt_mounts)) {
		struct ward_mount_head *c;

		c = list_first_entry(&m->mnt_mounts, struct ward_mount_head,
				     mnt_child);
		ok = READ_ONCE(c->mnt_parent) == m &&
		     c->mnt.mnt_sb == c->mnt.mnt_root->d_sb &&
		     c->mnt_mountpoint->d_sb == m->mnt.mnt_sb;
	}
	rcu_read_unlock();
	path_put(&root);
	if (!ok) {
		pr_err("struct mount layout differs from compat.h: not loading\n");
		return -EINVAL;
	}
	return 0;
}
