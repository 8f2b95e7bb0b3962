/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal KTAP producer for wardctl's host unit tests: a test program
 * registers its cases, then ktap_run() prints the plan and one
 * "ok N name" / "not ok N name" line per case.  A case fails if any
 * CHECK() in it fails; each failed CHECK prints a "# " diagnostic.
 */
#ifndef WARDCTL_KTAP_H
#define WARDCTL_KTAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ktap_case {
	char name[160];
	void (*fn)(const void *arg);
	const void *arg;
};

static struct ktap_case *ktap_cases;
static unsigned int ktap_ncases;
static int ktap_case_failed;
static const char *ktap_skip_reason;

/* Mark the running case skipped (it then counts as passed). */
#define SKIP(reason) (ktap_skip_reason = (reason))

static inline void ktap_add(void (*fn)(const void *), const void *arg,
			    const char *name)
{
	struct ktap_case *c;

	ktap_cases = realloc(ktap_cases, (ktap_ncases + 1) * sizeof(*c));
	if (!ktap_cases)
		abort();
	c = &ktap_cases[ktap_ncases++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->fn = fn;
	c->arg = arg;
}

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("# %s:%d: CHECK(%s) failed: ", __FILE__,	\
		       __LINE__, #cond);				\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		ktap_case_failed = 1;					\
	}								\
} while (0)

/* Runs every case; returns the exit status (1 if any failed). */
static inline int ktap_run(void)
{
	unsigned int i, failed = 0;

	printf("KTAP version 1\n1..%u\n", ktap_ncases);
	fflush(stdout);
	for (i = 0; i < ktap_ncases; i++) {
		ktap_case_failed = 0;
		ktap_skip_reason = NULL;
		ktap_cases[i].fn(ktap_cases[i].arg);
		printf("%sok %u %s%s%s\n", ktap_case_failed ? "not " : "", i + 1,
		       ktap_cases[i].name,
		       ktap_skip_reason && !ktap_case_failed ? " # SKIP " : "",
		       ktap_skip_reason && !ktap_case_failed ? ktap_skip_reason : "");
		fflush(stdout);
		failed += ktap_case_failed;
	}
	printf("# totals: pass:%u fail:%u\n", ktap_ncases - failed, failed);
	free(ktap_cases);
	return failed ? 1 : 0;
}

#endif /* WARDCTL_KTAP_H */
