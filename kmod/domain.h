/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - which domain a task is in (R-DOM)
 */
#ifndef _WARD_DOMAIN_H
#define _WARD_DOMAIN_H

#include <linux/sched.h>
#include <linux/seq_file.h>

#include "hooks.h"
#include "policy.h"

struct cgroup;

struct ward_domain *ward_cgroup_domain(struct ward_policy *p,
				       struct cgroup *cgrp);
struct ward_domain *ward_task_domain(struct ward_policy *p,
				     struct task_struct *t);
struct ward_domain *ward_current_domain(const struct ward_ctx *ctx);
bool ward_container_task(struct task_struct *t);
int ward_bind(u64 cgid, const char *domain);
int ward_unbind(u64 cgid);
void ward_bindings_show(struct seq_file *m);
unsigned int ward_domain_bindings(struct ward_policy *p,
				  const struct ward_domain *d);

#endif /* _WARD_DOMAIN_H */
