// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl bind [--at-exec] CGROUP DOMAIN, wardctl unbind CGROUP: write
 * "bind CGROUP_ID DOMAIN" (confined at once), "bind CGROUP_ID DOMAIN exec"
 * (confined from each task's first exec in the subtree) or
 * "unbind CGROUP_ID" to the bindings file.  CGROUP is a cgroup2 directory,
 * absolute or relative to the cgroup2 root; its id is the inode number of
 * the directory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wardctl.h"

int cmd_bind(int argc, char **argv)
{
	char path[4096], cmdline[128];
	unsigned long long id;
	int n, at_exec = 0, i = 1;

	if (argc > 1 && !strcmp(argv[1], "--at-exec")) {
		at_exec = 1;
		i++;
	}
	if (argc - i != 2)
		return ward_usage();
	if (strlen(argv[i + 1]) >= WARD_NAME_LEN || !wp_name_valid(argv[i + 1]))
		return ward_fail("bind", "'%s' is not a valid domain name (EINVAL)",
				 argv[i + 1]);
	if (ward_cgroup_resolve("bind", argv[i], path, sizeof(path), &id))
		return 1;
	n = snprintf(cmdline, sizeof(cmdline), "bind %llu %s%s", id, argv[i + 1],
		     at_exec ? " exec" : "");
	if (ward_fs_write("bindings", cmdline, n))
		return ward_fs_fail("bind", "bindings", 1, errno);
	return 0;
}

int cmd_unbind(int argc, char **argv)
{
	char path[4096], cmdline[64];
	unsigned long long id;
	int n;

	if (argc != 2)
		return ward_usage();
	if (ward_cgroup_resolve("unbind", argv[1], path, sizeof(path), &id))
		return 1;
	n = snprintf(cmdline, sizeof(cmdline), "unbind %llu", id);
	if (ward_fs_write("bindings", cmdline, n))
		return ward_fs_fail("unbind", "bindings", 1, errno);
	return 0;
}
