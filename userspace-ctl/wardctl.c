// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - control tool of the Ward security module: dispatches the
 * commands.  See Documentation/wardctl.rst.
 *
 * Exit status: 0 success, 1 failure (one line on stderr), 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "wardctl.h"
#include "seccomp.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "check", cmd_check },
	{ "load", cmd_load },
	{ "show", cmd_show },
	{ "status", cmd_status },
	{ "bind", cmd_bind },
	{ "unbind", cmd_unbind },
	{ "exec", cmd_exec },
	{ "lock", cmd_lock },
	{ "events", cmd_events },
	{ "seccomp", cmd_seccomp },
	{ "oci-hook", cmd_oci_hook },
};

int ward_usage(void)
{
	fputs("usage: wardctl check FILE\n"
	      "       wardctl load FILE\n"
	      "       wardctl show\n"
	      "       wardctl status [--json]\n"
	      "       wardctl bind [--at-exec] CGROUP DOMAIN\n"
	      "       wardctl unbind CGROUP\n"
	      "       wardctl exec --domain DOMAIN -- CMD [ARGS...]\n"
	      "       wardctl lock\n"
	      "       wardctl events [-f] [--json]\n"
	      "       wardctl seccomp export --domain DOMAIN [-o FILE]\n"
	      "       wardctl seccomp import [--caps CAP,...|--caps none] FILE\n"
	      "       wardctl seccomp record -- CMD [ARGS...]\n"
	      "       wardctl oci-hook [--config FILE]   (state JSON on stdin)\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return ward_usage();
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		ward_usage();
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "wardctl: unknown command '%s'\n", argv[1]);
	return ward_usage();
}
