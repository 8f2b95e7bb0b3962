// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - mount mediation (R-MNT)
 *
 * Every path that creates, attaches, moves, changes or removes a mount is
 * mediated for domain tasks.  Where 6.1 has an LSM hook, Ward attaches to
 * it; where it has none (fsmount, open_tree, mount_setattr, and the clone
 * behind a bind mount), Ward attaches to the function that does the work
 * (vfs_create_mount, clone_mnt, copy_tree), to the system call, or to
 * the system call's lookup, where the objects are resolved, so that no
 * path string is interpreted twice.
 *
 * A domain without "mount allow" may do none of it.  A domain with it may
 * mount the filesystem types it lists and change its other mounts, but never
 * touch a protected mount: a mount of a protected filesystem (proc, sysfs,
 * cgroup, ...) or a mount on top of one (the masks runtimes place over
 * /proc and /sys).  Decisions look at the filesystem and the mount, never
 * at a path string, so another mount namespace cannot dodge them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/unistd.h>
#include <asm/syscall.h>
#include <uapi/linux/mount.h>

#include "compat.h"
#include "domain.h"
#include "hooks.h"
#include "setup.h"
#include "report.h"
#include "validate.h"

static bool ward_sb_protected(const struct super_block *sb)
{
	return ward_fs_protected(sb->s_type->name);
}

/* A mount of a protected filesystem, or a mount on top of one. */
static bool ward_mnt_protected(const struct vfsmount *mnt)
{
	const struct vfsmount *parent = ward_mnt_parent(mnt);

	return ward_sb_protected(mnt->mnt_sb) ||
	       (parent != mnt && ward_sb_protected(parent->mnt_sb));
}

static bool ward_fstype_allowed(const struct ward_domain *d, const char *name)
{
	u32 i;

	for (i = 0; i < d->nfstypes; i++)
		if (!strcmp(d->fstypes[i].name, name))
			return true;
	return false;
}

static bool ward_may_mount(const struct ward_domain *d)
{
	return d->mount & WARD_MOUNT_ALLOW;
}

/* Reports are out of line: a host task's call never sets up their frame. */
static noinline int ward_deny_path(const struct ward_domain *d,
				   const char *op, const struct path *path)
{
	char buf[WARD_PATH_LEN];
	struct ward_untrusted name = { "path", ward_path(path, buf, sizeof(buf)) };

	return ward_report_names(d, op, -EACCES, &name, 1, "fstype=%s",
				 path->mnt->mnt_sb->s_type->name);
}

/* hook_sb_mount()'s refusal, out of line: its buffers are no host's cost. */
static noinline int ward_mount_report(const struct ward_ctx *ctx,
				      const struct ward_domain *d)
{
	const struct path *path = (const struct path *)ward_arg(ctx, 1);
	const char *type = (const char *)ward_arg(ctx, 2);
	char tbuf[WARD_NAME_LEN], pbuf[WARD_PATH_LEN];
	struct ward_untrusted names[2];

	/* The type is the caller's string, copied by the kernel. */
	strscpy(tbuf, type ? type : "-", sizeof(tbuf));
	names[0] = (struct ward_untrusted){ "type", tbuf };
	names[1] = (struct ward_untrusted){
		"path", ward_path(path, pbuf, sizeof(pbuf))
	};
	return ward_report_names(d, "mount", -EACCES, names,
				 ARRAY_SIZE(names), "flags=%#lx fstype=%s",
				 ward_arg(ctx, 3),
				 path->mnt->mnt_sb->s_type->name);
}

/*
 * security_sb_mount(dev_name, path, type, flags, data): mount(2) in all its
 * forms, before anything is done.  @path is the target: the mount point of a
 * new, bind or moved mount, or the mount being remounted or re-propagated.
 * The source of a bind and of a move is checked where it is resolved
 * (clone_mnt, copy_tree, do_move_mount), the type of a new mount in
 * fs_context_for_mount.
 */
static int hook_sb_mount(const struct ward_ctx *ctx)
{
	const struct path *path = (const struct path *)ward_arg(ctx, 1);
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	if (ward_may_mount(d) && !ward_mnt_protected(path->mnt))
		return 0;
	return ward_mount_report(ctx, d);
}

/* Mounts a lazy unmount may walk before Ward gives up (and refuses). */
#define WARD_UMOUNT_WALK_MAX	4096

/*
 * Whether any mount below @top (not @top itself) is of a protected
 * filesystem.  A mount on top of one of those is below it as well, so
 * this covers the masks too.  The walk is next_mnt() of fs/namespace.c
 * without mount_lock, which a module cannot take: struct mount is freed
 * after an RCU grace period, so every mount reached stays readable under
 * rcu_read_lock(); a list changed under the walk can at worst make it
 * loop, and the bound then fails it closed.  A domain task cannot add or
 * remove protected mounts below its own, so the walk cannot be raced into
 * a wrong "no".
 */
static bool ward_tree_protected(const struct vfsmount *top)
{
	struct ward_mount_head *root = ward_real_mount(top), *p = root;
	unsigned int n;

	for (n = 0; n < WARD_UMOUNT_WALK_MAX; n++) {
		struct list_head *next = READ_ONCE(p->mnt_mounts.next);

		if (next == &p->mnt_mounts) {
			for (;;) {
				if (p == root)
					return false;
				next = READ_ONCE(p->mnt_child.next);
				if (next != &READ_ONCE(p->mnt_parent)->mnt_mounts)
					break;
				p = READ_ONCE(p->mnt_parent);
			}
		}
		p = list_entry(next, struct ward_mount_head, mnt_child);
		if (ward_sb_protected(p->mnt.mnt_sb))
			return true;
	}
	return true;
}

/* hook_sb_umount()'s refusal, out of line. */
static noinline int ward_umount_report(const struct ward_domain *d,
				       struct vfsmount *mnt)
{
	struct path path = { .mnt = mnt, .dentry = mnt->mnt_root };

	return ward_deny_path(d, "umount", &path);
}

/*
 * security_sb_umount(mnt, flags): umount2, on the resolved mount, after
 * the kernel's own checks of the arguments and of the caller (EINVAL,
 * EPERM).  A lazy unmount (MNT_DETACH) detaches every mount below @mnt as
 * well and leaves them reachable through open descriptors: it is refused
 * where any of them is protected (the masks on a /proc inside it), and
 * allowed on a tree of non-protected mounts.  A plain unmount of a mount
 * with mounts below it fails with EBUSY by itself.
 */
static int hook_sb_umount(const struct ward_ctx *ctx)
{
	struct vfsmount *mnt = (struct vfsmount *)ward_arg(ctx, 0);
	int flags = ward_arg(ctx, 1);
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	if (ward_may_mount(d) && !ward_mnt_protected(mnt) &&
	    (!(flags & MNT_DETACH) || !ward_tree_protected(mnt)))
		return 0;
	return ward_umount_report(d, mnt);
}

/* security_sb_pivotroot(old_path, new_path). */
static int hook_sb_pivotroot(const struct ward_ctx *ctx)
{
	const struct path *new = (const struct path *)ward_arg(ctx, 1);
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	if (ward_may_mount(d) && !ward_mnt_protected(new->mnt))
		return 0;
	return ward_deny_path(d, "pivot_root", new);
}

/*
 * Whether a domain task may create a mount of a new superblock of @type.
 * The kernel's internal mounts (SB_KERNMOUNT, e.g. the mqueue mount of a
 * new IPC namespace) are never visible and stay allowed.  Automounts
 * (SB_SUBMOUNT) are allowed unless the type is protected, so that a
 * container cannot reach tracefs through debugfs.
 */
static int ward_check_new_mount(const struct ward_ctx *ctx, const char *op,
				const struct file_system_type *type,
				unsigned int sb_flags)
{
	struct ward_domain *d;

	if (sb_flags & SB_KERNMOUNT)
		return 0;
	d = ward_current_domain(ctx);
	if (!d)
		return 0;
	if (!ward_fs_protected(type->name) &&
	    ((sb_flags & SB_SUBMOUNT) ||
	     (ward_may_mount(d) && ward_fstype_allowed(d, type->name))))
		return 0;
	return ward_report(d, op, -EACCES, "fstype=%s", type->name);
}

/*
 * fs_context_for_mount(fs_type, sb_flags): the start of every new
 * superblock mount: mount(2) of a new filesystem, fsopen(), automounts.
 * Denying here makes fsopen() itself fail.
 */
static int hook_fs_context_for_mount(const struct ward_ctx *ctx)
{
	return ward_check_new_mount(ctx, "newmount", (void *)ward_arg(ctx, 0),
				    ward_arg(ctx, 1));
}

/*
 * vfs_create_mount(fc): where fsmount() and every new mount turn a
 * filesystem context into a mount.  The context may have been made by
 * another task (fsopen() on the host, the descriptor passed to a
 * container), so the check at fsopen() alone is not enough.
 */
static int hook_vfs_create_mount(const struct ward_ctx *ctx)
{
	const struct fs_context *fc = (void *)ward_arg(ctx, 0);
	unsigned int sb_flags = fc->sb_flags;

	/*
	 * A context of fs_context_for_submount() is the kernel's automount
	 * of an NFS, virtiofs, AFS or CIFS directory, made in the context
	 * of the task that walked onto it; unlike vfs_submount() it does not
	 * set SB_SUBMOUNT, and no task can make such a context itself.
	 */
	if (fc->purpose == FS_CONTEXT_FOR_SUBMOUNT)
		sb_flags |= SB_SUBMOUNT;
	return ward_check_new_mount(ctx, "fsmount", fc->fs_type, sb_flags);
}

/*
 * fs_context_for_reconfigure(dentry, sb_flags, sb_flags_mask): superblock
 * reconfiguration by mount(MS_REMOUNT) and by fspick().  Denying here makes
 * fspick() itself fail.
 */
static int hook_fs_context_for_reconfigure(const struct ward_ctx *ctx)
{
	struct dentry *dentry = (struct dentry *)ward_arg(ctx, 0);
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	if (ward_may_mount(d) && !ward_sb_protected(dentry->d_sb))
		return 0;
	return ward_report(d, "reconfigure", -EACCES, "fstype=%s",
			   dentry->d_sb->s_type->name);
}

/*
 * reconfigure_super(fc): where every reconfiguration is applied, also
 * fsconfig(FSCONFIG_CMD_RECONFIGURE) on a context that another task made
 * with fspick() and passed on.
 */
static int hook_reconfigure_super(const struct ward_ctx *ctx)
{
	const struct fs_context *fc = (void *)ward_arg(ctx, 0);
	const struct file_system_type *type = fc->fs_type;
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	if (fc->root)
		type = fc->root->d_sb->s_type;
	if (ward_may_mount(d) && !ward_fs_protected(type->name))
		return 0;
	return ward_report(d, "reconfigure", -EACCES, "fstype=%s", type->name);
}

/*
 * The source of a bind, by clone_mnt() or copy_tree(): their first two
 * arguments are the struct mount and the dentry to clone from.
 */
static int ward_check_bind(const struct ward_ctx *ctx)
{
	struct ward_mount_head *src = (struct ward_mount_head *)ward_arg(ctx, 0);
	struct ward_domain *d = ward_current_domain(ctx);
	struct path path;

	if (!d || (ward_may_mount(d) && !ward_mnt_protected(&src->mnt)))
		return 0;
	path.mnt = &src->mnt;
	path.dentry = (struct dentry *)ward_arg(ctx, 1);
	return ward_deny_path(d, "bind", &path);
}

/*
 * clone_mnt(old, root, flag) with flag 0 is the non-recursive bind of
 * mount(MS_BIND) and open_tree(OPEN_TREE_CLONE): the clone loses the mounts
 * on top of the source, which is how a mask over /proc would be shed.
 */
static int hook_clone_mnt(const struct ward_ctx *ctx)
{
	return ward_arg(ctx, 2) ? 0 : ward_check_bind(ctx);
}

/*
 * copy_tree(mnt, dentry, flag) with flag CL_COPY_MNT_NS_FILE alone is the
 * recursive bind of mount(MS_BIND|MS_REC) and open_tree(OPEN_TREE_CLONE |
 * AT_RECURSIVE).  Only the top of the tree is checked: the protected mounts
 * inside it are copied together with their masks.
 */
static int hook_copy_tree(const struct ward_ctx *ctx)
{
	return ward_arg(ctx, 2) == WARD_CL_COPY_MNT_NS_FILE ?
	       ward_check_bind(ctx) : 0;
}

/*
 * clone_private_mount(path): a stacking filesystem (overlayfs) clones the
 * mount of each of its layers.  A layer on a protected mount would show,
 * through the stacked mount, what the masks on that mount hide: overlayfs
 * walks its layers without crossing mounts.
 */
static int hook_clone_private_mount(const struct ward_ctx *ctx)
{
	const struct path *path = (const struct path *)ward_arg(ctx, 0);
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d || (ward_may_mount(d) && !ward_mnt_protected(path->mnt)))
		return 0;
	return ward_deny_path(d, "bind", path);
}

/* do_move_mount(old_path, new_path): mount(MS_MOVE) and move_mount(). */
static int hook_do_move_mount(const struct ward_ctx *ctx)
{
	const struct path *from = (const struct path *)ward_arg(ctx, 0);
	const struct path *to = (const struct path *)ward_arg(ctx, 1);
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	if (!ward_may_mount(d) || ward_mnt_protected(from->mnt))
		return ward_deny_path(d, "move_mount", from);
	if (ward_mnt_protected(to->mnt))
		return ward_deny_path(d, "move_mount", to);
	return 0;
}

/*
 * security_move_mount(from_path, to_path): move_mount() with every flag,
 * on the resolved paths: a move (then do_move_mount() again, which
 * mount(MS_MOVE) reaches without this hook) and MOVE_MOUNT_SET_GROUP,
 * which gives @to_path the peer group of @from_path and so changes what
 * propagates into it.  A domain may do either only with "mount allow",
 * and neither from nor to a protected mount.
 */
static int hook_security_move_mount(const struct ward_ctx *ctx)
{
	return hook_do_move_mount(ctx);
}

/* open_tree(dfd, path, flags): only OPEN_TREE_CLONE creates a mount. */
static int hook_open_tree(const struct ward_ctx *ctx)
{
	unsigned int flags = ward_sysarg(ctx, 2);
	struct ward_domain *d;

	if (!(flags & OPEN_TREE_CLONE))
		return 0;
	d = ward_current_domain(ctx);
	if (!d || ward_may_mount(d))
		return 0;
	return ward_report(d, "open_tree", -EACCES, "flags=%#x", flags);
}

/*
 * Whether current is in mount_setattr(2), whose lookup is the only call
 * of user_path_at_empty() it makes.  Every architecture numbers it 442,
 * the x32 entry with __X32_SYSCALL_BIT.  Kernel and io_uring threads make
 * no system call of their own.
 */
static bool ward_in_mount_setattr(void)
{
	if (current->flags & (PF_KTHREAD | PF_IO_WORKER))
		return false;
	return (syscall_get_nr(current, task_pt_regs(current)) &
		~__X32_SYSCALL_BIT) == __NR_mount_setattr;
}

/*
 * Whether mount_setattr(flags) may change @path, the mount the system call
 * resolved: a domain with "mount allow" may change its non-protected
 * mounts, and the mounts below them with AT_RECURSIVE.  A path that is not
 * the root of its mount gets the kernel's EINVAL and changes nothing.
 *
 * Context: rcu_read_lock() (ward_tree_protected()).
 */
static bool ward_setattr_allowed(const struct ward_domain *d,
				 const struct path *path, unsigned int flags)
{
	if (path->dentry != path->mnt->mnt_root)
		return true;
	return ward_may_mount(d) && !ward_mnt_protected(path->mnt) &&
	       (!(flags & AT_RECURSIVE) || !ward_tree_protected(path->mnt));
}

static int ward_setattr_report(const struct ward_domain *d,
			       const struct path *path, unsigned int flags)
{
	char buf[WARD_PATH_LEN];
	struct ward_untrusted name = {
		"path", ward_path(path, buf, sizeof(buf))
	};

	return ward_report_names(d, "mount_setattr", -EACCES, &name, 1,
				 "flags=%#x fstype=%s", flags,
				 path->mnt->mnt_sb->s_type->name);
}

/*
 * user_path_at_empty(dfd, name, flags, path, empty), when mount_setattr(2)
 * calls it, after the kernel's own checks of the arguments (EINVAL, E2BIG,
 * EPERM, EFAULT, and a call that changes nothing returns before it).  6.1
 * inlines everything mount_setattr() does with the resolved mount, and
 * calls nothing traceable with it on every path; so Ward makes the lookup
 * itself, on the system call's behalf, and judges the result: the mount
 * the kernel then changes is the one judged, with no second lookup to
 * race with.
 *
 * - A domain without "mount allow" is refused before the lookup.
 * - A domain with it has the lookup made here (user_path_at_empty() again,
 *   which this hook lets through: its caller is Ward).  A refused mount's
 *   references are dropped and the call fails with EACCES; an allowed one
 *   is handed to mount_setattr() as the lookup's result (WARD_HOOK_DONE).
 *
 * The attributes are not judged: the system call holds them, and reading
 * them again from the task's memory could be raced.  So tightening a
 * protected mount (read-only, noexec) is refused as well.
 *
 * The lookup may sleep, with this function on the stack: the module
 * reference taken around it keeps Ward loaded until it returns (an unload
 * meanwhile gets EWOULDBLOCK).
 */
static noinline int ward_mount_setattr_lookup(const struct ward_ctx *ctx)
{
	struct path *path = (struct path *)ward_arg(ctx, 3);
	struct ward_ctx pctx = *ctx;
	unsigned long sysargs[6];
	struct ward_domain *d;
	unsigned int flags;
	bool lookup;
	int ret = 0;

	if (within_module(ctx->caller, THIS_MODULE))
		return 0;
	syscall_get_arguments(current, task_pt_regs(current), sysargs);
	flags = sysargs[2];

	rcu_read_lock();
	pctx.policy = rcu_dereference(ward_policy);
	d = ward_current_domain(&pctx);
	lookup = d && ward_may_mount(d);
	if (d && !lookup)
		ret = ward_report(d, "mount_setattr", -EACCES, "flags=%#x",
				  flags);
	rcu_read_unlock();
	if (!lookup) {
		if (ret)
			ward_hook_denied(ctx);
		return ret;
	}

	/* Ward going away: fail closed. */
	if (!try_module_get(THIS_MODULE))
		return -EACCES;
	ret = user_path_at_empty(ward_arg(ctx, 0),
				 (const char __user *)ward_arg(ctx, 1),
				 ward_arg(ctx, 2), path,
				 (int *)ward_arg(ctx, 4));
	if (!ret) {
		ret = WARD_HOOK_DONE;
		rcu_read_lock();
		pctx.policy = rcu_dereference(ward_policy);
		d = ward_current_domain(&pctx);
		if (d && !ward_setattr_allowed(d, path, flags))
			ret = ward_setattr_report(d, path, flags) ?: ret;
		rcu_read_unlock();
		if (ret < 0) {
			ward_hook_denied(ctx);
			path_put(path);
		}
	}
	module_put(THIS_MODULE);
	return ret;
}

/*
 * Every path lookup of access(), chdir(), chmod(), the path xattr calls,
 * ... passes here: all but mount_setattr()'s leave after one comparison,
 * before the frame (a zeroed argument array, the stack protector) that
 * mount_setattr()'s work needs.
 */
static int hook_user_path_at_empty(const struct ward_ctx *ctx)
{
	if (likely(!ward_in_mount_setattr()))
		return 0;
	return ward_mount_setattr_lookup(ctx);
}

static const struct ward_hook ward_mount_hooks[] = {
	{ "security_sb_mount", hook_sb_mount },
	{ "security_sb_umount", hook_sb_umount },
	{ "security_sb_pivotroot", hook_sb_pivotroot },
	{ "fs_context_for_mount", hook_fs_context_for_mount },
	{ "vfs_create_mount", hook_vfs_create_mount },
	{ "fs_context_for_reconfigure", hook_fs_context_for_reconfigure },
	{ "reconfigure_super", hook_reconfigure_super },
	{ "clone_mnt", hook_clone_mnt },
	{ "copy_tree", hook_copy_tree },
	{ "clone_private_mount", hook_clone_private_mount },
	{ "do_move_mount", hook_do_move_mount },
	{ "security_move_mount", hook_security_move_mount },
	{ "__x64_sys_open_tree", hook_open_tree },
	{ "__ia32_sys_open_tree", hook_open_tree, .ia32 = true },
	{ "user_path_at_empty", hook_user_path_at_empty, .sleepable = true },
};

/**
 * ward_mount_init - register the mount hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_mount_init(void)
{
	return ward_hooks_add(ward_mount_hooks, ARRAY_SIZE(ward_mount_hooks));
}
