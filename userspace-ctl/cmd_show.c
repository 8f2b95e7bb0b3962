// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl show: print the policy in force as policy text, in the canonical
 * form (wardctl check accepts it; loading it gives the same bytes).
 */
#include <stdio.h>

#include "wardctl.h"

int cmd_show(int argc, char **argv)
{
	struct wp_policy p;

	(void)argv;
	if (argc != 1)
		return ward_usage();
	if (ward_read_policy("show", &p))
		return 1;
	if (wp_print(stdout, &p)) {
		wp_free(&p);
		return 1;
	}
	wp_free(&p);
	if (fflush(stdout))
		return ward_fail("show", "cannot write the output");
	return 0;
}
