// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of wardctl's seccomp code (R-SEC): the sets, the
 * denylist and the ptrace rule, the check's diagnostics, the JSON export
 * and its import (round trip, Docker's profile shape), the architecture
 * check at the head of the BPF program, the filter's behaviour in a child
 * (kill, log, errno, trap, with positive controls), and record.
 *
 * Output: KTAP lines "ok N name" / "not ok N name", then "N passed, N failed".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <json-c/json.h>

#include "policy.h"
#include "seccomp.h"

static unsigned int test_no, passed, failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		return 0;						\
	}								\
} while (0)

static void report(const char *name, int ok)
{
	test_no++;
	printf("%sok %u %s\n", ok ? "" : "not ", test_no, name);
	if (ok)
		passed++;
	else
		failed++;
	fflush(stdout);
}

#define RUN(fn) report(#fn, fn())

/* ---- helpers ---- */

static char diag_buf_dummy;
static char *diag_buf;
static size_t diag_len;

static void diag_begin(void)
{
	free(diag_buf);
	diag_buf = NULL;
	wp_diag = open_memstream(&diag_buf, &diag_len);
}

static const char *diag_end(void)
{
	fclose(wp_diag);
	wp_diag = NULL;
	return diag_buf ? diag_buf : &diag_buf_dummy;
}

/* Parse and check a policy text; returns wp_check's result (-1: parse). */
static int policy(const char *text, struct wp_policy *p, unsigned int *warnings)
{
	*warnings = 0;
	if (wp_parse_buf("t.ward", text, strlen(text), p))
		return -1;
	return wp_check(p, warnings);
}

/* The effective allowlist of the only domain of a policy text. */
static int profile_of(const char *text, struct wp_policy *p,
		      struct ward_sc_profile *prof)
{
	unsigned int w;
	int rc;

	diag_begin();
	rc = policy(text, p, &w);
	diag_end();
	if (rc) {
		printf("# policy does not check:\n%s", diag_buf);
		return -1;
	}
	return ward_seccomp_profile(&p->domains[0], prof);
}

static int allows(const struct ward_sc_profile *prof, const char *name)
{
	return ward_sc_list_has(&prof->allow, name);
}

static int denies(const struct ward_sc_profile *prof, const char *name)
{
	return ward_sc_list_has(&prof->deny, name);
}

/* ---- sets and denylist ---- */

static int sets_resolve(void)
{
	__u32 bit;
	unsigned int i;
	const char *n;

	for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
		const char *const *c = ward_seccomp_set_calls(bit);

		CHECK(c);
		CHECK(wp_sc_set_name(bit));
		for (i = 0; c[i]; i++) {
			if (ward_seccomp_resolve(c[i]) < 0)
				printf("# set %s: %s\n", wp_sc_set_name(bit), c[i]);
			CHECK(ward_seccomp_resolve(c[i]) >= 0);
			/* no set contains a high-risk call */
			CHECK(!ward_seccomp_highrisk_reason(c[i]));
		}
	}
	for (i = 0; (n = ward_seccomp_highrisk_name(i)); i++) {
		if (ward_seccomp_resolve(n) < 0)
			printf("# denylist: %s\n", n);
		CHECK(ward_seccomp_resolve(n) >= 0);
	}
	CHECK(i >= 30);
	CHECK(ward_seccomp_resolve("socketcall") == -1);	/* i386 only */
	CHECK(ward_seccomp_resolve("nosuchcall") == -1);
	CHECK(ward_seccomp_resolve("read") == 0);
	return 1;
}

static int set_minimal(void)
{
	static const char *const need[] = {
		"read", "write", "exit", "exit_group", "rt_sigreturn",
		"rt_sigaction", "rt_sigprocmask", "execve", "brk", "arch_prctl",
		"set_tid_address", "set_robust_list", "rseq", "mmap", "munmap",
		"mprotect", "prlimit64", "getrandom", "newfstatat", "fstat",
		"uname", "readlink", "clock_gettime", "nanosleep", "futex",
		"getpid", "gettid", "close", NULL
	};
	static const char *const not[] = {
		"socket", "openat", "clone", "fork", "kill", "ioctl", NULL
	};
	struct ward_sc_profile prof;
	struct wp_policy p;
	unsigned int i;

	CHECK(!profile_of("domain d {\n seccomp {\n  base minimal\n }\n}\n",
			  &p, &prof));
	CHECK(prof.action == WARD_SECCOMP_KILL);	/* kill by default */
	for (i = 0; need[i]; i++)
		CHECK(allows(&prof, need[i]));
	for (i = 0; not[i]; i++)
		CHECK(!allows(&prof, not[i]));
	CHECK(denies(&prof, "mount") && denies(&prof, "ptrace"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	return 1;
}

static int set_shell_netserver(void)
{
	struct ward_sc_profile prof;
	struct wp_policy p;

	CHECK(!profile_of("domain d {\n seccomp {\n  base shell\n }\n}\n",
			  &p, &prof));
	/* shell builds on minimal */
	CHECK(allows(&prof, "write") && allows(&prof, "execve"));
	CHECK(allows(&prof, "openat") && allows(&prof, "clone") &&
	      allows(&prof, "wait4") && allows(&prof, "pipe2") &&
	      allows(&prof, "dup2") && allows(&prof, "getdents64") &&
	      allows(&prof, "chdir") && allows(&prof, "fcntl"));
	CHECK(!allows(&prof, "socket") && !allows(&prof, "bind"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);

	CHECK(!profile_of("domain d {\n seccomp {\n  base netserver\n }\n}\n",
			  &p, &prof));
	CHECK(allows(&prof, "write") && allows(&prof, "exit_group"));
	CHECK(allows(&prof, "socket") && allows(&prof, "bind") &&
	      allows(&prof, "listen") && allows(&prof, "accept4") &&
	      allows(&prof, "epoll_wait") && allows(&prof, "setsockopt"));
	CHECK(!allows(&prof, "fork") && !allows(&prof, "chdir"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	return 1;
}

static int deny_wins(void)
{
	struct ward_sc_profile prof;
	struct wp_policy p;

	/* deny removes a set's call; allow adds one */
	CHECK(!profile_of("domain d {\n seccomp {\n  base shell\n  allow socket\n  deny chmod kill\n }\n}\n",
			  &p, &prof));
	CHECK(!allows(&prof, "chmod") && denies(&prof, "chmod"));
	CHECK(!allows(&prof, "kill") && denies(&prof, "kill"));
	CHECK(allows(&prof, "socket") && allows(&prof, "chown"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);

	/* the denylist wins over `allow` without allow-highrisk */
	CHECK(!profile_of("domain d {\n seccomp {\n  base minimal\n  allow mount bpf\n }\n}\n",
			  &p, &prof));
	CHECK(!allows(&prof, "mount") && denies(&prof, "mount"));
	CHECK(!allows(&prof, "bpf") && denies(&prof, "bpf"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);

	/* allow-highrisk lifts it only for the calls named in allow */
	CHECK(!profile_of("domain d {\n seccomp {\n  base minimal\n  allow mount\n  allow-highrisk\n }\n}\n",
			  &p, &prof));
	CHECK(allows(&prof, "mount") && !denies(&prof, "mount"));
	CHECK(!allows(&prof, "bpf") && denies(&prof, "bpf"));
	CHECK(!allows(&prof, "init_module") && denies(&prof, "init_module"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	return 1;
}

static int ptrace_rule(void)
{
	struct ward_sc_profile prof;
	struct wp_policy p;

	/* allow-highrisk is not enough while ptrace is none (seed 4.2(e)) */
	CHECK(!profile_of("domain d {\n ptrace none\n seccomp {\n  base minimal\n  allow ptrace process_vm_readv process_vm_writev\n  allow-highrisk\n }\n}\n",
			  &p, &prof));
	CHECK(!allows(&prof, "ptrace") && denies(&prof, "ptrace"));
	CHECK(!allows(&prof, "process_vm_readv") &&
	      !allows(&prof, "process_vm_writev"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);

	CHECK(!profile_of("domain d {\n ptrace domain\n seccomp {\n  base minimal\n  allow ptrace process_vm_readv\n  allow-highrisk\n }\n}\n",
			  &p, &prof));
	CHECK(allows(&prof, "ptrace") && allows(&prof, "process_vm_readv"));
	CHECK(!allows(&prof, "process_vm_writev"));	/* not named */
	ward_seccomp_profile_free(&prof);
	wp_free(&p);

	/* ptrace domain without allow-highrisk: still denied */
	CHECK(!profile_of("domain d {\n ptrace domain\n seccomp {\n  base minimal\n  allow ptrace\n }\n}\n",
			  &p, &prof));
	CHECK(!allows(&prof, "ptrace"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	return 1;
}

/* ---- check ---- */

static int check_diagnostics(void)
{
	struct wp_policy p;
	unsigned int w;
	const char *out;
	int rc;

	/* an unknown call is an error at its own line and column */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  base minimal\n  allow read sockett\n }\n}\n",
		    &p, &w);
	out = diag_end();
	CHECK(rc != 0);
	CHECK(strstr(out, "t.ward:4:14: error: unknown system call 'sockett'"));
	wp_free(&p);

	/* an i386-only name is not an x86_64 system call */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  deny socketcall\n }\n}\n", &p, &w);
	out = diag_end();
	CHECK(rc != 0);
	CHECK(strstr(out, "t.ward:3:8: error: unknown system call 'socketcall'"));
	wp_free(&p);

	/* an unknown set: the parser's error at the word */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  base minimal webserver\n }\n}\n",
		    &p, &w);
	out = diag_end();
	CHECK(rc != 0);
	CHECK(strstr(out, "t.ward:3:16: error: unknown seccomp set 'webserver'"));
	wp_free(&p);

	/* warnings: high-risk without allow-highrisk, at the name */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  base minimal\n  allow mount\n }\n}\n",
		    &p, &w);
	out = diag_end();
	CHECK(rc == 0);
	CHECK(strstr(out, "t.ward:4:9: warning: 'mount' is high-risk"));
	CHECK(strstr(out, "will be denied"));
	wp_free(&p);

	/* allow-highrisk and ptrace while ptrace none */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  base minimal\n  allow ptrace\n  allow-highrisk\n }\n}\n",
		    &p, &w);
	out = diag_end();
	CHECK(rc == 0);
	CHECK(strstr(out, "warning: domain d: allow-highrisk"));
	CHECK(strstr(out, "t.ward:4:9: warning: 'ptrace' is removed: the domain's ptrace rule is 'none'"));
	wp_free(&p);

	/* log, errno and trap are not final */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  action log\n  base minimal\n }\n}\n",
		    &p, &w);
	out = diag_end();
	CHECK(rc == 0 && w >= 1);
	CHECK(strstr(out, "seccomp action log allows every call and only reports it: not final"));
	wp_free(&p);

	/* the positive control: kill with minimal has no seccomp warning */
	diag_begin();
	rc = policy("domain d {\n seccomp {\n  action kill\n  base minimal\n }\n}\n",
		    &p, &w);
	out = diag_end();
	CHECK(rc == 0);
	CHECK(!strstr(out, "seccomp") && !strstr(out, "high-risk"));
	wp_free(&p);
	return 1;
}

/* ---- export ---- */

static struct json_object *export_json(const char *text)
{
	struct json_object *j = NULL;
	struct wp_policy p;
	unsigned int w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	diag_begin();
	if (policy(text, &p, &w)) {
		diag_end();
		return NULL;
	}
	diag_end();
	f = open_memstream(&buf, &len);
	if (!ward_seccomp_export(&p.domains[0], f)) {
		fclose(f);
		j = json_tokener_parse(buf);
	} else {
		fclose(f);
	}
	free(buf);
	wp_free(&p);
	return j;
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static int export_shape(void)
{
	struct json_object *j, *a, *calls, *r, *names;
	size_t i;

	j = export_json("domain d {\n seccomp {\n  base minimal\n  allow socket\n  deny nanosleep\n }\n}\n");
	CHECK(j);
	CHECK(!strcmp(jstr(j, "defaultAction"), "SCMP_ACT_KILL_PROCESS"));
	CHECK(!json_object_object_get_ex(j, "defaultErrnoRet", &a));
	CHECK(json_object_object_get_ex(j, "architectures", &a));
	CHECK(json_object_array_length(a) == 1);
	CHECK(!strcmp(json_object_get_string(json_object_array_get_idx(a, 0)),
		      "SCMP_ARCH_X86_64"));
	CHECK(json_object_object_get_ex(j, "syscalls", &calls));
	CHECK(json_object_array_length(calls) == 2);

	r = json_object_array_get_idx(calls, 0);
	CHECK(!strcmp(jstr(r, "action"), "SCMP_ACT_ALLOW"));
	CHECK(json_object_object_get_ex(r, "names", &names));
	for (i = 1; i < json_object_array_length(names); i++)	/* sorted */
		CHECK(strcmp(json_object_get_string(json_object_array_get_idx(names, i - 1)),
			     json_object_get_string(json_object_array_get_idx(names, i))) < 0);
	{
		int socket_seen = 0, nanosleep_seen = 0, ptrace_seen = 0;

		for (i = 0; i < json_object_array_length(names); i++) {
			const char *s = json_object_get_string(
				json_object_array_get_idx(names, i));

			socket_seen |= !strcmp(s, "socket");
			nanosleep_seen |= !strcmp(s, "nanosleep");
			ptrace_seen |= !strcmp(s, "ptrace");
		}
		CHECK(socket_seen && !nanosleep_seen && !ptrace_seen);
	}
	/* the deny entry: the default action, with the denylist */
	r = json_object_array_get_idx(calls, 1);
	CHECK(!strcmp(jstr(r, "action"), "SCMP_ACT_KILL_PROCESS"));
	CHECK(json_object_object_get_ex(r, "names", &names));
	{
		int nano = 0, ptr = 0, kexec = 0;

		for (i = 0; i < json_object_array_length(names); i++) {
			const char *s = json_object_get_string(
				json_object_array_get_idx(names, i));

			nano |= !strcmp(s, "nanosleep");
			ptr |= !strcmp(s, "ptrace");
			kexec |= !strcmp(s, "kexec_load");
		}
		CHECK(nano && ptr && kexec);
	}
	json_object_put(j);

	j = export_json("domain d {\n seccomp {\n  action errno\n  base minimal\n }\n}\n");
	CHECK(j);
	CHECK(!strcmp(jstr(j, "defaultAction"), "SCMP_ACT_ERRNO"));
	CHECK(!strcmp(jstr(j, "defaultErrnoRet"), "1"));
	json_object_object_get_ex(j, "syscalls", &calls);
	CHECK(!strcmp(jstr(json_object_array_get_idx(calls, 1), "errnoRet"), "1"));
	json_object_put(j);

	j = export_json("domain d {\n seccomp {\n  action log\n  base minimal\n }\n}\n");
	CHECK(j && !strcmp(jstr(j, "defaultAction"), "SCMP_ACT_LOG"));
	json_object_put(j);
	j = export_json("domain d {\n seccomp {\n  action trap\n  base minimal\n }\n}\n");
	CHECK(j && !strcmp(jstr(j, "defaultAction"), "SCMP_ACT_TRAP"));
	json_object_put(j);
	return 1;
}

/* ---- import ---- */

static char tmpdir[] = "/tmp/ward-seccomp-test.XXXXXX";
/* import_as_policy(): turn the "# allow-highrisk" hint into the statement */
static int uncomment_highrisk;

/* Import FILE; wrap the fragment in a domain; parse and check it. */
static int import_as_policy(const char *file, const char *domain_head,
			    struct wp_policy *p, char **diag)
{
	char *frag = NULL, *text = NULL;
	size_t flen = 0;
	unsigned int w;
	FILE *f;
	int rc;

	f = open_memstream(&frag, &flen);
	diag_begin();
	rc = ward_seccomp_import(file, f);
	fclose(f);
	*diag = strdup(diag_end());
	if (rc) {
		printf("# import failed:\n%s", *diag);
		free(frag);
		return -1;
	}
	if (uncomment_highrisk) {
		char *h = strstr(frag, "\t# allow-highrisk");

		if (h)
			memcpy(h, "\t  ", 3);
	}
	if (asprintf(&text, "domain imported {\n%s\n%s}\n", domain_head, frag) < 0)
		return -1;
	free(frag);
	diag_begin();
	rc = policy(text, p, &w);
	if (rc)
		printf("# imported fragment does not check:\n%s%s", text,
		       diag_end());
	else
		diag_end();
	free(text);
	return rc;
}

static int round_trip_one(const char *text)
{
	struct ward_sc_profile a, b;
	struct wp_policy p, q;
	char path[256], *diag;
	unsigned int i;
	FILE *f;

	CHECK(!profile_of(text, &p, &a));
	snprintf(path, sizeof(path), "%s/rt.json", tmpdir);
	f = fopen(path, "w");
	CHECK(f);
	CHECK(!ward_seccomp_export(&p.domains[0], f));
	fclose(f);
	CHECK(!import_as_policy(path, p.domains[0].ptrace == WARD_PTRACE_DOMAIN
				? " ptrace domain" : "", &q, &diag));
	CHECK(!ward_seccomp_profile(&q.domains[0], &b));
	CHECK(a.action == b.action);
	if (a.allow.count != b.allow.count)
		printf("# allow: %u names exported, %u imported\n",
		       a.allow.count, b.allow.count);
	CHECK(a.allow.count == b.allow.count);
	for (i = 0; i < a.allow.count; i++)
		CHECK(!strcmp(a.allow.names[i], b.allow.names[i]));
	if (a.ncond != b.ncond)
		printf("# %u conditional rules exported, %u imported\n",
		       a.ncond, b.ncond);
	CHECK(a.ncond == b.ncond);
	for (i = 0; i < a.ncond; i++) {
		CHECK(!strcmp(a.cond[i].name, b.cond[i].name));
		CHECK(a.cond[i].nargs == b.cond[i].nargs);
		CHECK(!memcmp(a.cond[i].args, b.cond[i].args,
			      a.cond[i].nargs * sizeof(a.cond[i].args[0])));
	}
	ward_seccomp_profile_free(&a);
	ward_seccomp_profile_free(&b);
	wp_free(&p);
	wp_free(&q);
	free(diag);
	return 1;
}

static int export_import_round_trip(void)
{
	CHECK(round_trip_one("domain d {\n seccomp {\n  base minimal\n }\n}\n"));
	CHECK(round_trip_one("domain d {\n seccomp {\n  action log\n  base shell\n  allow socket connect\n }\n}\n"));
	CHECK(round_trip_one("domain d {\n seccomp {\n  action errno\n  base netserver\n  deny accept\n }\n}\n"));
	CHECK(round_trip_one("domain d {\n seccomp {\n  action trap\n  base shell netserver\n  deny chmod\n  allow mount\n }\n}\n"));
	CHECK(round_trip_one("domain d {\n seccomp {\n  allow read write exit_group execve\n }\n}\n"));
	/* argument rules: allow rules, and deny rules folded into them */
	CHECK(round_trip_one("domain d {\n seccomp {\n  action errno\n  base minimal\n"
			     "  allow socket if arg0 != 40 and arg1 <= 0x80805\n"
			     "  allow clone if arg0 & 0x7e020000 == 0\n"
			     "  allow dup if arg0 < 3\n  allow dup if arg0 >= 0xffffffffffff\n"
			     "  deny getpid if arg0 == 1\n"
			     "  deny mmap if arg2 & 0x6 == 0x6\n }\n}\n"));
	CHECK(round_trip_one("domain d {\n seccomp {\n  action kill\n  base shell\n"
			     "  deny clone if arg0 & 0x10000000 == 0x10000000\n"
			     "  deny kill if arg1 == 9 and arg0 == 1\n }\n}\n"));
	return 1;
}

static const char *data_file(const char *name)
{
	static char path[512];
	const char *dir = getenv("WARD_TEST_DATA");
	char *slash;

	if (dir) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		return path;
	}
	/* next to this source file */
	snprintf(path, sizeof(path), "%s", __FILE__);
	slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof(path) - (slash ? slash + 1 - path : 0),
		 "data/%s", name);
	return path;
}

/* Rules of the profile for @name: their number; *@c the first. */
static unsigned int conds(const struct ward_sc_profile *prof, const char *name,
			  const struct ward_sc_cond **c)
{
	unsigned int i, n = 0;

	*c = NULL;
	for (i = 0; i < prof->ncond; i++) {
		if (strcmp(prof->cond[i].name, name))
			continue;
		if (!n++)
			*c = &prof->cond[i];
	}
	return n;
}

static int one_cmp(const struct ward_sc_cond *c, __u32 index, __u32 op,
		   __u64 value, __u64 value2)
{
	return c && c->nargs == 1 && c->args[0].index == index &&
	       c->args[0].op == op && c->args[0].value == value &&
	       c->args[0].value2 == value2;
}

static unsigned int count_lines(const char *text, const char *needle)
{
	unsigned int n = 0;
	const char *l;

	for (l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *e = strchr(l, '\n');
		const char *hit = strstr(l, needle);

		if (hit && (!e || hit < e))
			n++;
	}
	return n;
}

static int import_docker_shape(void)
{
	const struct ward_sc_cond *c;
	struct ward_sc_profile prof;
	struct wp_policy p;
	char *diag;

	uncomment_highrisk = 1;
	CHECK(!import_as_policy(data_file("seccomp-docker-sample.json"), "",
				&p, &diag));
	uncomment_highrisk = 0;
	CHECK(!ward_seccomp_profile(&p.domains[0], &prof));
	CHECK(prof.action == WARD_SECCOMP_ERRNO);	/* SCMP_ACT_ERRNO, 1 */
	/* unconditional allows, and arch-conditional ones for amd64 */
	CHECK(allows(&prof, "read") && allows(&prof, "execve") &&
	      allows(&prof, "arch_prctl") && allows(&prof, "accept4"));
	CHECK(allows(&prof, "modify_ldt"));
	/* argument conditions are imported: socket, personality, clone */
	CHECK(!allows(&prof, "socket") && conds(&prof, "socket", &c) == 1);
	CHECK(one_cmp(c, 0, WARD_SC_OP_NE, 40, 0));
	CHECK(conds(&prof, "personality", &c) == 1);
	CHECK(one_cmp(c, 0, WARD_SC_OP_EQ, 0, 0));
	CHECK(conds(&prof, "clone", &c) == 1);
	CHECK(one_cmp(c, 0, WARD_SC_OP_MASKED_EQ, 0x7e020000, 0));
	CHECK(!allows(&prof, "clone") && !allows(&prof, "mount"));
	/* entries that do not apply are reported, one line each */
	CHECK(strstr(diag, "syscalls[7] (bpf clone mount ...): not applicable: includes caps CAP_SYS_ADMIN, which the container lacks"));
	CHECK(strstr(diag, "syscalls[10] (reboot): not applicable: includes caps CAP_SYS_BOOT"));
	CHECK(strstr(diag, "syscalls[4] (sync_file_range2): not applicable: includes arches ppc64le only, not amd64"));
	CHECK(strstr(diag, "syscalls[6] (s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr): not applicable: includes arches s390 s390x only"));
	CHECK(count_lines(diag, ": not applicable: ") == 4);
	/* names of other architectures: one line each */
	CHECK(strstr(diag, "syscalls[0] (accept accept4 access ...): chown32 is not an x86_64 system call"));
	CHECK(count_lines(diag, "is not an x86_64 system call") == 3);
	CHECK(strstr(diag, "11 entries: 36 allowed and 1 denied system calls, 3 argument rules (3 comparisons); 4 entries not applicable, 0 names unknown to libseccomp, 3 not x86_64"));
	/* the profile allows ptrace (minKernel 4.8): warned, and removed */
	CHECK(strstr(diag, "allows ptrace-family call ptrace"));
	CHECK(strstr(diag, "allows ptrace-family call process_vm_readv"));
	CHECK(!allows(&prof, "ptrace") && !allows(&prof, "process_vm_readv"));
	/* a denial with its own errno */
	CHECK(denies(&prof, "clone3"));
	CHECK(strstr(diag, "syscalls[9] (clone3): errnoRet 38"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	free(diag);
	return 1;
}

/*
 * Docker 20.10.24's default profile (Debian 12's docker.io), as Docker
 * applies it to a default container on amd64.  The counts are those of
 * Debian 12's libseccomp 2.5.4, which knows every name of this profile.
 */
static int import_docker_20_10(void)
{
	const struct ward_sc_cond *c;
	struct ward_sc_profile prof;
	struct wp_policy p;
	unsigned int n;
	char *diag;

	uncomment_highrisk = 1;
	CHECK(!import_as_policy(data_file("docker-20.10.24-default.json"), "",
				&p, &diag));
	uncomment_highrisk = 0;
	if (!strstr(diag, "27 entries: 290 allowed and 1 denied system calls, 6 argument rules (6 comparisons); 15 entries not applicable, 0 names unknown to libseccomp, 60 not x86_64"))
		printf("# %s", diag);
	CHECK(strstr(diag, "27 entries: 290 allowed and 1 denied system calls, 6 argument rules (6 comparisons); 15 entries not applicable, 0 names unknown to libseccomp, 60 not x86_64"));
	CHECK(count_lines(diag, ": not applicable: ") == 15);
	CHECK(count_lines(diag, "is not an x86_64 system call") == 60);
	CHECK(strstr(diag, "syscalls[15] (clone): not applicable: includes arches s390 s390x only, not amd64"));
	CHECK(strstr(diag, "syscalls[18] (chroot)") == NULL);	/* CAP_SYS_CHROOT: default */
	CHECK(!ward_seccomp_profile(&p.domains[0], &prof));
	CHECK(allows(&prof, "socket") && allows(&prof, "chroot") &&
	      allows(&prof, "arch_prctl") && allows(&prof, "modify_ldt"));
	n = conds(&prof, "personality", &c);
	CHECK(n == 5);
	CHECK(one_cmp(c, 0, WARD_SC_OP_EQ, 0, 0));
	CHECK(one_cmp(c + 4, 0, WARD_SC_OP_EQ, 0xffffffff, 0));
	CHECK(conds(&prof, "clone", &c) == 1);
	CHECK(one_cmp(c, 0, WARD_SC_OP_MASKED_EQ, 0x7e020000, 0));
	CHECK(denies(&prof, "clone3") && !allows(&prof, "mount") &&
	      !allows(&prof, "bpf") && !allows(&prof, "reboot"));
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	free(diag);
	return 1;
}

/* what the imported profile of Docker's current default does, in a child */
static int do_docker_calls(void)
{
	int fail = 0, fd;
	long r;

	/* socket: AF_VSOCK (40) refused, AF_UNIX and AF_INET allowed */
	fd = socket(40, SOCK_STREAM, 0);
	if (fd >= 0 || errno != EPERM)
		fail |= 1;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		fail |= 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		fail |= 4;
	/* personality: the query is allowed, ADDR_NO_RANDOMIZE refused */
	r = syscall(SYS_personality, 0xffffffffUL);
	if (r < 0)
		fail |= 8;
	r = syscall(SYS_personality, 0x0040000UL);
	if (r != -1 || errno != EPERM)
		fail |= 16;
	/* clone: a plain fork allowed, a new namespace refused */
	r = syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, 0UL, 0UL, 0UL);
	if (r == 0)
		_exit(0);
	if (r < 0 || waitpid(r, NULL, 0) != r)
		fail |= 32;
	r = syscall(SYS_clone, (unsigned long)(0x04000000 | SIGCHLD), 0UL, 0UL, 0UL, 0UL);
	if (r == 0)
		_exit(0);
	if (r != -1 || errno != EPERM)
		fail |= 64;
	return fail;
}

static int run_confined(const char *text, int (*fn)(void));

/*
 * Docker's current default profile: the socket rules that refuse AF_VSOCK
 * survive the import, and the names libseccomp 2.5.4 does not know are
 * reported one per line.
 */
static int import_docker_current(void)
{
	const struct ward_sc_cond *c;
	struct ward_sc_profile prof;
	struct wp_policy p;
	char *diag, *frag = NULL, *text = NULL;
	size_t flen = 0;
	FILE *f;
	int st;

	uncomment_highrisk = 1;
	CHECK(!import_as_policy(data_file("docker-default-2026.json"), "",
				&p, &diag));
	uncomment_highrisk = 0;
	if (!strstr(diag, "33 entries: 298 allowed and 1 denied system calls, 9 argument rules (9 comparisons); 18 entries not applicable, 9 names unknown to libseccomp, 60 not x86_64"))
		printf("# %s", diag);
	CHECK(strstr(diag, "33 entries: 298 allowed and 1 denied system calls, 9 argument rules (9 comparisons); 18 entries not applicable, 9 names unknown to libseccomp, 60 not x86_64"));
	CHECK(count_lines(diag, "unknown system call") == 9);
	CHECK(strstr(diag, "unknown system call mseal: not imported (libseccomp does not know it)\n"));
	CHECK(count_lines(diag, ": not applicable: ") == 18);
	CHECK(!ward_seccomp_profile(&p.domains[0], &prof));
	CHECK(!allows(&prof, "socket"));
	CHECK(conds(&prof, "socket", &c) == 3);
	CHECK(one_cmp(&c[0], 0, WARD_SC_OP_LT, 38, 0));
	CHECK(one_cmp(&c[1], 0, WARD_SC_OP_EQ, 39, 0));
	CHECK(one_cmp(&c[2], 0, WARD_SC_OP_GT, 40, 0));
	CHECK(conds(&prof, "personality", &c) == 5);
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	free(diag);

	/* and the filter made from it enforces them */
	f = open_memstream(&frag, &flen);
	diag_begin();
	CHECK(!ward_seccomp_import(data_file("docker-default-2026.json"), f));
	diag_end();
	fclose(f);
	{
		char *h = strstr(frag, "\t# allow-highrisk");

		CHECK(h);
		memcpy(h, "\t  ", 3);
	}
	CHECK(asprintf(&text, "domain d {\n%s}\n", frag) > 0);
	free(frag);
	st = run_confined(text, do_docker_calls);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("# status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	free(text);
	return 1;
}

/* Is @w a whole word of @text? */
static int has_word(const char *text, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = strstr(text, w); p; p = strstr(p + 1, w))
		if ((p == text || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == ' ' || p[n] == '\n'))
			return 1;
	return 0;
}

/* --caps: another capability set decides includes/excludes caps */
static int import_caps(void)
{
	static const char *const admin[] = {
		"CAP_CHOWN", "CAP_SYS_CHROOT", "CAP_SYS_ADMIN", NULL
	};
	static const char *const none[] = { NULL };
	char *frag = NULL;
	size_t len = 0;
	const char *diag;
	FILE *f;

	f = open_memstream(&frag, &len);
	diag_begin();
	CHECK(!ward_seccomp_import_caps(data_file("docker-default-2026.json"), admin, f));
	diag = diag_end();
	fclose(f);
	/* CAP_SYS_ADMIN: clone, clone3, mount, bpf allowed, no clone rule */
	CHECK(strstr(diag, "syscalls[18] (clone): not applicable: excludes caps CAP_SYS_ADMIN, which the container has"));
	CHECK(strstr(diag, "syscalls[20] (clone3): not applicable: excludes caps CAP_SYS_ADMIN, which the container has"));
	CHECK(!strstr(diag, "syscalls[17] (bpf clone clone3 ...): not applicable"));
	/* the shell set (with clone and clone3) is complete now */
	CHECK(strstr(frag, "\tbase shell\n") && has_word(frag, "mount") &&
	      !strstr(frag, "allow clone if"));
	CHECK(!strstr(frag, "deny clone3"));
	free(frag);
	frag = NULL;

	f = open_memstream(&frag, &len);
	diag_begin();
	CHECK(!ward_seccomp_import_caps(data_file("docker-default-2026.json"), none, f));
	diag = diag_end();
	fclose(f);
	CHECK(strstr(diag, "syscalls[22] (chroot): not applicable: includes caps CAP_SYS_CHROOT, which the container lacks"));
	CHECK(!has_word(frag, "chroot") && has_word(frag, "chdir"));
	CHECK(strstr(frag, "allow clone if arg0 & 0x7e020000 == 0\n"));
	free(frag);
	return 1;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Import FILE: the fragment (free it), the status and the diagnostics. */
static char *import_text(const char *path, int *rc, const char **diag)
{
	char *frag = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&frag, &len);

	diag_begin();
	*rc = ward_seccomp_import(path, f);
	fclose(f);
	*diag = diag_end();
	return frag;
}

static int import_errors(void)
{
	char path[256];
	const char *out;
	int rc;

	/* a JSON syntax error: FILE:LINE:COL */
	snprintf(path, sizeof(path), "%s/bad.json", tmpdir);
	CHECK(!write_file(path, "{\n  \"defaultAction\": \"SCMP_ACT_KILL\",\n  \"syscalls\": [ , ]\n}\n"));
	rc = ward_seccomp_import(path, stdout);
	CHECK(rc != 0);

	/* an allow-by-default profile is a denylist: refused */
	snprintf(path, sizeof(path), "%s/allow.json", tmpdir);
	CHECK(!write_file(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": []}\n"));
	rc = ward_seccomp_import(path, stdout);
	CHECK(rc != 0);

	/* an OCI config.json: linux.seccomp; the old "name" key; high-risk */
	snprintf(path, sizeof(path), "%s/config.json", tmpdir);
	CHECK(!write_file(path,
		"{\"ociVersion\": \"1.0.2\", \"linux\": {\"seccomp\": {\n"
		"  \"defaultAction\": \"SCMP_ACT_KILL_PROCESS\",\n"
		"  \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
		"  \"syscalls\": [{\"name\": \"read\", \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"               {\"names\": [\"write\", \"bpf\", \"nosuchcall\", \"_sysctl\"], \"action\": \"SCMP_ACT_ALLOW\"}]}}}\n"));
	{
		char *frag = import_text(path, &rc, &out);

		CHECK(rc == 0);
		CHECK(strstr(frag, "\taction kill\n"));
		CHECK(strstr(frag, "\tallow bpf read write\n"));
		CHECK(strstr(frag, "# allow-highrisk"));
		CHECK(strstr(out, "allows high-risk bpf"));
		CHECK(strstr(out, "syscalls[1] (write bpf nosuchcall ...): unknown system call nosuchcall"));
		CHECK(strstr(out, "syscalls[1] (write bpf nosuchcall ...): _sysctl cannot be named in a policy"));
		CHECK(!strstr(frag, "_sysctl"));
		free(frag);
	}

	/* "args" that is not an array (found by make fuzz): reported, no abort */
	snprintf(path, sizeof(path), "%s/args.json", tmpdir);
	CHECK(!write_file(path,
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":\"x\"},\n"
		" {\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":{\"index\":0}}]}\n"));
	{
		char *frag = import_text(path, &rc, &out);

		CHECK(rc == 0);
		CHECK(strstr(out, "syscalls[0] (read): \"args\" is not an array: entry not imported"));
		CHECK(strstr(out, "syscalls[1] (write): \"args\" is not an array: entry not imported"));
		CHECK(!strstr(frag, "read"));
		free(frag);
	}
	return 1;
}

/*
 * Allow and deny argument rules of one call that libseccomp cannot express
 * together (found by make fuzz: the import printed them, and wardctl check
 * refused the fragment): the import resolves each call's rules as the
 * check does, leaves out all the rules of such a call and denies it
 * (stricter than the profile, never looser); rules that can be expressed
 * together are kept (positive control).
 */
static int import_unresolvable_rules(void)
{
	struct ward_sc_profile prof;
	struct wp_policy p;
	char path[256], want[2048], *frag, *diag;
	const char *out;
	int rc;

	/* fuzz/regressions/seccomp_json/allow_and_deny_rules.json */
	snprintf(path, sizeof(path), "%s/both.json", tmpdir);
	CHECK(!write_file(path,
		"{\"defaultAction\":\"SCMP_ACT_TRAP\",\"syscalls\":[{\"names\":[\"getrandom\"],\n"
		"\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"op\":\"SCMP_CMP_MASKED_EQ\"}]},\n"
		"{\"names\":[\"getrandom\"],\"args\":[{\"op\":\"SCMP_CMP_GT\"}],\n"
		"\"action\":\"SCMP_ACT_TRAP\"}]}\n"));
	frag = import_text(path, &rc, &out);
	CHECK(rc == 0);
	snprintf(want, sizeof(want),
		 "# imported from %s by wardctl seccomp import\n"
		 "seccomp {\n"
		 "\taction trap\n"
		 "\tdeny getrandom\n"
		 "}\n", path);
	if (strcmp(frag, want))
		printf("# got:\n%s", frag);
	CHECK(!strcmp(frag, want));
	free(frag);
	snprintf(want, sizeof(want),
		 "%s: warning: syscalls[1] (getrandom): the argument rules of getrandom cannot be expressed with libseccomp (two different comparisons of one argument in one rule, or more than 256 rules): none is imported, getrandom is denied\n"
		 "%s: 2 entries: 0 allowed and 1 denied system calls, 0 argument rules (0 comparisons); 0 entries not applicable, 0 names unknown to libseccomp, 0 not x86_64\n"
		 "%s: 1 warning\n", path, path, path);
	if (strcmp(out, want))
		printf("# got:\n%s", out);
	CHECK(!strcmp(out, want));
	/* the fragment checks, and its filter denies getrandom */
	CHECK(!import_as_policy(path, "", &p, &diag));
	free(diag);
	CHECK(!ward_seccomp_profile(&p.domains[0], &prof));
	CHECK(prof.action == WARD_SECCOMP_TRAP);
	CHECK(denies(&prof, "getrandom") && !allows(&prof, "getrandom"));
	CHECK(prof.ncond == 0);
	ward_seccomp_profile_free(&prof);
	wp_free(&p);

	/* positive control: an allow and a deny rule on different arguments */
	snprintf(path, sizeof(path), "%s/both-ok.json", tmpdir);
	CHECK(!write_file(path,
		"{\"defaultAction\":\"SCMP_ACT_TRAP\",\"syscalls\":[{\"names\":[\"getrandom\"],\n"
		"\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_LE\"}]},\n"
		"{\"names\":[\"getrandom\"],\"args\":[{\"index\":1,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}],\n"
		"\"action\":\"SCMP_ACT_TRAP\"}]}\n"));
	frag = import_text(path, &rc, &out);
	CHECK(rc == 0);
	snprintf(want, sizeof(want),
		 "# imported from %s by wardctl seccomp import\n"
		 "seccomp {\n"
		 "\taction trap\n"
		 "\tallow getrandom if arg0 <= 8\n"
		 "\tdeny getrandom if arg1 == 1\n"
		 "}\n", path);
	if (strcmp(frag, want))
		printf("# got:\n%s", frag);
	CHECK(!strcmp(frag, want));
	free(frag);
	CHECK(!strstr(out, "cannot be expressed"));
	CHECK(strstr(out, ": 0 warnings\n"));
	CHECK(!import_as_policy(path, "", &p, &diag));
	free(diag);
	CHECK(!ward_seccomp_profile(&p.domains[0], &prof));
	/* getrandom if arg0 <= 8 and arg1 != 1 */
	CHECK(!denies(&prof, "getrandom") && !allows(&prof, "getrandom"));
	CHECK(prof.ncond == 1 && !strcmp(prof.cond[0].name, "getrandom"));
	CHECK(prof.cond[0].nargs == 2);
	CHECK(prof.cond[0].args[0].index == 0 &&
	      prof.cond[0].args[0].op == WARD_SC_OP_LE &&
	      prof.cond[0].args[0].value == 8);
	CHECK(prof.cond[0].args[1].index == 1 &&
	      prof.cond[0].args[1].op == WARD_SC_OP_NE &&
	      prof.cond[0].args[1].value == 1);
	ward_seccomp_profile_free(&prof);
	wp_free(&p);
	return 1;
}

/* Is @name in one of the sets @sets? */
static int in_sets(const char *name, __u32 sets)
{
	__u32 bit;

	for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
		const char *const *c = sets & bit ? ward_seccomp_set_calls(bit) : NULL;

		for (; c && *c; c++)
			if (!strcmp(*c, name))
				return 1;
	}
	return 0;
}

/* Write a profile that allows the calls of the sets @sets, errno default. */
static int write_sets_profile(const char *path, __u32 sets)
{
	struct json_object *root = json_object_new_object();
	struct json_object *calls = json_object_new_array();
	struct json_object *e = json_object_new_object();
	struct json_object *names = json_object_new_array();
	__u32 bit;
	int rc;

	for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
		const char *const *c = sets & bit ? ward_seccomp_set_calls(bit) : NULL;

		for (; c && *c; c++)
			json_object_array_add(names, json_object_new_string(*c));
	}
	json_object_object_add(e, "names", names);
	json_object_object_add(e, "action", json_object_new_string("SCMP_ACT_ALLOW"));
	json_object_array_add(calls, e);
	json_object_object_add(root, "defaultAction",
			       json_object_new_string("SCMP_ACT_ERRNO"));
	json_object_object_add(root, "syscalls", calls);
	rc = json_object_to_file(path, root);
	json_object_put(root);
	return rc;
}

/*
 * Naming shell or netserver adds minimal: the import names them only when
 * the profile allows all of minimal too.  A profile with every shell call
 * but not read, write... gave "base shell", which allowed them.
 */
static int import_set_needs_minimal(void)
{
	static const struct {
		__u32 sets;
		const char *base;	/* the base line, or NULL for none */
	} cases[] = {
		{ WARD_SC_SET_SHELL, NULL },
		{ WARD_SC_SET_NETSERVER, NULL },
		{ WARD_SC_SET_SHELL | WARD_SC_SET_NETSERVER, NULL },
		/* positive controls */
		{ WARD_SC_SET_MINIMAL, "\tbase minimal\n" },
		{ WARD_SC_SET_MINIMAL | WARD_SC_SET_SHELL, "\tbase shell\n" },
		{ WARD_SC_SET_ALL, "\tbase shell netserver\n" },
	};
	struct ward_sc_profile prof;
	struct wp_policy p;
	char path[256], *frag, *diag;
	const char *out;
	unsigned int i;
	int rc;

	snprintf(path, sizeof(path), "%s/sets.json", tmpdir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		__u32 bit;

		CHECK(!write_sets_profile(path, cases[i].sets));
		frag = import_text(path, &rc, &out);
		CHECK(rc == 0);
		if (cases[i].base ? !strstr(frag, cases[i].base) :
				    !!strstr(frag, "\tbase"))
			printf("# sets 0x%x: got:\n%s", cases[i].sets, frag);
		CHECK(cases[i].base ? !!strstr(frag, cases[i].base) :
				      !strstr(frag, "\tbase"));
		free(frag);
		CHECK(!import_as_policy(path, "", &p, &diag));
		free(diag);
		CHECK(!ward_seccomp_profile(&p.domains[0], &prof));
		/* exactly the profile's calls, less the high-risk ones */
		for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
			const char *const *c = ward_seccomp_set_calls(bit);

			for (; *c; c++) {
				int want = in_sets(*c, cases[i].sets) &&
					   !ward_seccomp_highrisk_reason(*c);

				if (allows(&prof, *c) != want)
					printf("# sets 0x%x: %s: allowed %d, want %d\n",
					       cases[i].sets, *c, allows(&prof, *c), want);
				CHECK(allows(&prof, *c) == want);
			}
		}
		ward_seccomp_profile_free(&prof);
		wp_free(&p);
	}
	return 1;
}

static int import_syntax_position(void)
{
	char path[256];
	char *err = NULL;
	size_t len = 0;
	FILE *saved = stderr;
	int rc;

	snprintf(path, sizeof(path), "%s/bad2.json", tmpdir);
	CHECK(!write_file(path, "{\n  \"defaultAction\": \"SCMP_ACT_KILL\",\n  \"syscalls\": [ , ]\n}\n"));
	stderr = open_memstream(&err, &len);
	rc = ward_seccomp_import(path, stdout);
	fclose(stderr);
	stderr = saved;
	CHECK(rc != 0);
	CHECK(err);
	{
		char want[300];

		snprintf(want, sizeof(want), "%s:3:17: error: JSON:", path);
		if (!strstr(err, want))
			printf("# got: %s", err);
		CHECK(strstr(err, want));
	}
	free(err);
	return 1;
}

/* ---- BPF ---- */

static int arch_checked_first(void)
{
	struct sock_filter insn[4096];
	struct ward_sc_profile prof;
	struct wp_policy p;
	int fds[2], n;
	unsigned int kill_at;

	CHECK(!profile_of("domain d {\n seccomp {\n  action log\n  base minimal\n }\n}\n",
			  &p, &prof));
	ward_seccomp_profile_free(&prof);
	CHECK(!pipe(fds));
	CHECK(ward_seccomp_export_bpf(&p.domains[0], fds[1]) == 0);
	close(fds[1]);
	n = read(fds[0], insn, sizeof(insn));
	close(fds[0]);
	wp_free(&p);
	CHECK(n > 0 && n % (int)sizeof(insn[0]) == 0);
	n /= sizeof(insn[0]);
	CHECK(n >= 4);
	/* 0: A = seccomp_data.arch */
	CHECK(insn[0].code == (BPF_LD | BPF_W | BPF_ABS));
	CHECK(insn[0].k == offsetof(struct seccomp_data, arch));
	/* 1: if (A != AUDIT_ARCH_X86_64) goto kill */
	CHECK(insn[1].code == (BPF_JMP | BPF_JEQ | BPF_K));
	CHECK(insn[1].k == AUDIT_ARCH_X86_64);
	kill_at = 2 + insn[1].jf;
	CHECK(kill_at < (unsigned int)n);
	/* ... which kills the process, even though the default is log */
	CHECK(insn[kill_at].code == (BPF_RET | BPF_K));
	CHECK(insn[kill_at].k == SECCOMP_RET_KILL_PROCESS);
	/* 2: A = seccomp_data.nr, then x32 numbers are rejected */
	CHECK(insn[2].code == (BPF_LD | BPF_W | BPF_ABS));
	CHECK(insn[2].k == offsetof(struct seccomp_data, nr));
	CHECK(insn[3].code == (BPF_JMP | BPF_JGE | BPF_K));
	CHECK(insn[3].k == 0x40000000);
	return 1;
}

/* ---- the filter at work, in a child ---- */

/* Run fn in a child under the domain's filter; its wait status. */
static int run_confined(const char *text, int (*fn)(void))
{
	struct wp_policy p;
	unsigned int w;
	int status;
	pid_t pid;

	diag_begin();
	if (policy(text, &p, &w)) {
		diag_end();
		return -1;
	}
	diag_end();
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (ward_seccomp_install(&p.domains[0]))
			_exit(100);
		_exit(fn());
	}
	wp_free(&p);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int do_socket(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd >= 0)
		return 0;
	return errno == EPERM ? 1 : 2;
}

static int do_getpid(void)
{
	return syscall(SYS_getpid) > 0 ? 0 : 3;
}

#define MIN(action) "domain d {\n seccomp {\n  action " action "\n  base minimal\n }\n}\n"

static int filter_actions(void)
{
	int st;

	/* kill: socket() kills the process with SIGSYS */
	st = run_confined(MIN("kill"), do_socket);
	CHECK(st != -1);
	if (!WIFSIGNALED(st))
		printf("# kill: status %#x\n", st);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	/* positive control: an allowed call in the same filter */
	st = run_confined(MIN("kill"), do_getpid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* positive control: socket() allowed by netserver */
	st = run_confined("domain d {\n seccomp {\n  base netserver\n }\n}\n",
			  do_socket);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* log: socket() succeeds */
	st = run_confined(MIN("log"), do_socket);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* errno: socket() fails with EPERM */
	st = run_confined(MIN("errno"), do_socket);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	/* trap: SIGSYS (no handler: the process dies of it) */
	st = run_confined(MIN("trap"), do_socket);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	/* deny removes a set's call */
	st = run_confined("domain d {\n seccomp {\n  base minimal\n  deny getpid\n }\n}\n",
			  do_getpid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	return 1;
}

/* ---- argument rules at work, in a child ---- */

static int do_personality_query_only(void)
{
	int fail = 0;

	if (syscall(SYS_personality, 0xffffffffUL) < 0)
		fail |= 1;		/* allowed: arg0 == 0xffffffff */
	if (syscall(SYS_personality, 8UL) != -1 || errno != EPERM)
		fail |= 2;		/* refused: any other value */
	if (syscall(SYS_personality, 0UL) != -1 || errno != EPERM)
		fail |= 4;
	return fail;
}

static int do_personality_no_aslr_off(void)
{
	int fail = 0;

	/* the query 0xffffffff has the bit set too: refused */
	if (syscall(SYS_personality, 0xffffffffUL) != -1 || errno != EPERM)
		fail |= 1;
	if (syscall(SYS_personality, 0UL) < 0)
		fail |= 2;
	if (syscall(SYS_personality, 0x0040000UL) != -1 || errno != EPERM)
		fail |= 4;		/* ADDR_NO_RANDOMIZE */
	if (syscall(SYS_personality, 0x0040008UL) != -1 || errno != EPERM)
		fail |= 8;
	if (syscall(SYS_personality, 8UL) < 0)
		fail |= 16;
	return fail;
}

static int do_personality_free(void)
{
	/* without a filter rule on it: ADDR_NO_RANDOMIZE is settable */
	return syscall(SYS_personality, 0x0040000UL) < 0;
}

static int do_clone_flags(void)
{
	int fail = 0;
	long r;

	r = syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, 0UL, 0UL, 0UL);
	if (r == 0)
		_exit(0);
	if (r < 0 || waitpid(r, NULL, 0) != r)
		fail |= 1;
	/* CLONE_NEWUTS */
	r = syscall(SYS_clone, (unsigned long)(0x04000000 | SIGCHLD), 0UL, 0UL, 0UL, 0UL);
	if (r == 0)
		_exit(0);
	if (r != -1 || errno != EPERM)
		fail |= 2;
	return fail;
}

static int do_vsock(void)
{
	int fail = 0;

	if (socket(40, SOCK_STREAM, 0) != -1 || errno != EPERM)
		fail |= 1;		/* AF_VSOCK: refused by the rule */
	if (socket(AF_UNIX, SOCK_STREAM, 0) < 0)
		fail |= 2;
	if (socket(AF_UNIX, SOCK_DGRAM, 0) < 0)
		fail |= 4;
	return fail;
}

static int args_enforced(void)
{
	int st;

	/* an allow rule: personality(0xffffffff) only */
	st = run_confined("domain d {\n seccomp {\n  action errno\n  base minimal\n"
			  "  allow-highrisk\n  allow personality if arg0 == 0xffffffff\n }\n}\n",
			  do_personality_query_only);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("# query only: status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* positive control: without the filter the same calls succeed */
	CHECK(run_confined("domain d {\n}\n", do_personality_free) == 0);
	/* a deny rule on an allowed call: masked, folded into allow rules */
	st = run_confined("domain d {\n seccomp {\n  action errno\n  base minimal\n"
			  "  allow-highrisk\n  allow personality\n"
			  "  deny personality if arg0 & 0x0040000 == 0x0040000\n }\n}\n",
			  do_personality_no_aslr_off);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("# no aslr off: status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* a masked allow rule: clone without namespace flags */
	st = run_confined("domain d {\n seccomp {\n  action errno\n  base minimal\n"
			  "  allow wait4\n  allow clone if arg0 & 0x7e020000 == 0\n }\n}\n",
			  do_clone_flags);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("# clone: status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* a deny rule narrowing a set: netserver's socket, not AF_VSOCK */
	st = run_confined("domain d {\n seccomp {\n  action errno\n  base netserver\n"
			  "  deny socket if arg0 == 40\n }\n}\n", do_vsock);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("# vsock: status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* kill: a refused argument kills, an allowed one does not */
	st = run_confined("domain d {\n seccomp {\n  action kill\n  base minimal\n"
			  "  allow-highrisk\n  allow personality if arg0 == 0xffffffff\n }\n}\n",
			  do_personality_query_only);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	return 1;
}

/* the shell set runs busybox sh and coreutils-style applets */
static int do_busybox_shell(void)
{
	char *argv[] = { "/bin/busybox", "sh", "-c",
		"set -e; d=$(mktemp -d); cd \"$d\"; pwd >/dev/null; "
		"echo hello > a; cat a | grep -q hello; cp a b; mv b c; "
		"ln -s c d; ls -la . >/dev/null; chmod 600 c; touch e; "
		"mkdir f; find . -type f | sort | wc -l | grep -q 3; "
		"head -n1 c | tail -n1 >/dev/null; sed s/h/j/ a > g; "
		"test \"$(cat g)\" = jello; date >/dev/null; sleep 0; "
		"env >/dev/null; rm -r f; cd /; rm -rf \"$d\"; "
		"(exit 3) || true; kill -0 $$", NULL };

	execv(argv[0], argv);
	return 4;
}

static int shell_set_runs_busybox(void)
{
	int st;

	if (access("/bin/busybox", X_OK)) {
		printf("# SKIP no /bin/busybox (package busybox-static)\n");
		return 1;
	}
	/* positive control first: the script works without a filter */
	st = run_confined("domain d {\n seccomp {\n  action log\n  base shell\n }\n}\n",
			  do_busybox_shell);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = run_confined("domain d {\n seccomp {\n  action kill\n  base shell\n }\n}\n",
			  do_busybox_shell);
	if (!WIFEXITED(st))
		printf("# busybox sh under shell/kill: status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* and minimal is not enough for it */
	st = run_confined("domain d {\n seccomp {\n  action kill\n  base minimal\n }\n}\n",
			  do_busybox_shell);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	return 1;
}

/* the netserver set serves TCP on loopback with epoll */
static int do_tcp_server(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	struct epoll_event ev = { .events = EPOLLIN }, got;
	int ls, cs, as, ep, one = 1;
	char buf[8];

	ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 4) ||
	    getsockname(ls, (struct sockaddr *)&sa, &len))
		return 10;
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.data.fd = ls;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev))
		return 11;
	cs = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cs < 0 || connect(cs, (struct sockaddr *)&sa, sizeof(sa)))
		return 12;
	if (epoll_wait(ep, &got, 1, 5000) != 1 || got.data.fd != ls)
		return 13;
	as = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	if (as < 0 || sendto(cs, "ping", 4, 0, NULL, 0) != 4 ||
	    recvfrom(as, buf, sizeof(buf), 0, NULL, NULL) != 4 ||
	    memcmp(buf, "ping", 4) || shutdown(as, SHUT_RDWR))
		return 14;
	close(as);
	close(cs);
	close(ls);
	close(ep);
	return 0;
}

static int netserver_set_serves_tcp(void)
{
	int st;

	st = run_confined("domain d {\n seccomp {\n  action kill\n  base netserver\n }\n}\n",
			  do_tcp_server);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("# tcp server under netserver/kill: status %#x\n", st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* shell has no sockets */
	st = run_confined("domain d {\n seccomp {\n  action kill\n  base shell\n }\n}\n",
			  do_tcp_server);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	return 1;
}

/* ---- record ---- */

static int record_true(void)
{
	char *argv[] = { "/bin/true", NULL };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int rc;

	rc = ward_seccomp_record(argv, f);
	fclose(f);
	CHECK(rc == 0);
	CHECK(strstr(out, "seccomp {\n"));
	CHECK(strstr(out, " exit_group"));
	CHECK(strstr(out, " execve"));
	/* /bin/true opens no socket */
	CHECK(!strstr(out, " socket"));
	free(out);
	return 1;
}

static int record_children(void)
{
	char *argv[] = { "/bin/sh", "-c",
		"/bin/true; exec 3<>/dev/null; echo x >&3", NULL };
	struct wp_policy p;
	char *out = NULL, *text = NULL;
	size_t len = 0;
	unsigned int w;
	FILE *f = open_memstream(&out, &len);
	int rc;

	rc = ward_seccomp_record(argv, f);
	fclose(f);
	CHECK(rc == 0);
	/* the shell forked and waited: the child's calls are there too */
	CHECK(strstr(out, " wait4"));
	CHECK(strstr(out, " clone") || strstr(out, " vfork") ||
	      strstr(out, " fork"));
	CHECK(strstr(out, " exit_group"));
	/* the output is a valid policy fragment */
	CHECK(asprintf(&text, "domain r {\n%s}\n", strchr(out, '\n') + 1) > 0);
	diag_begin();
	rc = policy(text, &p, &w);
	diag_end();
	CHECK(rc == 0);
	CHECK(p.domains[0].sc_action == WARD_SECCOMP_LOG);
	wp_free(&p);
	free(text);
	free(out);
	return 1;
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	printf("TAP version 13\n1..23\n");
	RUN(sets_resolve);
	RUN(set_minimal);
	RUN(set_shell_netserver);
	RUN(deny_wins);
	RUN(ptrace_rule);
	RUN(check_diagnostics);
	RUN(export_shape);
	RUN(export_import_round_trip);
	RUN(import_docker_shape);
	RUN(import_docker_20_10);
	RUN(import_docker_current);
	RUN(import_caps);
	RUN(import_errors);
	RUN(import_unresolvable_rules);
	RUN(import_set_needs_minimal);
	RUN(import_syntax_position);
	RUN(arch_checked_first);
	RUN(filter_actions);
	RUN(args_enforced);
	RUN(shell_set_runs_busybox);
	RUN(netserver_set_serves_tcp);
	RUN(record_true);
	RUN(record_children);
	printf("%u passed, %u failed\n", passed, failed);
	{
		static const char *const files[] = {
			"rt.json", "bad.json", "bad2.json", "allow.json",
			"config.json", "args.json", "both.json",
			"both-ok.json", "sets.json", NULL
		};
		char path[300];
		unsigned int i;

		for (i = 0; files[i]; i++) {
			snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i]);
			unlink(path);
		}
		rmdir(tmpdir);
	}
	return failed ? 1 : 0;
}
