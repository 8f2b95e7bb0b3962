// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - JSON output of "status --json" and "events --json", built
 * with json-c (no hand-made escaping).
 *
 * The kernel's lines are untrusted text: an event's comm, exe and object
 * values are chosen by a container (the kernel replaces spaces, '=', '"'
 * and control characters, but keeps bytes above 0x7f), and a cgroup path
 * is anything mkdir accepted.  JSON text is UTF-8, and json-c copies bytes
 * above 0x7f as they are, so every string is checked first: valid UTF-8
 * becomes a JSON string (json-c escapes '"', '\\' and control characters),
 * anything else an array of its bytes as numbers, as journalctl -o json
 * does; nothing is dropped or replaced.  A line that does not have the
 * documented form is not guessed at: it is passed on whole, as an
 * "unparsed" record or entry.  Documentation/wardctl.rst has the schema.
 */
#define _GNU_SOURCE	/* asprintf, strerrorname_np */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "wardctl.h"

/* Whether @s is valid UTF-8: no overlong form, surrogate or value > 10FFFF. */
static int utf8_valid(const unsigned char *s)
{
	while (*s) {
		unsigned char c = *s;
		unsigned int n, i;
		unsigned long v;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			v = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			v = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			v = c & 0x07;
		} else {
			return 0;
		}
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			v = v << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && v < 0x800) || (n == 3 && v < 0x10000) ||
		    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
			return 0;
		s += n + 1;
	}
	return 1;
}

struct json_object *ward_json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct json_object *a;

	if (utf8_valid(p))
		return json_object_new_string(s);
	a = json_object_new_array();
	for (; a && *p; p++) {
		struct json_object *b = json_object_new_int(*p);

		if (!b || json_object_array_add(a, b)) {
			json_object_put(b);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

/* Add @val (may be NULL: JSON null) to @o as @key; -1 on error. */
static int add(struct json_object *o, const char *key, struct json_object *val)
{
	if (json_object_object_add(o, key, val)) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

static int add_str(struct json_object *o, const char *key, const char *s)
{
	struct json_object *v = ward_json_str(s);

	return v ? add(o, key, v) : -1;
}

/*
 * An unsigned decimal number as the kernel prints one (%llu): digits only,
 * no sign, no leading zero, no overflow; so that the JSON number gives
 * back the text exactly.
 */
static int parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9' || (*s == '0' && s[1]))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* A signed decimal number as %d prints one: no "-0", no leading zero. */
static int parse_s64(const char *s, long long *v)
{
	const char *d = *s == '-' ? s + 1 : s;
	char *end;

	if (*d < '0' || *d > '9' || (*d == '0' && (d[1] || d != s)))
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int add_u64(struct json_object *o, const char *key,
		   unsigned long long v)
{
	struct json_object *n = json_object_new_uint64(v);

	return n ? add(o, key, n) : -1;
}

/*
 * Split @line in place at single spaces into at most @max tokens; @max + 1
 * if there are more.  A trailing space ends the line (the kernel writes
 * one before an empty event object); two spaces make an empty token.
 */
static unsigned int split(char *line, char **tok, unsigned int max)
{
	unsigned int n = 0;
	char *s = line;

	while (*s && n < max) {
		tok[n++] = s;
		s = strchr(s, ' ');
		if (!s)
			break;
		*s++ = '\0';
	}
	return s && *s ? max + 1 : n;
}

static struct json_object *record(const char *type)
{
	struct json_object *o = json_object_new_object();

	if (o && add_str(o, "type", type)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *unparsed(const char *line)
{
	struct json_object *o = record("unparsed");

	if (o && add_str(o, "line", line)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/*
 * Whether @s is a key as the kernel writes them: [a-z0-9_]+.  A key is a
 * JSON object member name, so it is checked as strictly as a value.
 */
static int key_valid(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

/* The fixed fields of an event line, in the kernel's order. */
static const char *const ev_keys[] = {
	"seq", "op", "domain", "mode", "verdict", "pid", "comm", "exe", "errno",
};
#define EV_NKEYS (sizeof(ev_keys) / sizeof(ev_keys[0]))
#define EV_MAXTOK 64

/* Fill @o from the tokens of an event line; -1 if it is not one. */
static int event_fields(struct json_object *o, char **tok, unsigned int n)
{
	struct json_object *obj;
	unsigned long long u;
	unsigned int i;
	long long s;

	if (n < EV_NKEYS)
		return -1;
	for (i = 0; i < EV_NKEYS; i++) {
		size_t kl = strlen(ev_keys[i]);
		const char *v;

		if (strncmp(tok[i], ev_keys[i], kl) || tok[i][kl] != '=')
			return -1;
		v = tok[i] + kl + 1;
		if (!strcmp(ev_keys[i], "seq")) {
			if (parse_u64(v, &u) || add_u64(o, "seq", u))
				return -1;
		} else if (!strcmp(ev_keys[i], "pid") ||
			   !strcmp(ev_keys[i], "errno")) {
			if (parse_s64(v, &s) ||
			    add(o, ev_keys[i], json_object_new_int64(s)))
				return -1;
			if (!strcmp(ev_keys[i], "errno") &&
			    add_str(o, "errno_name",
				    s > 0 && s < 4096 && strerrorname_np(s) ?
				    strerrorname_np(s) : "?"))
				return -1;
		} else if (add_str(o, ev_keys[i], v)) {
			return -1;
		}
	}
	obj = json_object_new_object();
	if (!obj || add(o, "object", obj))
		return -1;
	for (; i < n; i++) {
		char *eq = strchr(tok[i], '=');

		if (!eq)
			return -1;
		*eq = '\0';
		if (!key_valid(tok[i]))
			return -1;
		/* a key twice: which one is meant is not ours to choose */
		if (json_object_object_get_ex(obj, tok[i], NULL) ||
		    add_str(obj, tok[i], eq + 1))
			return -1;
	}
	return 0;
}

struct json_object *ward_json_event(const char *line)
{
	struct json_object *o;
	unsigned long long lost;
	char *copy, *tok[EV_MAXTOK];
	unsigned int n;

	copy = strdup(line);
	if (!copy)
		return NULL;
	n = split(copy, tok, EV_MAXTOK);
	/* "lost N" exactly: split() takes a trailing space as the end */
	if (n == 2 && !strcmp(tok[0], "lost") && !parse_u64(tok[1], &lost) &&
	    line[strlen(line) - 1] != ' ') {
		o = record("lost");
		if (o && add_u64(o, "lost", lost)) {
			json_object_put(o);
			o = NULL;
		}
		free(copy);
		return o;
	}
	o = record("event");
	if (o && (n > EV_MAXTOK || event_fields(o, tok, n))) {
		json_object_put(o);
		o = unparsed(line);
	}
	free(copy);
	return o;
}

/* The entry of domain @name in array @a, created at the end if missing. */
static struct json_object *domain_entry(struct json_object *a, const char *name)
{
	struct json_object *d, *v;
	size_t i;

	for (i = 0; i < json_object_array_length(a); i++) {
		d = json_object_array_get_idx(a, i);
		if (json_object_object_get_ex(d, "name", &v) &&
		    json_object_is_type(v, json_type_string) &&
		    !strcmp(json_object_get_string(v), name))
			return d;
	}
	d = json_object_new_object();
	if (!d || add_str(d, "name", name) || json_object_array_add(a, d)) {
		json_object_put(d);
		return NULL;
	}
	return d;
}

/* Whether @name is already a key of @o: a status fact given twice. */
static int seen(struct json_object *o, const char *name)
{
	return json_object_object_get_ex(o, name, NULL);
}

/* If @tok is "@key=N", N an unsigned number: 0 and N in @v; else -1. */
static int kv_u64(const char *tok, const char *key, unsigned long long *v)
{
	size_t kl = strlen(key);

	if (strncmp(tok, key, kl) || tok[kl] != '=')
		return -1;
	return parse_u64(tok + kl + 1, v);
}

/* A new object with one number, {@key: @v}, added to @o as @name. */
static int add_obj_u64(struct json_object *o, const char *name,
		       const char *key, unsigned long long v)
{
	struct json_object *c = json_object_new_object();

	if (!c || add(o, name, c))
		return -1;
	return add_u64(c, key, v);
}

/*
 * One line of the status file into @st; -1 if it has no known form (or a
 * fact comes twice), with nothing added.
 */
static int status_line(struct json_object *st, struct json_object *domains,
		       struct json_object *hooks, char *line)
{
	unsigned long long v, v2;
	struct json_object *o;
	char *t[6];
	unsigned int n = split(line, t, 5);

	if (!n || n > 5 || (strcmp(t[0], "domain") &&
			    strcmp(t[0], "domain-audit") &&
			    strcmp(t[0], "hook") && seen(st, t[0])))
		return -1;
	if (n == 2 && !strcmp(t[0], "version"))
		return add_str(st, "version", t[1]);
	if (n == 2 && (!strcmp(t[0], "abi") || !strcmp(t[0], "bindings") ||
		       !strcmp(t[0], "patterns") || !strcmp(t[0], "armed")))
		return parse_u64(t[1], &v) ?: add_u64(st, t[0], v);
	if (n == 2 && !strcmp(t[0], "locked") &&
	    (!strcmp(t[1], "yes") || !strcmp(t[1], "no")))
		return add(st, "locked", json_object_new_boolean(t[1][0] == 'y'));
	if (n == 2 && !strcmp(t[0], "policy") && !strcmp(t[1], "none")) {
		o = json_object_new_object();
		if (!o || add(st, "policy", o))
			return -1;
		return add(o, "loaded", json_object_new_boolean(0));
	}
	if (n == 3 && !strcmp(t[0], "policy") && !strcmp(t[1], "loaded") &&
	    !kv_u64(t[2], "domains", &v)) {
		o = json_object_new_object();
		if (!o || add(st, "policy", o))
			return -1;
		return add(o, "loaded", json_object_new_boolean(1)) ?:
		       add_u64(o, "domains", v);
	}
	if (n == 2 && !strcmp(t[0], "events") && !kv_u64(t[1], "reported", &v))
		return add_obj_u64(st, "events", "reported", v);
	if (n == 2 && !strcmp(t[0], "audit") && !kv_u64(t[1], "suppressed", &v))
		return add_obj_u64(st, "audit", "suppressed", v);
	if (n == 4 && !strcmp(t[0], "domain") && !kv_u64(t[3], "bindings", &v)) {
		o = domain_entry(domains, t[1]);
		if (!o || seen(o, "mode"))
			return -1;
		return add_str(o, "mode", t[2]) ?: add_u64(o, "bindings", v);
	}
	if (n == 3 && !strcmp(t[0], "domain-audit") &&
	    !kv_u64(t[2], "suppressed", &v)) {
		o = domain_entry(domains, t[1]);
		if (!o || seen(o, "audit_suppressed"))
			return -1;
		return add_u64(o, "audit_suppressed", v);
	}
	if (n == 5 && !strcmp(t[0], "hook") && !kv_u64(t[3], "calls", &v) &&
	    !kv_u64(t[4], "denied", &v2)) {
		o = json_object_new_object();
		if (!o || json_object_array_add(hooks, o)) {
			json_object_put(o);
			return -1;
		}
		return add_str(o, "symbol", t[1]) ?: add_str(o, "state", t[2]) ?:
		       add_u64(o, "calls", v) ?: add_u64(o, "denied", v2);
	}
	return -1;
}

/* Append {"file": @file, "line": @line} to array @a; -1 on error. */
static int add_unparsed(struct json_object *a, const char *file,
			const char *line)
{
	struct json_object *o = json_object_new_object();

	if (!o || json_object_array_add(a, o)) {
		json_object_put(o);
		return -1;
	}
	return add_str(o, "file", file) ?: add_str(o, "line", line);
}

/* One line of the bindings file appended to @a; -1 if malformed. */
static int binding_entry(struct json_object *a, char *line, const char *root)
{
	struct ward_binding b;
	struct json_object *o;
	char *dir;
	int err;

	if (ward_binding_parse(line, &b))
		return -1;
	o = json_object_new_object();
	if (!o || json_object_array_add(a, o)) {
		json_object_put(o);
		return -1;
	}
	if (add_u64(o, "id", b.id) || add_str(o, "domain", b.domain) ||
	    (b.arm ? add_str(o, "arm", b.arm) : add(o, "arm", NULL)) ||
	    add_str(o, "path", b.path))
		return -1;
	if (!*root)
		return add(o, "directory", NULL);
	/* as the text output: root + path, "/" adding nothing */
	if (asprintf(&dir, "%s%s%s", root, *b.path == '/' ? "" : "/",
		     *b.path == '/' && !b.path[1] ? "" : b.path) < 0)
		return -1;
	err = add_str(o, "directory", dir);
	free(dir);
	return err;
}

struct status_arrays {
	struct json_object *domains, *hooks, *cgroups, *unparsed;
	const char *root;
};

/* Each line of @buf (modified) through @fn, or into s->unparsed. */
static int each_line(struct json_object *st, const char *file, char *buf,
		     int (*fn)(struct json_object *st, char *line,
			       struct status_arrays *s),
		     struct status_arrays *s)
{
	char *line, *save = NULL, *copy;
	int err;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		copy = strdup(line);
		if (!copy)
			return -1;
		err = fn(st, line, s) && add_unparsed(s->unparsed, file, copy);
		free(copy);
		if (err)
			return -1;
	}
	return 0;
}

static int status_fn(struct json_object *st, char *line,
		     struct status_arrays *s)
{
	return status_line(st, s->domains, s->hooks, line);
}

static int bindings_fn(struct json_object *st, char *line,
		       struct status_arrays *s)
{
	(void)st;
	return binding_entry(s->cgroups, line, s->root);
}

struct json_object *ward_json_status(char *status, char *bindings,
				     const char *root)
{
	struct json_object *st = json_object_new_object();
	struct status_arrays s = {
		.domains = json_object_new_array(),
		.hooks = json_object_new_array(),
		.cgroups = json_object_new_array(),
		.unparsed = json_object_new_array(),
		.root = root,
	};
	int err;

	err = !st || !s.domains || !s.hooks || !s.cgroups || !s.unparsed ||
	      each_line(st, "status", status, status_fn, &s) ||
	      each_line(st, "bindings", bindings, bindings_fn, &s);
	/*
	 * The facts first, then the lists, present even when empty so that
	 * a consumer need not check; "unparsed" only when there is one.  @st
	 * takes references of its own: ours are dropped in any case.
	 */
	err = err || add(st, "domains", json_object_get(s.domains)) ||
	      add(st, "hooks", json_object_get(s.hooks)) ||
	      add(st, "cgroups", json_object_get(s.cgroups)) ||
	      (json_object_array_length(s.unparsed) &&
	       add(st, "unparsed", json_object_get(s.unparsed)));
	json_object_put(s.domains);
	json_object_put(s.hooks);
	json_object_put(s.cgroups);
	json_object_put(s.unparsed);
	if (err) {
		json_object_put(st);
		return NULL;
	}
	return st;
}

const char *ward_json_text(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
}
