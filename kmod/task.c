// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - which tasks have started their container's program (R-DOM)
 *
 * A container runtime prepares a container from inside it: runc init and
 * crun run in the container's cgroup and namespaces and mount /proc, /sys
 * and the masks, pivot_root and setns there, and only then execve() the
 * image's program.  A binding armed at first exec (WARD_BIND_AT_EXEC, and
 * the default domain) confines a task of its subtree only once the task is
 * *armed*: it has executed a program in a bound subtree (or as a container
 * task, for the default domain) from a mount namespace of its own, or it
 * descends by fork from a task that had (ward_arms_at_exec()).  The
 * runtime's setup stays allowed; the image's program is confined from its
 * first instruction; a process a runtime adds later (runc exec) from its
 * exec on.
 *
 * A module cannot give tasks a security blob, so the armed tasks are kept
 * in a hash table keyed by task_struct address:
 *  - an entry is added at exec, at security_bprm_committing_creds(): past
 *    the point of no return and after de_thread(), so a failed exec never
 *    arms and no other thread of the process survives to escape arming;
 *  - a child of an armed task gets its own entry at security_task_alloc(),
 *    before it can run: threads, processes and io_uring workers alike;
 *  - the entry goes at security_task_free().  The table is also corrected
 *    at every security_task_alloc(), so an entry left behind by a fork that
 *    failed before that task ever ran can never be seen by the task that
 *    later reuses its address.
 * An entry is never removed while its task lives: nothing disarms.
 *
 * Failure is closed: a fork whose entry cannot be allocated fails with
 * ENOMEM; an exec whose entry cannot be allocated kills the task before it
 * returns to user space.  Lookups (ward_task_armed()) take no lock and
 * allocate nothing; only the tasks of exec-armed bindings and of the
 * default domain ever need one.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/hashtable.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "domain.h"
#include "hooks.h"
#include "setup.h"

#define WARD_TASK_BITS	12

/*
 * struct ward_task - an armed task
 * @node: in ward_tasks; added and removed under ward_tasks_lock, walked
 *	under rcu_read_lock()
 * @rcu: for freeing after a grace period
 * @task: the task; only compared, never dereferenced
 */
struct ward_task {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct task_struct *task;
};

static DEFINE_HASHTABLE(ward_tasks, WARD_TASK_BITS);
/*
 * Taken from process context (fork, exec) and from wherever a task is
 * freed, which may be an RCU callback: a raw spinlock with interrupts off.
 */
static DEFINE_RAW_SPINLOCK(ward_tasks_lock);
/* Entries in ward_tasks; read locklessly to skip empty lookups. */
static atomic_t ward_ntasks = ATOMIC_INIT(0);

static struct ward_task *ward_task_find(const struct task_struct *t)
{
	struct ward_task *wt;

	hash_for_each_possible_rcu(ward_tasks, wt, node, (unsigned long)t,
				   lockdep_is_held(&ward_tasks_lock))
		if (wt->task == t)
			return wt;
	return NULL;
}

/**
 * ward_task_armed - whether a task has started its container's program
 * @t: the task
 *
 * Context: rcu_read_lock().
 * Return: true once @t is armed (see the top of this file).
 */
bool ward_task_armed(const struct task_struct *t)
{
	return atomic_read(&ward_ntasks) && ward_task_find(t);
}

/**
 * ward_tasks_armed - number of armed tasks
 *
 * Return: the count, for the status file.
 */
unsigned int ward_tasks_armed(void)
{
	return atomic_read(&ward_ntasks);
}

/* Arm @t with the entry @wt, which the caller allocated. */
static void ward_task_add(struct ward_task *wt, const struct task_struct *t)
{
	unsigned long flags;

	wt->task = t;
	raw_spin_lock_irqsave(&ward_tasks_lock, flags);
	hash_add_rcu(ward_tasks, &wt->node, (unsigned long)t);
	atomic_inc(&ward_ntasks);
	raw_spin_unlock_irqrestore(&ward_tasks_lock, flags);
}

/* Forget @t, if it is armed.  Context: rcu_read_lock(). */
static void ward_task_del(const struct task_struct *t)
{
	struct ward_task *wt;
	unsigned long flags;

	/* Most tasks were never armed: look without the lock first. */
	if (!ward_task_armed(t))
		return;
	raw_spin_lock_irqsave(&ward_tasks_lock, flags);
	wt = ward_task_find(t);
	if (wt) {
		hash_del_rcu(&wt->node);
		atomic_dec(&ward_ntasks);
		kfree_rcu(wt, rcu);
	}
	raw_spin_unlock_irqrestore(&ward_tasks_lock, flags);
}

static struct ward_task *ward_task_alloc(void)
{
	return kzalloc(sizeof(struct ward_task), GFP_NOWAIT | __GFP_NOWARN);
}

/*
 * security_task_alloc(task, clone_flags), called by copy_process() with
 * current the parent, before the new task can run.  The child of an armed
 * task is armed; any other new task has no entry.
 */
static int hook_task_alloc(const struct ward_ctx *ctx)
{
	struct task_struct *child = (struct task_struct *)ward_arg(ctx, 0);
	struct ward_task *wt;

	ward_task_del(child);
	if (!ward_task_armed(current))
		return 0;
	wt = ward_task_alloc();
	if (!wt) {
		pr_warn_ratelimited("fork of armed task %d refused: out of memory\n",
				    task_tgid_nr(current));
		return -ENOMEM;
	}
	ward_task_add(wt, child);
	return 0;
}

/* security_task_free(task): the task is gone. */
static int hook_task_free(const struct ward_ctx *ctx)
{
	ward_task_del((struct task_struct *)ward_arg(ctx, 0));
	return 0;
}

/*
 * security_bprm_committing_creds(bprm): current is past the point of no
 * return of an exec and is the only thread of its process.  Arm it if the
 * place it executes in arms at exec.
 */
static int hook_bprm_committing_creds(const struct ward_ctx *ctx)
{
	struct ward_task *wt;

	if (!ward_arms_at_exec(ctx->policy, current) ||
	    ward_task_armed(current))
		return 0;
	wt = ward_task_alloc();
	if (!wt) {
		/* The exec cannot fail any more: the program must not run. */
		pr_warn_ratelimited("exec of task %d killed: out of memory for arming\n",
				    task_tgid_nr(current));
		force_sig(SIGKILL);
		return 0;
	}
	ward_task_add(wt, current);
	return 0;
}

static const struct ward_hook ward_task_hooks[] = {
	{ "security_task_alloc", hook_task_alloc, .always = true },
	{ "security_task_free", hook_task_free, .always = true },
	{ "security_bprm_committing_creds", hook_bprm_committing_creds },
};

/**
 * ward_task_init - register the task hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_task_init(void)
{
	return ward_hooks_add(ward_task_hooks, ARRAY_SIZE(ward_task_hooks));
}

/**
 * ward_task_exit - forget every armed task
 *
 * Context: module exit, after the hooks are detached and every callback
 * has returned.
 */
void ward_task_exit(void)
{
	struct ward_task *wt;
	struct hlist_node *tmp;
	unsigned int bkt;

	hash_for_each_safe(ward_tasks, bkt, tmp, wt, node) {
		hash_del(&wt->node);
		kfree(wt);
	}
	atomic_set(&ward_ntasks, 0);
}
