// SPDX-License-Identifier: GPL-2.0
/*
 * mkblob POLICY BLOB: parse, check and compile a policy file as "wardctl
 * load" does, and write the blob to a file instead of the kernel.  For
 * the validator's seed corpus (make -C fuzz seeds).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../userspace-ctl/policy.h"

int main(int argc, char **argv)
{
	struct wp_policy p;
	unsigned int warnings;
	void *blob;
	size_t len;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: mkblob POLICY BLOB\n");
		return 2;
	}
	if (wp_parse_file(argv[1], &p) || wp_check(&p, &warnings) ||
	    wp_compile(&p, &blob, &len)) {
		fprintf(stderr, "mkblob: %s: not compiled\n", argv[1]);
		return 1;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(blob, 1, len, f) != len || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	wp_free(&p);
	free(blob);
	return 0;
}
