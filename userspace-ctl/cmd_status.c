// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl status: the status file, then one line per binding:
 *   binding CGROUP_ID DOMAIN CGROUP_PATH
 * where CGROUP_PATH is the cgroup's directory (cgroup2 root + path).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wardctl.h"

static void print_binding(char *line, const char *root)
{
	char *save = NULL, *id, *dom, *path;

	id = strtok_r(line, " \t", &save);
	dom = strtok_r(NULL, " \t", &save);
	path = strtok_r(NULL, "", &save);
	if (!id || !dom) {
		printf("binding %s\n", line);
		return;
	}
	if (!path)
		path = "";
	while (*path == ' ' || *path == '\t')
		path++;
	if (*root)
		printf("binding %s %s %s%s%s\n", id, dom, root,
		       *path == '/' ? "" : "/", *path == '/' && !path[1] ? "" : path);
	else
		printf("binding %s %s %s\n", id, dom, path);
}

int cmd_status(int argc, char **argv)
{
	char root[4096] = "";
	char *buf, *line, *save = NULL;
	size_t len;

	(void)argv;
	if (argc != 1)
		return ward_usage();
	if (ward_fs_read("status", &buf, &len))
		return ward_fs_fail("status", "status", 0, errno);
	fputs(buf, stdout);
	if (len && buf[len - 1] != '\n')
		putchar('\n');
	free(buf);

	if (ward_fs_read("bindings", &buf, &len))
		return ward_fs_fail("status", "bindings", 0, errno);
	if (ward_cgroup2_root(root, sizeof(root)))
		root[0] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		print_binding(line, root);
	free(buf);
	if (fflush(stdout))
		return ward_fail("status", "cannot write the output");
	return 0;
}
