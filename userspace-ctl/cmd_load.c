// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl load FILE: check, compile and write the policy to securityfs in
 * one write(2).  The kernel swaps it in whole or keeps the old one.
 */
#include <errno.h>
#include <stdlib.h>

#include "wardctl.h"

int cmd_load(int argc, char **argv)
{
	struct wp_policy p;
	unsigned int warnings = 0;
	size_t len;
	void *blob;
	int ret;

	if (argc != 2)
		return ward_usage();
	if (wp_parse_file(argv[1], &p) || wp_check(&p, &warnings)) {
		wp_free(&p);
		return ward_fail("load", "%s: the policy has errors, nothing loaded",
				 argv[1]);
	}
	ret = wp_compile(&p, &blob, &len);
	wp_free(&p);
	if (ret)
		return ward_fail("load", "%s: cannot compile the policy (more than %d bytes?)",
				 argv[1], WARD_POLICY_MAX_SIZE);
	ret = ward_fs_write("policy", blob, len) ?
	      ward_fs_fail("load", "policy", 1, errno) : 0;
	free(blob);
	return ret;
}
