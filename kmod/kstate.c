// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - host-global kernel state reached without a mount
 *
 * A runtime may leave /proc/sys or /sys writable (--privileged, a mistaken
 * bind).  A domain task could then write kernel.core_pattern,
 * kernel.modprobe, /sys/kernel/uevent_helper or /proc/sysrq-trigger, each
 * a host escape or a host-wide denial of service, without any mount that
 * R-MNT would see.  The same class: opening files by handle
 * (open_by_handle_at, the "shocker" escape out of a bind mount), and
 * kernel probes, tracepoints and kernel-side counting through
 * perf_event_open().  Every domain task is refused all of them unless its
 * domain says "kernel-state allow" (a container that manages the host);
 * the decisions look at kernel objects, never at path strings:
 *
 * - sysctl writes (proc_sys_call_handler()): refused for a table of the
 *   global sysctl root, allowed for a table of the writer's own network,
 *   IPC, mqueue or user namespace (net.*, the IPC and user namespace
 *   limits), and for the global tables whose handler writes the writer's
 *   own namespace (kernel.hostname and kernel.domainname: UTS;
 *   kernel.ns_last_pid: PID); refused again where that namespace is the
 *   host's (a container sharing the host's network namespace);
 * - writes to proc files made with proc_create() (proc_reg_write()):
 *   /proc/sysrq-trigger, /proc/irq/, /proc/acpi/, ... are the host's;
 * - writes to sysfs (kernfs_fop_write_iter() on a sysfs superblock):
 *   devices, drivers, module parameters, /sys/kernel are the host's;
 * - writes to cgroup v2 files of a cgroup outside the writer's container
 *   (the same function, on a cgroup2 superblock), and to a cgroup v1
 *   hierarchy's release_agent;
 * - open_by_handle_at() (do_handle_open(), both system call entries):
 *   a handle names an inode of the whole filesystem, outside the
 *   container's mounts;
 * - perf_event_open() (security_perf_event_open(PERF_SECURITY_OPEN)):
 *   only hardware, software, cache and raw events that exclude the
 *   kernel; tracepoints, breakpoints and dynamic PMUs (kprobe, uprobe,
 *   ...) are refused.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/kernfs.h>
#include <linux/magic.h>
#include <linux/namei.h>
#include <linux/nsproxy.h>
#include <linux/perf_event.h>
#include <linux/pid_namespace.h>
#include <linux/security.h>
#include <linux/sysctl.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "domain.h"
#include "hooks.h"
#include "report.h"
#include "setup.h"

/*
 * The head of struct proc_inode (fs/proc/internal.h, private to fs/proc),
 * up to the VFS inode it embeds: Ward needs the sysctl table of a
 * /proc/sys inode.  ward_kstate_init() checks the layout on a live inode.
 */
struct ward_proc_inode {
	struct pid *pid;
	unsigned int fd;
	union {
		void *p;
	} op;
	void *pde;
#if defined(WARD_TEST_BAD_LAYOUT) && WARD_TEST_BAD_LAYOUT == 2
	/* a deliberately wrong mirror, for base_test only */
	struct ctl_table *sysctl_entry;
	struct ctl_table_header *sysctl;
#else
	struct ctl_table_header *sysctl;
	struct ctl_table *sysctl_entry;
#endif
	struct hlist_node sibling_inodes;
	const void *ns_ops;
	struct inode vfs_inode;
};

static struct ward_proc_inode *ward_proc_i(const struct inode *inode)
{
	return container_of(inode, struct ward_proc_inode, vfs_inode);
}

/*
 * Handlers of global tables that write the writer's own namespace (UTS,
 * PID), and the initial IPC namespace (not exported); found at load.
 */
static unsigned long ward_uts_handler, ward_pid_handler;
static struct ipc_namespace *ward_init_ipc_ns;

/*
 * Whether a write to @table of @head is the writer's own: a table of the
 * writer's network, IPC (and mqueue) or user namespace, or a global table
 * whose handler writes the writer's UTS or PID namespace; and that
 * namespace is not the host's (a container sharing the host's network
 * namespace would otherwise write the host's net.*).
 */
static bool ward_sysctl_own(struct ctl_table_header *head,
			    const struct ctl_table *table)
{
	struct ctl_table_set *set = READ_ONCE(head->set);
	struct nsproxy *ns = current->nsproxy;
	struct user_namespace *userns = current_user_ns();
	unsigned long handler = (unsigned long)table->proc_handler;

	if (!set || !ns)
		return false;
	if (set == &ns->net_ns->sysctls)
		return ns->net_ns != &init_net;
	if (set == &ns->ipc_ns->ipc_set || set == &ns->ipc_ns->mq_set)
		return ward_init_ipc_ns && ns->ipc_ns != ward_init_ipc_ns;
	if (set == &userns->set)
		return userns != &init_user_ns;
	if (set->is_seen)
		return false;	/* another namespace's table */
	if (ward_uts_handler && handler == ward_uts_handler)
		return ns->uts_ns != &init_uts_ns;
	if (ward_pid_handler && handler == ward_pid_handler)
		return task_active_pid_ns(current) != &init_pid_ns;
	return false;
}

/* The current task's domain, if that domain is refused host-global state. */
static struct ward_domain *ward_kstate_domain(const struct ward_ctx *ctx)
{
	struct ward_domain *d = ward_current_domain(ctx);

	return d && !(d->flags & WARD_DOM_KSTATE_ALLOW) ? d : NULL;
}

/* proc_sys_call_handler(iocb, iter, write): read or write of a sysctl. */
static int hook_proc_sys_call_handler(const struct ward_ctx *ctx)
{
	const struct kiocb *iocb = (const void *)ward_arg(ctx, 0);
	struct ward_proc_inode *pi;
	struct ctl_table_header *head;
	struct ctl_table *table;
	struct ward_domain *d;

	if (!ward_arg(ctx, 2))
		return 0;
	d = ward_kstate_domain(ctx);
	if (!d)
		return 0;
	pi = ward_proc_i(file_inode(iocb->ki_filp));
	head = READ_ONCE(pi->sysctl);
	table = READ_ONCE(pi->sysctl_entry);
	/* The directory's own header, or one being unregistered: ENOENT. */
	if (!head || !table || READ_ONCE(head->unregistering))
		return 0;
	if (ward_sysctl_own(head, table))
		return 0;
	return ward_report(d, "sysctl_write", -EACCES, "name=%s",
			   table->procname);
}

/* Reports are out of line: a host task's call never sets up their frame. */
static noinline int ward_deny_file(struct ward_domain *d, const char *op,
				   const struct file *file)
{
	char buf[WARD_PATH_LEN];
	struct ward_untrusted name = {
		"path", ward_path(&file->f_path, buf, sizeof(buf))
	};

	return ward_report_names(d, op, -EACCES, &name, 1, "%s", "");
}

/* proc_reg_write(file, buf, count, ppos): a proc_create() file. */
static int hook_proc_reg_write(const struct ward_ctx *ctx)
{
	struct ward_domain *d = ward_kstate_domain(ctx);

	if (!d)
		return 0;
	return ward_deny_file(d, "proc_write", (const void *)ward_arg(ctx, 0));
}

/*
 * A cgroup v2 file of a cgroup outside the writer's container
 * (cgroup.kill, cgroup.freeze, memory.max of the host's services, or of
 * another container) acts on the host or on another container.  Moves
 * (cgroup.procs, cgroup.threads) are left to cgroup_attach_permissions(),
 * which judges both ends.  A cgroup file's kernfs node has the cftype as
 * its private data and its cgroup's directory as its parent.
 */
static noinline int ward_cgroup2_write(const struct ward_ctx *ctx,
				       struct ward_domain *d,
				       const struct file *file)
{
	const struct kernfs_node *kn = file_inode(file)->i_private;
	struct cgroup *cgrp = kn->parent->priv;
	const struct cftype *cft = kn->priv;
	struct ward_place place;

	if (!strcmp(cft->name, "cgroup.procs") ||
	    !strcmp(cft->name, "cgroup.threads"))
		return 0;
	if (ward_task_place(ctx->policy, current, &place) &&
	    ward_cgroup_in_container(ctx->policy, cgrp, &place))
		return 0;
	return ward_report(d, "cgroup_write", -EACCES, "cgroup=%llu file=%s",
			   cgroup_id(cgrp), kn->name);
}

/*
 * kernfs_fop_write_iter(iocb, iter): sysfs, cgroup, resctrl, ...  On a
 * cgroup v1 hierarchy, release_agent (on its root only) is the program
 * the kernel runs as root on the host when a cgroup empties: the
 * CVE-2022-0492 escape.
 */
static int hook_kernfs_write(const struct ward_ctx *ctx)
{
	const struct kiocb *iocb = (const void *)ward_arg(ctx, 0);
	const struct file *file = iocb->ki_filp;
	unsigned long magic = file_inode(file)->i_sb->s_magic;
	const struct kernfs_node *kn;
	struct ward_domain *d;

	/* resctrl and other kernfs users are not concerned. */
	if (magic != SYSFS_MAGIC && magic != CGROUP2_SUPER_MAGIC &&
	    magic != CGROUP_SUPER_MAGIC)
		return 0;
	d = ward_kstate_domain(ctx);
	if (!d)
		return 0;
	if (magic == SYSFS_MAGIC)
		return ward_deny_file(d, "sysfs_write", file);
	if (magic == CGROUP2_SUPER_MAGIC)
		return ward_cgroup2_write(ctx, d, file);
	kn = file_inode(file)->i_private;
	if (strcmp(kn->name, "release_agent"))
		return 0;
	return ward_deny_file(d, "cgroup_write", file);
}

/*
 * do_handle_open(mountdirfd, ufh, open_flag): open_by_handle_at() from
 * both entries.  Without CAP_DAC_READ_SEARCH the kernel refuses it by
 * itself (EPERM), first.
 */
static int hook_do_handle_open(const struct ward_ctx *ctx)
{
	struct ward_domain *d = ward_kstate_domain(ctx);

	if (!d || !ns_capable_noaudit(&init_user_ns, CAP_DAC_READ_SEARCH))
		return 0;
	return ward_report(d, "open_by_handle", -EACCES, "flags=%#lx",
			   ward_arg(ctx, 2));
}

/*
 * security_perf_event_open(attr, type): decided at the first call
 * (PERF_SECURITY_OPEN), after the attributes are copied and checked.
 */
static int hook_perf_event_open(const struct ward_ctx *ctx)
{
	const struct perf_event_attr *attr = (const void *)ward_arg(ctx, 0);
	struct ward_domain *d;

	if (ward_arg(ctx, 1) != PERF_SECURITY_OPEN)
		return 0;
	if ((attr->type == PERF_TYPE_HARDWARE ||
	     attr->type == PERF_TYPE_SOFTWARE ||
	     attr->type == PERF_TYPE_HW_CACHE ||
	     attr->type == PERF_TYPE_RAW) && attr->exclude_kernel)
		return 0;
	d = ward_kstate_domain(ctx);
	if (!d)
		return 0;
	return ward_report(d, "perf_event_open", -EACCES,
			   "type=%u exclude_kernel=%u", attr->type,
			   (unsigned int)attr->exclude_kernel);
}

static const struct ward_hook ward_kstate_hooks[] = {
	{ "proc_sys_call_handler", hook_proc_sys_call_handler },
	{ "proc_reg_write", hook_proc_reg_write },
	{ "kernfs_fop_write_iter", hook_kernfs_write },
	{ "do_handle_open", hook_do_handle_open },
	{ "security_perf_event_open", hook_perf_event_open },
};

/*
 * The struct proc_inode layout, on a live sysctl inode: its table must be
 * the one the name says.
 */
static int __init ward_proc_inode_check(void)
{
	struct ctl_table_header *head;
	struct ctl_table_set *set;
	struct ctl_table *table;
	struct ward_proc_inode *pi;
	char name[sizeof("ostype")];
	const char *procname;
	int (*seen)(struct ctl_table_set *set);
	struct path path;
	bool ok;
	int err;

	err = kern_path("/proc/sys/kernel/ostype", 0, &path);
	if (err) {
		pr_err("cannot check struct proc_inode: /proc/sys/kernel/ostype: %d\n",
		       err);
		return err;
	}
	/* No read may fault should the layout be wrong: it must refuse. */
	pi = ward_proc_i(d_inode(path.dentry));
	ok = !get_kernel_nofault(head, &pi->sysctl) && head &&
	     !get_kernel_nofault(table, &pi->sysctl_entry) && table &&
	     !get_kernel_nofault(procname, &table->procname) && procname &&
	     !copy_from_kernel_nofault(name, procname, sizeof(name)) &&
	     !memcmp(name, "ostype", sizeof(name)) &&
	     !get_kernel_nofault(set, &head->set) && set &&
	     !get_kernel_nofault(seen, &set->is_seen) && !seen;
	path_put(&path);
	if (!ok) {
		pr_err("struct proc_inode layout differs from kstate.c: not loading\n");
		return -EINVAL;
	}
	return 0;
}

/**
 * ward_kstate_init - register the host-global state hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_kstate_init(void)
{
	int err = ward_proc_inode_check();

	if (err)
		return err;
	/* Not found: those tables are refused like any global one. */
	ward_uts_handler = ward_lookup_name("proc_do_uts_string");
	ward_pid_handler = ward_lookup_name("pid_ns_ctl_handler");
	ward_init_ipc_ns = (void *)ward_lookup_name("init_ipc_ns");
	return ward_hooks_add(ward_kstate_hooks, ARRAY_SIZE(ward_kstate_hooks));
}
