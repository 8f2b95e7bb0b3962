// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - attach layer
 *
 * One ftrace_ops carries every hook target as a filter address.  Its
 * callback finds the target by the traced address, asks the target's
 * handler, and on denial points the saved instruction pointer at
 * ward_deny_stub() with the error in the first argument register: the
 * hooked function then returns that error without running its body.  This
 * is the livepatch mechanism, used for one function-sized "patch".
 *
 * Why ftrace and not the LSM hook lists: the lists are read-only after boot
 * and security_add_hooks() is __init, so a loadable module cannot use them;
 * writing to them would break with the static-call hooks of later kernels.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "hooks.h"
#include "policy.h"

#define WARD_MAX_HOOKS	64

/*
 * struct ward_target - a hook target once resolved
 * @hook: the concern's description
 * @addr: address of the function
 * @site: address of its fentry call, the "ip" ftrace reports
 * @attached: the self-test saw the hook fire
 */
struct ward_target {
	const struct ward_hook *hook;
	unsigned long addr;
	unsigned long site;
	bool attached;
};

/*
 * Filled during module init before the ftrace_ops is registered, and
 * read-only afterwards (but for @attached, which the callback never
 * reads), so the callback reads them without locks.
 */
static struct ward_target ward_targets[WARD_MAX_HOOKS];
static unsigned int ward_ntargets;
/* Indexes of ward_targets sorted by site, for the lookup in the callback. */
static u8 ward_by_site[WARD_MAX_HOOKS];

struct ward_hook_counters {
	u64 calls;
	u64 denied;
};

static DEFINE_PER_CPU(struct ward_hook_counters[WARD_MAX_HOOKS], ward_counters);

/* The task running the load-time self-test; NULL at any other time. */
static struct task_struct *ward_selftest_task;
static bool ward_fired[WARD_MAX_HOOKS];

/*
 * Where a denied call continues instead of the hooked function: it returns
 * its first argument, which the callback set to the error.  notrace, since
 * tracing it would call the callback again; noinline, since its address is
 * what the callback needs.
 */
static noinline notrace long ward_deny_stub(long err)
{
	return err;
}

static struct ward_target *ward_target_at(unsigned long ip)
{
	unsigned int lo = 0, hi = ward_ntargets;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		struct ward_target *t = &ward_targets[ward_by_site[mid]];

		if (t->site == ip)
			return t;
		if (t->site < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The ftrace callback.  FTRACE_OPS_FL_RECURSION makes ftrace run it with
 * preemption disabled and never recursively on one CPU; it must not sleep.
 * For a task of the host this is the hot path: the target lookup, a counter
 * and the domain lookup in the handler, without locks or allocations.
 */
static void notrace ward_ftrace_callback(unsigned long ip,
					 unsigned long parent_ip,
					 struct ftrace_ops *op,
					 struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);
	struct ward_target *t = ward_target_at(ip);
	unsigned int i;
	struct ward_ctx ctx;
	int err = 0;

	if (unlikely(!t || !regs))
		return;
	i = t - ward_targets;
	this_cpu_inc(ward_counters[i].calls);

	if (unlikely(READ_ONCE(ward_selftest_task) == current)) {
		WRITE_ONCE(ward_fired[i], true);
		err = -ECANCELED;
		goto deny;
	}

	rcu_read_lock();
	ctx.regs = regs;
	ctx.policy = rcu_dereference(ward_policy);
	ctx.ia32 = t->hook->ia32;
	if (ctx.policy || t->hook->always)
		err = t->hook->handler(&ctx);
	rcu_read_unlock();
	if (likely(!err))
		return;
	this_cpu_inc(ward_counters[i].denied);
deny:
	regs->di = (unsigned long)(long)err;
	regs->ip = (unsigned long)ward_deny_stub;
}

/*
 * FTRACE_OPS_FL_PERMANENT: root cannot switch the hooks off with
 * "sysctl kernel.ftrace_enabled=0" (EBUSY).  IPMODIFY: Ward changes the
 * instruction pointer; ftrace allows one such user per function.
 */
static struct ftrace_ops ward_ops = {
	.func = ward_ftrace_callback,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
		 FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT,
};

static bool ward_ops_registered;

/**
 * ward_hooks_add - register a concern's hook targets
 * @hooks: array of targets, static for the module's lifetime
 * @count: number of entries
 *
 * Called from module init only, before ward_hooks_attach().
 *
 * Return: 0, or -ENOSPC when the table is full.
 */
int __init ward_hooks_add(const struct ward_hook *hooks, unsigned int count)
{
	unsigned int i;

	if (ward_ntargets + count > WARD_MAX_HOOKS) {
		pr_err("too many hook targets (%u)\n", ward_ntargets + count);
		return -ENOSPC;
	}
	for (i = 0; i < count; i++)
		ward_targets[ward_ntargets++].hook = &hooks[i];
	return 0;
}

/*
 * kallsyms_lookup_name() is not exported since 5.7.  A kprobe on it reveals
 * its address without writing anything but the probe, which is removed at
 * once.  It is only used during init.
 */
static unsigned long (*ward_kallsyms_lookup_name)(const char *name);

static unsigned long __init ward_lookup_name(const char *name)
{
	unsigned long (*lookup)(const char *name) = ward_kallsyms_lookup_name;

	if (!lookup) {
		struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };

		if (register_kprobe(&kp) < 0)
			return 0;
		lookup = (unsigned long (*)(const char *))kp.addr;
		unregister_kprobe(&kp);
		ward_kallsyms_lookup_name = lookup;
	}
	return lookup ? lookup(name) : 0;
}

/**
 * ward_symbol_range - where a kernel function is
 * @name: its symbol
 * @size: out: its size in bytes
 *
 * For checks that must recognise a function among return addresses.
 * Called from module init only.
 *
 * Return: its address, or 0 if it or its size cannot be found.
 */
unsigned long __init ward_symbol_range(const char *name, unsigned long *size)
{
	int (*size_offset)(unsigned long addr, unsigned long *size,
			   unsigned long *offset);
	unsigned long addr, off;

	size_offset = (void *)ward_lookup_name("kallsyms_lookup_size_offset");
	addr = ward_lookup_name(name);
	if (!size_offset || !addr || !size_offset(addr, size, &off) || off)
		return 0;
	return addr;
}

static int __init ward_cmp_site(const void *a, const void *b)
{
	unsigned long sa = ward_targets[*(const u8 *)a].site;
	unsigned long sb = ward_targets[*(const u8 *)b].site;

	return sa < sb ? -1 : sa > sb;
}

static int __init ward_resolve(void)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ward_ntargets; i++) {
		struct ward_target *t = &ward_targets[i];
		int err;

		t->addr = ward_lookup_name(t->hook->symbol);
		if (!t->addr) {
			pr_err("hook target %s: not found\n", t->hook->symbol);
			ret = -ENOENT;
			continue;
		}
		/* Without IBT (compat.h), fentry is the first instruction. */
		t->site = t->addr;
		err = ftrace_set_filter_ip(&ward_ops, t->site, 0, 0);
		if (err) {
			pr_err("hook target %s: not traceable (%d)\n",
			       t->hook->symbol, err);
			ret = err;
		}
		ward_by_site[i] = i;
	}
	if (!ret)
		sort(ward_by_site, ward_ntargets, sizeof(ward_by_site[0]),
		     ward_cmp_site, NULL);
	return ret;
}

/*
 * The load-time self-test: every target's fentry site must now call into
 * ftrace, and calling the target must reach Ward's callback.  The call is
 * made with all-zero arguments, which is safe only because the callback
 * redirects the self-test task before the function's body runs; the site
 * check before it makes sure the callback is in place.
 */
static int __init ward_selftest(void)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ward_ntargets; i++) {
		struct ward_target *t = &ward_targets[i];
		long (*fn)(long a, long b, long c, long d, long e, long f);
		u8 opcode = 0;
		long r;

		if (copy_from_kernel_nofault(&opcode, (void *)t->site, 1) ||
		    opcode != WARD_CALL_OPCODE) {
			pr_err("hook target %s: call site not patched (%#x)\n",
			       t->hook->symbol, opcode);
			ret = -EIO;
			continue;
		}
		fn = (void *)t->addr;
		WRITE_ONCE(ward_selftest_task, current);
		r = fn(0, 0, 0, 0, 0, 0);
		WRITE_ONCE(ward_selftest_task, NULL);
		if (r != -ECANCELED || !READ_ONCE(ward_fired[i])) {
			pr_err("hook target %s: hook does not fire (%ld)\n",
			       t->hook->symbol, r);
			ret = -EIO;
			continue;
		}
		t->attached = true;
	}
	return ret;
}

/**
 * ward_hooks_attach - attach every registered target
 *
 * Resolves every target, attaches them all with one ftrace_ops and runs the
 * self-test.  Every problem is logged on its own line; on any problem
 * nothing stays attached.
 *
 * Return: 0 or a negative errno.
 */
int __init ward_hooks_attach(void)
{
	int err;

	err = ward_resolve();
	if (err)
		goto out_free;
	err = register_ftrace_function(&ward_ops);
	if (err) {
		pr_err("cannot register the ftrace callback (%d)\n", err);
		goto out_free;
	}
	ward_ops_registered = true;
	err = ward_selftest();
	if (err)
		goto out_detach;
	return 0;

out_detach:
	ward_hooks_detach();
	return err;
out_free:
	ftrace_free_filter(&ward_ops);
	return err;
}

/**
 * ward_hooks_detach - detach every target
 *
 * On return no task runs or will run Ward's callback or its deny stub:
 * unregister_ftrace_function() waits for callbacks in flight, and
 * synchronize_rcu_tasks() waits for every task that was preempted in the
 * stub to leave it.
 */
void ward_hooks_detach(void)
{
	unsigned int i;

	if (ward_ops_registered) {
		unregister_ftrace_function(&ward_ops);
		ward_ops_registered = false;
	}
	ftrace_free_filter(&ward_ops);
	synchronize_rcu_tasks();
	for (i = 0; i < ward_ntargets; i++)
		ward_targets[i].attached = false;
}

/**
 * ward_hooks_count - number of hook targets
 *
 * Return: the count; stable after module init.
 */
unsigned int ward_hooks_count(void)
{
	return ward_ntargets;
}

/**
 * ward_hook_symbol - name of a hook target
 * @i: index below ward_hooks_count()
 *
 * Return: the kernel symbol.
 */
const char *ward_hook_symbol(unsigned int i)
{
	return ward_targets[i].hook->symbol;
}

/**
 * ward_hook_attached - whether a target passed the self-test
 * @i: index below ward_hooks_count()
 *
 * Return: true if attached.
 */
bool ward_hook_attached(unsigned int i)
{
	return ward_targets[i].attached;
}

/**
 * ward_hook_stats - sum of a target's per-CPU counters
 * @i: index below ward_hooks_count()
 * @calls: out: calls seen, including the self-test's
 * @denied: out: calls redirected to the deny stub by a handler
 */
void ward_hook_stats(unsigned int i, u64 *calls, u64 *denied)
{
	int cpu;

	*calls = 0;
	*denied = 0;
	for_each_possible_cpu(cpu) {
		*calls += per_cpu(ward_counters[i].calls, cpu);
		*denied += per_cpu(ward_counters[i].denied, cpu);
	}
}
