// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the JSON output (json_out.c) of "wardctl status --json"
 * and "wardctl events --json": kernel lines in (in the formats of
 * kmod/fs.c, kmod/report.c and kmod/domain.c), the exact JSON text out,
 * and every output parsed back with json-c's parser in strict mode with
 * UTF-8 validation, so that it is JSON, not only text that looks like it.
 * Untrusted strings: every byte string survives the trip through JSON
 * text and a parser unchanged (a string, or the array of its bytes).
 * KTAP on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "wardctl.h"
#include "ktap.h"

/*
 * Parse @text strictly (no trailing characters, valid UTF-8); the object
 * or NULL with the reason printed.
 */
static struct json_object *parse(const char *text)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	size_t len = strlen(text);

	if (!tok)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		printf("# not JSON (%s): %s\n",
		       json_tokener_error_desc(json_tokener_get_error(tok)), text);
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/*
 * Check that @o prints as @want, that the text parses back, and that the
 * parsed object prints the same.
 */
static void check_text(struct json_object *o, const char *want)
{
	struct json_object *back;
	const char *text;

	CHECK(o, "no object");
	if (!o)
		return;
	text = ward_json_text(o);
	CHECK(!strcmp(text, want), "\n#  got  %s\n#  want %s", text, want);
	back = parse(text);
	CHECK(back, "does not parse back");
	if (back)
		CHECK(!strcmp(ward_json_text(back), text),
		      "round trip: %s", ward_json_text(back));
	CHECK(!strchr(text, '\n'), "a newline in the output");
	json_object_put(back);
}

/* ---- events ---- */

struct ev_case {
	const char *name;
	const char *line;
	const char *json;
};

#define EV "seq=7 op=mount domain=web mode=enforce verdict=deny pid=4242 comm=sh exe=/bin/busybox errno=13"

static const struct ev_case ev_cases[] = {
	{ "event: mount with its object fields", EV " fstype=tmpfs path=/mnt",
	  "{\"type\":\"event\",\"seq\":7,\"op\":\"mount\",\"domain\":\"web\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":4242,"
	  "\"comm\":\"sh\",\"exe\":\"/bin/busybox\",\"errno\":13,"
	  "\"errno_name\":\"EACCES\","
	  "\"object\":{\"fstype\":\"tmpfs\",\"path\":\"/mnt\"}}" },
	{ "event: empty object (the kernel's trailing space)", EV " ",
	  "{\"type\":\"event\",\"seq\":7,\"op\":\"mount\",\"domain\":\"web\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":4242,"
	  "\"comm\":\"sh\",\"exe\":\"/bin/busybox\",\"errno\":13,"
	  "\"errno_name\":\"EACCES\",\"object\":{}}" },
	{ "event: control refusal of a host task, complain-free",
	  "seq=18446744073709551615 op=control domain=- mode=enforce verdict=deny pid=1 comm=ward?audit?x exe=- errno=1 file=status reason=capability",
	  "{\"type\":\"event\",\"seq\":18446744073709551615,\"op\":\"control\","
	  "\"domain\":\"-\",\"mode\":\"enforce\",\"verdict\":\"deny\","
	  "\"pid\":1,\"comm\":\"ward?audit?x\",\"exe\":\"-\",\"errno\":1,"
	  "\"errno_name\":\"EPERM\","
	  "\"object\":{\"file\":\"status\",\"reason\":\"capability\"}}" },
	{ "event: complain mode, a value with '=' in it kept whole",
	  "seq=0 op=module_request domain=d mode=complain verdict=allow pid=9 comm=modprobe exe=/sbin/kmod errno=97 module=net-pf-29=x",
	  "{\"type\":\"event\",\"seq\":0,\"op\":\"module_request\","
	  "\"domain\":\"d\",\"mode\":\"complain\",\"verdict\":\"allow\","
	  "\"pid\":9,\"comm\":\"modprobe\",\"exe\":\"/sbin/kmod\","
	  "\"errno\":97,\"errno_name\":\"EAFNOSUPPORT\","
	  "\"object\":{\"module\":\"net-pf-29=x\"}}" },
	{ "event: object key \"type\" does not clash with the record type",
	  EV " type=tmpfs",
	  "{\"type\":\"event\",\"seq\":7,\"op\":\"mount\",\"domain\":\"web\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":4242,"
	  "\"comm\":\"sh\",\"exe\":\"/bin/busybox\",\"errno\":13,"
	  "\"errno_name\":\"EACCES\",\"object\":{\"type\":\"tmpfs\"}}" },
	{ "event: UTF-8 path stays a string",
	  EV " path=/mnt/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x90\xb3",
	  "{\"type\":\"event\",\"seq\":7,\"op\":\"mount\",\"domain\":\"web\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":4242,"
	  "\"comm\":\"sh\",\"exe\":\"/bin/busybox\",\"errno\":13,"
	  "\"errno_name\":\"EACCES\",\"object\":{\"path\":"
	  "\"/mnt/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x90\xb3\"}}" },
	{ "event: non-UTF-8 comm and exe become byte arrays",
	  "seq=1 op=kexec domain=q mode=enforce verdict=deny pid=5 comm=a\xff exe=/t/\xe9 errno=13 ",
	  "{\"type\":\"event\",\"seq\":1,\"op\":\"kexec\",\"domain\":\"q\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":5,"
	  "\"comm\":[97,255],\"exe\":[47,116,47,233],\"errno\":13,"
	  "\"errno_name\":\"EACCES\",\"object\":{}}" },
	{ "event: DEL, backslash and slash are exact",
	  EV " path=/a\\b\x7f",
	  "{\"type\":\"event\",\"seq\":7,\"op\":\"mount\",\"domain\":\"web\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":4242,"
	  "\"comm\":\"sh\",\"exe\":\"/bin/busybox\",\"errno\":13,"
	  "\"errno_name\":\"EACCES\",\"object\":{\"path\":\"/a\\\\b\x7f\"}}" },
	{ "event: unknown errno has name \"?\"",
	  "seq=2 op=bpf domain=d mode=enforce verdict=deny pid=3 comm=c exe=- errno=9999 cmd=5",
	  "{\"type\":\"event\",\"seq\":2,\"op\":\"bpf\",\"domain\":\"d\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":3,\"comm\":\"c\","
	  "\"exe\":\"-\",\"errno\":9999,\"errno_name\":\"?\","
	  "\"object\":{\"cmd\":\"5\"}}" },
	{ "lost: its own record type", "lost 300",
	  "{\"type\":\"lost\",\"lost\":300}" },
	{ "lost: 64-bit count", "lost 18446744073709551615",
	  "{\"type\":\"lost\",\"lost\":18446744073709551615}" },
	/* what is not in the documented form is passed on whole */
	{ "unparsed: lost with a sign", "lost -1",
	  "{\"type\":\"unparsed\",\"line\":\"lost -1\"}" },
	{ "unparsed: lost with trailing text", "lost 1 x",
	  "{\"type\":\"unparsed\",\"line\":\"lost 1 x\"}" },
	{ "unparsed: lost with a trailing space", "lost 1 ",
	  "{\"type\":\"unparsed\",\"line\":\"lost 1 \"}" },
	{ "unparsed: seq beyond 64 bits",
	  "seq=18446744073709551616 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=1",
	  "{\"type\":\"unparsed\",\"line\":\"seq=18446744073709551616 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=1\"}" },
	{ "unparsed: seq with a leading zero",
	  "seq=07 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=1",
	  "{\"type\":\"unparsed\",\"line\":\"seq=07 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=1\"}" },
	{ "unparsed: pid -0",
	  "seq=7 op=x domain=d mode=enforce verdict=deny pid=-0 comm=c exe=- errno=1",
	  "{\"type\":\"unparsed\",\"line\":\"seq=7 op=x domain=d mode=enforce verdict=deny pid=-0 comm=c exe=- errno=1\"}" },
	{ "event: negative errno kept",
	  "seq=7 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=-5",
	  "{\"type\":\"event\",\"seq\":7,\"op\":\"x\",\"domain\":\"d\","
	  "\"mode\":\"enforce\",\"verdict\":\"deny\",\"pid\":1,\"comm\":\"c\","
	  "\"exe\":\"-\",\"errno\":-5,\"errno_name\":\"?\",\"object\":{}}" },
	{ "unparsed: fields out of order",
	  "op=x seq=1 domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=1",
	  "{\"type\":\"unparsed\",\"line\":\"op=x seq=1 domain=d mode=enforce verdict=deny pid=1 comm=c exe=- errno=1\"}" },
	{ "unparsed: errno missing",
	  "seq=1 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=-",
	  "{\"type\":\"unparsed\",\"line\":\"seq=1 op=x domain=d mode=enforce verdict=deny pid=1 comm=c exe=-\"}" },
	{ "unparsed: pid not a number",
	  "seq=1 op=x domain=d mode=enforce verdict=deny pid=1x comm=c exe=- errno=1",
	  "{\"type\":\"unparsed\",\"line\":\"seq=1 op=x domain=d mode=enforce verdict=deny pid=1x comm=c exe=- errno=1\"}" },
	{ "unparsed: object key twice", EV " path=/a path=/b",
	  "{\"type\":\"unparsed\",\"line\":\"" EV " path=/a path=/b\"}" },
	{ "unparsed: object field without '=' (truncated)", EV " path=/a pa",
	  "{\"type\":\"unparsed\",\"line\":\"" EV " path=/a pa\"}" },
	{ "unparsed: object key not [a-z0-9_]", EV " Path=/a",
	  "{\"type\":\"unparsed\",\"line\":\"" EV " Path=/a\"}" },
	{ "unparsed: empty object key", EV " =/a",
	  "{\"type\":\"unparsed\",\"line\":\"" EV " =/a\"}" },
	{ "unparsed: two spaces", EV "  path=/a",
	  "{\"type\":\"unparsed\",\"line\":\"" EV "  path=/a\"}" },
	{ "unparsed: quotes and control characters escaped",
	  "x\"y\\z\x01\t\x1f/",
	  "{\"type\":\"unparsed\",\"line\":\"x\\\"y\\\\z\\u0001\\t\\u001f/\"}" },
	{ "unparsed: non-UTF-8 line as bytes", "lost \xc0\xaf",
	  "{\"type\":\"unparsed\",\"line\":[108,111,115,116,32,192,175]}" },
	{ "unparsed: empty line", "",
	  "{\"type\":\"unparsed\",\"line\":\"\"}" },
};

static void t_event(const void *arg)
{
	const struct ev_case *c = arg;
	struct json_object *o = ward_json_event(c->line);

	check_text(o, c->json);
	json_object_put(o);
}

/* ---- untrusted strings: exact for every byte string ---- */

/* The bytes @o stands for (a string, or an array of bytes) into @buf. */
static int bytes_of(struct json_object *o, char *buf, size_t len)
{
	size_t i, n;

	if (json_object_is_type(o, json_type_string)) {
		if ((size_t)json_object_get_string_len(o) >= len)
			return -1;
		memcpy(buf, json_object_get_string(o),
		       json_object_get_string_len(o) + 1);
		return 0;
	}
	if (!json_object_is_type(o, json_type_array))
		return -1;
	n = json_object_array_length(o);
	if (n >= len)
		return -1;
	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(o, i);
		int v = json_object_get_int(b);

		if (!json_object_is_type(b, json_type_int) || v < 1 || v > 255)
			return -1;
		buf[i] = (char)v;
	}
	buf[n] = '\0';
	return 0;
}

/* Whether @s goes through ward_json_str(), text and a parser unchanged. */
static int str_exact(const char *s, int want_string)
{
	struct json_object *o = ward_json_str(s), *back;
	char got[1024];
	int ok;

	if (!o)
		return 0;
	back = parse(ward_json_text(o));
	ok = back && !bytes_of(back, got, sizeof(got)) && !strcmp(got, s) &&
	     (want_string < 0 ||
	      json_object_is_type(back, json_type_string) == want_string);
	if (!ok)
		printf("# not exact: %s\n", ward_json_text(o));
	json_object_put(back);
	json_object_put(o);
	return ok;
}

static void t_utf8_edges(const void *arg)
{
	(void)arg;
	/* valid: strings */
	CHECK(str_exact("plain", 1), "ascii");
	CHECK(str_exact("\xc2\x80\xdf\xbf", 1), "2-byte bounds");
	CHECK(str_exact("\xe0\xa0\x80\xef\xbf\xbf", 1), "3-byte bounds");
	CHECK(str_exact("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 1), "4-byte bounds");
	CHECK(str_exact("\xed\x9f\xbf\xee\x80\x80", 1), "around surrogates");
	CHECK(str_exact("\x01\x1f\"\\/\x7f", 1), "escapes");
	/* invalid: byte arrays */
	CHECK(str_exact("\x80", 0), "lone continuation");
	CHECK(str_exact("\xc0\xaf", 0), "overlong 2");
	CHECK(str_exact("\xc1\xbf", 0), "overlong 2 (c1)");
	CHECK(str_exact("\xe0\x9f\xbf", 0), "overlong 3");
	CHECK(str_exact("\xf0\x8f\xbf\xbf", 0), "overlong 4");
	CHECK(str_exact("\xed\xa0\x80", 0), "surrogate");
	CHECK(str_exact("\xf4\x90\x80\x80", 0), "above 10FFFF");
	CHECK(str_exact("\xf5\x80\x80\x80", 0), "f5");
	CHECK(str_exact("a\xe2\x82", 0), "truncated at the end");
	CHECK(str_exact("\xe2\x82x", 0), "truncated in the middle");
	CHECK(str_exact("\xfe\xff", 0), "fe ff");
}

/* Random byte strings: each one exact (a fixed seed: repeatable). */
static void t_random_strings(const void *arg)
{
	unsigned int i, j, seed = 11, bad = 0;
	char s[64];

	(void)arg;
	for (i = 0; i < 20000 && bad < 5; i++) {
		unsigned int len = 1 + rand_r(&seed) % (sizeof(s) - 1);

		for (j = 0; j < len; j++) {
			/* half of the strings mostly ASCII, half any byte */
			unsigned int b = rand_r(&seed) % (i & 1 ? 255 : 128);

			s[j] = (char)(b + 1);
		}
		s[len] = '\0';
		if (!str_exact(s, -1))
			bad++;
	}
	CHECK(!bad, "%u strings not exact", bad);
}

/* Random event lines: whatever the bytes, one line of strict JSON. */
static void t_random_events(const void *arg)
{
	unsigned int i, j, seed = 6, bad = 0;
	char line[600];

	(void)arg;
	for (i = 0; i < 5000 && bad < 5; i++) {
		size_t n = (size_t)snprintf(line, sizeof(line), "%s", EV " ");
		unsigned int len = rand_r(&seed) % 64;
		struct json_object *o, *back;

		for (j = 0; j < len; j++) {
			unsigned int b = rand_r(&seed) % 8;

			line[n++] = b == 0 ? ' ' : b == 1 ? '=' :
				    (char)(1 + rand_r(&seed) % 255);
		}
		line[n] = '\0';
		o = ward_json_event(line);
		back = o ? parse(ward_json_text(o)) : NULL;
		if (!back || strchr(ward_json_text(o), '\n'))
			bad++;
		json_object_put(back);
		json_object_put(o);
	}
	CHECK(!bad, "%u lines without valid JSON", bad);
}

/* ---- status ---- */

#define ST_FULL								\
	"version 0.1.0\nabi 2\npolicy loaded domains=2\nlocked yes\n"	\
	"bindings 2\npatterns 1\narmed 3\nevents reported=42\n"		\
	"audit suppressed=150\n"					\
	"domain web enforce bindings=1\ndomain db complain bindings=1\n"\
	"domain-audit web suppressed=150\ndomain-audit db suppressed=0\n"\
	"hook security_sb_mount attached calls=12 denied=3\n"		\
	"hook ward_mprotect idle calls=1 denied=0\n"

#define ST_FULL_JSON							\
	"{\"version\":\"0.1.0\",\"abi\":2,"				\
	"\"policy\":{\"loaded\":true,\"domains\":2},\"locked\":true,"	\
	"\"bindings\":2,\"patterns\":1,\"armed\":3,"			\
	"\"events\":{\"reported\":42},\"audit\":{\"suppressed\":150},"	\
	"\"domains\":[{\"name\":\"web\",\"mode\":\"enforce\","		\
	"\"bindings\":1,\"audit_suppressed\":150},"			\
	"{\"name\":\"db\",\"mode\":\"complain\",\"bindings\":1,"	\
	"\"audit_suppressed\":0}],"					\
	"\"hooks\":[{\"symbol\":\"security_sb_mount\","			\
	"\"state\":\"attached\",\"calls\":12,\"denied\":3},"		\
	"{\"symbol\":\"ward_mprotect\",\"state\":\"idle\",\"calls\":1,"	\
	"\"denied\":0}]"

struct st_case {
	const char *name;
	const char *status;
	const char *bindings;
	const char *root;
	const char *json;
};

static const struct st_case st_cases[] = {
	{ "status: every fact, both binding forms", ST_FULL,
	  "2345 web exec /ctr/web 1\n77 db /db\n", "/sys/fs/cgroup",
	  ST_FULL_JSON ",\"cgroups\":[{\"id\":2345,\"domain\":\"web\","
	  "\"arm\":\"exec\",\"path\":\"/ctr/web 1\","
	  "\"directory\":\"/sys/fs/cgroup/ctr/web 1\"},"
	  "{\"id\":77,\"domain\":\"db\",\"arm\":null,\"path\":\"/db\","
	  "\"directory\":\"/sys/fs/cgroup/db\"}]}" },
	{ "status: no policy: empty lists",
	  "version 0.1.0\nabi 2\npolicy none\nlocked no\nbindings 0\n"
	  "patterns 0\narmed 0\nevents reported=0\naudit suppressed=0\n",
	  "", "/sys/fs/cgroup",
	  "{\"version\":\"0.1.0\",\"abi\":2,\"policy\":{\"loaded\":false},"
	  "\"locked\":false,\"bindings\":0,\"patterns\":0,\"armed\":0,"
	  "\"events\":{\"reported\":0},\"audit\":{\"suppressed\":0},"
	  "\"domains\":[],\"hooks\":[],\"cgroups\":[]}" },
	{ "status: root cgroup path, no cgroup2 mount known",
	  "abi 2\n", "1 d now /\n", "",
	  "{\"abi\":2,\"domains\":[],\"hooks\":[],\"cgroups\":[{\"id\":1,"
	  "\"domain\":\"d\",\"arm\":\"now\",\"path\":\"/\","
	  "\"directory\":null}]}" },
	{ "status: root cgroup path under the mount point",
	  "", "1 d now /\n", "/sys/fs/cgroup",
	  "{\"domains\":[],\"hooks\":[],\"cgroups\":[{\"id\":1,"
	  "\"domain\":\"d\",\"arm\":\"now\",\"path\":\"/\","
	  "\"directory\":\"/sys/fs/cgroup\"}]}" },
	{ "status: non-UTF-8 cgroup path as bytes",
	  "", "5 d exec /a\xff\n", "/c",
	  "{\"domains\":[],\"hooks\":[],\"cgroups\":[{\"id\":5,"
	  "\"domain\":\"d\",\"arm\":\"exec\",\"path\":[47,97,255],"
	  "\"directory\":[47,99,47,97,255]}]}" },
	{ "status: unknown, malformed and repeated lines are unparsed",
	  "abi 2\nabi 3\nlocked maybe\nnew-fact 1\n"
	  "hook h attached calls=x denied=0\ndomain w enforce bindings=1\n"
	  "domain w enforce bindings=2\npolicy loaded\nevents count=1\n",
	  "x web now /a\n", "/c",
	  "{\"abi\":2,\"domains\":[{\"name\":\"w\",\"mode\":\"enforce\","
	  "\"bindings\":1}],\"hooks\":[],\"cgroups\":[],\"unparsed\":["
	  "{\"file\":\"status\",\"line\":\"abi 3\"},"
	  "{\"file\":\"status\",\"line\":\"locked maybe\"},"
	  "{\"file\":\"status\",\"line\":\"new-fact 1\"},"
	  "{\"file\":\"status\",\"line\":\"hook h attached calls=x denied=0\"},"
	  "{\"file\":\"status\",\"line\":\"domain w enforce bindings=2\"},"
	  "{\"file\":\"status\",\"line\":\"policy loaded\"},"
	  "{\"file\":\"status\",\"line\":\"events count=1\"},"
	  "{\"file\":\"bindings\",\"line\":\"x web now /a\"}]}" },
	{ "status: domain-audit before its domain line",
	  "domain-audit a suppressed=5\ndomain a complain bindings=0\n", "",
	  "/c",
	  "{\"domains\":[{\"name\":\"a\",\"audit_suppressed\":5,"
	  "\"mode\":\"complain\",\"bindings\":0}],\"hooks\":[],"
	  "\"cgroups\":[]}" },
};

static void t_status(const void *arg)
{
	const struct st_case *c = arg;
	char *status = strdup(c->status), *bindings = strdup(c->bindings);
	struct json_object *o;

	CHECK(status && bindings, "strdup");
	if (!status || !bindings)
		goto out;
	o = ward_json_status(status, bindings, c->root);
	check_text(o, c->json);
	json_object_put(o);
out:
	free(status);
	free(bindings);
}

/* ---- lines the module wrote (tests/data/README.ward-recorded) ---- */

static char *slurp(const char *name)
{
	char path[512], *buf = NULL, *slash;
	const char *dir = getenv("WARD_TEST_DATA");
	size_t len = 0;
	FILE *f;

	if (dir) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	} else {
		/* next to this source file */
		snprintf(path, sizeof(path), "%s", __FILE__);
		slash = strrchr(path, '/');
		snprintf(slash ? slash + 1 : path,
			 sizeof(path) - (slash ? slash + 1 - path : 0),
			 "data/%s", name);
	}
	f = fopen(path, "r");
	if (!f || getdelim(&buf, &len, '\0', f) < 0) {
		printf("# cannot read %s\n", path);
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

#define REC_EV(seq, dom, pid, comm)					\
	"seq=" #seq " op=kexec domain=" dom " mode=enforce verdict=deny "\
	"pid=" #pid " comm=" comm " exe=/ward/selftests/audit_test "	\
	"errno=13 source=memory"
#define REC_JSON(seq, dom, pid, comm)					\
	"{\"type\":\"event\",\"seq\":" #seq ",\"op\":\"kexec\","		\
	"\"domain\":\"" dom "\",\"mode\":\"enforce\",\"verdict\":\"deny\","	\
	"\"pid\":" #pid ",\"comm\":\"" comm "\","				\
	"\"exe\":\"/ward/selftests/audit_test\",\"errno\":13,"		\
	"\"errno_name\":\"EACCES\",\"object\":{\"source\":\"memory\"}}"

static const struct ev_case rec_cases[] = {
	{ "recorded event: noisy's first", REC_EV(0, "noisy", 138, "audit_test"),
	  REC_JSON(0, "noisy", 138, "audit_test") },
	{ "recorded event: cleaned comm", REC_EV(201, "quiet", 142, "ward?audit?x"),
	  REC_JSON(201, "quiet", 142, "ward?audit?x") },
};

static void t_recorded_status(const void *arg)
{
	static const char prefix[] =
		"{\"version\":\"0.1.0\",\"abi\":2,"
		"\"policy\":{\"loaded\":true,\"domains\":2},"
		"\"locked\":false,\"bindings\":2,\"patterns\":0,"
		"\"armed\":0,\"events\":{\"reported\":204},"
		"\"audit\":{\"suppressed\":150},"
		"\"domains\":[{\"name\":\"noisy\",\"mode\":\"enforce\","
		"\"bindings\":1,\"audit_suppressed\":0},"
		"{\"name\":\"quiet\",\"mode\":\"enforce\",\"bindings\":1,"
		"\"audit_suppressed\":0}],\"hooks\":[{\"symbol\":"
		"\"cgroup_attach_permissions\",\"state\":\"attached\","
		"\"calls\":6,\"denied\":0},";
	char *status = slurp("ward-status.txt");
	char *bindings = slurp("ward-bindings.txt");
	struct json_object *o = NULL, *hooks, *back;
	const char *text;

	(void)arg;
	CHECK(status && bindings, "recorded files");
	if (!status || !bindings)
		goto out;
	o = ward_json_status(status, bindings, "/sys/fs/cgroup");
	CHECK(o, "no object");
	if (!o)
		goto out;
	text = ward_json_text(o);
	back = parse(text);
	CHECK(back, "does not parse back");
	json_object_put(back);
	CHECK(!json_object_object_get_ex(o, "unparsed", NULL),
	      "a recorded line unparsed: %s", text);
	CHECK(!strncmp(text, prefix, strlen(prefix)), "got %s", text);
	CHECK(strstr(text, "{\"symbol\":\"security_kernel_load_data\","
		     "\"state\":\"attached\",\"calls\":205,\"denied\":204}"),
	      "got %s", text);
	CHECK(strstr(text, "{\"symbol\":\"security_perf_event_open\","
		     "\"state\":\"attached\",\"calls\":1,\"denied\":0}],"
		     "\"cgroups\":[{\"id\":210,\"domain\":\"quiet\","
		     "\"arm\":\"now\",\"path\":\"/wardtest/quiet\","
		     "\"directory\":\"/sys/fs/cgroup/wardtest/quiet\"},"
		     "{\"id\":193,\"domain\":\"noisy\",\"arm\":\"now\","
		     "\"path\":\"/wardtest/noisy\","
		     "\"directory\":\"/sys/fs/cgroup/wardtest/noisy\"}]}"),
	      "got %s", text);
	CHECK(json_object_object_get_ex(o, "hooks", &hooks) &&
	      json_object_array_length(hooks) == 40, "40 hooks: %s", text);
out:
	json_object_put(o);
	free(status);
	free(bindings);
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(ev_cases) / sizeof(ev_cases[0]); i++)
		ktap_add(t_event, &ev_cases[i], ev_cases[i].name);
	ktap_add(t_utf8_edges, NULL, "strings: UTF-8 edges, exact");
	ktap_add(t_random_strings, NULL, "strings: 20000 random, exact");
	ktap_add(t_random_events, NULL, "events: 5000 random lines, strict JSON");
	for (i = 0; i < sizeof(st_cases) / sizeof(st_cases[0]); i++)
		ktap_add(t_status, &st_cases[i], st_cases[i].name);
	for (i = 0; i < sizeof(rec_cases) / sizeof(rec_cases[0]); i++)
		ktap_add(t_event, &rec_cases[i], rec_cases[i].name);
	ktap_add(t_recorded_status, NULL, "recorded status and bindings");
	return ktap_run();
}
