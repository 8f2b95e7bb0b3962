// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - a security module that protects a container host from its
 * containers, and containers from each other
 *
 * Module init and exit, in order; nothing else.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "compat.h"
#include "domain.h"
#include "hooks.h"
#include "policy.h"
#include "setup.h"

static int __init ward_init(void)
{
	int err;

	err = ward_compat_check();
	if (err)
		return err;
	/* Each concern registers its hook targets; nothing is attached yet. */
	err = ward_domain_init() ?: ward_task_init() ?: ward_mount_init() ?:
	      ward_ptrace_init() ?: ward_kload_init() ?: ward_mem_init() ?:
	      ward_kstate_init();
	if (err)
		return err;
	err = ward_hooks_attach();
	if (err)
		return err;
	err = ward_fs_init();
	if (err)
		goto out_detach;
	pr_info("version %s loaded, %u hooks attached\n", WARD_VERSION,
		ward_hooks_count());
	return 0;

out_detach:
	ward_hooks_detach();
	return err;
}

static void __exit ward_exit(void)
{
	ward_fs_exit();
	ward_hooks_detach();
	ward_policy_exit();
	ward_task_exit();
	pr_info("unloaded\n");
}

module_init(ward_init);
module_exit(ward_exit);

MODULE_DESCRIPTION("Ward: container confinement security module");
MODULE_AUTHOR("The Ward developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(WARD_VERSION);
