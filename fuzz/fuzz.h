/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ward fuzz targets: what the three targets share.  Each target is one
 * LLVMFuzzerTestOneInput(); libFuzzer drives it (make fuzz), and
 * replay.c drives the same function over the committed corpora
 * (make fuzz-replay, part of make check).
 *
 * A broken invariant is reported by fuzz_fail(), which prints the reason
 * and aborts: libFuzzer then saves the input as a crash artifact.
 */
#ifndef WARD_FUZZ_H
#define WARD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Where the targets' own messages go: the real stderr.  fuzz_quiet()
 * points wardctl's diagnostics (wp_diag, and stderr for the code that
 * prints there directly) at /dev/null, so that millions of "error: ..."
 * lines cost nothing; the sanitizers write to file descriptor 2 and are
 * not affected.
 */
extern FILE *fuzz_err;
void fuzz_quiet(void);

void fuzz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* Print @len bytes of @s to fuzz_err, between quotes, escaped. */
void fuzz_dump(const char *what, const void *s, size_t len);

#endif /* WARD_FUZZ_H */
