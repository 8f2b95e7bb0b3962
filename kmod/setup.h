/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - what module init calls, one entry per concern
 */
#ifndef _WARD_SETUP_H
#define _WARD_SETUP_H

#include <linux/init.h>

#define WARD_VERSION	"0.1.0"

int __init ward_domain_init(void);
int __init ward_task_init(void);
int __init ward_mount_init(void);
int __init ward_ptrace_init(void);
int __init ward_kload_init(void);
int __init ward_mem_init(void);
int __init ward_kstate_init(void);
int __init ward_fs_init(void);
void ward_fs_exit(void);

#endif /* _WARD_SETUP_H */
