// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - which domain a task is in (R-DOM)
 *
 * A task is in the domain its cgroup v2 cgroup is bound to, or that its
 * nearest bound ancestor is bound to.  Container runtimes give every
 * container its own cgroup, so binding needs no change to them.  A task of
 * an unbound cgroup is a host task, unless the policy names a default domain
 * and the task is a container task (see ward_container_task()).
 *
 * The lookup is the hot path of every hooked call: it runs under
 * rcu_read_lock(), takes no lock, allocates nothing, and costs one hash
 * lookup per cgroup level, whatever the number of domains and bindings.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/pid_namespace.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "domain.h"
#include "hooks.h"
#include "report.h"
#include "setup.h"

static struct ward_binding *ward_binding_find(struct ward_policy *p, u64 cgid)
{
	struct ward_binding *b;

	hash_for_each_possible_rcu(p->bindings, b, node, cgid)
		if (b->cgid == cgid)
			return b;
	return NULL;
}

/**
 * ward_cgroup_domain - the domain a cgroup is bound to, through its nearest
 *	bound ancestor
 * @p: the policy in force
 * @cgrp: a cgroup v2 cgroup
 *
 * Context: rcu_read_lock() or ward_policy_mutex held.
 * Return: the domain, or NULL if neither @cgrp nor an ancestor is bound.
 */
struct ward_domain *ward_cgroup_domain(struct ward_policy *p,
				       struct cgroup *cgrp)
{
	int level;

	if (!READ_ONCE(p->nbindings))
		return NULL;
	/* The root cgroup (level 0) cannot be bound. */
	for (level = cgrp->level; level > 0; level--) {
		struct ward_binding *b;

		b = ward_binding_find(p, cgroup_id(cgrp->ancestors[level]));
		if (b)
			return (struct ward_domain *)b->domain;
	}
	return NULL;
}

/**
 * ward_container_task - whether a task runs in a container
 * @t: the task
 *
 * A container task is one whose PID namespace or user namespace is not the
 * initial one: every container runtime creates at least one of them, and a
 * host service does not (a systemd service with a private mount namespace
 * keeps both).  A task of the host that enters a user namespace becomes a
 * container task: it has made itself a container.
 *
 * Context: rcu_read_lock().
 * Return: true for a container task.
 */
bool ward_container_task(struct task_struct *t)
{
	struct pid *pid = task_pid(t);

	if (pid && ns_of_pid(pid) != &init_pid_ns)
		return true;
	return __task_cred(t)->user_ns != &init_user_ns;
}

/*
 * The domain task @t would be in, in cgroup @cgrp: the binding, else the
 * default domain for a container task.
 */
static struct ward_domain *ward_domain_in(struct ward_policy *p,
					  struct cgroup *cgrp,
					  struct task_struct *t)
{
	struct ward_domain *d = ward_cgroup_domain(p, cgrp);

	if (!d && p->default_domain && ward_container_task(t))
		d = p->default_domain;
	return d;
}

/**
 * ward_task_domain - the domain of a task
 * @p: the policy in force
 * @t: the task
 *
 * Context: rcu_read_lock().
 * Return: the domain, or NULL for a host task.
 */
struct ward_domain *ward_task_domain(struct ward_policy *p,
				     struct task_struct *t)
{
	return ward_domain_in(p, task_dfl_cgroup(t), t);
}

/**
 * ward_current_domain - the domain of the task making the hooked call
 * @ctx: the handler's context
 *
 * Context: a hook handler.
 * Return: the domain, or NULL for a host task or without a policy.
 */
struct ward_domain *ward_current_domain(const struct ward_ctx *ctx)
{
	return ctx->policy ? ward_task_domain(ctx->policy, current) : NULL;
}

static struct ward_policy *ward_policy_locked(void)
{
	return rcu_dereference_protected(ward_policy,
					 lockdep_is_held(&ward_policy_mutex));
}

static void ward_binding_del(struct ward_policy *p, struct ward_binding *b)
{
	hash_del_rcu(&b->node);
	WRITE_ONCE(p->nbindings, p->nbindings - 1);
	kfree_rcu(b, rcu);
}

/* Drop the bindings of removed cgroups.  Caller holds ward_policy_mutex. */
static void ward_bindings_reclaim(struct ward_policy *p)
{
	struct ward_binding *b;
	struct hlist_node *tmp;
	unsigned int bkt;

	hash_for_each_safe(p->bindings, bkt, tmp, b, node) {
		struct cgroup *cgrp = cgroup_get_from_id(b->cgid);

		if (IS_ERR(cgrp)) {
			pr_debug("cgroup %llu removed: binding reclaimed\n",
				 b->cgid);
			ward_binding_del(p, b);
			continue;
		}
		cgroup_put(cgrp);
	}
}

/**
 * ward_bind - bind a cgroup to a domain
 * @cgid: cgroup v2 id
 * @domain: domain name
 *
 * Context: process context; takes ward_policy_mutex.
 * Return: 0, -ENOENT (no such domain or no policy), -ESRCH (no such cgroup),
 * -EINVAL (the root cgroup), -EEXIST (already bound), -ENOSPC, -ENOMEM.
 */
int ward_bind(u64 cgid, const char *domain)
{
	struct ward_binding *b;
	struct ward_policy *p;
	struct ward_domain *d;
	struct cgroup *cgrp;
	int err;

	mutex_lock(&ward_policy_mutex);
	p = ward_policy_locked();
	err = -ENOENT;
	if (!p)
		goto out;
	d = ward_policy_find(p, domain);
	if (!d)
		goto out;
	cgrp = cgroup_get_from_id(cgid);
	err = -ESRCH;
	if (IS_ERR(cgrp))
		goto out;
	err = cgroup_parent(cgrp) ? 0 : -EINVAL;
	cgroup_put(cgrp);
	if (err)
		goto out;
	ward_bindings_reclaim(p);
	err = -EEXIST;
	if (ward_binding_find(p, cgid))
		goto out;
	err = -ENOSPC;
	if (p->nbindings >= WARD_MAX_BINDINGS)
		goto out;
	err = -ENOMEM;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		goto out;
	b->cgid = cgid;
	b->domain = d;
	hash_add_rcu(p->bindings, &b->node, cgid);
	WRITE_ONCE(p->nbindings, p->nbindings + 1);
	err = 0;
out:
	mutex_unlock(&ward_policy_mutex);
	return err;
}

/**
 * ward_unbind - remove a cgroup's binding
 * @cgid: cgroup v2 id
 *
 * Context: process context; takes ward_policy_mutex.
 * Return: 0, -ENOENT, or -EPERM once locked: an unbind would unconfine.
 */
int ward_unbind(u64 cgid)
{
	struct ward_binding *b;
	struct ward_policy *p;
	int err = -ENOENT;

	mutex_lock(&ward_policy_mutex);
	p = ward_policy_locked();
	if (ward_locked) {
		err = -EPERM;
	} else if (p) {
		b = ward_binding_find(p, cgid);
		if (b) {
			ward_binding_del(p, b);
			err = 0;
		}
	}
	mutex_unlock(&ward_policy_mutex);
	return err;
}

/**
 * ward_domain_bindings - number of bindings to a domain
 * @p: the policy
 * @d: one of its domains
 *
 * Context: ward_policy_mutex held.
 * Return: the count.
 */
unsigned int ward_domain_bindings(struct ward_policy *p,
				  const struct ward_domain *d)
{
	struct ward_binding *b;
	unsigned int bkt, n = 0;

	hash_for_each(p->bindings, bkt, b, node)
		n += b->domain == d;
	return n;
}

/**
 * ward_bindings_show - print the bindings: "CGROUP_ID DOMAIN PATH" lines
 * @m: the seq_file of the bindings file
 *
 * Reclaims the bindings of removed cgroups first.
 *
 * Context: process context; takes ward_policy_mutex.
 */
void ward_bindings_show(struct seq_file *m)
{
	struct ward_binding *b;
	struct ward_policy *p;
	unsigned int bkt;
	char *buf;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	mutex_lock(&ward_policy_mutex);
	p = ward_policy_locked();
	if (!p)
		goto out;
	ward_bindings_reclaim(p);
	hash_for_each(p->bindings, bkt, b, node) {
		struct cgroup *cgrp = cgroup_get_from_id(b->cgid);
		const char *path = "?";

		if (!IS_ERR(cgrp)) {
			if (buf && cgroup_path(cgrp, buf, PATH_MAX) >= 0)
				path = buf;
			seq_printf(m, "%llu %s %s\n", b->cgid, b->domain->name,
				   path);
			cgroup_put(cgrp);
		}
	}
out:
	mutex_unlock(&ward_policy_mutex);
	kfree(buf);
}

/*
 * cgroup_attach_permissions(src_cgrp, dst_cgrp, sb, threadgroup, ns) runs
 * for writes to cgroup.procs and cgroup.threads and for
 * clone3(CLONE_INTO_CGROUP).  A domain task may move tasks only to cgroups
 * of its own domain: otherwise leaving the domain would be one write away.
 */
static int hook_cgroup_attach_permissions(const struct ward_ctx *ctx)
{
	struct cgroup *dst = (struct cgroup *)ward_arg(ctx, 1);
	struct ward_domain *d, *dd;

	d = ward_current_domain(ctx);
	if (!d)
		return 0;
	dd = ward_domain_in(ctx->policy, dst, current);
	if (dd == d)
		return 0;
	return ward_report(d, "cgroup_attach", -EACCES, "cgroup=%llu",
			   cgroup_id(dst));
}

static const struct ward_hook ward_domain_hooks[] = {
	{ "cgroup_attach_permissions", hook_cgroup_attach_permissions },
};

/**
 * ward_domain_init - register the cgroup hook
 *
 * Return: 0 or a negative errno.
 */
int __init ward_domain_init(void)
{
	return ward_hooks_add(ward_domain_hooks,
			      ARRAY_SIZE(ward_domain_hooks));
}
