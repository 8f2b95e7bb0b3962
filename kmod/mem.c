// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - writable-and-executable memory (R-MEM)
 *
 * A domain with "memory wx-deny" may not map memory that is writable and
 * executable at once, by mmap() or mprotect(): the classic way to turn a
 * memory-corruption bug into code execution.  Writes to another process's
 * memory are ptrace's business (ptrace.c), new kernel code kload.c's.
 *
 * These hooks sit on every mmap() and mprotect() of the host, so they are
 * attached only while a domain of the policy in force asks for W^X
 * (WARD_HOOKS_WX); then a host task pays for them one protection test.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/personality.h>

#include "compat.h"
#include "domain.h"
#include "hooks.h"
#include "report.h"
#include "setup.h"

#define WARD_WX		(PROT_WRITE | PROT_EXEC)

static int ward_wx(const struct ward_ctx *ctx, unsigned long prot,
		   const char *op)
{
	struct ward_domain *d;

	if ((prot & WARD_WX) != WARD_WX)
		return 0;
	d = ward_current_domain(ctx);
	if (!d || !(d->flags & WARD_DOM_WX_DENY))
		return 0;
	return ward_report(d, op, -EACCES, "prot=%#lx", prot);
}

/*
 * security_mmap_file(file, prot, flags): prot as the caller asked it.  The
 * protection the mapping gets adds PROT_EXEC to a readable mapping under
 * the READ_IMPLIES_EXEC personality, except from a noexec mount (as
 * mmap_prot() in security/security.c computes it), and that is what W^X is
 * about.
 */
static int hook_mmap_file(const struct ward_ctx *ctx)
{
	const struct file *file = (const struct file *)ward_arg(ctx, 0);
	unsigned long prot = ward_arg(ctx, 1);

	if ((prot & (PROT_READ | PROT_EXEC)) == PROT_READ &&
	    (current->personality & READ_IMPLIES_EXEC) &&
	    (!file || !ward_path_noexec(&file->f_path)))
		prot |= PROT_EXEC;
	return ward_wx(ctx, prot, "mmap_wx");
}

/* security_file_mprotect(vma, reqprot, prot): prot is what the pages get. */
static int hook_file_mprotect(const struct ward_ctx *ctx)
{
	return ward_wx(ctx, ward_arg(ctx, 2), "mprotect_wx");
}

static const struct ward_hook ward_mem_hooks[] = {
	{ "security_mmap_file", hook_mmap_file, .group = WARD_HOOKS_WX },
	{ "security_file_mprotect", hook_file_mprotect,
	  .group = WARD_HOOKS_WX },
};

/**
 * ward_mem_init - register the memory hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_mem_init(void)
{
	return ward_hooks_add(ward_mem_hooks, ARRAY_SIZE(ward_mem_hooks));
}
