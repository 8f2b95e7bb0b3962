// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the policy language: parse, check, compile, decode
 * and print (R-PRO, R-LVL).  KTAP on stdout.
 *
 * Usage: policy_test [EXAMPLES_DIR]   (default: $EXAMPLES, then examples)
 */
#define _GNU_SOURCE	/* memmem */
#include <dirent.h>
#include <endian.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "../kmod/validate.h"
#include "ktap.h"

static const char *examples_dir;

/* Diagnostics of one call, captured from wp_diag. */
static char *diag_buf;
static size_t diag_len;

static void diag_start(void)
{
	if (wp_diag)
		fclose(wp_diag);
	free(diag_buf);
	diag_buf = NULL;
	diag_len = 0;
	wp_diag = open_memstream(&diag_buf, &diag_len);
}

/* The diagnostics since diag_start(); may be called more than once. */
static const char *diag_end(void)
{
	if (wp_diag)
		fclose(wp_diag);
	wp_diag = NULL;
	return diag_buf ? diag_buf : "";
}

/* Parse and check @text; returns -1 on error, else the warning count. */
static int parse_check(const char *text, struct wp_policy *p)
{
	unsigned int warnings = 0;

	if (wp_parse_buf("t.ward", text, strlen(text), p))
		return -1;
	if (wp_check(p, &warnings))
		return -1;
	return (int)warnings;
}

static char *print_str(const struct wp_policy *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (wp_print(f, p))
		printf("# wp_print() refused the policy\n");
	fclose(f);
	return s;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	if (fread(buf, 1, n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	fclose(f);
	*len = n;
	return buf;
}

/* ---- round trip of every example ---- */

static void t_roundtrip_text(const char *name, const char *text, size_t len)
{
	struct wp_policy p, q, r;
	void *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	char *t1 = NULL, *t2 = NULL;
	unsigned int w = 0;

	diag_start();
	CHECK(!wp_parse_buf(name, text, len, &p), "parse: %s", diag_end());
	diag_start();
	CHECK(!wp_check(&p, &w), "check: %s", diag_end());
	diag_start();
	CHECK(!wp_compile(&p, &b1, &l1), "compile failed");
	CHECK(!wp_decode(b1, l1, &q), "decode: %s", diag_end());
	/* a decoded tree has no positions: checking it must still work */
	diag_start();
	CHECK(!wp_check(&q, &w), "check of the decoded tree: %s", diag_end());
	diag_end();
	t1 = print_str(&q);
	/* the printed text parses, checks and compiles to the same bytes */
	diag_start();
	CHECK(!wp_parse_buf("printed", t1, strlen(t1), &r), "reparse: %s\n%s",
	      diag_end(), t1);
	diag_start();
	CHECK(!wp_check(&r, &w), "recheck: %s", diag_end());
	diag_end();
	CHECK(!wp_compile(&r, &b2, &l2), "recompile failed");
	CHECK(l1 == l2 && b1 && b2 && !memcmp(b1, b2, l1),
	      "bytes differ (%zu vs %zu)", l1, l2);
	/* printing the parsed tree gives the same text as the decoded one */
	t2 = print_str(&p);
	CHECK(!strcmp(t1, t2), "printed text differs:\n%s\n---\n%s", t1, t2);
	wp_free(&p);
	wp_free(&q);
	wp_free(&r);
	free(b1);
	free(b2);
	free(t1);
	free(t2);
}

static void t_example(const void *arg)
{
	char path[4096];
	size_t len;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", examples_dir, (const char *)arg);
	text = slurp(path, &len);
	CHECK(text, "cannot read %s", path);
	if (text)
		t_roundtrip_text(path, text, len);
	free(text);
}

/* ---- syntax and semantic errors: LINE:COL of the offending token ---- */

struct bad {
	const char *text;
	const char *want;	/* prefix of the first diagnostic, after "t.ward:" */
};

#define D(body) "domain a {\n" body "}\n"
#define SC(body) D("  seccomp {\n" body "  }\n")

static const struct bad bad_inputs[] = {
	/* lexical */
	{ "domain a {\n  mode enforce;\n}\n", "2:15: error: invalid character ';'" },
	{ "domain a {\n  mount allow tmp/fs\n}\n", "2:18: error: invalid character '/'" },
	{ "domain a {\n\tmode \"x\"\n}\n", "2:7: error: invalid character '\"'" },
	{ "domain a {\n  mode \x01\n}\n", "2:8: error: invalid character '\\x01'" },
	/* top level */
	{ "frobnicate\n", "1:1: error: unknown statement 'frobnicate'" },
	{ "# c\n\n   mode enforce\n", "3:4: error: 'mode' outside of a domain" },
	{ "}\n", "1:1: error: unexpected '}' outside of a domain" },
	{ "domain\n", "1:7: error: expected a domain name after 'domain'" },
	{ "domain a\n}\n", "1:9: error: expected '{' after 'domain a'" },
	{ "domain a b\n}\n", "1:10: error: expected '{' after 'domain a', found 'b'" },
	{ "domain a { x\n}\n", "1:12: error: unexpected 'x' after '{'" },
	{ "domain A {\n}\n", "1:8: error: invalid domain name 'A'" },
	{ "domain -a {\n}\n", "1:8: error: invalid domain name '-a'" },
	{ "domain a2345678901234567890123456789012 {\n}\n",
	  "1:8: error: domain name 'a2345678901234567890123456789012' is too long (at most 31 characters)" },
	{ "domain a {\n  mode enforce\n", "1:10: error: missing '}': domain 'a' is never closed" },
	{ "domain a {\ndomain b {\n}\n", "2:1: error: missing '}' before 'domain'" },
	{ "domain a {\n}\n}\n", "3:1: error: unexpected '}' outside of a domain" },
	{ "domain a {\n} x\n", "2:3: error: unexpected 'x' after '}'" },
	{ "default\n", "1:8: error: expected a domain name after 'default'" },
	{ "default b\ndomain a {\n}\n", "1:9: error: default domain 'b' is not defined" },
	{ "domain a {\n}\ndefault a\ndefault a\n", "4:1: error: duplicate 'default' statement (first at line 3)" },
	{ "default a b\ndomain a {\n}\n", "1:11: error: unexpected 'b' after 'a'" },
	{ D("  default a\n"), "2:3: error: 'default' inside a domain" },
	/* domain statements */
	{ D("  frob\n"), "2:3: error: unknown statement 'frob' in domain 'a'" },
	{ D("  mode\n"), "2:7: error: expected enforce or complain after 'mode'" },
	{ D("  mode enforcing\n"), "2:8: error: unknown value 'enforcing' for 'mode'" },
	{ D("  mode enforce complain\n"), "2:16: error: unexpected 'complain' after 'mode enforce'" },
	{ D("  mode enforce\n  mode complain\n"), "3:3: error: duplicate 'mode' statement (first at line 2)" },
	{ D("  mount\n"), "2:8: error: expected 'deny' or 'allow FSTYPE...' after 'mount'" },
	{ D("  mount maybe\n"), "2:9: error: unknown value 'maybe' for 'mount'" },
	{ D("  mount deny tmpfs\n"), "2:14: error: unexpected 'tmpfs' after 'deny'" },
	{ D("  mount allow\n"), "2:14: error: expected a filesystem type after 'mount allow'" },
	{ D("  mount deny\n  mount allow tmpfs\n"), "3:3: error: duplicate 'mount' statement" },
	{ D("  mount allow tmpfs Ext4\n"), "2:21: error: invalid filesystem type 'Ext4'" },
	{ D("  mount allow tmpfs proc\n"), "2:21: error: 'proc' is a protected filesystem" },
	{ D("  mount allow sysfs\n"), "2:15: error: 'sysfs' is a protected filesystem" },
	{ D("  mount allow tmpfs cgroup2\n"), "2:21: error: 'cgroup2' is a protected filesystem" },
	{ D("  mount allow securityfs\n"), "2:15: error: 'securityfs' is a protected filesystem" },
	{ D("  mount allow tracefs\n"), "2:15: error: 'tracefs' is a protected filesystem" },
	{ D("  mount allow tmpfs mqueue tmpfs\n"), "2:28: error: filesystem type 'tmpfs' listed twice" },
	{ D("  mount allow a1 a2 a3 a4 a5 a6 a7 a8 a9 b1 b2 b3 b4 b5 b6 b7 b8\n"),
	  "2:63: error: too many filesystem types in domain 'a' (at most 16)" },
	{ D("  ptrace all\n"), "2:10: error: unknown value 'all' for 'ptrace'" },
	{ D("  ptrace none\n  ptrace domain\n"), "3:3: error: duplicate 'ptrace' statement" },
	{ D("  ptrace-from-host never\n"), "2:20: error: unknown value 'never' for 'ptrace-from-host'" },
	{ D("  kernel-state maybe\n"), "2:16: error: unknown value 'maybe' for 'kernel-state'" },
	{ D("  kernel-state deny\n  kernel-state allow\n"), "3:3: error: duplicate 'kernel-state'" },
	{ D("  memory rwx\n"), "2:10: error: unknown value 'rwx' for 'memory'" },
	{ D("  modules allow\n"), "2:11: error: 'modules allow' is not possible" },
	{ D("  modules\n"), "2:10: error: expected deny after 'modules'" },
	{ D("  modules deny\n  modules deny\n"), "3:3: error: duplicate 'modules' statement" },
	{ "domain a {\n}\ndomain b {\n}\ndomain a {\n}\n",
	  "5:8: error: duplicate domain 'a' (first defined at line 1)" },
	/* seccomp */
	{ D("  seccomp\n  }\n"), "2:10: error: expected '{' after 'seccomp'" },
	{ "domain a {\n  seccomp {\n", "2:11: error: missing '}': the seccomp block of domain 'a' is never closed" },
	{ SC("    action die\n"), "3:12: error: unknown value 'die' for 'action'" },
	{ SC("    action kill\n    action log\n"), "4:5: error: duplicate 'action' statement" },
	{ SC("    base\n"), "3:9: error: expected a set name after 'base'" },
	{ SC("    base minimal desktop\n"), "3:18: error: unknown seccomp set 'desktop'" },
	{ SC("    base minimal minimal\n"), "3:18: error: set 'minimal' named twice" },
	{ SC("    allow\n"), "3:10: error: expected a system call name after 'allow'" },
	{ SC("    allow read Write\n"), "3:16: error: invalid system call name 'Write'" },
	{ SC("    allow read read\n"), "3:16: error: system call 'read' listed twice" },
	{ SC("    allow read\n    deny read\n"), "4:10: error: system call 'read' is both allowed and denied" },
	{ SC("    allow-highrisk now\n"), "3:20: error: unexpected 'now' after 'allow-highrisk'" },
	{ SC("    mount deny\n"), "3:5: error: unknown seccomp statement 'mount'" },
	{ D("  seccomp {\n  }\n  seccomp {\n  }\n"), "4:3: error: duplicate 'seccomp' statement" },
	{ SC("    allow no_such_call\n"), "3:11: error: unknown system call 'no_such_call'" },
	/* seccomp argument rules */
	{ SC("    allow socket if\n"), "3:20: error: expected a condition (arg0 to arg5) after 'if'" },
	{ SC("    allow if arg0 == 1\n"), "3:11: error: expected a system call name after 'allow'" },
	{ SC("    allow socket if arg6 == 1\n"), "3:21: error: expected arg0 to arg5, found 'arg6'" },
	{ SC("    allow socket if domain == 1\n"), "3:21: error: expected arg0 to arg5, found 'domain'" },
	{ SC("    allow socket if arg0\n"), "3:25: error: expected a comparison (== != < <= > >=, or & MASK ==) after 'arg0'" },
	{ SC("    allow socket if arg0 = 1\n"), "3:26: error: invalid character '='" },
	{ SC("    allow socket if arg0 ! 1\n"), "3:26: error: invalid character '!'" },
	{ SC("    allow socket if arg0 is 1\n"), "3:26: error: expected a comparison (== != < <= > >=, or & MASK ==), found 'is'" },
	{ SC("    allow socket if arg0 ==\n"), "3:28: error: expected a number after '=='" },
	{ SC("    allow socket if arg0 == AF_UNIX\n"), "3:29: error: invalid number 'AF_UNIX'" },
	{ SC("    allow socket if arg0 == 010\n"), "3:29: error: invalid number '010'" },
	{ SC("    allow socket if arg0 == 0x1g\n"), "3:29: error: invalid number '0x1g'" },
	{ SC("    allow socket if arg0 == 18446744073709551616\n"), "3:29: error: invalid number '18446744073709551616'" },
	{ SC("    allow socket if arg0 == 0x10000000000000000\n"), "3:29: error: invalid number '0x10000000000000000'" },
	{ SC("    allow clone if arg0 & 0x10\n"), "3:31: error: expected '==' after '& 0x10'" },
	{ SC("    allow clone if arg0 & 0x10 != 0\n"), "3:32: error: expected '==' after '& 0x10', found '!='" },
	{ SC("    allow clone if arg0 & == 0\n"), "3:27: error: invalid number '=='" },
	{ SC("    allow socket if arg0 == 1 arg1 == 2\n"), "3:31: error: expected 'and' or the end of the line, found 'arg1'" },
	{ SC("    allow socket if arg0 == 1 and\n"), "3:34: error: expected a condition (arg0 to arg5) after 'and'" },
	{ SC("    allow socket if arg0 == 1 and arg0 == 2\n"), "3:35: error: arg0 is compared twice in one rule" },
	{ SC("    allow Socket if arg0 == 1\n"), "3:11: error: invalid system call name 'Socket'" },
	{ SC("    allow no_such_call if arg0 == 1\n"), "3:11: error: unknown system call 'no_such_call'" },
	{ SC("    allow socket\n    allow socket if arg0 != 40\n"),
	  "4:11: error: system call 'socket' is allowed unconditionally" },
	{ SC("    deny socket\n    allow socket if arg0 != 40\n"),
	  "4:11: error: system call 'socket' is denied unconditionally: this allow rule" },
	{ SC("    deny socket\n    deny socket if arg0 == 40\n"),
	  "4:10: error: system call 'socket' is denied unconditionally: this deny rule" },
	{ SC("    base netserver\n    deny socket if arg0 == 40\n    deny socket if arg0 == 16\n"),
	  "5:10: error: the rules of 'socket' cannot be expressed with libseccomp" },
	{ "domain a {\n  seccomp {\n    allow read if arg0 == 1\n  }\n  seccomp {\n  }\n}\n",
	  "5:3: error: duplicate 'seccomp' statement" },
	/* bind */
	{ "bind\n", "1:5: error: expected a cgroup path pattern after 'bind'" },
	{ "bind /docker/*\n", "1:15: error: expected a domain name after 'bind /docker/*'" },
	{ "bind /docker/* b\ndomain a {\n}\n", "1:16: error: bind: domain 'b' is not defined" },
	{ "bind /docker/* A\ndomain a {\n}\n", "1:16: error: invalid domain name 'A'" },
	{ "bind /docker/* a x\ndomain a {\n}\n", "1:18: error: unexpected 'x' after 'a'" },
	{ "bind docker/* a\ndomain a {\n}\n", "1:6: error: invalid cgroup path pattern 'docker/*'" },
	{ "bind / a\ndomain a {\n}\n", "1:6: error: invalid cgroup path pattern '/'" },
	{ "bind /docker//x a\ndomain a {\n}\n", "1:14: error: invalid cgroup path pattern '/docker//x'" },
	{ "bind /docker/x/ a\ndomain a {\n}\n", "1:16: error: invalid cgroup path pattern '/docker/x/'" },
	{ "bind /docker/../x a\ndomain a {\n}\n", "1:14: error: invalid cgroup path pattern '/docker/../x'" },
	{ "bind /a/./x a\ndomain a {\n}\n", "1:9: error: invalid cgroup path pattern '/a/./x'" },
	{ "bind /kubepods/**x/y a\ndomain a {\n}\n", "1:16: error: invalid cgroup path pattern '/kubepods/**x/y'" },
	{ "bind /a/b\x01c a\ndomain a {\n}\n", "1:9: error: invalid cgroup path pattern" },
	{ "domain a {\n  bind /x a\n}\n", "2:3: error: 'bind' inside a domain (missing '}'?)" },
};

static void t_bad(const void *arg)
{
	const struct bad *b = arg;
	struct wp_policy p;
	char want[512];
	const char *got;
	int ret;

	diag_start();
	ret = parse_check(b->text, &p);
	got = diag_end();
	snprintf(want, sizeof(want), "t.ward:%s", b->want);
	CHECK(ret == -1, "accepted:\n%s", b->text);
	CHECK(!strncmp(got, want, strlen(want)), "want '%s', got '%s'", want, got);
	wp_free(&p);
}

/* ---- warnings (R-LVL) ---- */

struct warn {
	const char *text;
	const char *want;	/* must appear in the diagnostics */
	int count;		/* number of warnings, -1: at least one */
};

static const struct warn warn_inputs[] = {
	{ D("  mode complain\n"), "t.ward:2:3: warning: domain 'a' is in complain mode", 1 },
	{ D("  memory wx-allow\n"), "t.ward:2:3: warning: 'memory wx-allow'", 1 },
	{ D("  ptrace domain\n"), "t.ward:2:3: warning: 'ptrace domain'", 1 },
	{ D("  kernel-state allow\n"), "t.ward:2:3: warning: 'kernel-state allow'", 1 },
	{ D("  mount allow tmpfs ext4\n"), "t.ward:2:21: warning: mounting 'ext4' grants raw disk access", 1 },
	{ D("  mount allow xfs\n"), "t.ward:2:15: warning: mounting 'xfs' grants raw disk access", 1 },
	{ D("  mount allow tmpfs mqueue devpts ramfs hugetlbfs\n"),
	  "t.ward:2:3: warning: 'mount allow' lists 5 filesystem types", 1 },
	{ "default a\n" D("  mode complain\n"),
	  "t.ward:1:1: warning: the default domain 'a' is in complain mode", 2 },
	{ SC("    base minimal\n    allow-highrisk\n"), "allow-highrisk", -1 },
	{ SC("    action log\n    base minimal\n"), "action log", -1 },
	/* no warning for what is not over-broad */
	{ D("  mode enforce\n  mount allow tmpfs mqueue\n  ptrace none\n"
	    "  ptrace-from-host allow\n  memory wx-deny\n  modules deny\n"
	    "  kernel-state deny\n"), "", 0 },
	{ D("  ptrace-from-host deny\n"), "", 0 },
	/* bind patterns (R-LVL) */
	{ "bind /** a\n" D(""), "t.ward:1:6: warning: bind pattern '/**' is over-broad (R-LVL): it matches every cgroup", 1 },
	{ "bind /* a\n" D(""), "t.ward:1:6: warning: bind pattern '/*' is over-broad (R-LVL): it matches every top-level cgroup", 1 },
	{ "bind /?* a\n" D(""), "t.ward:1:6: warning: bind pattern '/?*' is over-broad (R-LVL): it matches every top-level cgroup", 1 },
	{ "bind /*/docker-*.scope a\n" D(""), "t.ward:1:6: warning: bind pattern '/*/docker-*.scope' is over-broad (R-LVL): its first component is only a wildcard", 1 },
	{ "bind /**/cri-containerd-*.scope a\n" D(""), "its first component is only a wildcard", 1 },
	{ "bind /docker/* a\nbind /x a\nbind /docker/* a\n" D(""),
	  "t.ward:3:6: warning: bind pattern '/docker/*' never applies: line 1 has the same pattern", 1 },
	{ "bind /system.slice/docker-*.scope a\nbind /kubepods.slice/**/cri-containerd-*.scope a\n"
	  "bind /docker/* a\nbind /d*/x a\n" D(""), "", 0 },
	/* argument rules */
	{ SC("    base minimal\n    deny socket if arg0 == 40\n"),
	  "t.ward:4:10: warning: deny rule for 'socket' has no effect", 1 },
	{ SC("    base minimal\n    allow personality if arg0 == 0\n"),
	  "t.ward:4:11: warning: 'personality' is high-risk (can switch off address space randomization) and will be denied whatever its conditions", 1 },
	{ SC("    base minimal\n    allow socket if arg0 != 40\n    deny getpid if arg0 == 1\n"
	     "    allow clone if arg0 & 0x7e020000 == 0\n"), "", 0 },
};

static void t_warn(const void *arg)
{
	const struct warn *w = arg;
	struct wp_policy p;
	const char *got;
	int ret;

	diag_start();
	ret = parse_check(w->text, &p);
	got = diag_end();
	CHECK(ret >= 0, "rejected: %s", got);
	CHECK(strstr(got, w->want), "want '%s' in '%s'", w->want, got);
	if (w->count >= 0)
		CHECK(ret == w->count, "%d warnings, want %d: %s", ret, w->count, got);
	else
		CHECK(ret >= 1, "no warning");
	CHECK(!strstr(got, "error"), "an error: %s", got);
	wp_free(&p);
}

/* ---- accepted syntax ---- */

static const char *const good_inputs[] = {
	"",
	"# only a comment\n\n   \t\n",
	"domain a {\n}\n",
	"domain a {   # comment\n}   # comment\n",
	"domain a {\r\n  mode complain\r\n}\r\n",
	"domain a {\n  mode enforce\n}",				/* no final newline */
	"domain a{\n}\n",						/* brace glued */
	"domain a {\n}\ndefault a\n",					/* default after */
	"domain a {\n\tmemory wx-strict\n}\n",				/* printed back as wx-strict */
	"domain x.y-z_9 {\n  mount allow tmpfs\n}\n",
	"domain a2345678901234567890123456789 {\n}\n",			/* 31 chars */
	SC("    allow read\n    allow write\n    deny chmod\n    deny fchmod\n"),
	SC(""),
	/* argument rules: every operator, hex and decimal, several names */
	SC("    allow socket if arg0 != 40\n    allow read write if arg0 < 3 and arg2 <= 4096\n"
	   "    allow personality if arg0 == 0xffffffff\n    allow getpid if arg1 >= 0x10000 and arg5 > 18446744073709551615\n"
	   "    allow clone if arg0 & 0x7E020000 == 0\n    allow dup if arg0&0xff==0x0f\n"),
	SC("    base shell\n    deny kill if arg1 == 9\n    deny clone if arg0 & 0x10000000 == 0x10000000\n"),
	SC("    allow socket if arg0==1 and arg1!=2 and arg2<3 and arg3<=4 and arg4>5 and arg5>=6\n"),
	/* bind */
	"bind /system.slice/docker-*.scope a\nbind /kubepods/**/x a\n" D(""),
	"domain a {\n}\nbind /machine.slice/libpod-?*.scope a   # comment\n",
	"bind /user.slice/user-1000.slice/user@1000.service/user.slice/libpod-*.scope a\n" D(""),
};

static void t_good(const void *arg)
{
	const char *text = *(const char *const *)arg;
	struct wp_policy p;
	const char *got;
	int ret;

	diag_start();
	ret = parse_check(text, &p);
	got = diag_end();
	CHECK(ret >= 0, "rejected '%s': %s", text, got);
	if (ret >= 0)
		t_roundtrip_text("good", text, strlen(text));
	wp_free(&p);
}

/* ---- compiler output, field by field against uapi/ward.h ---- */

static const char compile_src[] =
	"# two domains\n"
	"domain web {\n"
	"  mode complain\n"
	"  mount allow tmpfs mqueue\n"
	"  ptrace domain\n"
	"  ptrace-from-host deny\n"
	"  memory wx-allow\n"
	"  kernel-state allow\n"
	"  seccomp {\n"
	"    action errno\n"
	"    base minimal netserver\n"
	"    allow socket connect\n"
	"    deny chmod\n"
	"    allow-highrisk\n"
	"  }\n"
	"}\n"
	"domain db {\n"
	"}\n"
	"default db\n";

static int all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return 0;
	return 1;
}

static int padded_name(const char *n, const char *want)
{
	size_t l = strlen(want);

	return !memcmp(n, want, l) && all_zero(n + l, WARD_NAME_LEN - l);
}

static void t_compile_fields(const void *arg)
{
	const struct ward_policy_header *h;
	const struct ward_domain_rec *r;
	const struct ward_name *names;
	struct wp_policy p;
	size_t len = 0;
	void *blob = NULL;

	(void)arg;
	diag_start();
	CHECK(parse_check(compile_src, &p) >= 0, "%s", diag_end());
	diag_end();
	CHECK(!wp_compile(&p, &blob, &len), "compile");
	if (!blob)
		return;
	CHECK(sizeof(*h) == 48 && sizeof(*r) == 104, "struct sizes %zu %zu",
	      sizeof(*h), sizeof(*r));
	CHECK(len == sizeof(*h) + 2 * sizeof(*r) + 5 * WARD_NAME_LEN, "len %zu", len);
	h = blob;
	CHECK(!memcmp(blob, "WARD", 4), "magic bytes");
	CHECK(le32toh(h->magic) == WARD_POLICY_MAGIC, "magic");
	CHECK(le16toh(h->abi_version) == WARD_ABI_VERSION, "abi_version");
	CHECK(le16toh(h->header_size) == sizeof(*h), "header_size");
	CHECK(le32toh(h->total_size) == len, "total_size");
	CHECK(h->flags == 0, "flags");
	CHECK(le32toh(h->domain_count) == 2, "domain_count");
	CHECK(le32toh(h->domain_size) == sizeof(*r), "domain_size");
	CHECK(le32toh(h->default_domain) == 1, "default_domain");
	CHECK(le32toh(h->name_count) == 5, "name_count");
	CHECK(le32toh(h->bind_size) == sizeof(struct ward_bind_rec) && !h->bind_count, "bind table");
	CHECK(le32toh(h->sc_rule_size) == sizeof(struct ward_sc_rule) && !h->sc_rule_count, "sc rule table");

	r = (const void *)((const char *)blob + sizeof(*h));
	names = (const void *)((const char *)blob + sizeof(*h) + 2 * sizeof(*r));
	/* web */
	CHECK(padded_name(r[0].name, "web"), "name web");
	CHECK(le32toh(r[0].mode) == WARD_MODE_COMPLAIN, "mode");
	CHECK(le32toh(r[0].mount) == WARD_MOUNT_ALLOW, "mount");
	CHECK(le32toh(r[0].ptrace) == WARD_PTRACE_DOMAIN, "ptrace");
	CHECK(le32toh(r[0].flags) ==
	      (WARD_DOM_HOST_PTRACE_DENY | WARD_DOM_KSTATE_ALLOW), "flags %u",
	      le32toh(r[0].flags));
	CHECK(le32toh(r[0].fstypes.first) == 0 && le32toh(r[0].fstypes.count) == 2,
	      "fstypes range");
	CHECK(le32toh(r[0].sc_action) == WARD_SECCOMP_ERRNO, "sc_action");
	CHECK(le32toh(r[0].sc_sets) == (WARD_SC_SET_MINIMAL | WARD_SC_SET_NETSERVER),
	      "sc_sets");
	CHECK(le32toh(r[0].sc_flags) == WARD_SC_ALLOW_HIGHRISK, "sc_flags");
	CHECK(le32toh(r[0].sc_allow.first) == 2 && le32toh(r[0].sc_allow.count) == 2,
	      "sc_allow range");
	CHECK(le32toh(r[0].sc_deny.first) == 4 && le32toh(r[0].sc_deny.count) == 1,
	      "sc_deny range");
	CHECK(r[0].reserved0 == 0 && all_zero(r[0].reserved, sizeof(r[0].reserved)),
	      "reserved");
	/* db: every default */
	CHECK(padded_name(r[1].name, "db"), "name db");
	CHECK(r[1].mode == 0 && r[1].mount == 0 && r[1].ptrace == 0, "db defaults");
	CHECK(le32toh(r[1].flags) == WARD_DOM_WX_DENY, "db flags");
	CHECK(le32toh(r[1].sc_action) == WARD_SECCOMP_NONE && !r[1].sc_sets &&
	      !r[1].sc_flags, "db seccomp");
	CHECK(all_zero(&r[1].fstypes, sizeof(r[1].fstypes)) &&
	      all_zero(&r[1].sc_allow, sizeof(r[1].sc_allow)) &&
	      all_zero(&r[1].sc_deny, sizeof(r[1].sc_deny)), "db empty ranges");
	CHECK(r[1].reserved0 == 0 && all_zero(r[1].reserved, sizeof(r[1].reserved)),
	      "db reserved");
	/* the name table */
	CHECK(padded_name(names[0].name, "tmpfs"), "name 0");
	CHECK(padded_name(names[1].name, "mqueue"), "name 1");
	CHECK(padded_name(names[2].name, "socket"), "name 2");
	CHECK(padded_name(names[3].name, "connect"), "name 3");
	CHECK(padded_name(names[4].name, "chmod"), "name 4");
	wp_free(&p);
	free(blob);
}

static void t_compile_deterministic(const void *arg)
{
	struct wp_policy p, q;
	void *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;

	(void)arg;
	diag_start();
	CHECK(parse_check(compile_src, &p) >= 0 && parse_check(compile_src, &q) >= 0,
	      "parse");
	diag_end();
	CHECK(!wp_compile(&p, &a, &la) && !wp_compile(&q, &b, &lb), "compile");
	CHECK(la == lb && a && b && !memcmp(a, b, la), "two compiles differ");
	wp_free(&p);
	wp_free(&q);
	free(a);
	free(b);
}

static void t_empty_policy(const void *arg)
{
	const struct ward_policy_header *h;
	struct wp_policy p;
	void *blob = NULL;
	size_t len = 0;

	(void)arg;
	CHECK(parse_check("# nothing\n", &p) == 0, "parse");
	CHECK(!wp_compile(&p, &blob, &len), "compile");
	CHECK(len == sizeof(*h), "len %zu", len);
	h = blob;
	if (h)
		CHECK(le32toh(h->default_domain) == WARD_NO_DOMAIN &&
		      h->domain_count == 0 && h->name_count == 0, "header");
	wp_free(&p);
	free(blob);
}

/*
 * A seccomp name that is a word of the language (found by make fuzz): the
 * kernel accepts "if" in a blob (it does not know the language), but
 * "allow if" or "deny if if arg0 == 1" would not parse back, and the
 * language has no quoting: wp_print() prints nothing and says why, for
 * the name in a list (@arg "list") and in an argument rule ("rule").
 * Positive control: the same blob with the name "zz" prints and reparses.
 */
static void t_print_keyword_name(const void *arg)
{
	static const char list_src[] =
		"domain d {\n seccomp {\n  action kill\n  allow read zz\n }\n}\n";
	static const char rule_src[] =
		"domain d {\n seccomp {\n  action kill\n  allow read\n"
		"  deny zz if arg0 == 1\n }\n}\n";
	static const char want_err[] =
		"<loaded policy>: error: domain d: seccomp names the system call 'if', a word of the policy language: the policy cannot be written as policy text (no such system call exists; wardctl check refuses the name)\n";
	const char *src = !strcmp(arg, "list") ? list_src : rule_src;
	struct wp_policy p, q;
	char *text = NULL, *zz;
	size_t tlen = 0, len = 0;
	void *blob = NULL;
	FILE *f;
	int rc;

	diag_start();
	CHECK(!wp_parse_buf("t.ward", src, strlen(src), &p), "parse: %s",
	      diag_end());
	diag_end();
	CHECK(!wp_compile(&p, &blob, &len), "compile failed");
	wp_free(&p);
	if (!blob)
		return;

	/* positive control: "zz" prints, and the text parses back */
	CHECK(!ward_validate(blob, len), "the kernel refuses the blob");
	CHECK(!wp_decode(blob, len, &p), "decode refused");
	f = open_memstream(&text, &tlen);
	diag_start();
	rc = wp_print(f, &p);
	fclose(f);
	CHECK(rc == 0, "print refused: %s", diag_end());
	diag_end();
	wp_free(&p);
	CHECK(text && strstr(text, !strcmp(arg, "list") ?
			     "\t\tallow read zz\n" :
			     "\t\tdeny zz if arg0 == 1\n"), "got:\n%s", text);
	diag_start();
	CHECK(text && !wp_parse_buf("shown", text, tlen, &q), "reparse: %s",
	      diag_end());
	diag_end();
	wp_free(&q);
	free(text);

	/* "zz" becomes "if" in the blob: the kernel and the decoder accept it */
	zz = memmem(blob, len, "zz", 3);
	CHECK(zz, "no name zz in the blob");
	if (!zz) {
		free(blob);
		return;
	}
	memcpy(zz, "if", 3);
	CHECK(!ward_validate(blob, len), "the kernel refuses the blob");
	CHECK(!wp_decode(blob, len, &p), "decode refused");
	text = NULL;
	tlen = 0;
	f = open_memstream(&text, &tlen);
	diag_start();
	rc = wp_print(f, &p);
	fclose(f);
	CHECK(rc == -1, "printed:\n%s", text);
	CHECK(tlen == 0, "printed %zu bytes", tlen);
	CHECK(!strcmp(diag_end(), want_err), "diagnostic: %s", diag_end());
	free(text);
	wp_free(&p);
	free(blob);
}

static void t_canonical_text(const void *arg)
{
	static const char want[] =
		"default db\n"
		"\n"
		"domain web {\n"
		"\tmode complain\n"
		"\tmount allow tmpfs mqueue\n"
		"\tptrace domain\n"
		"\tptrace-from-host deny\n"
		"\tmemory wx-allow\n"
		"\tmodules deny\n"
		"\tkernel-state allow\n"
		"\tseccomp {\n"
		"\t\taction errno\n"
		"\t\tbase minimal netserver\n"
		"\t\tallow socket connect\n"
		"\t\tdeny chmod\n"
		"\t\tallow-highrisk\n"
		"\t}\n"
		"}\n"
		"\n"
		"domain db {\n"
		"\tmode enforce\n"
		"\tmount deny\n"
		"\tptrace none\n"
		"\tptrace-from-host allow\n"
		"\tmemory wx-deny\n"
		"\tmodules deny\n"
		"\tkernel-state deny\n"
		"}\n";
	struct wp_policy p;
	char *s;

	(void)arg;
	diag_start();
	CHECK(parse_check(compile_src, &p) >= 0, "parse");
	diag_end();
	s = print_str(&p);
	CHECK(!strcmp(s, want), "got:\n%s", s);
	free(s);
	wp_free(&p);
}

/* ---- long lists wrap and still round-trip ---- */

static void t_long_list(const void *arg)
{
	static const char *const calls[] = {
		"read", "write", "openat", "close", "fstat", "lseek", "mmap",
		"mprotect", "munmap", "brk", "rt_sigaction", "rt_sigprocmask",
		"ioctl", "pread64", "pwrite64", "readv", "writev", "access",
		"pipe", "select", "sched_yield", "mremap", "msync", "mincore",
		"madvise", "dup", "dup2", "pause", "nanosleep", "getitimer",
	};
	char text[4096] = "domain a {\n  seccomp {\n    allow";
	unsigned int i;

	(void)arg;
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		strcat(text, " ");
		strcat(text, calls[i]);
	}
	strcat(text, "\n  }\n}\n");
	t_roundtrip_text("long", text, strlen(text));
}

/* ---- limits that need generated input ---- */

static void t_too_many_domains(const void *arg)
{
	char *text = malloc(65 * 32 + 1), *t = text;
	struct wp_policy p;
	const char *got;
	unsigned int i;

	(void)arg;
	for (i = 0; i < 65; i++)
		t += sprintf(t, "domain d%u {\n}\n", i);
	diag_start();
	CHECK(parse_check(text, &p) == -1, "65 domains accepted");
	got = diag_end();
	CHECK(!strncmp(got, "t.ward:129:8: error: too many domains (at most 64)", 50),
	      "got '%s'", got);
	wp_free(&p);
	/* 64 are fine: cut the text before the 65th */
	*strstr(text, "domain d64 {") = 0;
	diag_start();
	CHECK(parse_check(text, &p) == 0, "64 domains: %s", diag_end());
	diag_end();
	CHECK(p.ndomains == 64, "%u domains", p.ndomains);
	wp_free(&p);
	free(text);
}

static void t_too_many_syscalls(const void *arg)
{
	char *text = malloc(600 * 16 + 64), *t = text;
	struct wp_policy p;
	unsigned int i, col = 0;
	char want[128];
	const char *got;

	(void)arg;
	t += sprintf(t, "domain a {\nseccomp {\nallow");
	col = strlen("allow") + 1;
	for (i = 0; i < 513; i++) {
		if (i == 512)
			snprintf(want, sizeof(want),
				 "t.ward:3:%u: error: too many system calls in domain 'a' (at most 512)",
				 col + 1);
		t += sprintf(t, " c%u", i);
		col += 1 + snprintf(NULL, 0, "c%u", i);
	}
	sprintf(t, "\n}\n}\n");
	diag_start();
	CHECK(parse_check(text, &p) == -1, "513 calls accepted");
	got = diag_end();
	CHECK(!strncmp(got, want, strlen(want)), "want '%s' got '%.200s'", want, got);
	wp_free(&p);
	free(text);
}

/* ---- bind records and argument rules, field by field ---- */

static const char rules_src[] =
	"bind /system.slice/docker-*.scope web\n"
	"domain web {\n"
	"  seccomp {\n"
	"    action errno\n"
	"    allow read\n"
	"    deny chmod\n"
	"    allow socket if arg0 != 40\n"
	"    allow clone if arg0 & 0x7e020000 == 0 and arg1 >= 5\n"
	"  }\n"
	"}\n"
	"domain db {\n"
	"  seccomp {\n"
	"    base minimal\n"
	"    deny getpid if arg0 == 7\n"
	"  }\n"
	"}\n"
	"bind /kubepods.slice/**/cri-containerd-*.scope db\n";

static void t_compile_binds_rules(const void *arg)
{
	const struct ward_policy_header *h;
	const struct ward_domain_rec *r;
	const struct ward_name *names;
	const struct ward_bind_rec *b;
	const struct ward_sc_rule *sr;
	struct wp_policy p;
	size_t len = 0;
	void *blob = NULL;

	(void)arg;
	diag_start();
	CHECK(parse_check(rules_src, &p) >= 0, "%s", diag_end());
	diag_end();
	CHECK(!wp_compile(&p, &blob, &len), "compile");
	if (!blob)
		return;
	CHECK(sizeof(*b) == 264 && sizeof(*sr) == 160, "struct sizes %zu %zu",
	      sizeof(*b), sizeof(*sr));
	CHECK(len == sizeof(*h) + 2 * sizeof(*r) + 5 * WARD_NAME_LEN +
	      2 * sizeof(*b) + 3 * sizeof(*sr), "len %zu", len);
	h = blob;
	CHECK(le32toh(h->name_count) == 5, "name_count %u", le32toh(h->name_count));
	CHECK(le32toh(h->bind_count) == 2, "bind_count");
	CHECK(le32toh(h->sc_rule_count) == 3, "sc_rule_count");
	r = (const void *)(h + 1);
	names = (const void *)(r + 2);
	b = (const void *)(names + 5);
	sr = (const void *)(b + 2);
	/* names: web read chmod socket clone, db getpid */
	CHECK(padded_name(names[0].name, "read") && padded_name(names[1].name, "chmod") &&
	      padded_name(names[2].name, "socket") && padded_name(names[3].name, "clone") &&
	      padded_name(names[4].name, "getpid"), "name table");
	CHECK(le32toh(r[0].sc_rules.first) == 0 && le32toh(r[0].sc_rules.count) == 2,
	      "web rules range");
	CHECK(le32toh(r[1].sc_rules.first) == 2 && le32toh(r[1].sc_rules.count) == 1,
	      "db rules range");
	/* binds, in file order */
	CHECK(!strcmp(b[0].pattern, "/system.slice/docker-*.scope") &&
	      all_zero(b[0].pattern + 28, WARD_PATTERN_LEN - 28), "bind 0 pattern");
	CHECK(le32toh(b[0].domain) == 0 && !b[0].flags, "bind 0 domain");
	CHECK(!strcmp(b[1].pattern, "/kubepods.slice/**/cri-containerd-*.scope") &&
	      le32toh(b[1].domain) == 1 && !b[1].flags, "bind 1");
	/* rules */
	CHECK(le32toh(sr[0].syscall) == 2 && le32toh(sr[0].action) == WARD_SC_RULE_ALLOW &&
	      le32toh(sr[0].arg_count) == 1 && !sr[0].reserved, "rule 0");
	CHECK(le32toh(sr[0].args[0].index) == 0 && le32toh(sr[0].args[0].op) == WARD_SC_OP_NE &&
	      le64toh(sr[0].args[0].value) == 40 && !sr[0].args[0].value2, "rule 0 arg");
	CHECK(all_zero(&sr[0].args[1], 5 * sizeof(sr[0].args[0])), "rule 0 unused args");
	CHECK(le32toh(sr[1].syscall) == 3 && le32toh(sr[1].arg_count) == 2, "rule 1");
	CHECK(le32toh(sr[1].args[0].op) == WARD_SC_OP_MASKED_EQ &&
	      le64toh(sr[1].args[0].value) == 0x7e020000 && !sr[1].args[0].value2,
	      "rule 1 masked");
	CHECK(le32toh(sr[1].args[1].index) == 1 && le32toh(sr[1].args[1].op) == WARD_SC_OP_GE &&
	      le64toh(sr[1].args[1].value) == 5, "rule 1 arg1");
	CHECK(le32toh(sr[2].syscall) == 4 && le32toh(sr[2].action) == WARD_SC_RULE_DENY &&
	      le32toh(sr[2].args[0].op) == WARD_SC_OP_EQ && le64toh(sr[2].args[0].value) == 7,
	      "rule 2");
	wp_free(&p);
	free(blob);
}

static void t_canonical_binds_rules(const void *arg)
{
	static const char want[] =
		"bind /system.slice/docker-*.scope web\n"
		"bind /kubepods.slice/**/cri-containerd-*.scope db\n"
		"\n"
		"domain web {\n"
		"\tmode enforce\n"
		"\tmount deny\n"
		"\tptrace none\n"
		"\tptrace-from-host allow\n"
		"\tmemory wx-deny\n"
		"\tmodules deny\n"
		"\tkernel-state deny\n"
		"\tseccomp {\n"
		"\t\taction errno\n"
		"\t\tallow read\n"
		"\t\tdeny chmod\n"
		"\t\tallow socket if arg0 != 40\n"
		"\t\tallow clone if arg0 & 0x7e020000 == 0 and arg1 >= 5\n"
		"\t}\n"
		"}\n"
		"\n"
		"domain db {\n"
		"\tmode enforce\n"
		"\tmount deny\n"
		"\tptrace none\n"
		"\tptrace-from-host allow\n"
		"\tmemory wx-deny\n"
		"\tmodules deny\n"
		"\tkernel-state deny\n"
		"\tseccomp {\n"
		"\t\taction kill\n"
		"\t\tbase minimal\n"
		"\t\tdeny getpid if arg0 == 7\n"
		"\t}\n"
		"}\n";
	struct wp_policy p;
	char *s;

	(void)arg;
	diag_start();
	CHECK(parse_check(rules_src, &p) >= 0, "parse");
	diag_end();
	s = print_str(&p);
	CHECK(!strcmp(s, want), "got:\n%s", s);
	free(s);
	wp_free(&p);
	t_roundtrip_text("rules", rules_src, strlen(rules_src));
}

/* The limits: 256 bind statements, 1024 argument rules per policy. */
static void t_bind_rule_limits(const void *arg)
{
	char *text = malloc(1100 * 48), *t = text;
	struct wp_policy p;
	const char *got;
	unsigned int i;

	(void)arg;
	t += sprintf(t, "domain a {\n}\n");
	for (i = 0; i < 257; i++)
		t += sprintf(t, "bind /c%u a\n", i);
	diag_start();
	CHECK(parse_check(text, &p) == -1, "257 binds accepted");
	got = diag_end();
	CHECK(!strncmp(got, "t.ward:259:6: error: too many bind statements (at most 256)", 59),
	      "got '%.200s'", got);
	wp_free(&p);
	*strstr(text, "bind /c256 a") = 0;
	diag_start();
	CHECK(parse_check(text, &p) == 0, "256 binds: %.200s", diag_end());
	diag_end();
	wp_free(&p);

	t = text;
	t += sprintf(t, "domain a {\nseccomp {\n");
	for (i = 0; i < 1025; i++)
		t += sprintf(t, "allow %s if arg0 == %u\n",
			     (const char *const []){ "read", "write", "close",
				"openat", "getpid" }[i % 5], i);
	sprintf(t, "}\n}\n");
	diag_start();
	CHECK(parse_check(text, &p) == -1, "1025 rules accepted");
	got = diag_end();
	CHECK(strstr(got, "t.ward:1027:7: error: too many seccomp argument rules (at most 1024"),
	      "got '%.200s'", got);
	wp_free(&p);
	/* and at most 256 libseccomp rules for one call */
	t = text;
	t += sprintf(t, "domain a {\nseccomp {\n");
	for (i = 0; i < 257; i++)
		t += sprintf(t, "allow read if arg0 == %u\n", i);
	sprintf(t, "}\n}\n");
	diag_start();
	CHECK(parse_check(text, &p) == -1, "257 rules for read accepted");
	got = diag_end();
	CHECK(!strncmp(got, "t.ward:259:7: error: too many rules for 'read' (at most 256", 59),
	      "got '%.200s'", got);
	wp_free(&p);
	free(text);
}

/* the decoder refuses malformed bind records and argument rules */
enum rmut {
	R_PATTERN, R_PATTERN_PAD, R_BIND_DOMAIN, R_BIND_FLAGS, R_SYSCALL,
	R_ACTION, R_ARGCOUNT0, R_ARGCOUNT7, R_RESERVED, R_OP0, R_OP8, R_INDEX,
	R_DUP_INDEX, R_VALUE2, R_UNUSED_ARG, R_RANGE, R_BIND_COUNT, R_NOACTION,
	R_COUNT
};

static const char *const rmut_names[] = {
	"pattern", "pattern padding", "bind domain", "bind flags",
	"rule syscall", "rule action", "rule arg_count 0", "rule arg_count 7",
	"rule reserved", "rule op 0", "rule op 8", "rule arg index",
	"rule duplicate index", "rule value2", "rule unused arg",
	"rule range", "bind_count", "rules without seccomp action",
};

static void t_decode_bad_rules(const void *arg)
{
	enum rmut m = (enum rmut)(long)arg;
	struct ward_policy_header *h;
	struct ward_domain_rec *r;
	struct ward_bind_rec *b;
	struct ward_sc_rule *sr;
	struct wp_policy p;
	void *blob = NULL;
	size_t len = 0;

	diag_start();
	CHECK(parse_check(rules_src, &p) >= 0, "parse");
	diag_end();
	CHECK(!wp_compile(&p, &blob, &len), "compile");
	wp_free(&p);
	if (!blob)
		return;
	diag_start();
	CHECK(!wp_decode(blob, len, &p), "clean blob refused: %s", diag_end());
	diag_end();
	CHECK(p.nbinds == 2 && p.domains[0].sc_nrules == 2 &&
	      p.domains[1].sc_nrules == 1, "decoded counts");
	wp_free(&p);

	h = blob;
	r = (void *)(h + 1);
	b = (void *)((char *)(r + 2) + 5 * WARD_NAME_LEN);
	sr = (void *)(b + 2);
	switch (m) {
	case R_PATTERN: b[0].pattern[1] = '/'; break;
	case R_PATTERN_PAD: b[0].pattern[200] = 'x'; break;
	case R_BIND_DOMAIN: b[1].domain = htole32(2); break;
	case R_BIND_FLAGS: b[0].flags = htole32(1); break;
	case R_SYSCALL: sr[0].syscall = htole32(5); break;
	case R_ACTION: sr[0].action = htole32(3); break;
	case R_ARGCOUNT0: sr[0].arg_count = 0; break;
	case R_ARGCOUNT7: sr[0].arg_count = htole32(7); break;
	case R_RESERVED: sr[2].reserved = htole32(1); break;
	case R_OP0: sr[0].args[0].op = 0; break;
	case R_OP8: sr[0].args[0].op = htole32(8); break;
	case R_INDEX: sr[0].args[0].index = htole32(6); break;
	case R_DUP_INDEX: sr[1].args[1].index = 0; break;
	case R_VALUE2: sr[0].args[0].value2 = htole64(1); break;
	case R_UNUSED_ARG: sr[0].args[3].value = htole64(1); break;
	case R_RANGE: r[1].sc_rules.count = htole32(2); break;
	case R_BIND_COUNT: h->bind_count = htole32(3); break;
	case R_NOACTION: r[0].sc_action = 0; r[0].sc_allow.count = 0;
		r[0].sc_deny.count = 0; break;
	case R_COUNT: break;
	}
	diag_start();
	CHECK(wp_decode(blob, len, &p) == -1, "accepted");
	CHECK(strstr(diag_end(), "malformed policy blob"), "message: %s", diag_buf);
	free(blob);
}

/* ---- the decoder refuses malformed blobs ---- */

enum mutation {
	M_MAGIC, M_VERSION, M_HSIZE, M_TOTAL, M_FLAGS, M_HRESERVED, M_DSIZE,
	M_DEFAULT, M_TRUNC, M_MODE, M_PTRACE, M_DFLAGS, M_MOUNT, M_SCACTION,
	M_SCSETS, M_SCFLAGS, M_RESERVED0, M_RESERVED, M_RANGE, M_RANGE_MAX,
	M_NAME_PAD, M_NAME_NUL, M_NAME_CHAR, M_DUP_DOMAIN, M_PROTECTED,
	M_FSTYPES_NOALLOW, M_SC_NOACTION, M_WX_STRICT_ONLY, M_COUNT
};

static const char *const mutation_names[] = {
	"magic", "abi_version", "header_size", "total_size", "flags",
	"header reserved", "domain_size", "default_domain", "truncated",
	"mode", "ptrace", "domain flags", "mount flags", "sc_action", "sc_sets",
	"sc_flags", "reserved0", "reserved", "range out of table",
	"range too long", "name not padded", "name not terminated",
	"name character", "duplicate domain", "protected fstype",
	"fstypes without mount allow", "seccomp lists without action",
	"wx-strict without wx-deny",
};

static void t_decode_bad(const void *arg)
{
	enum mutation m = (enum mutation)(long)arg;
	struct ward_policy_header *h;
	struct ward_domain_rec *r;
	struct ward_name *names;
	struct wp_policy p;
	void *blob = NULL;
	size_t len = 0;

	diag_start();
	CHECK(parse_check(compile_src, &p) >= 0, "parse");
	diag_end();
	CHECK(!wp_compile(&p, &blob, &len), "compile");
	wp_free(&p);
	if (!blob)
		return;
	/* unmodified, it decodes */
	diag_start();
	CHECK(!wp_decode(blob, len, &p), "clean blob refused: %s", diag_end());
	wp_free(&p);

	h = blob;
	r = (void *)((char *)blob + sizeof(*h));
	names = (void *)((char *)blob + sizeof(*h) + 2 * sizeof(*r));
	switch (m) {
	case M_MAGIC: h->magic ^= 1; break;
	case M_VERSION: h->abi_version = htole16(WARD_ABI_VERSION + 1); break;
	case M_HSIZE: h->header_size = htole16(44); break;
	case M_TOTAL: h->total_size = htole32(len + 1); break;
	case M_FLAGS: h->flags = htole32(1); break;
	case M_HRESERVED: h->bind_size = htole32(1); break;
	case M_DSIZE: h->domain_size = htole32(108); break;
	case M_DEFAULT: h->default_domain = htole32(2); break;
	case M_TRUNC: len -= 1; break;
	case M_MODE: r[1].mode = htole32(2); break;
	case M_PTRACE: r[1].ptrace = htole32(2); break;
	case M_DFLAGS: r[1].flags = htole32(1U << 31); break;
	case M_MOUNT: r[1].mount = htole32(2); break;
	case M_SCACTION: r[0].sc_action = htole32(5); break;
	case M_SCSETS: r[0].sc_sets = htole32(1U << 3); break;
	case M_SCFLAGS: r[0].sc_flags = htole32(2); break;
	case M_RESERVED0: r[0].reserved0 = htole32(1); break;
	case M_RESERVED: r[1].reserved[1] = htole32(1); break;
	case M_RANGE: r[0].sc_deny.first = htole32(5); break;
	case M_RANGE_MAX: r[0].fstypes.count = htole32(WARD_MAX_FSTYPES + 1); break;
	case M_NAME_PAD: names[0].name[10] = 'x'; break;
	case M_NAME_NUL: memset(names[1].name, 'a', WARD_NAME_LEN); break;
	case M_NAME_CHAR: names[2].name[0] = 'S'; break;
	case M_DUP_DOMAIN: memcpy(r[1].name, "web", 4); break;
	case M_PROTECTED: memcpy(names[1].name, "proc\0\0", 6); break;
	case M_FSTYPES_NOALLOW: r[0].mount = 0; break;
	case M_SC_NOACTION: r[0].sc_action = 0; break;
	case M_WX_STRICT_ONLY: r[1].flags = htole32(WARD_DOM_WX_STRICT); break;
	case M_COUNT: break;
	}
	diag_start();
	CHECK(wp_decode(blob, len, &p) == -1, "accepted");
	CHECK(strstr(diag_end(), "malformed policy blob"), "message: %s", diag_buf);
	free(blob);
}

/* ---- mutated inputs never crash and never load garbage ---- */

static unsigned int rnd_state = 12345;

static unsigned int rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

static void t_mutate_text(const void *arg)
{
	static const char alphabet[] = "{}#\n \tadz09_.-A;";
	char path[4096], *text, *m;
	size_t len;
	int round;

	snprintf(path, sizeof(path), "%s/%s", examples_dir, (const char *)arg);
	text = slurp(path, &len);
	CHECK(text, "cannot read %s", path);
	if (!text)
		return;
	m = malloc(len + 1);
	for (round = 0; round < 2000; round++) {
		struct wp_policy p;
		void *blob;
		size_t blen;
		int n;

		memcpy(m, text, len + 1);
		for (n = 1 + rnd() % 4; n; n--)
			m[rnd() % len] = alphabet[rnd() % (sizeof(alphabet) - 1)];
		diag_start();
		if (!parse_check(m, &p) || 1) {
			/* whatever parses and checks must compile to a valid blob */
			if (p.ndomains && !wp_check(&p, NULL)) {
				CHECK(!wp_compile(&p, &blob, &blen),
				      "a checked policy does not compile:\n%s", m);
				free(blob);
			}
		}
		diag_end();
		wp_free(&p);
	}
	free(m);
	free(text);
}

static void t_mutate_blob(const void *arg)
{
	struct wp_policy p;
	void *blob = NULL;
	unsigned char *m;
	size_t len = 0;
	int round, accepted = 0;

	diag_start();
	CHECK(parse_check(arg, &p) >= 0, "parse");
	diag_end();
	CHECK(!wp_compile(&p, &blob, &len), "compile");
	wp_free(&p);
	if (!blob)
		return;
	m = malloc(len);
	for (round = 0; round < 5000; round++) {
		int n;

		memcpy(m, blob, len);
		for (n = 1 + rnd() % 3; n; n--)
			m[rnd() % len] ^= 1U << (rnd() % 8);
		diag_start();
		if (!wp_decode(m, len, &p)) {
			void *again;
			size_t alen;

			/* what decodes prints, compiles and decodes the same */
			accepted++;
			CHECK(!wp_compile(&p, &again, &alen), "decoded but no compile");
			free(again);
			wp_free(&p);
		}
		diag_end();
	}
	printf("# %d of 5000 mutated blobs were still valid\n", accepted);
	free(m);
	free(blob);
}

/* ---- the protected list and the block device list ---- */

static void t_fstype_tables(const void *arg)
{
	static const char *const protected[] = {
		"proc", "sysfs", "cgroup", "cgroup2", "securityfs", "debugfs",
		"tracefs", "bpf", "configfs", "efivarfs", "pstore",
		"binfmt_misc", "fusectl", "selinuxfs", "smackfs", "rpc_pipefs",
		"autofs", "nsfs", "devtmpfs", "resctrl", "xenfs", "gadgetfs",
		"ibmasmfs", "ipathfs", "ocfs2_dlmfs",
	};
	static const char *const allowed[] = {
		"tmpfs", "mqueue", "devpts", "ramfs", "hugetlbfs", "overlay",
		"fuse", "ext4",
	};
	unsigned int i;

	(void)arg;
	for (i = 0; i < sizeof(protected) / sizeof(protected[0]); i++)
		CHECK(wp_fstype_protected(protected[i]), "%s", protected[i]);
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		CHECK(!wp_fstype_protected(allowed[i]), "%s", allowed[i]);
	CHECK(wp_fstype_blockdev("ext4") && wp_fstype_blockdev("vfat") &&
	      wp_fstype_blockdev("btrfs") && !wp_fstype_blockdev("tmpfs"),
	      "block device list");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char name[160];
	struct dirent *de;
	char *files[64];
	unsigned int i, nfiles = 0;
	DIR *dir;

	examples_dir = argc > 1 ? argv[1] : getenv("EXAMPLES");
	if (!examples_dir)
		examples_dir = "examples";
	dir = opendir(examples_dir);
	while (dir && (de = readdir(dir)) && nfiles < 64) {
		size_t l = strlen(de->d_name);

		if (l > 5 && !strcmp(de->d_name + l - 5, ".ward"))
			files[nfiles++] = strdup(de->d_name);
	}
	if (dir)
		closedir(dir);
	qsort(files, nfiles, sizeof(files[0]), cmp_str);
	if (!nfiles)
		ktap_add(t_example, "no-example-found.ward", "example: none found");
	for (i = 0; i < nfiles; i++) {
		snprintf(name, sizeof(name), "example %s round trip", files[i]);
		ktap_add(t_example, files[i], name);
	}
	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		snprintf(name, sizeof(name), "error %u at %.*s", i + 1,
			 (int)strcspn(bad_inputs[i].want, " "), bad_inputs[i].want);
		ktap_add(t_bad, &bad_inputs[i], name);
	}
	for (i = 0; i < sizeof(warn_inputs) / sizeof(warn_inputs[0]); i++) {
		snprintf(name, sizeof(name), "warning %u", i + 1);
		ktap_add(t_warn, &warn_inputs[i], name);
	}
	for (i = 0; i < sizeof(good_inputs) / sizeof(good_inputs[0]); i++) {
		snprintf(name, sizeof(name), "accepted syntax %u", i + 1);
		ktap_add(t_good, &good_inputs[i], name);
	}
	ktap_add(t_too_many_domains, NULL, "error: too many domains");
	ktap_add(t_too_many_syscalls, NULL, "error: too many system calls");
	ktap_add(t_compile_fields, NULL, "compile: every field against uapi");
	ktap_add(t_compile_deterministic, NULL, "compile: deterministic");
	ktap_add(t_empty_policy, NULL, "compile: empty policy");
	ktap_add(t_canonical_text, NULL, "print: canonical text");
	ktap_add(t_long_list, NULL, "print: long lists wrap and round-trip");
	ktap_add(t_print_keyword_name, "list", "print: refuses 'if' in a seccomp name list");
	ktap_add(t_print_keyword_name, "rule", "print: refuses 'if' as a seccomp rule's name");
	for (i = 0; i < M_COUNT; i++) {
		snprintf(name, sizeof(name), "decode refuses: %s", mutation_names[i]);
		ktap_add(t_decode_bad, (void *)(long)i, name);
	}
	ktap_add(t_compile_binds_rules, NULL, "compile: bind records and argument rules against uapi");
	ktap_add(t_canonical_binds_rules, NULL, "print: bind and argument rules, canonical and round trip");
	ktap_add(t_bind_rule_limits, NULL, "error: too many binds, too many argument rules");
	for (i = 0; i < R_COUNT; i++) {
		snprintf(name, sizeof(name), "decode refuses: %s", rmut_names[i]);
		ktap_add(t_decode_bad_rules, (void *)(long)i, name);
	}
	ktap_add(t_fstype_tables, NULL, "fstype tables");
	ktap_add(t_mutate_text, "docker-default.ward", "mutated policy text");
	ktap_add(t_mutate_blob, compile_src, "mutated blobs");
	ktap_add(t_mutate_blob, rules_src, "mutated blobs with binds and argument rules");
	return ktap_run();
}
