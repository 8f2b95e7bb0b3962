// SPDX-License-Identifier: GPL-2.0
/*
 * wardbench - Ward's benchmark, guest side (run by tools/bench/guest.sh)
 *
 * The guest runs under QEMU's -icount shift=0,sleep=off: CLOCK_MONOTONIC
 * advances by one nanosecond per executed guest instruction, so every
 * "ns" figure here is a count of instructions, repeatable whatever else
 * runs on the host machine.
 *
 *   wardbench ops --label C --rep N [--cg A] [--cgb B] [--newns]
 *                 [--aa PROFILE] [--quick]
 *	Run every operation of benchops.h once per iteration, print one
 *	line "R N C OP INSTRUCTIONS STATUS" per operation.  --cg moves the
 *	process into cgroup A first (a bound cgroup: into a domain), --cgb
 *	names the cgroup the cgroup_move operation moves to and back from,
 *	--newns runs it in a private mount namespace, --aa PROFILE
 *	re-executes it under that AppArmor profile, --quick runs 3
 *	iterations of each.
 *   wardbench lookup --label L --cg CG [--reps N]
 *	kcmp and environ read of a child in cgroup CG, as a host task: one
 *	line "L L OP INSTRUCTIONS" each, the median of N reps.
 *   wardbench timewrite LABEL PATH FILE   one write(2) of FILE to PATH
 *   wardbench timestr LABEL PATH STRING   one write(2) of STRING to PATH
 *   wardbench timecmd LABEL CMD [ARG...]  fork, exec and wait for CMD
 *	print "T LABEL INSTRUCTIONS STATUS".
 *   wardbench mkcg DIR PREFIX FROM TO     mkdir DIR/PREFIX{FROM..TO-1}
 *   wardbench report RAW OUTDIR KERNEL DATE
 *	medians and ratios of the R lines, the L, T and M lines, as
 *	OUTDIR/bench.txt (also printed), bench.csv and bench.json.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchops.h"

#define MAX_REPS	64
#define EXEC_FILE	"/bin/busybox"
#define MOUNT_POINT	"/tmp/bench-mnt"
#define SETTLE_US	50000

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("wardbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "ok";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case ENOSYS: return "ENOSYS";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	}
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static void enter_cgroup(const char *cg)
{
	char path[4096], pid[16];
	int err;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(pid, sizeof(pid), "%d", getpid());
	err = write_file(path, pid);
	if (err)
		die("%s: %s", path, strerror(-err));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double s[MAX_REPS];

	if (n <= 0)
		return 0;
	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* Time @iters calls of @fn after a warm-up; *status: first failure. */
static double time_op(const struct bench_op *op, struct bench_ctx *c,
		      unsigned int iters, int *status)
{
	unsigned int i, warm = iters / 10 + 1;
	double t0, t1;
	int e;

	/*
	 * Idle first, so that work the kernel does asynchronously for what
	 * came before (the paused child's first run, RCU callbacks, kauditd
	 * printing the audit records of earlier denials) is done before the
	 * window opens.  Under -icount sleep=off idle time costs no wall time.
	 */
	usleep(SETTLE_US);
	*status = 0;
	for (i = 0; i < warm; i++) {
		e = op->fn(c);
		if (e && !*status)
			*status = e;
	}
	t0 = bench_now();
	for (i = 0; i < iters; i++) {
		e = op->fn(c);
		if (e && !*status)
			*status = e;
	}
	t1 = bench_now();
	return (t1 - t0) / iters;
}

/* ---- ops ------------------------------------------------------------- */

static int cmd_ops(int argc, char **argv)
{
	const char *label = "?", *cg = NULL, *cgb = NULL, *aa = NULL;
	bool newns = false, quick = false, ready = false;
	struct bench_ctx c;
	unsigned int k;
	int i, rep = 0, err;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--label") && i + 1 < argc)
			label = argv[++i];
		else if (!strcmp(argv[i], "--rep") && i + 1 < argc)
			rep = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--cg") && i + 1 < argc)
			cg = argv[++i];
		else if (!strcmp(argv[i], "--cgb") && i + 1 < argc)
			cgb = argv[++i];
		else if (!strcmp(argv[i], "--aa") && i + 1 < argc)
			aa = argv[++i];
		else if (!strcmp(argv[i], "--newns"))
			newns = true;
		else if (!strcmp(argv[i], "--quick"))
			quick = true;
		else if (!strcmp(argv[i], "--ready"))
			ready = true;
		else
			die("ops: unknown argument %s", argv[i]);
	}
	if (!ready) {
		if (newns) {
			if (unshare(CLONE_NEWNS))
				die("unshare: %s", strerror(errno));
			if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
				die("make / private: %s", strerror(errno));
		}
		mkdir(MOUNT_POINT, 0755);
		if (cg)
			enter_cgroup(cg);
		if (aa) {
			char attr[300];
			char **nargv = calloc(argc + 2, sizeof(*nargv));

			snprintf(attr, sizeof(attr), "exec %s", aa);
			err = write_file("/proc/self/attr/apparmor/exec", attr);
			if (err == -ENOENT)
				err = write_file("/proc/self/attr/exec", attr);
			if (err)
				die("apparmor exec %s: %s", aa, strerror(-err));
			for (i = 0; i < argc; i++)
				nargv[i] = argv[i];
			nargv[argc] = "--ready";
			execv("/proc/self/exe", nargv);
			die("execv: %s", strerror(errno));
		}
	}
	err = bench_prepare(&c, EXEC_FILE, MOUNT_POINT, cg, cgb);
	if (err)
		die("prepare: %s", strerror(-err));
	for (k = 0; k < BENCH_NOPS; k++) {
		const struct bench_op *op = &bench_ops[k];
		int status;
		double ns = time_op(op, &c, quick ? 3 : op->iters, &status);

		printf("R %d %s %s %.1f %s\n", rep, label, op->name, ns,
		       errname(status));
		fflush(stdout);
	}
	bench_release(&c);
	return 0;
}

/* ---- lookup ------------------------------------------------------------ */

static int cmd_lookup(int argc, char **argv)
{
	const char *label = "?", *cg = NULL;
	static const char *const names[] = { "kcmp", "environ" };
	double v[2][MAX_REPS];
	struct bench_ctx c;
	int i, r, reps = 5, err;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--label") && i + 1 < argc)
			label = argv[++i];
		else if (!strcmp(argv[i], "--cg") && i + 1 < argc)
			cg = argv[++i];
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else
			die("lookup: unknown argument %s", argv[i]);
	}
	if (reps < 1 || reps > MAX_REPS)
		die("lookup: --reps 1..%d", MAX_REPS);
	if (cg)
		enter_cgroup(cg);
	err = bench_prepare(&c, EXEC_FILE, MOUNT_POINT, NULL, NULL);
	if (err)
		die("prepare: %s", strerror(-err));
	for (r = 0; r < reps; r++) {
		for (i = 0; i < 2; i++) {
			const struct bench_op *op = NULL;
			unsigned int k;
			int status;

			for (k = 0; k < BENCH_NOPS; k++)
				if (!strcmp(bench_ops[k].name, names[i]))
					op = &bench_ops[k];
			v[i][r] = time_op(op, &c, op->iters, &status);
			if (status)
				die("lookup %s: %s", names[i], errname(status));
		}
	}
	for (i = 0; i < 2; i++)
		printf("L %s %s %.1f\n", label, names[i], median(v[i], reps));
	bench_release(&c);
	return 0;
}

/* ---- timing of single writes and commands ------------------------------ */

static int time_write(const char *label, const char *path, const char *buf,
		      size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), status = 0;
	double t0, t1;

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	t0 = bench_now();
	if (write(fd, buf, len) < 0)
		status = errno;
	t1 = bench_now();
	close(fd);
	printf("T %s %.0f %s\n", label, t1 - t0, errname(status));
	return status ? 1 : 0;
}

static int cmd_timewrite(int argc, char **argv)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd;

	if (argc != 5)
		die("usage: timewrite LABEL PATH FILE");
	fd = open(argv[4], O_RDONLY);
	if (fd < 0)
		die("%s: %s", argv[4], strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		die("%s: %s", argv[4], strerror(errno));
	return time_write(argv[2], argv[3], buf, n);
}

static int cmd_timestr(int argc, char **argv)
{
	if (argc != 5)
		die("usage: timestr LABEL PATH STRING");
	return time_write(argv[2], argv[3], argv[4], strlen(argv[4]));
}

static int cmd_timecmd(int argc, char **argv)
{
	double t0, t1;
	int st;
	pid_t p;

	if (argc < 4)
		die("usage: timecmd LABEL CMD [ARG...]");
	fflush(stdout);
	t0 = bench_now();
	p = fork();
	if (p < 0)
		die("fork: %s", strerror(errno));
	if (p == 0) {
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	waitpid(p, &st, 0);
	t1 = bench_now();
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	printf("T %s %.0f %s\n", argv[2], t1 - t0, st ? "failed" : "ok");
	return st ? 1 : 0;
}

static int cmd_mkcg(int argc, char **argv)
{
	char path[4096];
	long i, from, to;

	if (argc != 6)
		die("usage: mkcg DIR PREFIX FROM TO");
	from = atol(argv[4]);
	to = atol(argv[5]);
	for (i = from; i < to; i++) {
		snprintf(path, sizeof(path), "%s/%s%ld", argv[2], argv[3], i);
		if (mkdir(path, 0755) && errno != EEXIST)
			die("mkdir %s: %s", path, strerror(errno));
	}
	return 0;
}

/* ---- report -------------------------------------------------------------- */

/* N: Ward loaded, no policy yet: the attach layer's own cost. */
static const char *const conds[] = { "V", "H", "D", "X", "A", "N" };
#define NCONDS 6
#define MAX_LINES 256

struct cell {
	double ins[MAX_REPS];
	int rep[MAX_REPS];
	int n;
	char status[16];
};

static struct cell cells[BENCH_NOPS][NCONDS];
static char other[MAX_LINES][512];
static int nother;

static int op_index(const char *name)
{
	unsigned int k;

	for (k = 0; k < BENCH_NOPS; k++)
		if (!strcmp(bench_ops[k].name, name))
			return k;
	return -1;
}

static int cond_index(const char *name)
{
	int i;

	for (i = 0; i < NCONDS; i++)
		if (!strcmp(conds[i], name))
			return i;
	return -1;
}

/* Median over reps of the per-rep ratio of condition @ci to V. */
static double ratio(int k, int ci)
{
	const struct cell *c = &cells[k][ci], *v = &cells[k][0];
	double r[MAX_REPS];
	int i, j, n = 0;

	for (i = 0; i < c->n; i++)
		for (j = 0; j < v->n; j++)
			if (v->rep[j] == c->rep[i] && v->ins[j] > 0)
				r[n++] = c->ins[i] / v->ins[j];
	return n ? median(r, n) : 0;
}

/* The value of the L line "L LABEL OP VALUE", or 0. */
static double other_l(const char *label, const char *op)
{
	char l[64], o[64];
	double v;
	int i;

	for (i = 0; i < nother; i++)
		if (sscanf(other[i], "L %63s %63s %lf", l, o, &v) == 3 &&
		    !strcmp(l, label) && !strcmp(o, op))
			return v;
	return 0;
}

/* The value of the T line "T LABEL VALUE ok", or 0. */
static double other_t(const char *label)
{
	char l[64], st[16];
	double v;
	int i;

	for (i = 0; i < nother; i++)
		if (sscanf(other[i], "T %63s %lf %15s", l, &v, st) == 3 &&
		    !strcmp(l, label) && !strcmp(st, "ok"))
			return v;
	return 0;
}

/*
 * Issue 12's bounds, each with its verdict: host ratio <= 1.01 on every
 * operation, domain ratio <= 1.03 and <= AppArmor's on every operation
 * both allow, the lookup with 16000 bindings <= 1.05 times the lookup
 * with 1, a load carrying 16000 bindings over under 10 ms (10^7
 * instructions of icount time).
 */
static void bounds(FILE *f)
{
	static const char *const depth[] = { "d1", "d10" };
	static const char *const lop[] = { "kcmp", "environ" };
	unsigned int k;
	int i, j, bad;
	double t;

	fprintf(f, "\nBounds of issue 12 (PASS/FAIL; instructions as counted under icount)\n");
	bad = 0;
	for (k = 0; k < BENCH_NOPS; k++) {
		double r = ratio(k, 1);

		if (cells[k][1].n && r > 1.01) {
			fprintf(f, "  host > 1.01: %-20s %.3f\n", bench_ops[k].name, r);
			bad++;
		}
	}
	fprintf(f, "%s host ratio <= 1.01 on every operation (%d above)\n",
		bad ? "FAIL" : "PASS", bad);
	bad = 0;
	for (k = 0; k < BENCH_NOPS; k++) {
		const struct cell *d = &cells[k][2], *a = &cells[k][4];
		double rd = ratio(k, 2), ra = ratio(k, 4);

		if (!d->n || strcmp(d->status, "ok"))
			continue;
		if (rd > 1.03 || (a->n && !strcmp(a->status, "ok") &&
					 (long)(rd * 1000 + 0.5) > (long)(ra * 1000 + 0.5))) {
			fprintf(f, "  domain: %-20s D/V %.3f A/V %.3f\n",
				bench_ops[k].name, rd, a->n ? ra : 0);
			bad++;
		}
	}
	fprintf(f, "%s domain ratio <= 1.03 and <= AppArmor's (to 3 decimals) on every allowed operation (%d not)\n",
		bad ? "FAIL" : "PASS", bad);
	bad = 0;
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			char l1[16], l16[16];
			double v1, v16;

			snprintf(l1, sizeof(l1), "b1-%s", depth[i]);
			snprintf(l16, sizeof(l16), "b16000-%s", depth[i]);
			v1 = other_l(l1, lop[j]);
			v16 = other_l(l16, lop[j]);
			if (!v1 || !v16)
				continue;
			fprintf(f, "  lookup %-7s depth %-3s 16000/1 bindings: %.3f\n",
				lop[j], depth[i] + 1, v16 / v1);
			bad += v16 / v1 > 1.05;
		}
	}
	fprintf(f, "%s lookup with 16000 bindings <= 1.05 x with 1 (%d above)\n",
		bad ? "FAIL" : "PASS", bad);
	t = other_t("load64-write-carry16k");
	if (t)
		fprintf(f, "%s policy load carrying 16000 bindings over: %.1f M instructions (bound 10)\n",
			t <= 1e7 ? "PASS" : "FAIL", t / 1e6);
}

static int cmd_report(int argc, char **argv)
{
	char line[512], path[4096];
	FILE *in, *txt, *csv, *json;
	unsigned int k;
	int ci, i, reps = 0;

	if (argc != 6)
		die("usage: report RAW OUTDIR KERNEL DATE");
	in = fopen(argv[2], "r");
	if (!in)
		die("%s: %s", argv[2], strerror(errno));
	while (fgets(line, sizeof(line), in)) {
		char cond[16], opn[64], st[16];
		double ins;
		int rep;

		if (sscanf(line, "R %d %15s %63s %lf %15s", &rep, cond, opn,
			   &ins, st) == 5) {
			int o = op_index(opn), c = cond_index(cond);
			struct cell *cl;

			if (o < 0 || c < 0)
				continue;
			cl = &cells[o][c];
			if (cl->n >= MAX_REPS)
				continue;
			cl->ins[cl->n] = ins;
			cl->rep[cl->n++] = rep;
			if (strcmp(st, "ok") || !cl->status[0])
				snprintf(cl->status, sizeof(cl->status), "%s", st);
			if (cl->n > reps)
				reps = cl->n;
		} else if ((line[0] == 'L' || line[0] == 'T' || line[0] == 'M') &&
			   line[1] == ' ' && nother < MAX_LINES) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(other[nother++], sizeof(other[0]), "%s", line);
		}
	}
	fclose(in);

	snprintf(path, sizeof(path), "%s/bench.txt", argv[3]);
	txt = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/bench.csv", argv[3]);
	csv = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/bench.json", argv[3]);
	json = fopen(path, "w");
	if (!txt || !csv || !json)
		die("%s: cannot write", argv[3]);

	fprintf(txt, "Ward benchmark, %s, kernel %s, QEMU TCG -icount shift=0 (1 ns = 1 instruction)\n",
		argv[5], argv[4]);
	fprintf(txt, "%d reps; instructions per operation (V: median over reps), ratio: median over reps of the per-rep ratio to V\n",
		reps);
	fprintf(txt, "V no Ward, H Ward + policy host task, D domain task (allowed), X domain task (denying domain), A AppArmor profile ward-bench,\n");
	fprintf(txt, "N Ward loaded without a policy (the attach layer alone)\n\n");
	fprintf(txt, "%-38s %10s %7s %7s %7s %7s %7s  %s\n", "operation",
		"V ins", "H/V", "D/V", "X/V", "A/V", "N/V", "not ok (errno)");
	fprintf(csv, "op,description,condition,instructions,ratio_to_V,status,reps\n");
	fprintf(json, "{\n  \"kernel\": \"%s\",\n  \"date\": \"%s\",\n  \"unit\": \"instructions (icount shift=0)\",\n  \"operations\": [\n",
		argv[4], argv[5]);
	for (k = 0; k < BENCH_NOPS; k++) {
		char notes[128] = "";
		double v = median(cells[k][0].ins, cells[k][0].n);

		fprintf(txt, "%-38s %10.0f", bench_ops[k].what, v);
		fprintf(json, "    {\"op\": \"%s\", \"description\": \"%s\"",
			bench_ops[k].name, bench_ops[k].what);
		for (ci = 0; ci < NCONDS; ci++) {
			const struct cell *c = &cells[k][ci];
			double m = median(c->ins, c->n);
			double r = ci ? ratio(k, ci) : 1.0;

			if (ci)
				fprintf(txt, " %7.3f", r);
			fprintf(csv, "%s,\"%s\",%s,%.1f,%.4f,%s,%d\n",
				bench_ops[k].name, bench_ops[k].what, conds[ci],
				m, r, c->status[0] ? c->status : "none", c->n);
			fprintf(json, ", \"%s\": {\"instructions\": %.1f, \"ratio\": %.4f, \"status\": \"%s\", \"reps\": %d}",
				conds[ci], m, r, c->status[0] ? c->status : "none",
				c->n);
			if (c->status[0] && strcmp(c->status, "ok"))
				snprintf(notes + strlen(notes),
					 sizeof(notes) - strlen(notes), "%s:%s ",
					 conds[ci], c->status);
		}
		fprintf(txt, "  %s\n", notes);
		fprintf(json, "}%s\n", k + 1 < BENCH_NOPS ? "," : "");
	}
	fprintf(json, "  ],\n  \"other\": [\n");
	fprintf(txt, "\nL: lookup (host task, kcmp/environ of a child): L BINDINGS-DEPTH OP INSTRUCTIONS\n");
	fprintf(txt, "T: one write(2) or one whole command: T LABEL INSTRUCTIONS STATUS\n");
	fprintf(txt, "M: memory: M LABEL VALUE UNIT\n");
	for (i = 0; i < nother; i++) {
		fprintf(txt, "%s\n", other[i]);
		fprintf(json, "    \"%s\"%s\n", other[i], i + 1 < nother ? "," : "");
	}
	fprintf(json, "  ]\n}\n");
	bounds(txt);
	fclose(csv);
	fclose(json);
	fclose(txt);
	snprintf(path, sizeof(path), "%s/bench.txt", argv[3]);
	in = fopen(path, "r");
	while (in && fgets(line, sizeof(line), in))
		fputs(line, stdout);
	if (in)
		fclose(in);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: wardbench ops|lookup|timewrite|timestr|timecmd|mkcg|report ...");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "ops"))
		return cmd_ops(argc, argv);
	if (!strcmp(argv[1], "lookup"))
		return cmd_lookup(argc, argv);
	if (!strcmp(argv[1], "timewrite"))
		return cmd_timewrite(argc, argv);
	if (!strcmp(argv[1], "timestr"))
		return cmd_timestr(argc, argv);
	if (!strcmp(argv[1], "timecmd"))
		return cmd_timecmd(argc, argv);
	if (!strcmp(argv[1], "mkcg"))
		return cmd_mkcg(argc, argv);
	if (!strcmp(argv[1], "report"))
		return cmd_report(argc, argv);
	die("unknown command %s", argv[1]);
	return 2;
}
