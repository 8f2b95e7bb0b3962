// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl check FILE: parse and check a policy file.  Diagnostics go to
 * stderr as FILE:LINE:COL; warnings alone do not fail the check.
 */
#include "wardctl.h"

int cmd_check(int argc, char **argv)
{
	struct wp_policy p;
	unsigned int warnings = 0;
	int ret;

	if (argc != 2)
		return ward_usage();
	if (wp_parse_file(argv[1], &p)) {
		wp_free(&p);
		return 1;
	}
	ret = wp_check(&p, &warnings) ? 1 : 0;
	wp_free(&p);
	return ret;
}
