// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl status: the status file, then one line per binding:
 *   binding CGROUP_ID DOMAIN ARM CGROUP_DIRECTORY
 * where ARM is "now" or "exec" and CGROUP_DIRECTORY is the cgroup's
 * directory (cgroup2 root + path).  A kernel that writes no arming mode
 * gives "binding CGROUP_ID DOMAIN CGROUP_DIRECTORY".
 *
 * wardctl status --json: the same facts as one JSON object on one line
 * (json_out.c; the schema is in Documentation/wardctl.rst).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "wardctl.h"

static void print_binding(char *line, const char *root)
{
	struct ward_binding b;
	const char *path;

	if (ward_binding_parse(line, &b)) {
		printf("binding %s\n", line);
		return;
	}
	printf("binding %llu %s ", b.id, b.domain);
	if (b.arm)
		printf("%s ", b.arm);
	path = b.path;
	if (*root)
		printf("%s%s%s\n", root, *path == '/' ? "" : "/",
		       *path == '/' && !path[1] ? "" : path);
	else
		printf("%s\n", path);
}

static int status_json(void)
{
	char root[4096] = "", *status, *bindings;
	struct json_object *o;
	size_t len;
	int ret = 0;

	if (ward_fs_read("status", &status, &len))
		return ward_fs_fail("status", "status", 0, errno);
	if (ward_fs_read("bindings", &bindings, &len)) {
		int err = errno;

		free(status);
		return ward_fs_fail("status", "bindings", 0, err);
	}
	if (ward_cgroup2_root(root, sizeof(root)))
		root[0] = 0;
	o = ward_json_status(status, bindings, root);
	free(status);
	free(bindings);
	if (!o)
		return ward_fail("status", "out of memory (ENOMEM)");
	if (printf("%s\n", ward_json_text(o)) < 0 || fflush(stdout))
		ret = ward_fail("status", "cannot write the output");
	json_object_put(o);
	return ret;
}

int cmd_status(int argc, char **argv)
{
	char root[4096] = "";
	char *buf, *line, *save = NULL;
	size_t len;

	if (argc == 2 && !strcmp(argv[1], "--json"))
		return status_json();
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
