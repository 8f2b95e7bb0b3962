// SPDX-License-Identifier: GPL-2.0
/*
 * Ward fuzz targets: diagnostics plumbing shared by the targets.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "fuzz.h"
#include "../userspace-ctl/policy.h"

FILE *fuzz_err;

void fuzz_quiet(void)
{
	FILE *null;

	if (fuzz_err)
		return;
	fuzz_err = stderr;
	if (getenv("WARD_FUZZ_VERBOSE"))
		return;
	null = fopen("/dev/null", "we");
	if (!null)
		return;
	wp_diag = null;
	stderr = null;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(fuzz_err ? fuzz_err : stderr, "ward-fuzz: invariant broken: ");
	va_start(ap, fmt);
	vfprintf(fuzz_err ? fuzz_err : stderr, fmt, ap);
	va_end(ap);
	fputc('\n', fuzz_err ? fuzz_err : stderr);
	fflush(NULL);
	abort();
}

void fuzz_dump(const char *what, const void *s, size_t len)
{
	FILE *f = fuzz_err ? fuzz_err : stderr;
	const unsigned char *p = s;
	size_t i;

	fprintf(f, "%s (%zu bytes):\n", what, len);
	for (i = 0; i < len; i++) {
		if (p[i] == '\n' || p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f))
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
	fputc('\n', f);
}
