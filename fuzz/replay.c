// SPDX-License-Identifier: GPL-2.0
/*
 * Corpus replay for the Ward fuzz targets, without libFuzzer: runs every
 * file named on the command line (directories: every file in them, sorted)
 * through the target's LLVMFuzzerTestOneInput() once.  Built with gcc and
 * -fsanitize=address,undefined, a failure aborts with the sanitizer's or
 * the target's report; at the end, one line "REPLAY: N inputs" on stdout.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static unsigned int inputs;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(fuzz_err, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	/* exactly @size bytes, so that ASan sees a read past the end */
	buf = malloc(size ? (size_t)size : 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(fuzz_err, "replay: %s: read error\n", path);
		exit(2);
	}
	fclose(f);
	if (getenv("WARD_FUZZ_VERBOSE"))
		fprintf(fuzz_err, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	free(buf);
	inputs++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_path(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int n, i;

	if (stat(path, &st)) {
		fprintf(fuzz_err, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &ents, NULL, by_name);
	if (n < 0) {
		fprintf(fuzz_err, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (i = 0; i < n; i++) {
		char *sub;

		if (ents[i]->d_name[0] != '.') {
			if (asprintf(&sub, "%s/%s", path, ents[i]->d_name) < 0)
				exit(2);
			run_path(sub);
			free(sub);
		}
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	int i;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("REPLAY: %u inputs\n", inputs);
	return 0;
}
