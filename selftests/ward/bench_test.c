// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - the benchmark's operations (issue 12's `make bench`)
 *
 * `make bench` is not part of `make check`: it times, and timing bounds do
 * not belong in a test.  This test keeps its harness from rotting: it runs
 * every operation of tools/bench/benchops.h (the very code the benchmark
 * times) a few times, set up as the benchmark sets it up (private mount
 * namespace, a cgroup at depth 2 and a sibling to move to), as a host
 * task, as a task of a domain that allows everything the benchmark does
 * and as a task of a domain that refuses what it can, and checks each
 * result exactly: what the benchmark reports as "ok" must really have
 * succeeded, and the denials of condition X must really be denials.  The
 * host and the allowing domain are the positive controls of the denying
 * one.  It also checks that the benchmark's clock advances.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "fixture.h"
#include "kselftest_harness.h"

#include "../../tools/bench/benchops.h"

/* tools/bench/bench.ward */
static const char policy_text[] =
	"domain bench {\n"
	"	mode enforce\n"
	"	mount allow tmpfs\n"
	"	ptrace domain\n"
	"	ptrace-from-host allow\n"
	"	memory wx-allow\n"
	"	modules deny\n"
	"}\n"
	"domain bench-deny {\n"
	"	mode enforce\n"
	"	mount deny\n"
	"	ptrace none\n"
	"	ptrace-from-host allow\n"
	"	memory wx-deny\n"
	"	modules deny\n"
	"}\n";

#define BENCH_ITERS	3
#define BENCH_MNT	"/tmp/bench-test-mnt"
/* Exit code of a child whose operation @i gave an unexpected result. */
#define BENCH_MISMATCH	100

struct expect {
	const char *op;
	int err;
};

FIXTURE(bench) {
	char cga[PATH_MAX];
	char cgb[PATH_MAX];
};

FIXTURE_VARIANT(bench) {
	const char *domain;	/* NULL: host task */
	const char *cg;		/* below wardtest/: the task's cgroup */
	const char *cgb;	/* below wardtest/: where cgroup_move goes */
	const struct expect *expect;	/* not listed: 0 */
};

static const struct expect expect_host[] = { { NULL, 0 } };

/* kcmp of init: a domain task may not inspect the host (R-PTR). */
static const struct expect expect_domain[] = {
	{ "kcmp_host", EPERM },
	{ NULL, 0 },
};

static const struct expect expect_deny[] = {
	{ "mmap_anon_wx", EACCES },	/* memory wx-deny */
	{ "mprotect_wx", EACCES },
	{ "process_vm_readv", EPERM },	/* ptrace none: attach mode */
	{ "kcmp_host", EPERM },		/* the host */
	{ "mount_tmpfs", EACCES },	/* mount deny */
	{ "cgroup_move", EACCES },	/* out of its container */
	{ NULL, 0 },
};

FIXTURE_VARIANT_ADD(bench, host) {
	.domain = NULL,
	.cg = "bench-host/a",
	.cgb = "bench-host/b",
	.expect = expect_host,
};

FIXTURE_VARIANT_ADD(bench, domain) {
	.domain = "bench",
	.cg = "bench/a",
	.cgb = "bench/b",
	.expect = expect_domain,
};

FIXTURE_VARIANT_ADD(bench, deny) {
	.domain = "bench-deny",
	.cg = "bench-deny/a",
	.cgb = "bench-host/b",
	.expect = expect_deny,
};

FIXTURE_SETUP(bench)
{
	char err[512] = "";
	int ret;

	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ASSERT_EQ(0, ward_cgroup_make(variant->cg, self->cga, sizeof(self->cga)));
	ASSERT_EQ(0, ward_cgroup_make(variant->cgb, self->cgb, sizeof(self->cgb)));
	if (variant->domain) {
		ret = ward_domain_prepare(variant->domain);
		ASSERT_EQ(0, ret) TH_LOG("bind: %s", strerror(-ret));
	}
	mkdir(BENCH_MNT, 0755);
}

FIXTURE_TEARDOWN(bench)
{
	ward_reset();
}

static int expected(const struct expect *e, const char *op)
{
	for (; e->op; e++)
		if (!strcmp(e->op, op))
			return e->err;
	return 0;
}

struct run_arg {
	const char *cga, *cgb;
	const struct expect *expect;
};

/*
 * In the child, in its cgroup and mount namespace: every operation
 * BENCH_ITERS times; each call must give the expected result.  Returns 0,
 * BENCH_MISMATCH + the index of the first operation that did not, or
 * WARD_CHILD_SETUP_FAILED.
 */
static int run_ops(void *argp)
{
	const struct run_arg *a = argp;
	struct bench_ctx c;
	unsigned int k, i;
	int ret = 0;

	if (bench_prepare(&c, "/bin/busybox", BENCH_MNT, a->cga, a->cgb)) {
		bench_release(&c);
		return WARD_CHILD_SETUP_FAILED;
	}
	for (k = 0; k < BENCH_NOPS && !ret; k++) {
		int want = expected(a->expect, bench_ops[k].name);

		for (i = 0; i < BENCH_ITERS; i++) {
			int got = bench_ops[k].fn(&c);

			if (got != want) {
				fprintf(stderr, "# %s: %s (%d), expected %s (%d)\n",
					bench_ops[k].name, strerror(got), got,
					strerror(want), want);
				ret = BENCH_MISMATCH + k;
				break;
			}
		}
	}
	bench_release(&c);
	return ret;
}

/* Every operation gives exactly the expected result. */
TEST_F(bench, operations)
{
	struct run_arg a = { self->cga, self->cgb, variant->expect };

	ASSERT_EQ(0, ward_in_cgroup(self->cga, WARD_FORK_NEWNS, run_ops, &a));
}

/*
 * Every expected denial names an operation the benchmark has (a typo
 * would make the expectation, and the X column, silently "ok").
 */
TEST_F(bench, expectations_name_operations)
{
	const struct expect *e;

	for (e = variant->expect; e->op; e++) {
		unsigned int k;
		bool found = false;

		for (k = 0; k < BENCH_NOPS; k++)
			found |= !strcmp(bench_ops[k].name, e->op);
		EXPECT_TRUE(found) TH_LOG("no operation %s", e->op);
	}
}

/* The benchmark's clock advances over an operation. */
TEST(clock_advances)
{
	struct bench_ctx c = { 0 };
	double t0, t1;

	t0 = bench_now();
	ASSERT_EQ(0, op_fork_exit(&c));
	t1 = bench_now();
	ASSERT_TRUE(t1 > t0);
}

TEST_HARNESS_MAIN
