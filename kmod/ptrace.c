// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - ptrace mediation (R-PTR)
 *
 * Every ptrace_may_access() path (PTRACE_ATTACH and PTRACE_SEIZE,
 * /proc/PID/mem and environ, process_vm_readv/writev, pidfd_getfd, kcmp)
 * reaches security_ptrace_access_check(); PTRACE_TRACEME reaches
 * security_ptrace_traceme().  A tracer can rewrite a tracee's system calls,
 * so a seccomp sandbox is only as strong as the ptrace rule beside it
 * (seed 4.2(e)).
 *
 * The rule, for a tracer and a tracee:
 *  - both on the host: not Ward's business;
 *  - in different domains: denied, in both directions, whatever the mode of
 *    access; a domain task tracing a host task likewise;
 *  - in the same domain: allowed with "ptrace domain"; with "ptrace none"
 *    only read-mode access (PTRACE_MODE_READ: ps and top reading /proc,
 *    kcmp) is allowed;
 *  - a host tracer of a domain task (by attach, or by the domain task's
 *    PTRACE_TRACEME): allowed, so that administrators can inspect
 *    containers, unless the domain says "ptrace-from-host deny".
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ptrace.h>
#include <linux/sched.h>

#include "domain.h"
#include "hooks.h"
#include "report.h"
#include "setup.h"

/*
 * Decide for @tracer in domain @dt (NULL: host) and @tracee in domain @dc.
 * The report goes to the acting task's domain, or the tracee's for a host
 * tracer.
 */
static int ward_ptrace_decide(struct ward_domain *dt, struct ward_domain *dc,
			      struct task_struct *other, unsigned int mode,
			      const char *op)
{
	if (dt) {
		if (dt == dc && (dt->ptrace == WARD_PTRACE_DOMAIN ||
				 !(mode & PTRACE_MODE_ATTACH)))
			return 0;
		return ward_report(dt, op, -EACCES,
				   "target=%d target_domain=%s access=%#x",
				   task_tgid_nr(other), dc ? dc->name : "host",
				   mode);
	}
	if (dc && (dc->flags & WARD_DOM_HOST_PTRACE_DENY))
		return ward_report(dc, op, -EACCES,
				   "target=%d target_domain=%s access=%#x",
				   task_tgid_nr(other), dc->name, mode);
	return 0;
}

/* security_ptrace_access_check(child, mode): current traces child. */
static int hook_ptrace_access_check(const struct ward_ctx *ctx)
{
	struct task_struct *child = (struct task_struct *)ward_arg(ctx, 0);
	unsigned int mode = ward_arg(ctx, 1);
	struct ward_domain *dt, *dc;

	dt = ward_current_domain(ctx);
	dc = ward_task_domain(ctx->policy, child);
	if (!dt && !dc)
		return 0;
	return ward_ptrace_decide(dt, dc, child, mode, "ptrace");
}

/*
 * security_ptrace_traceme(parent): current asks to be traced by parent.
 * The tracer is the parent; the actor, whose domain reports, is current.
 */
static int hook_ptrace_traceme(const struct ward_ctx *ctx)
{
	struct task_struct *parent = (struct task_struct *)ward_arg(ctx, 0);
	struct ward_domain *dp, *dc;

	dc = ward_current_domain(ctx);
	dp = ward_task_domain(ctx->policy, parent);
	if (!dp && !dc)
		return 0;
	if (dc && dp == dc) {
		if (dc->ptrace == WARD_PTRACE_DOMAIN)
			return 0;
	} else if (!dp && !(dc->flags & WARD_DOM_HOST_PTRACE_DENY)) {
		/* A host parent may trace its domain child, as it may attach. */
		return 0;
	}
	return ward_report(dc ? dc : dp, "traceme", -EACCES,
			   "tracer=%d tracer_domain=%s", task_tgid_nr(parent),
			   dp ? dp->name : "host");
}

static const struct ward_hook ward_ptrace_hooks[] = {
	{ "security_ptrace_access_check", hook_ptrace_access_check },
	{ "security_ptrace_traceme", hook_ptrace_traceme },
};

/**
 * ward_ptrace_init - register the ptrace hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_ptrace_init(void)
{
	return ward_hooks_add(ward_ptrace_hooks,
			      ARRAY_SIZE(ward_ptrace_hooks));
}
