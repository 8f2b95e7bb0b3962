// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - kernel code loading (R-MOD, and R-MEM's "no new kernel code")
 *
 * A domain task may not load a module (init_module, finit_module), unload
 * one (delete_module), make the kernel load one for it (request_module from
 * socket(), line disciplines, filesystem types, crypto, ...), load a new
 * kernel (kexec_load, kexec_file_load), load a BPF program, which is new
 * code that runs in the kernel and can attach to the very functions Ward
 * hooks, nor use bpf() on anything but the read-only commands (see
 * ward_bpf_readonly()).  There is nothing to configure: no container needs these, and each
 * is a way into the kernel.
 *
 * Autoload must be decided at security_kernel_module_request(), where
 * current is the task that triggered it: the security_kernel_read_file()
 * that follows runs as the modprobe helper, in the root cgroup.
 * delete_module reaches no LSM hook on 6.1; Ward attaches to the system
 * call.  kexec_load reaches security_kernel_load_data(LOADING_KEXEC_IMAGE)
 * first thing; kexec_file_load is refused at the system call, before its
 * file descriptors are looked at.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/fcntl.h>
#include <linux/kernel_read_file.h>
#include <linux/security.h>
#include <linux/uaccess.h>

#include "domain.h"
#include "hooks.h"
#include "policy.h"
#include "report.h"
#include "setup.h"

#define WARD_MODNAME_LEN	64

/* security_kernel_read_file(file, id, contents): finit_module, kexec_file_load. */
static int hook_kernel_read_file(const struct ward_ctx *ctx)
{
	enum kernel_read_file_id id = ward_arg(ctx, 1);
	struct ward_domain *d;

	if (id != READING_MODULE && id != READING_KEXEC_IMAGE &&
	    id != READING_KEXEC_INITRAMFS)
		return 0;
	d = ward_current_domain(ctx);
	if (!d)
		return 0;
	return ward_report(d, id == READING_MODULE ? "module_load" : "kexec",
			   -EACCES, "source=file");
}

/* security_kernel_load_data(id, contents): init_module, kexec_load. */
static int hook_kernel_load_data(const struct ward_ctx *ctx)
{
	enum kernel_load_data_id id = ward_arg(ctx, 0);
	struct ward_domain *d;

	if (id != LOADING_MODULE && id != LOADING_KEXEC_IMAGE)
		return 0;
	d = ward_current_domain(ctx);
	if (!d)
		return 0;
	return ward_report(d, id == LOADING_MODULE ? "module_load" : "kexec",
			   -EACCES, "source=memory");
}

/* hook_kernel_module_request()'s refusal, out of line. */
static noinline int ward_module_request_report(const struct ward_ctx *ctx,
					       struct ward_domain *d)
{
	const char *name = (const char *)ward_arg(ctx, 0);
	struct ward_untrusted module;
	char buf[WARD_MODNAME_LEN];

	strscpy(buf, name, sizeof(buf));
	module = (struct ward_untrusted){ "module", buf };
	return ward_report_names(d, "module_request", -EACCES, &module, 1,
				 "%s", "");
}

/* security_kernel_module_request(kmod_name): autoload. */
static int hook_kernel_module_request(const struct ward_ctx *ctx)
{
	struct ward_domain *d = ward_current_domain(ctx);

	return d ? ward_module_request_report(ctx, d) : 0;
}

/*
 * delete_module(name, flags), also without a policy (hook flag "always").
 * Domain tasks may not unload anything.  Nobody, the host included, may
 * force an unload (O_TRUNC, with CONFIG_MODULE_FORCE_UNLOAD) while Ward
 * is loaded: a forced unload of Ward would run its exit code while its
 * files are open, and the name cannot be relied on to tell Ward from
 * another module (the hook cannot fault pages in, so a name near the end
 * of a mapping or not resident is unreadable; a refusal that depended on
 * reading it would fail open).  The refusal of the host is EPERM and
 * needs neither the name nor a policy.
 */
static int hook_delete_module(const struct ward_ctx *ctx)
{
	const char __user *uname = (const char __user *)ward_sysarg(ctx, 0);
	unsigned int flags = ward_sysarg(ctx, 1);
	char buf[WARD_MODNAME_LEN] = "?";
	struct ward_untrusted module = { "module", buf };
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d) {
		if (!(flags & O_TRUNC))
			return 0;
		pr_notice_ratelimited("forced module unload refused (pid %d)\n",
				      task_tgid_nr(current));
		return -EPERM;
	}
	/* The name is only reported: "?" when it cannot be read. */
	if (copy_from_user_nofault(buf, uname, sizeof(buf) - 1))
		strscpy(buf, "?", sizeof(buf));
	buf[sizeof(buf) - 1] = '\0';
	return ward_report_names(d, "module_delete", -EACCES, &module, 1,
				 "%s", "");
}

/*
 * kexec_file_load(kernel_fd, initrd_fd, cmdline_len, cmdline, flags):
 * denied before the file descriptors are looked at.
 */
static int hook_kexec_file_load(const struct ward_ctx *ctx)
{
	struct ward_domain *d = ward_current_domain(ctx);

	if (!d)
		return 0;
	return ward_report(d, "kexec", -EACCES, "source=kexec_file_load");
}

/*
 * The bpf() commands a domain task keeps: reads through a file descriptor
 * it already holds.  None of them reaches an object by id or by path, or
 * creates, attaches, detaches, runs or changes anything, and a domain task
 * cannot get a new BPF descriptor (MAP_CREATE, PROG_LOAD, *_GET_FD_BY_ID,
 * OBJ_GET, BTF_LOAD, LINK_CREATE, ITER_CREATE are all refused), so they
 * only read what the host chose to hand it.
 */
static bool ward_bpf_readonly(int cmd)
{
	switch (cmd) {
	case BPF_MAP_LOOKUP_ELEM:
	case BPF_MAP_GET_NEXT_KEY:
	case BPF_MAP_LOOKUP_BATCH:
	case BPF_OBJ_GET_INFO_BY_FD:
		return true;
	default:
		return false;
	}
}

/*
 * security_bpf(cmd, attr, size): every bpf() command, after its attributes
 * are copied and checked, before it does anything.  BPF_PROG_LOAD is new
 * kernel code (R-MOD, R-MEM); the other commands reach kernel objects
 * that are not the container's: a host map opened by id and written,
 * the cgroup device program of the container's own cgroup found with
 * BPF_PROG_QUERY and detached (BPF_PROG_DETACH checks no capability of
 * its own), programs attached or run, ids walked.  All of them are refused
 * but the read-only set above.
 */
static int hook_bpf(const struct ward_ctx *ctx)
{
	int cmd = ward_arg(ctx, 0);
	struct ward_domain *d;

	if (ward_bpf_readonly(cmd))
		return 0;
	d = ward_current_domain(ctx);
	if (!d)
		return 0;
	return ward_report(d, cmd == BPF_PROG_LOAD ? "bpf_prog_load" : "bpf",
			   -EACCES, "cmd=%d", cmd);
}

static const struct ward_hook ward_kload_hooks[] = {
	{ "security_kernel_read_file", hook_kernel_read_file },
	{ "security_kernel_load_data", hook_kernel_load_data },
	{ "security_kernel_module_request", hook_kernel_module_request },
	{ "__x64_sys_delete_module", hook_delete_module, .always = true },
	{ "__ia32_sys_delete_module", hook_delete_module, .ia32 = true,
	  .always = true },
	{ "security_bpf", hook_bpf },
	{ "__x64_sys_kexec_file_load", hook_kexec_file_load },
};

/**
 * ward_kload_init - register the code loading hooks
 *
 * Return: 0 or a negative errno.
 */
int __init ward_kload_init(void)
{
	return ward_hooks_add(ward_kload_hooks, ARRAY_SIZE(ward_kload_hooks));
}
