// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - the control interface in securityfs (R-CTL)
 *
 * /sys/kernel/security/ward/{status,policy,bindings,events,lock}.  Only a
 * host administrator may use them: CAP_MAC_ADMIN in the initial user
 * namespace, not a container task, not in a domain, in the initial cgroup
 * namespace (cgroup ids outside a cgroup namespace cannot be resolved, and
 * bindings would look like those of removed cgroups).  The check runs at
 * open() and again at every read() and write(), on the credentials the file
 * was opened with and on the current task's, so that a descriptor passed to
 * a domain task over a unix socket is useless to it.
 *
 * The files that change Ward (policy, bindings: 0600; lock: 0200) are
 * root's only, as a second line behind Ward's own check; status and events
 * stay 0444, so that Ward's check is what refuses them (EPERM).  Every
 * refusal by Ward's check is reported (op=control), as an event of the
 * task's domain or of the host.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/nsproxy.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "domain.h"
#include "hooks.h"
#include "policy.h"
#include "report.h"
#include "setup.h"

#define WARD_CMD_LEN	96

/*
 * Report a refused access to a control file: as an event of the task's
 * domain (counted against its audit limit), or of the host.
 */
static int ward_ctl_refuse(const struct file *file, const char *reason)
{
	const char *name = file->f_path.dentry->d_name.name;
	struct ward_policy *p;
	struct ward_domain *d;
	int err;

	rcu_read_lock();
	p = rcu_dereference(ward_policy);
	d = p ? ward_task_domain(p, current) : NULL;
	/* Refused also in complain mode: the control files are never a domain's. */
	err = ward_report_refusal(d, "control", -EPERM, "file=%s reason=%s",
				  name, reason);
	rcu_read_unlock();
	return err;
}

/*
 * Whether the current task, and with @opener @file's opener, are host
 * administrators; a refusal is reported.
 */
static int ward_ctl_check(const struct file *file, bool opener)
{
	struct ward_policy *p;
	bool confined;

	if (opener && !file_ns_capable(file, &init_user_ns, CAP_MAC_ADMIN))
		return ward_ctl_refuse(file, "opener");
	if (!ns_capable_noaudit(&init_user_ns, CAP_MAC_ADMIN))
		return ward_ctl_refuse(file, "capability");
	if (current->nsproxy->cgroup_ns->root_cset->dfl_cgrp->level)
		return ward_ctl_refuse(file, "cgroupns");
	rcu_read_lock();
	p = rcu_dereference(ward_policy);
	confined = ward_container_task(current) ||
		   (p && ward_task_domain(p, current));
	rcu_read_unlock();
	return confined ? ward_ctl_refuse(file, "container") : 0;
}

static int ward_ctl_allowed(const struct file *file)
{
	return ward_ctl_check(file, true);
}

static int ward_ctl_open(struct inode *inode, struct file *file)
{
	return ward_ctl_check(file, false);
}

static ssize_t ward_seq_read(struct file *file, char __user *buf, size_t len,
			     loff_t *ppos)
{
	int err = ward_ctl_allowed(file);

	return err ? err : seq_read(file, buf, len, ppos);
}

/* status */

static int ward_status_show(struct seq_file *m, void *v)
{
	unsigned int i, count[WARD_MAX_DOMAINS];
	struct ward_policy *p;

	seq_printf(m, "version %s\nabi %d\n", WARD_VERSION, WARD_ABI_VERSION);
	mutex_lock(&ward_policy_mutex);
	p = rcu_dereference_protected(ward_policy,
				      lockdep_is_held(&ward_policy_mutex));
	if (p)
		seq_printf(m, "policy loaded domains=%u\n", p->ndomains);
	else
		seq_puts(m, "policy none\n");
	seq_printf(m, "locked %s\nbindings %u\npatterns %u\narmed %u\nevents reported=%llu\naudit suppressed=%llu\n",
		   ward_locked ? "yes" : "no", p ? p->nbindings : 0,
		   p ? p->npatterns : 0, ward_tasks_armed(),
		   ward_events_head(), ward_audit_suppressed());
	if (p)
		ward_domain_bindings(p, count);
	for (i = 0; p && i < p->ndomains; i++)
		seq_printf(m, "domain %s %s bindings=%u\n", p->domains[i].name,
			   p->domains[i].mode == WARD_MODE_ENFORCE ?
			   "enforce" : "complain", count[i]);
	for (i = 0; p && i < p->ndomains; i++)
		seq_printf(m, "domain-audit %s suppressed=%llu\n",
			   p->domains[i].name,
			   ward_domain_audit_suppressed(&p->domains[i]));
	mutex_unlock(&ward_policy_mutex);
	for (i = 0; i < ward_hooks_count(); i++) {
		u64 calls, denied;

		ward_hook_stats(i, &calls, &denied);
		seq_printf(m, "hook %s %s calls=%llu denied=%llu\n",
			   ward_hook_symbol(i),
			   ward_hook_state(i),
			   calls, denied);
	}
	return 0;
}

static int ward_status_open(struct inode *inode, struct file *file)
{
	return ward_ctl_open(inode, file) ?:
	       single_open(file, ward_status_show, NULL);
}

static const struct file_operations ward_status_fops = {
	.owner = THIS_MODULE,
	.open = ward_status_open,
	.read = ward_seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* policy */

static ssize_t ward_policy_read(struct file *file, char __user *buf,
				size_t len, loff_t *ppos)
{
	struct ward_policy *p;
	ssize_t ret;

	ret = ward_ctl_allowed(file);
	if (ret)
		return ret;
	mutex_lock(&ward_policy_mutex);
	p = rcu_dereference_protected(ward_policy,
				      lockdep_is_held(&ward_policy_mutex));
	ret = p ? simple_read_from_buffer(buf, len, ppos, p->blob, p->size) : 0;
	mutex_unlock(&ward_policy_mutex);
	return ret;
}

static ssize_t ward_policy_write(struct file *file, const char __user *buf,
				 size_t len, loff_t *ppos)
{
	void *blob;
	int err;

	err = ward_ctl_allowed(file);
	if (err)
		return err;
	/* The whole policy in one write: a partial one would be a mix. */
	if (*ppos)
		return -EINVAL;
	if (len > WARD_POLICY_MAX_SIZE)
		return -E2BIG;
	blob = vmemdup_user(buf, len);
	if (IS_ERR(blob))
		return PTR_ERR(blob);
	err = ward_policy_load(blob, len);
	return err ? err : len;
}

static const struct file_operations ward_policy_fops = {
	.owner = THIS_MODULE,
	.open = ward_ctl_open,
	.read = ward_policy_read,
	.write = ward_policy_write,
	.llseek = generic_file_llseek,
};

/* bindings */

static int ward_bindings_seq_show(struct seq_file *m, void *v)
{
	ward_bindings_show(m);
	return 0;
}

static int ward_bindings_open(struct inode *inode, struct file *file)
{
	return ward_ctl_open(inode, file) ?:
	       single_open(file, ward_bindings_seq_show, NULL);
}

static ssize_t ward_bindings_write(struct file *file, const char __user *buf,
				   size_t len, loff_t *ppos)
{
	char cmd[WARD_CMD_LEN], name[WARD_NAME_LEN], arm[8];
	unsigned long long cgid;
	char end;
	int err;

	err = ward_ctl_allowed(file);
	if (err)
		return err;
	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	cmd[len] = '\0';
	if (len && cmd[len - 1] == '\n')
		cmd[len - 1] = '\0';
	/*
	 * "bind ID DOMAIN" binds at once, "bind ID DOMAIN exec" arms at first
	 * exec.  The "%c" catches trailing garbage.
	 */
	if (sscanf(cmd, "bind %llu %31s %7s %c", &cgid, name, arm, &end) == 3)
		err = strcmp(arm, "exec") ? -EINVAL :
		      ward_bind(cgid, name, WARD_BIND_AT_EXEC);
	else if (sscanf(cmd, "bind %llu %31s %c", &cgid, name, &end) == 2)
		err = ward_bind(cgid, name, 0);
	else if (sscanf(cmd, "unbind %llu %c", &cgid, &end) == 1)
		err = ward_unbind(cgid);
	else
		err = -EINVAL;
	return err ? err : len;
}

static const struct file_operations ward_bindings_fops = {
	.owner = THIS_MODULE,
	.open = ward_bindings_open,
	.read = ward_seq_read,
	.write = ward_bindings_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* events */

static int ward_events_open(struct inode *inode, struct file *file)
{
	u64 *pos;
	int err;

	err = ward_ctl_open(inode, file);
	if (err)
		return err;
	pos = kmalloc(sizeof(*pos), GFP_KERNEL);
	if (!pos)
		return -ENOMEM;
	*pos = ward_events_oldest();
	file->private_data = pos;
	return 0;
}

static ssize_t ward_events_file_read(struct file *file, char __user *buf,
				     size_t len, loff_t *ppos)
{
	int err = ward_ctl_allowed(file);

	if (err)
		return err;
	return ward_events_read(file->private_data, buf, len,
				file->f_flags & O_NONBLOCK);
}

static __poll_t ward_events_poll(struct file *file, poll_table *wait)
{
	u64 *pos = file->private_data;

	poll_wait(file, ward_events_waitq(), wait);
	return ward_events_ready(*pos) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int ward_events_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations ward_events_fops = {
	.owner = THIS_MODULE,
	.open = ward_events_open,
	.read = ward_events_file_read,
	.poll = ward_events_poll,
	.release = ward_events_release,
	.llseek = noop_llseek,
};

/* lock */

static ssize_t ward_lock_write(struct file *file, const char __user *buf,
			       size_t len, loff_t *ppos)
{
	char cmd[4];
	int err;

	err = ward_ctl_allowed(file);
	if (err)
		return err;
	if (!len || len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	cmd[len] = '\0';
	if (strcmp(cmd, "1") && strcmp(cmd, "1\n"))
		return -EINVAL;
	mutex_lock(&ward_policy_mutex);
	if (!ward_locked) {
		/* Held until reboot: rmmod fails while the count is up. */
		__module_get(THIS_MODULE);
		ward_locked = true;
		pr_notice("locked until reboot\n");
	}
	mutex_unlock(&ward_policy_mutex);
	return len;
}

static const struct file_operations ward_lock_fops = {
	.owner = THIS_MODULE,
	.open = ward_ctl_open,
	.write = ward_lock_write,
	.llseek = noop_llseek,
};

static struct dentry *ward_dir;
static struct dentry *ward_dentries[5];

static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} ward_files[] = {
	{ "status", 0444, &ward_status_fops },
	{ "policy", 0600, &ward_policy_fops },
	{ "bindings", 0600, &ward_bindings_fops },
	{ "events", 0444, &ward_events_fops },
	{ "lock", 0200, &ward_lock_fops },
};

/**
 * ward_fs_exit - remove the securityfs files
 *
 * An open file holds a module reference, so none is in use here.
 */
void ward_fs_exit(void)
{
	unsigned int i;

	/* 6.1's securityfs_remove() does not remove children. */
	for (i = 0; i < ARRAY_SIZE(ward_dentries); i++) {
		securityfs_remove(ward_dentries[i]);
		ward_dentries[i] = NULL;
	}
	securityfs_remove(ward_dir);
	ward_dir = NULL;
}

/**
 * ward_fs_init - create the securityfs files
 *
 * Return: 0 or a negative errno; on error nothing is left behind.
 */
int __init ward_fs_init(void)
{
	unsigned int i;
	int err;

	BUILD_BUG_ON(ARRAY_SIZE(ward_files) != ARRAY_SIZE(ward_dentries));
	ward_dir = securityfs_create_dir("ward", NULL);
	if (IS_ERR(ward_dir)) {
		err = PTR_ERR(ward_dir);
		ward_dir = NULL;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(ward_files); i++) {
		struct dentry *f;

		f = securityfs_create_file(ward_files[i].name,
					   ward_files[i].mode, ward_dir, NULL,
					   ward_files[i].fops);
		if (IS_ERR(f)) {
			err = PTR_ERR(f);
			goto out_remove;
		}
		ward_dentries[i] = f;
	}
	return 0;

out_remove:
	ward_fs_exit();
out:
	pr_err("cannot create the securityfs files (%d)\n", err);
	return err;
}
