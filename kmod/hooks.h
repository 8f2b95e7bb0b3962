/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - attach layer
 *
 * Ward cannot register LSM hooks from a module (the hook lists are read-only
 * after boot), so it attaches its handlers to kernel functions with one
 * ftrace_ops.  A handler decides from the function's arguments; on denial
 * the attach layer makes the function return the handler's error without
 * running its body.
 */
#ifndef _WARD_HOOKS_H
#define _WARD_HOOKS_H

#include <linux/init.h>
#include <linux/ptrace.h>
#include <linux/types.h>

struct ward_policy;

/* Argument registers the trampoline saves. */
#define WARD_NARGS	6

/**
 * struct ward_ctx - what a handler is given
 * @args: the argument registers at entry of the hooked function, in
 *	calling convention order (rdi, rsi, rdx, rcx, r8, r9)
 * @policy: the policy in force for the whole call, or NULL (only for hooks
 *	with @always, and for @sleepable ones, which look it up themselves);
 *	read under rcu_read_lock(), which the attach layer holds around the
 *	handler of a hook that is not @sleepable
 * @caller: the return address of the hooked function, into its caller
 * @index: the hook's index, for ward_hook_denied()
 * @ia32: the hooked function is the 32-bit entry of a system call
 */
struct ward_ctx {
	const unsigned long *args;
	struct ward_policy *policy;
	unsigned long caller;
	unsigned int index;
	bool ia32;
};

/*
 * What a @sleepable handler returns when it has done the hooked function's
 * work itself: the function returns 0 to its caller without running its
 * body.
 */
#define WARD_HOOK_DONE	1

/**
 * enum ward_hook_group - hook targets attached and detached together
 * @WARD_HOOKS_CORE: attached from load to unload
 * @WARD_HOOKS_WX: attached only while a domain of the policy in force
 *	asks for W^X (R-MEM); they sit on every mmap() and mprotect() of the
 *	host, which should pay nothing for a rule no domain has
 * @WARD_HOOK_GROUPS: number of groups
 */
enum ward_hook_group {
	WARD_HOOKS_CORE,
	WARD_HOOKS_WX,
	WARD_HOOK_GROUPS,
};

/**
 * struct ward_hook - one hook target
 * @symbol: kernel function to attach to
 * @handler: decision, called under rcu_read_lock() in the hooked
 *	function's own context (which may be any, an interrupt included);
 *	must not sleep; returns 0 to let the call go on or a negative errno
 *	that the hooked function then returns
 * @ia32: @symbol is an __ia32_sys_* wrapper (int $0x80 from any process,
 *	with CONFIG_IA32_EMULATION): ward_sysarg() decodes its registers
 * @always: call @handler also while no policy is loaded
 * @sleepable: the target is only ever called in process context, where
 *	it may sleep; @handler is called without rcu_read_lock() (and with
 *	ctx->policy NULL), may sleep while it holds a reference to this
 *	module, counts its own denials (ward_hook_denied()), and may return
 *	WARD_HOOK_DONE
 * @group: enum ward_hook_group
 *
 * Each concern (mount.c, ptrace.c, ...) keeps a static const array of these
 * and registers it with ward_hooks_add() during module init.  A system
 * call hooked at its __x64_sys_* wrapper must be hooked at its
 * __ia32_sys_* wrapper too, or int $0x80 walks around it.
 */
struct ward_hook {
	const char *symbol;
	int (*handler)(const struct ward_ctx *ctx);
	bool ia32;
	bool always;
	bool sleepable;
	u8 group;
};

/**
 * ward_arg - the @n-th (0-based) argument of the hooked function
 * @ctx: the handler's context
 * @n: argument number, 0 to 5
 */
static inline unsigned long ward_arg(const struct ward_ctx *ctx, unsigned int n)
{
	return n < WARD_NARGS ? ctx->args[n] : 0;
}

/**
 * ward_sysarg - the @n-th (0-based) argument of a hooked system call
 * @ctx: the handler's context; the hooked function is a __x64_sys_* or
 *	__ia32_sys_* wrapper, whose only argument is the user's pt_regs
 * @n: argument number, 0 to 5
 *
 * Return: the argument; for the 32-bit entry, zero-extended from 32 bits as
 * the kernel's compat wrappers do.
 */
static inline unsigned long ward_sysarg(const struct ward_ctx *ctx,
					unsigned int n)
{
	const struct pt_regs *uregs = (const struct pt_regs *)ward_arg(ctx, 0);

	if (ctx->ia32) {
		switch (n) {
		case 0: return (u32)uregs->bx;
		case 1: return (u32)uregs->cx;
		case 2: return (u32)uregs->dx;
		case 3: return (u32)uregs->si;
		case 4: return (u32)uregs->di;
		default: return (u32)uregs->bp;
		}
	}
	switch (n) {
	case 0: return uregs->di;
	case 1: return uregs->si;
	case 2: return uregs->dx;
	case 3: return uregs->r10;
	case 4: return uregs->r8;
	default: return uregs->r9;
	}
}

/* Attach layer internals: trampoline.S calls the one, which calls the other. */
void ward_trampoline(void);
long ward_direct_call(const unsigned long *args, unsigned long ret,
		      unsigned long caller);
void ward_hook_denied(const struct ward_ctx *ctx);

int __init ward_hooks_add(const struct ward_hook *hooks, unsigned int count);
unsigned long __init ward_lookup_name(const char *name);
int __init ward_hooks_attach(void);
unsigned long __init ward_symbol_range(const char *name, unsigned long *size);
void ward_hooks_detach(void);
int ward_hooks_group_set(enum ward_hook_group group, bool on);
unsigned int ward_hooks_count(void);
const char *ward_hook_symbol(unsigned int i);
void ward_hook_stats(unsigned int i, u64 *calls, u64 *denied);
const char *ward_hook_state(unsigned int i);

#endif /* _WARD_HOOKS_H */
