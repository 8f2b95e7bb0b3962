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
#include <linux/kernfs.h>
#include <linux/nsproxy.h>
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

	hash_for_each_possible_rcu(p->bindings, b, node, cgid,
				   lockdep_is_held(&ward_bindings_lock) ||
				   lockdep_is_held(&ward_policy_mutex))
		if (b->cgid == cgid)
			return b;
	return NULL;
}

static struct ward_binding *
ward_ancestor_binding(struct ward_policy *p, struct cgroup *cgrp, int level)
{
	return ward_binding_find(p, cgroup_id(cgrp->ancestors[level]));
}

/*
 * The binding of @cgrp or of its nearest bound ancestor, or NULL.  Only
 * the levels that may have a binding are looked up: a host task in a
 * service's cgroup at level 2 or 3 probes the one or two levels where the
 * containers' bindings are, whatever its depth.
 */
static __always_inline struct ward_binding *
ward_cgroup_binding(struct ward_policy *p, struct cgroup *cgrp)
{
	u64 levels = READ_ONCE(p->levels);
	struct ward_binding *b;
	int level = cgrp->level;

	/* The root cgroup (level 0) cannot be bound. */
	if (!READ_ONCE(p->nbindings) || !level)
		return NULL;
	/* Bit 63: every level from 63 down. */
	for (; level >= 63; level--) {
		if (!(levels & BIT_ULL(63)))
			break;
		b = ward_ancestor_binding(p, cgrp, level);
		if (b)
			return b;
	}
	levels &= GENMASK_ULL(min(level, 62), 1);
	while (levels) {
		level = fls64(levels) - 1;
		b = ward_ancestor_binding(p, cgrp, level);
		if (b)
			return b;
		levels &= ~BIT_ULL(level);
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
 * keeps both).  Both are read through RCU-safe pointers, so the answer is
 * the same whichever task asks.  A container that shares both with the
 * host is caught by its cgroup (a binding or a pattern), not by this.
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
 * The container a default-domain task is in: its PID namespace, else its
 * user namespace.  Tagged so that it never equals a cgroup id.
 */
static u64 ward_default_container(struct task_struct *t)
{
	struct pid *pid = task_pid(t);
	struct pid_namespace *pidns = pid ? ns_of_pid(pid) : &init_pid_ns;

	if (pidns != &init_pid_ns)
		return BIT_ULL(63) | pidns->ns.inum;
	return BIT_ULL(62) | __task_cred(t)->user_ns->ns.inum;
}

/*
 * The domain of task @t as if it were in cgroup @cgrp (NULL for the
 * host), and in @bp the binding that placed it (NULL for the default
 * domain).  A binding armed at first exec, and the default domain, place a
 * task that is not armed on the host.  Inlined into each caller: this is
 * the lookup every hooked call of a host task makes.
 */
static __always_inline struct ward_domain *
ward_domain_in(struct ward_policy *p, struct cgroup *cgrp,
	       struct task_struct *t, struct ward_binding **bp)
{
	struct ward_binding *b = ward_cgroup_binding(p, cgrp);

	*bp = b;
	if (b)
		return !(b->flags & WARD_BIND_AT_EXEC) || ward_task_armed(t) ?
		       (struct ward_domain *)b->domain : NULL;
	if (p->default_domain && ward_container_task(t) && ward_task_armed(t))
		return p->default_domain;
	return NULL;
}

/* ward_domain_in(), with the container too. */
static __always_inline struct ward_domain *
ward_place_in(struct ward_policy *p, struct cgroup *cgrp, struct task_struct *t,
	      struct ward_place *place)
{
	struct ward_binding *b;

	place->domain = ward_domain_in(p, cgrp, t, &b);
	place->container = 0;
	if (place->domain)
		place->container = b ? b->cgid : ward_default_container(t);
	return place->domain;
}

/**
 * ward_task_place - the domain and the container of a task
 * @p: the policy in force
 * @t: the task
 * @place: out: the domain (NULL for a host task) and the container
 *
 * Context: rcu_read_lock().
 * Return: the domain, or NULL for a host task.
 */
notrace struct ward_domain *ward_task_place(struct ward_policy *p,
					    struct task_struct *t,
					    struct ward_place *place)
{
	return ward_place_in(p, task_dfl_cgroup(t), t, place);
}

/**
 * ward_task_domain - the domain of a task
 * @p: the policy in force
 * @t: the task
 *
 * What most handlers ask first, and all that a host task's call needs: one
 * flat function, with no frame to zero and no stack protector.  notrace,
 * like the attach layer that calls it.
 *
 * Context: rcu_read_lock().
 * Return: the domain, or NULL for a host task.
 */
notrace struct ward_domain *ward_task_domain(struct ward_policy *p,
					     struct task_struct *t)
{
	struct ward_binding *b;

	return ward_domain_in(p, task_dfl_cgroup(t), t, &b);
}

/**
 * ward_arms_at_exec - whether an exec by a task arms it
 * @p: the policy in force
 * @t: the task, executing (current)
 *
 * An exec arms a task when its nearest binding is armed at first exec, or
 * when it has no binding and is a container task under a default domain;
 * in both cases only once the task has left the host's mount namespace.
 * A container's program always runs in a mount namespace of its own (its
 * root filesystem needs one), while a runtime executes itself in the host's
 * before it creates the container's namespaces, in the container's cgroup
 * already: runc 1.1 re-executes "runc init" from a sealed copy of its
 * binary (the CVE-2019-5736 defence) after its parent moved it there.
 * That exec must not arm, or the runtime's own setup would be refused.
 *
 * Context: rcu_read_lock().
 * Return: true if the exec arms @t.
 */
bool ward_arms_at_exec(struct ward_policy *p, struct task_struct *t)
{
	struct ward_binding *b;

	if (t->nsproxy->mnt_ns == init_task.nsproxy->mnt_ns)
		return false;
	b = ward_cgroup_binding(p, task_dfl_cgroup(t));
	if (b)
		return b->flags & WARD_BIND_AT_EXEC;
	return p->default_domain && ward_container_task(t);
}

static struct ward_policy *ward_policy_locked(void)
{
	return rcu_dereference_protected(ward_policy,
					 lockdep_is_held(&ward_policy_mutex) ||
					 lockdep_is_held(&ward_bindings_lock));
}

/*
 * Caller holds ward_bindings_lock.  The level's bit is set first:
 * hash_add_rcu() publishes with release semantics, so a lookup that finds
 * the binding's level unset has not started after the binding was added.
 */
static void ward_binding_add(struct ward_policy *p, struct ward_binding *b)
{
	WRITE_ONCE(p->levels, p->levels | ward_level_bit(b->level));
	hash_add_rcu(p->bindings, &b->node, b->cgid);
	WRITE_ONCE(p->nbindings, p->nbindings + 1);
}

/**
 * ward_binding_insert - add a binding unless its cgroup is bound already
 * @p: the policy
 * @b: the new binding, filled in
 *
 * Context: ward_bindings_lock held.
 * Return: true if @b was added, false if the cgroup was bound (the caller
 * keeps @b).
 */
bool ward_binding_insert(struct ward_policy *p, struct ward_binding *b)
{
	if (ward_binding_find(p, b->cgid))
		return false;
	ward_binding_add(p, b);
	return true;
}

/* Caller holds ward_bindings_lock. */
static void ward_binding_del(struct ward_policy *p, struct ward_binding *b)
{
	hash_del_rcu(&b->node);
	WRITE_ONCE(p->nbindings, p->nbindings - 1);
	kfree_rcu(b, rcu);
}

/* Remove the binding of @cgid, if any.  Caller holds ward_bindings_lock. */
/**
 * ward_cgroup_online - whether a cgroup is not removed
 * @cgrp: the cgroup, referenced or under RCU
 *
 * cgroup_destroy_locked() clears CSS_ONLINE before it calls kernfs_remove(),
 * whose hook takes ward_bindings_lock to drop the cgroup's binding.  A
 * binding added under that lock while this returns true is therefore
 * dropped by the hook, and one it would refuse is never added: no binding
 * outlives its cgroup.  The flag is written under cgroup_mutex, which Ward
 * does not take; a stale read errs only towards the hook's side.
 *
 * Return: true while @cgrp can still be bound.
 */
bool ward_cgroup_online(struct cgroup *cgrp)
{
	/* data_race: cgroup_mutex orders the writes; see above. */
	return data_race(READ_ONCE(cgrp->self.flags)) & CSS_ONLINE;
}

/**
 * ward_matches_free - release what ward_patterns_match_existing() returned
 * @m: the array, NULL or an ERR_PTR()
 * @count: its number of entries
 */
void ward_matches_free(struct ward_match *m, unsigned int count)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(m))
		return;
	for (i = 0; i < count; i++)
		cgroup_put(m[i].cgrp);
	kvfree(m);
}

static bool ward_binding_drop(struct ward_policy *p, u64 cgid)
{
	struct ward_binding *b = ward_binding_find(p, cgid);

	if (b)
		ward_binding_del(p, b);
	return b;
}

/**
 * ward_bindings_reclaim - drop the bindings of removed cgroups
 * @p: the policy in force
 * @map: NULL to check every binding; else, for each domain of @p, its
 *	namesake in the policy being loaded (ward_domain_map()), and only
 *	the bindings of domains without one are checked
 *
 * A binding goes with its cgroup (hook_kernfs_remove()), and none is made
 * for a cgroup already removed (ward_cgroup_online()); this walk is the
 * safety net should one stay all the same.  Such a stale binding is
 * harmless to every lookup (no task is ever in a removed cgroup), but it
 * must not make a load that drops its domain fail with EBUSY, nor fill the
 * table, nor show in the bindings file: those are the places that call
 * this, and a load checks only the bindings it could refuse for, so that
 * it costs no cgroup lookup per binding.  The walk is
 * an RCU walk: a hook may remove other entries meanwhile, and a removed
 * entry stays readable until the grace period ends.
 *
 * Context: process context; ward_policy_mutex held.
 */
void ward_bindings_reclaim(struct ward_policy *p,
			   struct ward_domain *const *map)
{
	struct ward_binding *b;
	unsigned int bkt;

	rcu_read_lock();
	hash_for_each_rcu(p->bindings, bkt, b, node) {
		struct cgroup *cgrp;

		if (map && map[b->domain - p->domains])
			continue;
		cgrp = cgroup_get_from_id(b->cgid);
		if (!IS_ERR(cgrp)) {
			cgroup_put(cgrp);
			continue;
		}
		raw_spin_lock(&ward_bindings_lock);
		if (ward_binding_drop(p, b->cgid))
			pr_debug("cgroup %llu removed: binding reclaimed\n",
				 b->cgid);
		raw_spin_unlock(&ward_bindings_lock);
	}
	rcu_read_unlock();
}

/**
 * ward_bind - bind a cgroup to a domain
 * @cgid: cgroup v2 id
 * @domain: domain name
 * @flags: WARD_BIND_* flags
 *
 * Context: process context; takes ward_policy_mutex.
 * Return: 0, -ENOENT (no such domain or no policy), -ESRCH (no such cgroup),
 * -EINVAL (the root cgroup), -EEXIST (already bound), -ENOSPC, -ENOMEM.
 */
int ward_bind(u64 cgid, const char *domain, u32 flags)
{
	struct ward_binding *b;
	struct ward_policy *p;
	struct ward_domain *d;
	struct cgroup *cgrp;
	int err;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
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
	if (err)
		goto out_put;
	/* Stale bindings count only when they would make the table full. */
	if (READ_ONCE(p->nbindings) >= WARD_MAX_BINDINGS)
		ward_bindings_reclaim(p, NULL);
	b->cgid = cgid;
	b->domain = d;
	b->flags = flags;
	b->level = cgrp->level;
	raw_spin_lock(&ward_bindings_lock);
	if (!ward_cgroup_online(cgrp))
		err = -ESRCH;
	else if (ward_binding_find(p, cgid))
		err = -EEXIST;
	else if (p->nbindings >= WARD_MAX_BINDINGS)
		err = -ENOSPC;
	else
		ward_binding_add(p, b);
	raw_spin_unlock(&ward_bindings_lock);
	if (!err)
		b = NULL;
out_put:
	cgroup_put(cgrp);
out:
	mutex_unlock(&ward_policy_mutex);
	kfree(b);
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
	struct ward_policy *p;
	int err = -ENOENT;

	mutex_lock(&ward_policy_mutex);
	p = ward_policy_locked();
	if (ward_locked) {
		err = -EPERM;
	} else if (p) {
		raw_spin_lock(&ward_bindings_lock);
		if (ward_binding_drop(p, cgid))
			err = 0;
		raw_spin_unlock(&ward_bindings_lock);
	}
	mutex_unlock(&ward_policy_mutex);
	return err;
}

/**
 * ward_domain_bindings - number of bindings of each domain
 * @p: the policy
 * @count: out: @p->ndomains counters, indexed like @p->domains
 *
 * One walk of the table, whatever the number of domains.
 *
 * Context: ward_policy_mutex held.
 */
void ward_domain_bindings(struct ward_policy *p, unsigned int *count)
{
	struct ward_binding *b;
	unsigned int bkt;

	memset(count, 0, p->ndomains * sizeof(*count));
	rcu_read_lock();
	hash_for_each_rcu(p->bindings, bkt, b, node)
		count[b->domain - p->domains]++;
	rcu_read_unlock();
}

/**
 * ward_bindings_show - print the bindings: "CGROUP_ID DOMAIN ARM PATH"
 * @m: the seq_file of the bindings file
 *
 * ARM is "now" or "exec" (WARD_BIND_AT_EXEC).  Drops the bindings of
 * removed cgroups first: the file shows what is in force.
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
	ward_bindings_reclaim(p, NULL);
	rcu_read_lock();
	hash_for_each_rcu(p->bindings, bkt, b, node) {
		struct cgroup *cgrp = cgroup_get_from_id(b->cgid);
		const char *path = "?";

		if (IS_ERR(cgrp))
			continue;
		if (buf && cgroup_path(cgrp, buf, PATH_MAX) >= 0)
			path = buf;
		seq_printf(m, "%llu %s %s %s\n", b->cgid, b->domain->name,
			   b->flags & WARD_BIND_AT_EXEC ? "exec" : "now", path);
		cgroup_put(cgrp);
	}
	rcu_read_unlock();
out:
	mutex_unlock(&ward_policy_mutex);
	kfree(buf);
}

/*
 * Where task @t would be in cgroup @cgrp, compared with @place: whether
 * the two are the same domain and container.
 */
static bool ward_same_place(struct ward_policy *p, struct cgroup *cgrp,
			    struct task_struct *t,
			    const struct ward_place *place)
{
	struct ward_place there;

	ward_place_in(p, cgrp, t, &there);
	return there.domain == place->domain &&
	       there.container == place->container;
}

/**
 * ward_cgroup_in_container - whether a cgroup is in a task's container
 * @p: the policy in force
 * @cgrp: the cgroup
 * @place: where the current task is (ward_task_place()), a domain task
 *
 * A cgroup is in the container when the current task, moved there, would
 * stay in the same domain and container, and, for a container of the
 * default domain (which no binding delimits), when it is below the root
 * of the task's cgroup namespace.  A default-domain container that shares
 * the host's cgroup namespace is not delimited at all: only a binding
 * (a pattern) gives it a subtree of its own.
 *
 * Context: rcu_read_lock().
 * Return: true if @cgrp is the container's own.
 */
bool ward_cgroup_in_container(struct ward_policy *p, struct cgroup *cgrp,
			      const struct ward_place *place)
{
	struct cgroup_namespace *ns = current->nsproxy->cgroup_ns;

	if (!ward_same_place(p, cgrp, current, place))
		return false;
	/* The initial namespace's root is the root: every cgroup is below. */
	return place->domain != p->default_domain ||
	       cgroup_is_descendant(cgrp, ns->root_cset->dfl_cgrp);
}

/* hook_cgroup_attach_permissions() for a domain task. */
static noinline int ward_cgroup_attach(const struct ward_ctx *ctx,
				       const struct ward_place *place)
{
	struct cgroup *src = (struct cgroup *)ward_arg(ctx, 0);
	struct cgroup *dst = (struct cgroup *)ward_arg(ctx, 1);

	if (ward_same_place(ctx->policy, dst, current, place) &&
	    ward_same_place(ctx->policy, src, current, place))
		return 0;
	return ward_report(place->domain, "cgroup_attach", -EACCES,
			   "cgroup=%llu from=%llu", cgroup_id(dst),
			   cgroup_id(src));
}

/*
 * cgroup_attach_permissions(src_cgrp, dst_cgrp, sb, threadgroup, ns) runs
 * for writes to cgroup.procs and cgroup.threads and for
 * clone3(CLONE_INTO_CGROUP).  A domain task may move tasks only within its
 * own container: the destination must be in it (or leaving the domain, or
 * joining another container, would be one write away), and so must the
 * source, the cgroup of the task being moved (or it could pull a task of
 * the host, or of another container, into its own).  The task a domain
 * task can move is judged by its cgroup, the only thing this hook sees.
 */
static int __no_stack_protector
hook_cgroup_attach_permissions(const struct ward_ctx *ctx)
{
	struct ward_place place;

	if (!ward_task_place(ctx->policy, current, &place))
		return 0;
	return ward_cgroup_attach(ctx, &place);
}

/*
 * Whether the name @s (length @n) matches the glob @g (length @gl): '*'
 * any run of characters, '?' any one.  Iterative, with one backtracking
 * point, so linear in practice and never recursive.
 */
static bool ward_glob(const char *g, size_t gl, const char *s, size_t n)
{
	size_t gi = 0, si = 0, star = SIZE_MAX, mark = 0;

	while (si < n) {
		if (gi < gl && (g[gi] == '?' || g[gi] == s[si])) {
			gi++;
			si++;
		} else if (gi < gl && g[gi] == '*') {
			star = gi++;
			mark = si;
		} else if (star != SIZE_MAX) {
			gi = star + 1;
			si = ++mark;
		} else {
			return false;
		}
	}
	while (gi < gl && g[gi] == '*')
		gi++;
	return gi == gl;
}

/*
 * Whether the path of @cgrp (its ancestors' names below the root, then its
 * own) matches @pat, "**" matching any number of components: the same
 * algorithm as ward_glob(), one level up.
 */
static bool ward_pattern_match(const struct ward_pattern *pat,
			       struct cgroup *cgrp)
{
	int n = cgrp->level, ci = 0, pi = 0, star = -1, mark = 0;

	while (ci < n) {
		const char *name = cgrp->ancestors[ci + 1]->kn->name;
		const char *g = pat->str + pat->off[pi];
		size_t gl = pi < pat->ncomp ? pat->len[pi] : 0;

		if (pi < pat->ncomp && gl == 2 && g[0] == '*' && g[1] == '*') {
			star = pi++;
			mark = ci;
		} else if (pi < pat->ncomp && ward_glob(g, gl, name, strlen(name))) {
			pi++;
			ci++;
		} else if (star >= 0) {
			pi = star + 1;
			ci = ++mark;
		} else {
			return false;
		}
	}
	while (pi < pat->ncomp && pat->len[pi] == 2 &&
	       !memcmp(pat->str + pat->off[pi], "**", 2))
		pi++;
	return pi == pat->ncomp;
}

/* The first pattern of @p that matches @cgrp, or NULL. */
static const struct ward_pattern *ward_pattern_first(struct ward_policy *p,
						     struct cgroup *cgrp)
{
	u32 i;

	for (i = 0; i < p->npatterns; i++)
		if (ward_pattern_match(&p->patterns[i], cgrp))
			return &p->patterns[i];
	return NULL;
}

/* The pattern of @p that binds the new cgroup @cgrp, or NULL. */
static const struct ward_pattern *ward_pattern_find(struct ward_policy *p,
						    struct cgroup *cgrp)
{
	/* A cgroup inside a bound subtree belongs to that container. */
	if (ward_cgroup_binding(p, cgrp))
		return NULL;
	return ward_pattern_first(p, cgrp);
}

/*
 * The pattern of the new policy @p that binds the existing cgroup @cgrp, or
 * NULL: none does, a binding of @old covers it, or a pattern binds one of
 * its ancestors (which then covers it).
 */
static const struct ward_pattern *ward_pattern_existing(struct ward_policy *p,
							struct ward_policy *old,
							struct cgroup *cgrp)
{
	int level;

	if (!cgrp->level || (old && ward_cgroup_binding(old, cgrp)))
		return NULL;
	for (level = 1; level < cgrp->level; level++)
		if (ward_pattern_first(p, cgrp->ancestors[level]))
			return NULL;
	return ward_pattern_first(p, cgrp);
}

/* Visit the cgroups the patterns of @p bind; fill @m up to @max; count. */
static unsigned int ward_patterns_walk(struct ward_policy *p,
				       struct ward_policy *old,
				       struct ward_match *m, unsigned int max)
{
	struct cgroup_subsys_state *css;
	unsigned int n = 0;

	rcu_read_lock();
	css_for_each_descendant_pre(css, &cgrp_dfl_root.cgrp.self) {
		const struct ward_pattern *pat;

		pat = ward_pattern_existing(p, old, css->cgroup);
		/* A removed cgroup stays in the walk until it is released. */
		if (!pat || !ward_cgroup_online(css->cgroup))
			continue;
		if (n < max) {
			if (!css_tryget_online(css))
				continue;
			m[n].cgrp = css->cgroup;
			m[n].domain = pat->domain;
		}
		n++;
	}
	rcu_read_unlock();
	return n;
}

/**
 * ward_patterns_match_existing - the existing cgroups a new policy's
 *	patterns bind
 * @p: the new policy, not yet published
 * @old: the policy in force, or NULL
 * @count: out: the number of entries returned
 *
 * A policy's patterns bind the cgroups that are created while it is in
 * force; the cgroups that already exist when it is loaded (containers
 * started before Ward or before this policy) are bound by the load, at
 * once: their programs are running already.  Cgroups created during the
 * walk may be missed here and are bound by their creation hook once the
 * policy is published.
 *
 * Context: process context; ward_policy_mutex held.
 * Return: a kvmalloc()ed array, NULL if there is none, or an ERR_PTR().
 */
struct ward_match *ward_patterns_match_existing(struct ward_policy *p,
						struct ward_policy *old,
						unsigned int *count)
{
	struct ward_match *m;
	unsigned int n;

	*count = 0;
	if (!p->npatterns)
		return NULL;
	n = ward_patterns_walk(p, old, NULL, 0);
	if (!n)
		return NULL;
	m = kvcalloc(n, sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	*count = min(ward_patterns_walk(p, old, m, n), n);
	return m;
}

/*
 * cgroup_kn_set_ugid(kn): called by cgroup_mkdir() once for every new
 * cgroup, with its kernfs node (and by cgroup_add_file() for each of its
 * files, whose node's private data is a cftype: skipped), under
 * cgroup_mutex, before the cgroup is activated and visible; a failure
 * here destroys the new cgroup and fails the mkdir.  A cgroup v2 cgroup
 * whose path matches a pattern is bound here, armed at first exec, so that
 * no task ever runs in it unbound; if the binding cannot be made, the
 * mkdir fails (ENOMEM, ENOSPC).
 */
static int hook_cgroup_kn_set_ugid(const struct ward_ctx *ctx)
{
	struct kernfs_node *kn = (struct kernfs_node *)ward_arg(ctx, 0);
	const struct ward_pattern *pat;
	struct cgroup *cgrp = kn->priv;
	struct ward_binding *b;
	struct ward_policy *p;
	int err = 0;

	/* cgroup_add_file() calls it too, for each file: a cftype there. */
	if (!ctx->policy->npatterns || kernfs_type(kn) != KERNFS_DIR ||
	    cgrp->root != &cgrp_dfl_root ||
	    !ward_pattern_find(ctx->policy, cgrp))
		return 0;
	b = kzalloc(sizeof(*b), GFP_NOWAIT | __GFP_NOWARN);
	if (!b)
		return -ENOMEM;
	raw_spin_lock(&ward_bindings_lock);
	/* The policy may have been replaced since the callback read it. */
	p = ward_policy_locked();
	pat = ward_pattern_find(p, cgrp);
	if (pat && p->nbindings >= WARD_MAX_BINDINGS) {
		err = -ENOSPC;
	} else if (pat) {
		b->cgid = cgroup_id(cgrp);
		b->domain = pat->domain;
		b->flags = WARD_BIND_AT_EXEC;
		b->level = cgrp->level;
		ward_binding_add(p, b);
		b = NULL;
	}
	raw_spin_unlock(&ward_bindings_lock);
	kfree(b);
	if (err)
		pr_warn_ratelimited("cgroup %s not created: %d bindings\n",
				    kn->name, WARD_MAX_BINDINGS);
	return err;
}

/*
 * kernfs_remove(kn): cgroup_destroy_locked() removes a cgroup's directory
 * here once the cgroup is empty and can take no task again.  Its binding
 * goes with it.
 */
static int hook_kernfs_remove(const struct ward_ctx *ctx)
{
	struct kernfs_node *kn = (struct kernfs_node *)ward_arg(ctx, 0);
	struct ward_policy *p;

	/*
	 * No early exit on ctx->policy having no binding: a load may publish
	 * one for this cgroup until the lock below is taken.
	 */
	if (!kn || kernfs_type(kn) != KERNFS_DIR ||
	    kn->dir.root != cgrp_dfl_root.kf_root)
		return 0;
	raw_spin_lock(&ward_bindings_lock);
	p = ward_policy_locked();
	ward_binding_drop(p, kn->id);
	raw_spin_unlock(&ward_bindings_lock);
	return 0;
}

static const struct ward_hook ward_domain_hooks[] = {
	{ "cgroup_attach_permissions", hook_cgroup_attach_permissions },
	{ "cgroup_kn_set_ugid", hook_cgroup_kn_set_ugid },
	{ "kernfs_remove", hook_kernfs_remove },
};

/**
 * ward_domain_init - register the cgroup hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_domain_init(void)
{
	return ward_hooks_add(ward_domain_hooks,
			      ARRAY_SIZE(ward_domain_hooks));
}
