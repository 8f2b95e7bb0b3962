// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - writable-and-executable memory (R-MEM)
 *
 * A domain with "memory wx-deny" may not map memory that is writable and
 * executable at once, by any path: mmap() and mprotect() (with the
 * READ_IMPLIES_EXEC personality, which adds PROT_EXEC to readable memory),
 * brk() and the ELF loader's bss, and an executable stack at exec.  It is
 * the classic way to turn a memory-corruption bug into code execution.
 * "memory wx-strict" adds PaX MPROTECT: a writable mapping never becomes
 * executable, and no anonymous memory is executable.  Writes to another process's
 * memory are ptrace's business (ptrace.c), new kernel code kload.c's.
 *
 * These hooks sit on every mmap() and mprotect() of the host, so they are
 * attached only while a domain of the policy in force asks for W^X
 * (WARD_HOOKS_WX); then a host task pays for them one protection test.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/personality.h>

#include "compat.h"
#include "domain.h"
#include "hooks.h"
#include "report.h"
#include "setup.h"

#define WARD_WX		(PROT_WRITE | PROT_EXEC)
#define WARD_WX_FLAGS	(WARD_DOM_WX_DENY | WARD_DOM_WX_STRICT)

/* The domain of current if it restricts W^X at all, or NULL. */
static struct ward_domain *ward_wx_domain(const struct ward_ctx *ctx)
{
	struct ward_domain *d = ward_current_domain(ctx);

	return d && (d->flags & WARD_WX_FLAGS) ? d : NULL;
}

static int ward_wx(const struct ward_ctx *ctx, unsigned long prot,
		   const char *op)
{
	struct ward_domain *d;

	if ((prot & WARD_WX) != WARD_WX)
		return 0;
	d = ward_wx_domain(ctx);
	if (!d)
		return 0;
	return ward_report(d, op, -EACCES, "prot=%#lx", prot);
}

/*
 * security_mmap_file(file, prot, flags): prot as the caller asked it.  The
 * protection the mapping gets adds PROT_EXEC to a readable mapping under
 * the READ_IMPLIES_EXEC personality, except from a noexec mount (as
 * mmap_prot() in security/security.c computes it), and that is what W^X is
 * about.  The ELF loader's segments and shmat(SHM_EXEC) come here too.
 * With wx-strict, anonymous memory may not be executable at all: it can
 * only hold code written at run time (SELinux execmem).
 */
static int hook_mmap_file(const struct ward_ctx *ctx)
{
	const struct file *file = (const struct file *)ward_arg(ctx, 0);
	unsigned long prot = ward_arg(ctx, 1);
	struct ward_domain *d;

	if ((prot & (PROT_READ | PROT_EXEC)) == PROT_READ &&
	    (current->personality & READ_IMPLIES_EXEC) &&
	    (!file || !ward_path_noexec(&file->f_path)))
		prot |= PROT_EXEC;
	if ((prot & WARD_WX) == WARD_WX)
		return ward_wx(ctx, prot, "mmap_wx");
	if (file || !(prot & PROT_EXEC))
		return 0;
	d = ward_wx_domain(ctx);
	if (!d || !(d->flags & WARD_DOM_WX_STRICT))
		return 0;
	return ward_report(d, "mmap_execmem", -EACCES, "prot=%#lx", prot);
}

/*
 * security_file_mprotect(vma, reqprot, prot): prot is what the pages get
 * (READ_IMPLIES_EXEC already applied).  With wx-strict, a mapping that is
 * writable, anonymous, or a private file mapping with written (copied)
 * pages may not become executable (PaX MPROTECT; SELinux execmem and
 * execmod): code is never rerouted through memory the task wrote.
 */
static int hook_file_mprotect(const struct ward_ctx *ctx)
{
	const struct vm_area_struct *vma = (const void *)ward_arg(ctx, 0);
	unsigned long prot = ward_arg(ctx, 2);
	struct ward_domain *d;

	if ((prot & WARD_WX) == WARD_WX)
		return ward_wx(ctx, prot, "mprotect_wx");
	if (!(prot & PROT_EXEC) || (vma->vm_flags & VM_EXEC))
		return 0;
	if (!(vma->vm_flags & VM_WRITE) && vma->vm_file && !vma->anon_vma)
		return 0;
	d = ward_wx_domain(ctx);
	if (!d || !(d->flags & WARD_DOM_WX_STRICT))
		return 0;
	return ward_report(d, "mprotect_exec", -EACCES, "prot=%#lx flags=%#lx",
			   prot, vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC));
}

/*
 * do_brk_flags(mas, vma, addr, len, flags): the heap of brk() and the
 * bss of the ELF loader (vm_brk_flags()).  Neither reaches the hooks
 * above; the kernel adds VM_EXEC to the always writable brk memory under
 * READ_IMPLIES_EXEC (VM_DATA_DEFAULT_FLAGS), and the loader passes
 * VM_EXEC for the bss of an executable segment.  brk() then leaves the
 * break where it was (malloc sees ENOMEM); an exec fails.
 */
static int hook_do_brk_flags(const struct ward_ctx *ctx)
{
	unsigned long flags = ward_arg(ctx, 4);
	struct ward_domain *d;

	if (!(flags & VM_EXEC) && !(current->personality & READ_IMPLIES_EXEC))
		return 0;
	d = ward_wx_domain(ctx);
	if (!d)
		return 0;
	return ward_report(d, "brk_wx", -EACCES, "len=%#lx",
			   (unsigned long)ward_arg(ctx, 3));
}

/*
 * setup_arg_pages(bprm, stack_top, executable_stack): the stack of a new
 * program, always writable, is made executable when its ELF's
 * PT_GNU_STACK asks for it (EXSTACK_ENABLE_X) or, without one, under
 * READ_IMPLIES_EXEC (which the loader has set by now).  This is past the
 * exec's point of no return: the task gets SIGSEGV, as for any exec that
 * fails there.
 */
static int hook_setup_arg_pages(const struct ward_ctx *ctx)
{
	const struct linux_binprm *bprm = (const void *)ward_arg(ctx, 0);
	int exstack = ward_arg(ctx, 2);
	struct ward_untrusted name = { "path", "?" };
	char buf[WARD_PATH_LEN];
	struct ward_domain *d;

	if (exstack != EXSTACK_ENABLE_X &&
	    (exstack == EXSTACK_DISABLE_X ||
	     !(current->personality & READ_IMPLIES_EXEC)))
		return 0;
	d = ward_wx_domain(ctx);
	if (!d)
		return 0;
	if (bprm->file)
		name.val = ward_path(&bprm->file->f_path, buf, sizeof(buf));
	return ward_report_names(d, "stack_wx", -EACCES, &name, 1, "%s", "");
}

static const struct ward_hook ward_mem_hooks[] = {
	{ "security_mmap_file", hook_mmap_file, .group = WARD_HOOKS_WX },
	{ "security_file_mprotect", hook_file_mprotect,
	  .group = WARD_HOOKS_WX },
	{ "do_brk_flags", hook_do_brk_flags, .group = WARD_HOOKS_WX },
	{ "setup_arg_pages", hook_setup_arg_pages, .group = WARD_HOOKS_WX },
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
