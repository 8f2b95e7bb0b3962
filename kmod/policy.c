// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - loading a policy (R-PRO)
 *
 * SafeSetID's way: the policy is written whole, validated whole, built whole
 * and swapped in under RCU; the old one is freed after a grace period.  A
 * load that fails at any step leaves the old policy in force, and a hook
 * sees either the old policy or the new one, never a mix.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "domain.h"
#include "hooks.h"
#include "policy.h"
#include "report.h"
#include "validate.h"

/* The policy in force; see policy.h. */
struct ward_policy __rcu *ward_policy;
/* Serializes loads, binds, unbinds and the lock; see policy.h. */
DEFINE_MUTEX(ward_policy_mutex);
/* Protects the bindings in force and the publication; see policy.h. */
DEFINE_RAW_SPINLOCK(ward_bindings_lock);
/* Set once by the lock file; see policy.h. */
bool ward_locked;

static void ward_policy_free(struct ward_policy *p)
{
	struct ward_binding *b;
	struct hlist_node *tmp;
	unsigned int bkt;

	if (!p)
		return;
	hash_for_each_safe(p->bindings, bkt, tmp, b, node)
		kfree(b);
	kvfree(p->patterns);
	kvfree(p->blob);
	kfree(p->audit);
	kvfree(p);
}

static void ward_policy_free_rcu(struct rcu_head *head)
{
	ward_policy_free(container_of(head, struct ward_policy, rcu));
}

/**
 * ward_policy_find - a domain of a policy by name
 * @p: the policy
 * @name: NUL terminated name
 *
 * Return: the domain, or NULL.
 */
struct ward_domain *ward_policy_find(struct ward_policy *p, const char *name)
{
	u32 i;

	for (i = 0; i < p->ndomains; i++)
		if (!strcmp(p->domains[i].name, name))
			return &p->domains[i];
	return NULL;
}

/* Split a validated pattern into its components. */
static void ward_pattern_split(struct ward_pattern *pat, const char *str)
{
	size_t i = 1, start;

	pat->str = str;
	pat->ncomp = 0;
	while (str[i - 1] && pat->ncomp < WARD_PATTERN_MAX_COMPS) {
		for (start = i; str[i] && str[i] != '/'; i++)
			;
		pat->off[pat->ncomp] = start;
		pat->len[pat->ncomp] = i - start;
		pat->ncomp++;
		if (!str[i])
			break;
		i++;
	}
}

static struct ward_policy *ward_policy_build(void *blob, size_t size)
{
	const struct ward_policy_header *h = blob;
	const struct ward_domain_rec *rec = (const void *)(h + 1);
	const struct ward_name *names = (const void *)(rec + h->domain_count);
	const struct ward_bind_rec *binds = (const void *)(names + h->name_count);
	struct ward_policy *p;
	u32 i;

	p = kvzalloc(struct_size(p, domains, h->domain_count), GFP_KERNEL);
	if (!p)
		return NULL;
	p->audit = kcalloc(h->domain_count, sizeof(*p->audit), GFP_KERNEL);
	if (!p->audit)
		goto out_free;
	if (h->bind_count) {
		p->patterns = kvcalloc(h->bind_count, sizeof(*p->patterns),
				       GFP_KERNEL);
		if (!p->patterns)
			goto out_free;
	}
	p->blob = blob;
	p->size = size;
	p->ndomains = h->domain_count;
	hash_init(p->bindings);
	for (i = 0; i < h->domain_count; i++) {
		struct ward_domain *d = &p->domains[i];

		memcpy(d->name, rec[i].name, sizeof(d->name));
		d->mode = rec[i].mode;
		d->mount = rec[i].mount;
		d->ptrace = rec[i].ptrace;
		d->flags = rec[i].flags;
		p->dom_flags |= d->flags;
		d->nfstypes = rec[i].fstypes.count;
		d->fstypes = names + rec[i].fstypes.first;
		d->audit = &p->audit[i];
		ward_audit_limit_init(d->audit);
	}
	if (h->default_domain != WARD_NO_DOMAIN)
		p->default_domain = &p->domains[h->default_domain];
	p->npatterns = h->bind_count;
	for (i = 0; i < h->bind_count; i++) {
		ward_pattern_split(&p->patterns[i], binds[i].pattern);
		p->patterns[i].domain = &p->domains[binds[i].domain];
	}
	return p;

out_free:
	kfree(p->audit);
	kvfree(p);
	return NULL;
}

/*
 * For each domain of @old, its namesake in @new or NULL: the bindings
 * carried over then cost one name lookup per domain, not one per binding.
 * Return: a kcalloc()ed array of @old->ndomains entries, or NULL.
 */
static struct ward_domain **ward_domain_map(struct ward_policy *old,
					    struct ward_policy *new)
{
	struct ward_domain **map;
	u32 i;

	map = kcalloc(max(old->ndomains, 1U), sizeof(*map), GFP_KERNEL);
	for (i = 0; map && i < old->ndomains; i++)
		map[i] = ward_policy_find(new, old->domains[i].name);
	return map;
}

/*
 * Copy every binding of @old into @new and publish @new, all under
 * ward_bindings_lock, so that no binding made or removed by a hook in the
 * meantime is lost: the copies are allocated first, outside the lock, and
 * the whole step is tried again if the hooks added bindings in between.
 * @map is ward_domain_map(@old, @new), NULL if there is no @old.
 * Return: 0, -EBUSY if a bound domain is gone (nothing published), -ENOMEM.
 * Caller holds ward_policy_mutex.
 */
static int ward_policy_publish(struct ward_policy *new, struct ward_policy *old,
			       struct ward_domain *const *map)
{
	struct ward_binding *b, *nb;
	unsigned int bkt, want, i, nmatch;
	struct ward_match *match;
	struct hlist_node *tmp;
	HLIST_HEAD(spare);
	int err = 0;

	match = ward_patterns_match_existing(new, old, &nmatch);
	if (IS_ERR(match))
		return PTR_ERR(match);
	for (;;) {
		unsigned int have = 0;

		want = (old ? READ_ONCE(old->nbindings) + 16 : 0) + nmatch;
		hlist_for_each_entry(nb, &spare, node)
			have++;
		for (; have < want; have++) {
			nb = kzalloc(sizeof(*nb), GFP_KERNEL);
			if (!nb) {
				err = -ENOMEM;
				goto out;
			}
			hlist_add_head(&nb->node, &spare);
		}
		raw_spin_lock(&ward_bindings_lock);
		if (!old || old->nbindings + nmatch <= have)
			break;
		raw_spin_unlock(&ward_bindings_lock);
	}
	if (old) {
		hash_for_each(old->bindings, bkt, b, node) {
			struct ward_domain *d;

			d = map[b->domain - old->domains];
			if (!d) {
				pr_notice("policy load refused: cgroup %llu is bound to domain %s, which the new policy lacks\n",
					  b->cgid, b->domain->name);
				err = -EBUSY;
				break;
			}
			nb = hlist_entry(spare.first, struct ward_binding, node);
			hlist_del(&nb->node);
			nb->cgid = b->cgid;
			nb->domain = d;
			nb->flags = b->flags;
			nb->level = b->level;
			new->levels |= ward_level_bit(nb->level);
			hash_add(new->bindings, &nb->node, nb->cgid);
			new->nbindings++;
		}
	}
	/* The existing cgroups the patterns bind, at once. */
	for (i = 0; !err && i < nmatch; i++) {
		if (new->nbindings >= WARD_MAX_BINDINGS) {
			err = -ENOSPC;
			break;
		}
		/* Removed since the walk: its hook found no binding. */
		if (!ward_cgroup_online(match[i].cgrp))
			continue;
		nb = hlist_entry(spare.first, struct ward_binding, node);
		nb->cgid = cgroup_id(match[i].cgrp);
		nb->domain = match[i].domain;
		nb->flags = 0;
		nb->level = match[i].cgrp->level;
		hlist_del(&nb->node);
		if (!ward_binding_insert(new, nb))
			hlist_add_head(&nb->node, &spare);
	}
	if (!err)
		rcu_assign_pointer(ward_policy, new);
	raw_spin_unlock(&ward_bindings_lock);
out:
	hlist_for_each_entry_safe(nb, tmp, &spare, node)
		kfree(nb);
	ward_matches_free(match, nmatch);
	return err;
}

/* Whether a domain of @p needs the W^X hooks. */
static bool ward_policy_needs_wx(const struct ward_policy *p)
{
	u32 i;

	for (i = 0; p && i < p->ndomains; i++)
		if (p->domains[i].flags & (WARD_DOM_WX_DENY | WARD_DOM_WX_STRICT))
			return true;
	return false;
}

/**
 * ward_policy_load - validate, build and publish a policy
 * @blob: the written bytes, allocated with kvmalloc(); ownership passes to
 *	this function whatever it returns
 * @size: their number
 *
 * Context: process context; takes ward_policy_mutex.
 * Return: 0 or a negative errno (see Documentation/abi.rst): -EPERM once
 * locked; on error the policy in force is unchanged.
 */
int ward_policy_load(const void *blob, size_t size)
{
	struct ward_policy *new = NULL, *old;
	struct ward_domain **map = NULL;
	int err;

	/* Locked first: a locked Ward refuses every load, well-formed or not. */
	mutex_lock(&ward_policy_mutex);
	err = ward_locked ? -EPERM : 0;
	mutex_unlock(&ward_policy_mutex);
	if (err)
		goto out_blob;
	err = ward_validate(blob, size);
	if (err)
		goto out_blob;
	err = -ENOMEM;
	new = ward_policy_build((void *)blob, size);
	if (!new)
		goto out_blob;

	mutex_lock(&ward_policy_mutex);
	old = rcu_dereference_protected(ward_policy,
					lockdep_is_held(&ward_policy_mutex));
	err = ward_locked ? -EPERM : 0;
	if (!err && old) {
		map = ward_domain_map(old, new);
		if (!map)
			err = -ENOMEM;
	}
	/* A binding whose cgroup is gone never blocks a load. */
	if (!err && old)
		ward_bindings_reclaim(old, map);
	/* The hooks a rule needs are attached before the rule is in force. */
	if (!err && ward_policy_needs_wx(new))
		err = ward_hooks_group_set(WARD_HOOKS_WX, true);
	if (!err)
		err = ward_policy_publish(new, old, map);
	kfree(map);
	if (err) {
		if (!ward_policy_needs_wx(old))
			ward_hooks_group_set(WARD_HOOKS_WX, false);
		mutex_unlock(&ward_policy_mutex);
		ward_policy_free(new);
		return err;
	}
	if (!ward_policy_needs_wx(new))
		ward_hooks_group_set(WARD_HOOKS_WX, false);
	mutex_unlock(&ward_policy_mutex);
	if (old)
		call_rcu(&old->rcu, ward_policy_free_rcu);
	pr_info("policy loaded: %u domains\n", new->ndomains);
	return 0;

out_blob:
	kvfree(blob);
	return err;
}

/**
 * ward_policy_exit - free the policy at module exit
 *
 * Context: the hooks are detached; no reader is left.
 */
void ward_policy_exit(void)
{
	struct ward_policy *p;

	p = rcu_dereference_protected(ward_policy, 1);
	RCU_INIT_POINTER(ward_policy, NULL);
	rcu_barrier();
	ward_policy_free(p);
}
