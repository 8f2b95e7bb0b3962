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
 *  - in different domains, or in different containers of one domain (two
 *    bound cgroups are two containers even when they share a domain):
 *    denied, in both directions, whatever the mode of access; a domain
 *    task tracing a host task likewise;
 *  - in the same container: allowed with "ptrace domain"; with "ptrace
 *    none" only read-mode access (PTRACE_MODE_READ: ps and top reading
 *    /proc, kcmp) is allowed;
 *  - a host tracer of a domain task (by attach, or by the domain task's
 *    PTRACE_TRACEME): allowed, so that administrators can inspect
 *    containers, unless the domain says "ptrace-from-host deny".  Even
 *    then the host may open the task's namespace links (/proc/PID/ns/NAME),
 *    which is how a runtime enters a container (runc exec, nsenter): that
 *    read-mode check is recognised by the function making it on the
 *    stack, proc_ns_get_link() or proc_ns_readlink(), not by a path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>

#include "domain.h"
#include "hooks.h"
#include "report.h"
#include "setup.h"

/* How deep below security_ptrace_access_check() the caller may be. */
#define WARD_NS_DEPTH	12

/* [start, end) of the functions behind /proc/PID/ns/NAME; set at init. */
static unsigned long ward_ns_fn[2][2];

/*
 * Whether the access being checked is for a namespace link: one of the
 * return addresses just above the hook is in proc_ns_get_link() or
 * proc_ns_readlink().  Only called for a host task that the policy would
 * otherwise refuse, so the unwinding costs nothing on the hot path.
 */
static bool ward_ns_link_access(void)
{
	unsigned long entries[WARD_NS_DEPTH];
	unsigned int n, i, f;

	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	for (i = 0; i < n; i++)
		for (f = 0; f < ARRAY_SIZE(ward_ns_fn); f++)
			if (entries[i] >= ward_ns_fn[f][0] &&
			    entries[i] < ward_ns_fn[f][1])
				return true;
	return false;
}

static bool ward_same_container(const struct ward_place *a,
				const struct ward_place *b)
{
	return a->domain == b->domain && a->container == b->container;
}

/*
 * Decide for tracer at @pt and tracee @other at @pc (domain NULL: host).
 * The report goes to the acting task's domain, or the tracee's for a host
 * tracer.
 */
static int ward_ptrace_decide(const struct ward_place *pt,
			      const struct ward_place *pc,
			      struct task_struct *other, unsigned int mode,
			      const char *op)
{
	struct ward_domain *dt = pt->domain, *dc = pc->domain;

	if (dt) {
		if (ward_same_container(pt, pc) &&
		    (dt->ptrace == WARD_PTRACE_DOMAIN ||
		     !(mode & PTRACE_MODE_ATTACH)))
			return 0;
		return ward_report(dt, op, -EACCES,
				   "target=%d target_domain=%s access=%#x%s",
				   task_tgid_nr(other), dc ? dc->name : "host",
				   mode, dc == dt ? " container=other" : "");
	}
	if (dc && (dc->flags & WARD_DOM_HOST_PTRACE_DENY) &&
	    ((mode & PTRACE_MODE_ATTACH) || !ward_ns_link_access()))
		return ward_report(dc, op, -EACCES,
				   "target=%d target_domain=%s access=%#x",
				   task_tgid_nr(other), dc->name, mode);
	return 0;
}

/* hook_ptrace_access_check() once the tracer or a tracee may be refused. */
static noinline int ward_ptrace_access(const struct ward_ctx *ctx,
				       const struct ward_place *pt)
{
	struct task_struct *child = (struct task_struct *)ward_arg(ctx, 0);
	struct ward_place pc;

	ward_task_place(ctx->policy, child, &pc);
	if (!pt->domain && !pc.domain)
		return 0;
	return ward_ptrace_decide(pt, &pc, child, ward_arg(ctx, 1), "ptrace");
}

/*
 * security_ptrace_access_check(child, mode): current traces child.  Every
 * /proc/PID read of ps and top passes here, so a host tracer leaves after
 * one lookup: only a tracee's "ptrace-from-host deny" refuses a host
 * tracer, and while no domain has it the tracee need not be looked up.
 * The decision's frame is out of line; this one holds only the tracer's
 * place, which ward_task_place() writes (no buffer: no stack protector).
 */
static int __no_stack_protector
hook_ptrace_access_check(const struct ward_ctx *ctx)
{
	struct ward_place pt;

	if (!ward_task_place(ctx->policy, current, &pt) &&
	    !(ctx->policy->dom_flags & WARD_DOM_HOST_PTRACE_DENY))
		return 0;
	return ward_ptrace_access(ctx, &pt);
}

/*
 * security_ptrace_traceme(parent): current asks to be traced by parent.
 * The tracer is the parent; the actor, whose domain reports, is current.
 */
static int hook_ptrace_traceme(const struct ward_ctx *ctx)
{
	struct task_struct *parent = (struct task_struct *)ward_arg(ctx, 0);
	struct ward_domain *dp, *dc;
	struct ward_place pp, pc;

	dc = ward_task_place(ctx->policy, current, &pc);
	dp = ward_task_place(ctx->policy, parent, &pp);
	if (!dp && !dc)
		return 0;
	if (dc && ward_same_container(&pc, &pp)) {
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
	static const char *const fns[] = { "proc_ns_get_link",
					   "proc_ns_readlink" };
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(fns) != ARRAY_SIZE(ward_ns_fn));
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		unsigned long size;

		ward_ns_fn[i][0] = ward_symbol_range(fns[i], &size);
		if (!ward_ns_fn[i][0]) {
			pr_err("%s: not found\n", fns[i]);
			return -ENOENT;
		}
		ward_ns_fn[i][1] = ward_ns_fn[i][0] + size;
	}
	return ward_hooks_add(ward_ptrace_hooks,
			      ARRAY_SIZE(ward_ptrace_hooks));
}
