/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - which domain a task is in (R-DOM)
 */
#ifndef _WARD_DOMAIN_H
#define _WARD_DOMAIN_H

#include <linux/cgroup.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "hooks.h"
#include "policy.h"

struct cgroup;

/**
 * struct ward_place - where a task is
 * @domain: its domain, or NULL for a task of the host
 * @container: which container of @domain: the id of the bound cgroup, or
 *	for the default domain a tagged namespace number; 0 for the host
 *
 * Two tasks of one domain are in the same container when @container is
 * equal.  Computed under rcu_read_lock() and valid only there.
 */
struct ward_place {
	struct ward_domain *domain;
	u64 container;
};

/**
 * struct ward_match - an existing cgroup that a pattern binds
 * @cgrp: the cgroup, referenced until ward_matches_free()
 * @domain: the domain, in the policy being loaded
 */
struct ward_match {
	struct cgroup *cgrp;
	struct ward_domain *domain;
};

bool ward_cgroup_online(struct cgroup *cgrp);
bool ward_cgroup_in_container(struct ward_policy *p, struct cgroup *cgrp,
			      const struct ward_place *place);
void ward_matches_free(struct ward_match *m, unsigned int count);

struct ward_match *ward_patterns_match_existing(struct ward_policy *p,
						struct ward_policy *old,
						unsigned int *count);
struct ward_domain *ward_task_place(struct ward_policy *p,
				    struct task_struct *t,
				    struct ward_place *place);
struct ward_domain *ward_task_domain(struct ward_policy *p,
				     struct task_struct *t);
bool ward_container_task(struct task_struct *t);
bool ward_arms_at_exec(struct ward_policy *p, struct task_struct *t);
int ward_bind(u64 cgid, const char *domain, u32 flags);
bool ward_binding_insert(struct ward_policy *p, struct ward_binding *b);
int ward_unbind(u64 cgid);
void ward_bindings_reclaim(struct ward_policy *p,
			   struct ward_domain *const *map);
void ward_bindings_show(struct seq_file *m);
void ward_domain_bindings(struct ward_policy *p, unsigned int *count);

/**
 * ward_current_domain - the domain of the task making the hooked call
 * @ctx: the handler's context
 *
 * Context: a hook handler.
 * Return: the domain, or NULL for a host task or without a policy.
 */
static inline struct ward_domain *ward_current_domain(const struct ward_ctx *ctx)
{
	return ctx->policy ? ward_task_domain(ctx->policy, current) : NULL;
}

/* task.c: tasks armed at first exec */
bool ward_task_armed(const struct task_struct *t);
unsigned int ward_tasks_armed(void);
void ward_task_exit(void);

#endif /* _WARD_DOMAIN_H */
