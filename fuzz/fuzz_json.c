// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the JSON output of "wardctl events --json" and "wardctl
 * status --json" (userspace-ctl/json_out.c), whose input is the kernel's
 * text with strings a container chose.
 *
 * Input: text, up to its first NUL byte (the kernel writes none).  Each
 * line goes through ward_json_event(); the whole text also goes through
 * ward_json_status() as the status file and as the bindings file.
 *
 * Invariants, beyond "no crash, no undefined behaviour, no leak": every
 * output is one line of JSON that json-c's parser accepts in strict mode
 * with UTF-8 validation, and prints back the same; and no event line is
 * changed on the way: an "unparsed" record holds the line's bytes, a
 * "lost" record gives back "lost N", and an "event" record's fields,
 * printed in the kernel's format, give back the line (without the
 * trailing space the kernel writes before an empty object).
 */
#define _GNU_SOURCE	/* asprintf */
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "fuzz.h"
#include "../userspace-ctl/wardctl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

/* Parse @text strictly and check that it prints back the same. */
static struct json_object *reparse(const char *text, const char *what)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	size_t len = strlen(text);

	if (!tok)
		fuzz_fail("json_tokener_new: out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		fuzz_dump(what, text, len);
		fuzz_fail("%s: not strict JSON", what);
	}
	json_tokener_free(tok);
	if (strchr(text, '\n') || strcmp(ward_json_text(o), text)) {
		fuzz_dump(what, text, len);
		fuzz_fail("%s: a newline, or does not print back the same", what);
	}
	return o;
}

/* Append the bytes @v stands for (a string, or an array of bytes). */
static void put_bytes(FILE *f, struct json_object *v)
{
	size_t i;

	if (json_object_is_type(v, json_type_string)) {
		fwrite(json_object_get_string(v), 1,
		       (size_t)json_object_get_string_len(v), f);
		return;
	}
	if (!json_object_is_type(v, json_type_array))
		fuzz_fail("a string is neither a string nor an array");
	for (i = 0; i < json_object_array_length(v); i++) {
		struct json_object *b = json_object_array_get_idx(v, i);
		int c = json_object_get_int(b);

		if (!json_object_is_type(b, json_type_int) || c < 1 || c > 255)
			fuzz_fail("a byte array holds %d", c);
		fputc(c, f);
	}
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fuzz_fail("no member %s", key);
	return v;
}

/* The line an event record stands for, in the kernel's format. */
static char *event_text(struct json_object *o)
{
	static const char *const keys[] = {
		"op", "domain", "mode", "verdict",
	};
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		fuzz_fail("open_memstream: out of memory");
	fprintf(f, "seq=%llu", (unsigned long long)
		json_object_get_uint64(member(o, "seq")));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		fprintf(f, " %s=", keys[i]);
		put_bytes(f, member(o, keys[i]));
	}
	fprintf(f, " pid=%lld comm=",
		(long long)json_object_get_int64(member(o, "pid")));
	put_bytes(f, member(o, "comm"));
	fputs(" exe=", f);
	put_bytes(f, member(o, "exe"));
	fprintf(f, " errno=%lld",
		(long long)json_object_get_int64(member(o, "errno")));
	json_object_object_foreach(member(o, "object"), k, v) {
		fprintf(f, " %s=", k);
		put_bytes(f, v);
	}
	if (fclose(f))
		fuzz_fail("memstream: write error");
	return buf;
}

static void check_event(const char *line)
{
	struct json_object *o = ward_json_event(line), *back;
	const char *type;
	char *got = NULL;
	size_t len = 0, ll = strlen(line);
	FILE *f;

	if (!o)
		fuzz_fail("ward_json_event: out of memory");
	back = reparse(ward_json_text(o), "event record");
	type = json_object_get_string(member(back, "type"));
	if (!strcmp(type, "event")) {
		got = event_text(back);
		/* the kernel's space before an empty object */
		if (ll && line[ll - 1] == ' ')
			ll--;
	} else if (!strcmp(type, "lost")) {
		if (asprintf(&got, "lost %llu", (unsigned long long)
			     json_object_get_uint64(member(back, "lost"))) < 0)
			fuzz_fail("asprintf: out of memory");
	} else if (!strcmp(type, "unparsed")) {
		f = open_memstream(&got, &len);
		if (!f)
			fuzz_fail("open_memstream: out of memory");
		put_bytes(f, member(back, "line"));
		if (fclose(f))
			fuzz_fail("memstream: write error");
	} else {
		fuzz_fail("record type %s", type);
	}
	if (strlen(got) != ll || memcmp(got, line, ll)) {
		fuzz_dump("line", line, strlen(line));
		fuzz_dump("given back", got, strlen(got));
		fuzz_fail("the %s record does not give back its line", type);
	}
	free(got);
	json_object_put(back);
	json_object_put(o);
}

static void check_status(const char *text, int as_bindings)
{
	char *a = strdup(as_bindings ? "" : text);
	char *b = strdup(as_bindings ? text : "");
	struct json_object *o;

	if (!a || !b)
		fuzz_fail("strdup: out of memory");
	o = ward_json_status(a, b, "/sys/fs/cgroup");
	if (!o)
		fuzz_fail("ward_json_status: out of memory");
	json_object_put(reparse(ward_json_text(o), "status object"));
	json_object_put(o);
	free(a);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = strndup((const char *)data, size), *line, *nl;

	if (!text)
		fuzz_fail("strndup: out of memory");
	for (line = text; ; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		check_event(line);
		if (!nl)
			break;
		*nl = '\n';
	}
	check_status(text, 0);
	check_status(text, 1);
	free(text);
	return 0;
}
