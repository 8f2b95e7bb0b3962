// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - attach layer
 *
 * Every hook target is attached with an ftrace *direct call*: its fentry
 * call is patched to call ward_trampoline (trampoline.S), which saves the
 * argument registers and calls ward_direct_call() with them and the
 * return address into the target.  ward_direct_call() finds the target by
 * that address, asks the target's handler, and returns 0 (the trampoline
 * restores the registers and returns into the target) or an error (the
 * trampoline returns it to the target's caller: the body never runs).
 * This is how the kernel's BPF trampolines attach, and it costs a host
 * task a few dozen instructions per call instead of a whole pt_regs saved
 * and restored by ftrace's regs trampoline.
 *
 * Why ftrace and not the LSM hook lists: the lists are read-only after boot
 * and security_add_hooks() is __init, so a loadable module cannot use them;
 * writing to them would break with the static-call hooks of later kernels.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/jump_label.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
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
 * @attached: the self-test saw the hook fire (its group attached or not)
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
/*
 * The targets by site, for the lookup in ward_direct_call(): an open
 * addressing table of index + 1 (0: empty), at least half empty, so that
 * a lookup is a hash and, nearly always, one comparison.
 */
#define WARD_SITE_BITS	7
static u8 ward_by_site[1 << WARD_SITE_BITS];

struct ward_hook_counters {
	u64 calls;
	u64 denied;
};

static DEFINE_PER_CPU(struct ward_hook_counters[WARD_MAX_HOOKS], ward_counters);

/*
 * The task running the load-time self-test; NULL at any other time.  The
 * key is on only during the self-test, so that every other hooked call
 * passes the check as one no-op instead of two loads and a comparison.
 */
static struct task_struct *ward_selftest_task;
static DEFINE_STATIC_KEY_FALSE(ward_selftest_on);
static bool ward_fired[WARD_MAX_HOOKS];

static struct ward_target *ward_target_at(unsigned long ip)
{
	unsigned int h = hash_long(ip, WARD_SITE_BITS);

	for (;; h = (h + 1) & (ARRAY_SIZE(ward_by_site) - 1)) {
		unsigned int i = ward_by_site[h];

		if (!i)
			return NULL;
		if (ward_targets[i - 1].site == ip)
			return &ward_targets[i - 1];
	}
}

/*
 * The handler's part of ward_direct_call(): @ctx is initialized where it
 * is declared, so each member is written once (a plain declaration is
 * zeroed first, for CONFIG_INIT_STACK_ALL_ZERO).
 */
static __always_inline long ward_dispatch(struct ward_target *t,
					  const unsigned long *args,
					  unsigned long caller, unsigned int i)
{
	struct ward_ctx ctx = {
		.args = args,
		.caller = caller,
		.index = i,
		.ia32 = t->hook->ia32,
	};
	int err = 0;

	if (t->hook->sleepable)
		return t->hook->handler(&ctx);
	rcu_read_lock();
	ctx.policy = rcu_dereference(ward_policy);
	if (ctx.policy || t->hook->always)
		err = t->hook->handler(&ctx);
	rcu_read_unlock();
	if (unlikely(err))
		this_cpu_inc(ward_counters[i].denied);
	return err;
}

/**
 * ward_direct_call - run the handler of the target that called the trampoline
 * @args: the target's argument registers, saved by the trampoline
 * @ret: the return address into the target, just past its fentry call
 * @caller: the target's return address, into its caller
 *
 * Called by ward_trampoline only, in the target's context.  For a task of
 * the host this is the hot path: the target lookup, a counter and the
 * domain lookup in the handler, without locks or allocations.  notrace:
 * tracing it would call it again.
 *
 * Return: 0 to run the target, WARD_HOOK_DONE to return 0 from it without
 * running it, or the error it returns instead.
 *
 * No stack protector: the frame holds no buffer, only @ctx, which the
 * handlers read; the canary would cost every hooked call of every task.
 */
long notrace __no_stack_protector
ward_direct_call(const unsigned long *args, unsigned long ret,
		 unsigned long caller)
{
	struct ward_target *t = ward_target_at(ret - MCOUNT_INSN_SIZE);
	unsigned int i;

	if (unlikely(!t))
		return 0;
	i = t - ward_targets;
	this_cpu_inc(ward_counters[i].calls);

	if (static_branch_unlikely(&ward_selftest_on) &&
	    READ_ONCE(ward_selftest_task) == current) {
		WRITE_ONCE(ward_fired[i], true);
		return -ECANCELED;
	}
	return ward_dispatch(t, args, caller, i);
}

/**
 * ward_hook_denied - count a denial of a sleepable hook
 * @ctx: the handler's context
 *
 * The attach layer counts the denials of the other hooks itself; a
 * sleepable handler also returns the errors of the work it did.
 */
void ward_hook_denied(const struct ward_ctx *ctx)
{
	this_cpu_inc(ward_counters[ctx->index].denied);
}

/*
 * The guard: a plain ftrace_ops with FTRACE_OPS_FL_PERMANENT, so that root
 * cannot switch every ftrace call site off with "sysctl
 * kernel.ftrace_enabled=0" (EBUSY), which would silently detach the
 * direct calls too (their ops cannot be made permanent).  It does nothing.
 *
 * It sits on ward_guard_site(), a function of Ward's own that nothing
 * calls, and on no hook target: a target that a second ftrace_ops also
 * traces leaves its direct call for ftrace's list trampoline, which saves
 * every register and asks each ops in turn.  On cgroup_attach_permissions()
 * that cost every cgroup move about 450 instructions.
 */
static noinline void ward_guard_site(void)
{
	barrier();
}

static void notrace ward_guard_callback(unsigned long ip,
					unsigned long parent_ip,
					struct ftrace_ops *op,
					struct ftrace_regs *fregs)
{
}

static struct ftrace_ops ward_guard_ops = {
	.func = ward_guard_callback,
	.flags = FTRACE_OPS_FL_RECURSION | FTRACE_OPS_FL_PERMANENT,
};

static bool ward_guard_registered;

/*
 * One direct-call ftrace_ops per group of targets (enum ward_hook_group),
 * so that a group can be attached and detached by itself.  Only one direct
 * call per function is possible: a second user of one of Ward's targets
 * makes the load fail with EBUSY.
 */
static struct ftrace_ops ward_ops[WARD_HOOK_GROUPS];

/* Which ops are registered; changed under ward_ops_mutex. */
static bool ward_ops_registered[WARD_HOOK_GROUPS];
/* Targets per group: an ops without any filter would trace everything. */
static unsigned int ward_group_targets[WARD_HOOK_GROUPS];
static DEFINE_MUTEX(ward_ops_mutex);

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

/**
 * ward_lookup_name - address of a kernel symbol
 * @name: the symbol
 *
 * Context: module init only.
 * Return: the address, or 0 if it is not found.
 */
unsigned long __init ward_lookup_name(const char *name)
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

static void __init ward_add_site(unsigned int i)
{
	unsigned int h = hash_long(ward_targets[i].site, WARD_SITE_BITS);

	BUILD_BUG_ON(ARRAY_SIZE(ward_by_site) < 2 * WARD_MAX_HOOKS);
	while (ward_by_site[h])
		h = (h + 1) & (ARRAY_SIZE(ward_by_site) - 1);
	ward_by_site[h] = i + 1;
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
		err = -EINVAL;
		if (t->hook->group < WARD_HOOK_GROUPS)
			err = ftrace_set_filter_ip(&ward_ops[t->hook->group],
						   t->site, 0, 0);
		if (!err)
			ward_group_targets[t->hook->group]++;
		if (err) {
			pr_err("hook target %s: not traceable (%d)\n",
			       t->hook->symbol, err);
			ret = err;
		}
		ward_add_site(i);
	}
	if (!ret) {
		ret = ftrace_set_filter_ip(&ward_guard_ops,
					   (unsigned long)ward_guard_site, 0, 0);
		if (ret)
			pr_err("cannot set the ftrace guard (%d)\n", ret);
	}
	return ret;
}

/*
 * The load-time self-test: every target's fentry site must now be a call,
 * and calling the target must reach ward_direct_call().  The call is made
 * with all-zero arguments, which is safe only because the self-test task
 * is turned back before the function's body runs; the site check before
 * it makes sure the trampoline is in place.
 */
static int __init ward_selftest(enum ward_hook_group group)
{
	unsigned int i;
	int ret = 0;

	static_branch_enable(&ward_selftest_on);
	for (i = 0; i < ward_ntargets; i++) {
		struct ward_target *t = &ward_targets[i];
		long (*fn)(long a, long b, long c, long d, long e, long f);
		u8 opcode = 0;
		long r;

		if (t->hook->group != group)
			continue;
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
	static_branch_disable(&ward_selftest_on);
	return ret;
}

static int ward_ops_register(enum ward_hook_group group)
{
	int err;

	if (ward_ops_registered[group] || !ward_group_targets[group])
		return 0;
	err = register_ftrace_direct_multi(&ward_ops[group],
					   (unsigned long)ward_trampoline);
	if (err)
		pr_err("cannot register the ftrace callback of hook group %d (%d)\n",
		       group, err);
	else
		ward_ops_registered[group] = true;
	return err;
}

static void ward_ops_unregister(enum ward_hook_group group)
{
	if (!ward_ops_registered[group])
		return;
	unregister_ftrace_direct_multi(&ward_ops[group],
				       (unsigned long)ward_trampoline);
	ward_ops_registered[group] = false;
}

/**
 * ward_hooks_attach - attach every registered target
 *
 * Resolves every target, attaches every group and runs the self-test on
 * each; then detaches again the groups that only a policy turns on.
 * Every problem is logged on its own line; on any problem nothing stays
 * attached.
 *
 * Return: 0 or a negative errno.
 */
int __init ward_hooks_attach(void)
{
	unsigned int g;
	int err;

	err = ward_resolve();
	if (err)
		goto out_free;
	err = register_ftrace_function(&ward_guard_ops);
	if (err) {
		pr_err("cannot register the ftrace guard (%d)\n", err);
		goto out_free;
	}
	ward_guard_registered = true;
	for (g = 0; g < WARD_HOOK_GROUPS; g++) {
		err = ward_ops_register(g) ?: ward_selftest(g);
		if (err)
			goto out_detach;
		if (g != WARD_HOOKS_CORE)
			ward_ops_unregister(g);
	}
	return 0;

out_detach:
	ward_hooks_detach();
	return err;
out_free:
	for (g = 0; g < WARD_HOOK_GROUPS; g++)
		ftrace_free_filter(&ward_ops[g]);
	ftrace_free_filter(&ward_guard_ops);
	return err;
}

/**
 * ward_hooks_group_set - attach or detach a group of targets
 * @group: a group other than WARD_HOOKS_CORE
 * @on: attach (true) or detach
 *
 * A policy that needs the group attaches it before it is published, and
 * detaches it once a policy that does not is published, so that no task
 * ever runs under a rule without its hooks.  Detaching does not wait for
 * tasks in the trampoline: the module stays.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno (attaching).
 */
int ward_hooks_group_set(enum ward_hook_group group, bool on)
{
	int err = 0;

	if (group == WARD_HOOKS_CORE || group >= WARD_HOOK_GROUPS)
		return -EINVAL;
	mutex_lock(&ward_ops_mutex);
	if (on)
		err = ward_ops_register(group);
	else
		ward_ops_unregister(group);
	mutex_unlock(&ward_ops_mutex);
	return err;
}

/**
 * ward_hooks_detach - detach every target
 *
 * On return no task runs or will run Ward's trampoline or handlers: once
 * the call sites are unpatched, synchronize_rcu_tasks() waits for every
 * task that was in them (even preempted there) to pass a voluntary
 * schedule or return to user space, neither of which happens inside.
 */
void ward_hooks_detach(void)
{
	unsigned int i, g;

	mutex_lock(&ward_ops_mutex);
	for (g = 0; g < WARD_HOOK_GROUPS; g++) {
		ward_ops_unregister(g);
		ftrace_free_filter(&ward_ops[g]);
		ward_group_targets[g] = 0;
	}
	if (ward_guard_registered) {
		unregister_ftrace_function(&ward_guard_ops);
		ward_guard_registered = false;
	}
	ftrace_free_filter(&ward_guard_ops);
	mutex_unlock(&ward_ops_mutex);
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
 * ward_hook_state - a target's state, for the status file
 * @i: index below ward_hooks_count()
 *
 * Return: "attached"; "idle" when it passed the self-test but its group is
 * detached because no domain needs it; "detached" when it did not pass.
 */
const char *ward_hook_state(unsigned int i)
{
	const struct ward_target *t = &ward_targets[i];

	if (!t->attached)
		return "detached";
	return READ_ONCE(ward_ops_registered[t->hook->group]) ? "attached" :
								"idle";
}

/**
 * ward_hook_stats - sum of a target's per-CPU counters
 * @i: index below ward_hooks_count()
 * @calls: out: calls seen, including the self-test's
 * @denied: out: calls a handler refused
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
