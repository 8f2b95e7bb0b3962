// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - seccomp profiles as OCI runtime-spec / Docker JSON (R-SEC):
 * "wardctl seccomp export" and "wardctl seccomp import", with json-c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <json-c/json.h>

#include <seccomp.h>

#include "seccomp.h"

/* ---- export ---- */

static const char *oci_action(__u32 action)
{
	switch (action) {
	case WARD_SECCOMP_KILL:
		return "SCMP_ACT_KILL_PROCESS";
	case WARD_SECCOMP_LOG:
		return "SCMP_ACT_LOG";
	case WARD_SECCOMP_ERRNO:
		return "SCMP_ACT_ERRNO";
	case WARD_SECCOMP_TRAP:
		return "SCMP_ACT_TRAP";
	}
	return NULL;
}

static struct json_object *names_array(const struct ward_sc_list *l)
{
	struct json_object *a = json_object_new_array();
	unsigned int i;

	for (i = 0; a && i < l->count; i++)
		json_object_array_add(a, json_object_new_string(l->names[i]));
	return a;
}

static struct json_object *rule(const struct ward_sc_list *l,
				const char *action, int errno_ret)
{
	struct json_object *r = json_object_new_object();

	json_object_object_add(r, "names", names_array(l));
	json_object_object_add(r, "action", json_object_new_string(action));
	if (errno_ret)
		json_object_object_add(r, "errnoRet",
				       json_object_new_int(errno_ret));
	return r;
}

static const char *const cmp_names[] = {
	[WARD_SC_OP_NE] = "SCMP_CMP_NE",
	[WARD_SC_OP_LT] = "SCMP_CMP_LT",
	[WARD_SC_OP_LE] = "SCMP_CMP_LE",
	[WARD_SC_OP_EQ] = "SCMP_CMP_EQ",
	[WARD_SC_OP_GE] = "SCMP_CMP_GE",
	[WARD_SC_OP_GT] = "SCMP_CMP_GT",
	[WARD_SC_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

/* One conditional allow rule: its "args" as runc and crun read them. */
static struct json_object *cond_rule(const struct ward_sc_cond *c)
{
	struct json_object *r = json_object_new_object();
	struct json_object *names = json_object_new_array();
	struct json_object *args = json_object_new_array();
	unsigned int k;

	json_object_array_add(names, json_object_new_string(c->name));
	json_object_object_add(r, "names", names);
	json_object_object_add(r, "action", json_object_new_string("SCMP_ACT_ALLOW"));
	for (k = 0; k < c->nargs; k++) {
		struct json_object *a = json_object_new_object();

		json_object_object_add(a, "index",
				       json_object_new_int(c->args[k].index));
		json_object_object_add(a, "value",
				       json_object_new_uint64(c->args[k].value));
		json_object_object_add(a, "valueTwo",
				       json_object_new_uint64(c->args[k].value2));
		json_object_object_add(a, "op",
				       json_object_new_string(cmp_names[c->args[k].op]));
		json_object_array_add(args, a);
	}
	json_object_object_add(r, "args", args);
	return r;
}

/*
 * {"defaultAction": ..., "architectures": ["SCMP_ARCH_X86_64"],
 *  "syscalls": [{"names": [allowed, sorted], "action": "SCMP_ACT_ALLOW"},
 *               {"names": [one], "action": "SCMP_ACT_ALLOW",
 *                "args": [{"index": I, "value": V, "valueTwo": V2,
 *                          "op": "SCMP_CMP_..."}]},	one per rule
 *               {"names": [denied, sorted], "action": defaultAction}]}
 *
 * The argument rules are exported as ward_seccomp_profile() resolved
 * them: allow rules only, deny rules folded into them.
 *
 * The deny entry repeats the default action: it changes nothing in the
 * filter (runc >= 1.0.1 and crun skip such rules) but keeps the denylist
 * visible to whoever reads, or imports, the profile.
 */
int ward_seccomp_export(const struct wp_domain *d, FILE *out)
{
	const char *act = oci_action(d->sc_action);
	struct json_object *root, *arch, *calls;
	struct ward_sc_profile prof;
	int errno_ret = d->sc_action == WARD_SECCOMP_ERRNO ? EPERM : 0;
	const char *text;
	unsigned int i;
	int rc = 0;

	if (!act) {
		fprintf(stderr, "wardctl: seccomp: export: domain %s has no seccomp section (ENOENT)\n",
			d->name);
		return -1;
	}
	if (ward_seccomp_profile(d, &prof))
		return -1;
	root = json_object_new_object();
	json_object_object_add(root, "defaultAction",
			       json_object_new_string(act));
	if (errno_ret)
		json_object_object_add(root, "defaultErrnoRet",
				       json_object_new_int(errno_ret));
	arch = json_object_new_array();
	json_object_array_add(arch, json_object_new_string("SCMP_ARCH_X86_64"));
	json_object_object_add(root, "architectures", arch);
	calls = json_object_new_array();
	if (prof.allow.count)
		json_object_array_add(calls, rule(&prof.allow, "SCMP_ACT_ALLOW", 0));
	for (i = 0; i < prof.ncond; i++)
		json_object_array_add(calls, cond_rule(&prof.cond[i]));
	if (prof.deny.count)
		json_object_array_add(calls, rule(&prof.deny, act, errno_ret));
	json_object_object_add(root, "syscalls", calls);

	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_SPACED |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text || fprintf(out, "%s\n", text) < 0 || fflush(out)) {
		fprintf(stderr, "wardctl: seccomp: export: write error: %s\n",
			strerror(errno));
		rc = -1;
	}
	json_object_put(root);
	ward_seccomp_profile_free(&prof);
	return rc;
}

/* ---- import ---- */

/* Docker's default capability set (moby oci/caps/defaults.go, 20.10) */
static const char *const docker_default_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
	"CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
	"CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
	"CAP_AUDIT_WRITE", NULL
};

struct import {
	const char *file;
	unsigned int warnings;
	const char *const *caps;	/* the container's capabilities */
	struct ward_sc_list allow;	/* names owned (strdup) */
	struct ward_sc_list deny;
	struct wp_sc_rule *rules;	/* argument rules, in entry order */
	unsigned int nrules;
	size_t *rule_entry;		/* the entry of each rule */
	unsigned int entries, not_applicable, unknown, not_x86_64;
};

static void warn(struct import *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct import *im, const char *fmt, ...)
{
	va_list ap;

	FILE *f = wp_diag ? wp_diag : stderr;

	fprintf(f, "%s: warning: ", im->file);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	im->warnings++;
}

static int add_name(struct ward_sc_list *l, const char *name)
{
	unsigned int i;
	char *dup;

	for (i = 0; i < l->count; i++)
		if (!strcmp(l->names[i], name))
			return 0;
	if (l->count == l->cap) {
		unsigned int cap = l->cap ? 2 * l->cap : 64;
		const char **n = realloc(l->names, cap * sizeof(*n));

		if (!n)
			return -1;
		l->names = n;
		l->cap = cap;
	}
	dup = strdup(name);
	if (!dup)
		return -1;
	l->names[l->count++] = dup;
	return 0;
}

static void free_names(struct ward_sc_list *l)
{
	unsigned int i;

	for (i = 0; i < l->count; i++)
		free((char *)l->names[i]);
	free(l->names);
	memset(l, 0, sizeof(*l));
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Is x86_64 in an "arches" list?  Docker compares with Go's name of the
 * native architecture, "amd64"; the libseccomp spellings are accepted too.
 */
static int arches_have_x86_64(struct json_object *arches)
{
	size_t i, n;

	if (!json_object_is_type(arches, json_type_array))
		return 0;
	n = json_object_array_length(arches);
	for (i = 0; i < n; i++) {
		const char *a = json_object_get_string(
			json_object_array_get_idx(arches, i));

		if (a && (!strcmp(a, "amd64") || !strcmp(a, "x86_64") ||
			  !strcmp(a, "SCMP_ARCH_X86_64")))
			return 1;
	}
	return 0;
}

static int nonempty(struct json_object *o)
{
	if (!o || json_object_is_type(o, json_type_null))
		return 0;
	if (json_object_is_type(o, json_type_array))
		return json_object_array_length(o) > 0;
	if (json_object_is_type(o, json_type_object))
		return json_object_object_length(o) > 0;
	if (json_object_is_type(o, json_type_string))
		return *json_object_get_string(o) != 0;
	if (json_object_is_type(o, json_type_int))
		return json_object_get_int64(o) != 0;
	return 1;
}

/* Is the running kernel at least "MAJOR.MINOR"? */
static int kernel_at_least(const char *want)
{
	unsigned int wmaj = 0, wmin = 0, maj = 0, min = 0;
	struct utsname u;

	if (!want || sscanf(want, "%u.%u", &wmaj, &wmin) < 1)
		return 0;
	if (uname(&u) || sscanf(u.release, "%u.%u", &maj, &min) != 2)
		return 0;
	return maj > wmaj || (maj == wmaj && min >= wmin);
}

/* ward action of an OCI action string; -1 if it has none */
static int action_of(const char *s)
{
	if (!strcmp(s, "SCMP_ACT_KILL") || !strcmp(s, "SCMP_ACT_KILL_PROCESS") ||
	    !strcmp(s, "SCMP_ACT_KILL_THREAD"))
		return WARD_SECCOMP_KILL;
	if (!strcmp(s, "SCMP_ACT_LOG"))
		return WARD_SECCOMP_LOG;
	if (!strcmp(s, "SCMP_ACT_ERRNO"))
		return WARD_SECCOMP_ERRNO;
	if (!strcmp(s, "SCMP_ACT_TRAP"))
		return WARD_SECCOMP_TRAP;
	return -1;
}

/* A short "syscalls[N] (a b c)" label for warnings. */
static void entry_label(char *buf, size_t size, size_t idx,
			struct json_object *names)
{
	size_t i, n = names ? json_object_array_length(names) : 0, used;

	used = snprintf(buf, size, "syscalls[%zu] (", idx);
	for (i = 0; i < n && used < size; i++) {
		const char *s = json_object_get_string(
			json_object_array_get_idx(names, i));

		if (i == 3) {
			used += snprintf(buf + used, size - used, " ...");
			break;
		}
		used += snprintf(buf + used, size - used, "%s%s",
				 i ? " " : "", s ? s : "?");
	}
	if (used < size)
		snprintf(buf + used, size - used, ")");
}

static int has_cap(const struct import *im, const char *cap)
{
	unsigned int i;

	for (i = 0; im->caps[i]; i++)
		if (!strcmp(im->caps[i], cap))
			return 1;
	return 0;
}

/* Join the strings of a JSON array for a message. */
static const char *joined(struct json_object *a)
{
	static char buf[256];
	size_t i, n, used = 0;

	buf[0] = 0;
	n = json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
	for (i = 0; i < n && used < sizeof(buf); i++)
		used += snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? " " : "",
				 json_object_get_string(json_object_array_get_idx(a, i)));
	return buf;
}

/*
 * Does the entry apply to a container on x86_64 with im->caps, the way
 * Docker decides it (moby profiles/seccomp, setupSeccomp())?  Excludes
 * first: any excluded arch, capability present, or kernel at least
 * minKernel; then includes: every included cap present, x86_64 among the
 * arches, kernel at least minKernel.  NULL if it applies, else why not.
 */
static const char *applies(const struct import *im, struct json_object *e)
{
	static char why[384];
	struct json_object *inc = NULL, *exc = NULL, *o;
	size_t i, n;

	json_object_object_get_ex(e, "includes", &inc);
	json_object_object_get_ex(e, "excludes", &exc);
	if (exc && json_object_object_get_ex(exc, "arches", &o) &&
	    arches_have_x86_64(o))
		return "excludes arches amd64";
	if (exc && json_object_object_get_ex(exc, "caps", &o) &&
	    json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++) {
			const char *c = json_object_get_string(
				json_object_array_get_idx(o, i));

			if (c && has_cap(im, c)) {
				snprintf(why, sizeof(why),
					 "excludes caps %s, which the container has", c);
				return why;
			}
		}
	}
	if (exc && json_object_object_get_ex(exc, "minKernel", &o) &&
	    nonempty(o) && kernel_at_least(json_object_get_string(o))) {
		snprintf(why, sizeof(why),
			 "excludes minKernel %s, and this kernel is not older",
			 json_object_get_string(o));
		return why;
	}
	if (inc && json_object_object_get_ex(inc, "arches", &o) && nonempty(o) &&
	    !arches_have_x86_64(o)) {
		snprintf(why, sizeof(why), "includes arches %s only, not amd64",
			 joined(o));
		return why;
	}
	if (inc && json_object_object_get_ex(inc, "caps", &o) &&
	    json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++) {
			const char *c = json_object_get_string(
				json_object_array_get_idx(o, i));

			if (c && !has_cap(im, c)) {
				snprintf(why, sizeof(why),
					 "includes caps %s, which the container lacks", c);
				return why;
			}
		}
	}
	if (inc && json_object_object_get_ex(inc, "minKernel", &o) &&
	    nonempty(o) && !kernel_at_least(json_object_get_string(o))) {
		snprintf(why, sizeof(why),
			 "includes minKernel %s, and this kernel is older",
			 json_object_get_string(o));
		return why;
	}
	return NULL;
}

static const struct { const char *name; __u32 op; } cmp_ops[] = {
	{ "SCMP_CMP_NE", WARD_SC_OP_NE }, { "SCMP_CMP_LT", WARD_SC_OP_LT },
	{ "SCMP_CMP_LE", WARD_SC_OP_LE }, { "SCMP_CMP_EQ", WARD_SC_OP_EQ },
	{ "SCMP_CMP_GE", WARD_SC_OP_GE }, { "SCMP_CMP_GT", WARD_SC_OP_GT },
	{ "SCMP_CMP_MASKED_EQ", WARD_SC_OP_MASKED_EQ },
};

/* A JSON number as an unsigned 64-bit value; -1 if it is not one. */
static int get_u64(struct json_object *o, __u64 *v)
{
	*v = 0;
	if (!o || json_object_is_type(o, json_type_null))
		return 0;	/* absent: 0, as Go decodes it */
	if (!json_object_is_type(o, json_type_int))
		return -1;
	if (json_object_get_int64(o) < 0 && json_object_get_uint64(o) == 0)
		return -1;
	*v = json_object_get_uint64(o);
	return 0;
}

/*
 * The "args" of an entry: comparisons ANDed in one rule, or, when two of
 * them compare the same argument, one rule each, ORed, which is what runc
 * (libcontainer/seccomp) does then.  Returns the number of rules in
 * @rules (0 on error, reported).
 */
static unsigned int parse_args(struct import *im, const char *label,
			       struct json_object *args,
			       struct wp_sc_rule rules[WARD_SC_MAX_ARGS])
{
	struct ward_sc_arg a[WARD_SC_MAX_ARGS];
	unsigned int seen = 0, split = 0;
	size_t i, k, n;

	if (!json_object_is_type(args, json_type_array)) {
		warn(im, "%s: \"args\" is not an array: entry not imported",
		     label);
		return 0;
	}
	n = json_object_array_length(args);
	if (!n)
		return 0;
	if (n > WARD_SC_MAX_ARGS) {
		warn(im, "%s: %zu argument comparisons, libseccomp takes at most %d: entry not imported",
		     label, n, WARD_SC_MAX_ARGS);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(args, i), *f;
		const char *op = NULL;
		__u64 index = 0;

		memset(&a[i], 0, sizeof(a[i]));
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "op", &f) ||
		    !(op = json_object_get_string(f)) ||
		    (json_object_object_get_ex(o, "index", &f) && get_u64(f, &index)) ||
		    index >= WARD_SC_MAX_ARGS) {
			warn(im, "%s: args[%zu]: not an argument comparison (index 0 to 5, op SCMP_CMP_*): entry not imported",
			     label, i);
			return 0;
		}
		for (k = 0; k < sizeof(cmp_ops) / sizeof(cmp_ops[0]); k++)
			if (!strcmp(op, cmp_ops[k].name))
				break;
		if (k == sizeof(cmp_ops) / sizeof(cmp_ops[0])) {
			warn(im, "%s: args[%zu]: unknown comparison %s: entry not imported",
			     label, i, op);
			return 0;
		}
		a[i].index = index;
		a[i].op = cmp_ops[k].op;
		f = NULL;
		json_object_object_get_ex(o, "value", &f);
		if (get_u64(f, &a[i].value)) {
			warn(im, "%s: args[%zu]: value is not a number from 0 to 2^64-1: entry not imported",
			     label, i);
			return 0;
		}
		f = NULL;
		json_object_object_get_ex(o, "valueTwo", &f);
		if (get_u64(f, &a[i].value2)) {
			warn(im, "%s: args[%zu]: valueTwo is not a number from 0 to 2^64-1: entry not imported",
			     label, i);
			return 0;
		}
		if (a[i].op != WARD_SC_OP_MASKED_EQ && a[i].value2) {
			warn(im, "%s: args[%zu]: valueTwo %llu is ignored by %s (libseccomp uses it only with SCMP_CMP_MASKED_EQ)",
			     label, i, (unsigned long long)a[i].value2, op);
			a[i].value2 = 0;
		}
		if (seen & (1U << index))
			split = 1;
		seen |= 1U << index;
	}
	if (split)
		warn(im, "%s: two comparisons of one argument: imported as %zu rules, any of which allows, as runc does",
		     label, n);
	for (i = 0; i < (split ? n : 1); i++) {
		memset(&rules[i], 0, sizeof(rules[i]));
		if (split) {
			rules[i].args[0] = a[i];
			rules[i].nargs = 1;
		} else {
			memcpy(rules[i].args, a, n * sizeof(a[0]));
			rules[i].nargs = n;
		}
	}
	return split ? n : 1;
}

static int add_rule(struct import *im, size_t idx, const struct wp_sc_rule *r)
{
	struct wp_sc_rule *nr = realloc(im->rules, (im->nrules + 1) * sizeof(*nr));
	size_t *ne;

	if (!nr)
		return -1;
	im->rules = nr;
	ne = realloc(im->rule_entry, (im->nrules + 1) * sizeof(*ne));
	if (!ne)
		return -1;
	im->rule_entry = ne;
	im->rules[im->nrules] = *r;
	im->rule_entry[im->nrules] = idx;
	im->nrules++;
	return 0;
}

static int import_entry(struct import *im, size_t idx, struct json_object *e,
			int def_action)
{
	struct json_object *names = NULL, *name = NULL, *act = NULL;
	struct json_object *args = NULL, *o;
	struct json_object *single = NULL;
	struct wp_sc_rule rules[WARD_SC_MAX_ARGS];
	unsigned int nrules = 0, r;
	const char *action, *why;
	char label[128];
	int allow, wact;
	size_t i, n;

	im->entries++;
	if (!json_object_is_type(e, json_type_object)) {
		warn(im, "syscalls[%zu]: not an object: not imported", idx);
		return 0;
	}
	json_object_object_get_ex(e, "names", &names);
	json_object_object_get_ex(e, "name", &name);
	json_object_object_get_ex(e, "action", &act);
	json_object_object_get_ex(e, "args", &args);
	if (!names && name && json_object_is_type(name, json_type_string)) {
		/* the old Docker format: one "name" per entry */
		single = json_object_new_array();
		json_object_array_add(single, json_object_get(name));
		names = single;
	}
	if (!names || !json_object_is_type(names, json_type_array) ||
	    !act || !json_object_is_type(act, json_type_string)) {
		warn(im, "syscalls[%zu]: no \"names\" or \"action\": not imported", idx);
		goto out;
	}
	entry_label(label, sizeof(label), idx, names);
	action = json_object_get_string(act);

	why = applies(im, e);
	if (why) {
		warn(im, "%s: not applicable: %s", label, why);
		im->not_applicable++;
		goto out;
	}
	allow = !strcmp(action, "SCMP_ACT_ALLOW");
	wact = action_of(action);
	if (!allow && wact < 0) {
		warn(im, "%s: action %s is not supported by Ward: not imported",
		     label, action);
		goto out;
	}
	if (wact == WARD_SECCOMP_LOG && def_action != WARD_SECCOMP_LOG) {
		warn(im, "%s: action SCMP_ACT_LOG: imported as allowed (Ward logs per domain, not per call)",
		     label);
		allow = 1;
	}
	if (!allow && json_object_object_get_ex(e, "errnoRet", &o) &&
	    json_object_get_int(o) != EPERM)
		warn(im, "%s: errnoRet %d: Ward denies with the domain's action instead",
		     label, json_object_get_int(o));
	if (nonempty(args)) {
		nrules = parse_args(im, label, args, rules);
		if (!nrules)
			goto out;
	}

	n = json_object_array_length(names);
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(
			json_object_array_get_idx(names, i));

		if (!s)
			continue;
		if (seccomp_syscall_resolve_name(s) == __NR_SCMP_ERROR) {
			warn(im, "%s: unknown system call %s: not imported (libseccomp does not know it)",
			     label, s);
			im->unknown++;
			continue;
		}
		if (ward_seccomp_resolve(s) < 0) {
			warn(im, "%s: %s is not an x86_64 system call: not imported (Ward filters are x86_64 only)",
			     label, s);
			im->not_x86_64++;
			continue;
		}
		if (!wp_name_valid(s)) {	/* _sysctl */
			warn(im, "%s: %s cannot be named in a policy: not imported",
			     label, s);
			continue;
		}
		if (!nrules) {
			if (add_name(allow ? &im->allow : &im->deny, s))
				return -1;
			continue;
		}
		for (r = 0; r < nrules; r++) {
			memset(rules[r].name, 0, WARD_NAME_LEN);
			strcpy(rules[r].name, s);
			rules[r].action = allow ? WARD_SC_RULE_ALLOW : WARD_SC_RULE_DENY;
			if (add_rule(im, idx, &rules[r]))
				return -1;
		}
	}
out:
	if (single)
		json_object_put(single);
	return 0;
}


static struct json_object *parse_file(const char *path)
{
	struct json_tokener *tok;
	struct json_object *root;
	enum json_tokener_error jerr;
	size_t len = 0, cap = 65536;
	char *buf;
	FILE *f = fopen(path, "re");

	if (!f) {
		fprintf(stderr, "wardctl: seccomp: import: %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	buf = malloc(cap + 1);
	while (buf) {
		size_t r = fread(buf + len, 1, cap - len, f);

		len += r;
		if (len < cap)
			break;
		cap *= 2;
		{
			char *b = realloc(buf, cap + 1);

			if (!b) {
				free(buf);
				buf = NULL;
			}
			buf = b;
		}
	}
	if (!buf || ferror(f)) {
		fprintf(stderr, "wardctl: seccomp: import: %s: read error\n", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = 0;

	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!root || jerr != json_tokener_success) {
		unsigned int line, col;
		size_t off = json_tokener_get_parse_end(tok);

		if (jerr == json_tokener_continue || jerr == json_tokener_success)
			off = len;
		wp_line_col(buf, off, &line, &col);
		fprintf(stderr, "%s:%u:%u: error: JSON: %s\n", path, line, col,
			jerr == json_tokener_continue ? "unexpected end of file"
			: json_tokener_error_desc(jerr));
		json_object_put(root);
		root = NULL;
	}
	json_tokener_free(tok);
	free(buf);
	return root;
}

/* Print a long name list as continuation-free lines of `word NAMES...`. */
static void print_names(FILE *out, const char *word,
			const struct ward_sc_list *l,
			const struct ward_sc_list *skip)
{
	unsigned int i, on_line = 0;

	for (i = 0; i < l->count; i++) {
		if (skip && ward_sc_list_has(skip, l->names[i]))
			continue;
		if (!on_line)
			fprintf(out, "\t%s", word);
		fprintf(out, " %s", l->names[i]);
		if (++on_line == 8) {
			fputc('\n', out);
			on_line = 0;
		}
	}
	if (on_line)
		fputc('\n', out);
}

/*
 * Resolve the argument rules of each call as the policy check will
 * (ward_seccomp_resolve_rules(), through ward_seccomp_profile()), with
 * no unconditional allowance under them: a call with rules is neither in
 * im->allow nor in a set the fragment names.  A call whose rules cannot
 * be expressed with libseccomp (a deny rule that needs two different
 * comparisons of one argument in one rule, or more than
 * WARD_SC_MAX_EXPANSION rules) would make the whole fragment fail
 * "wardctl check".  Leaving out only the deny rule would allow what the
 * profile denies; so the call's rules are all left out, and the call is
 * denied, which is stricter than the profile: reported, fail closed.
 * Returns 0, 1 if a name was added to im->deny (unsorted now), -2 when
 * out of memory.
 */
static int resolve_rules(struct import *im)
{
	struct wp_domain d;
	unsigned int i, j;
	int added = 0;

	memset(&d, 0, sizeof(d));
	d.sc_rules = im->rules;
	d.sc_nrules = im->nrules;
	for (i = 0; i < im->nrules; i++) {
		const struct wp_sc_rule *culprit;
		struct ward_sc_profile tmp;
		const char *name = im->rules[i].name;
		int uncond, rc;

		if (!im->rules[i].nargs)
			continue;	/* dropped: so are all the call's rules */
		for (j = 0; j < i; j++)
			if (!strcmp(im->rules[j].name, name))
				break;
		if (j < i)
			continue;	/* resolved with the first */
		memset(&tmp, 0, sizeof(tmp));
		rc = ward_seccomp_resolve_rules(&d, name, 0, &tmp, &uncond,
						&culprit);
		ward_seccomp_profile_free(&tmp);
		if (rc == -2)
			return -2;
		if (!rc)
			continue;
		warn(im, "syscalls[%zu] (%s): the argument rules of %s cannot be expressed with libseccomp (two different comparisons of one argument in one rule, or more than %d rules): none is imported, %s is denied",
		     culprit ? im->rule_entry[culprit - im->rules] : im->rule_entry[i],
		     name, name, WARD_SC_MAX_EXPANSION, name);
		if (add_name(&im->deny, name))
			return -2;
		added = 1;
		for (j = i; j < im->nrules; j++)
			if (!strcmp(im->rules[j].name, name))
				im->rules[j].nargs = 0;
	}
	return added;
}

int ward_seccomp_import(const char *path, FILE *out)
{
	return ward_seccomp_import_caps(path, NULL, out);
}

int ward_seccomp_import_caps(const char *path, const char *const *caps,
			     FILE *out)
{
	struct json_object *doc, *root, *o, *calls;
	struct ward_sc_list base = { 0 }, highrisk = { 0 }, highrisk_all = { 0 };
	struct import im = { .file = path };
	const char *def, *setnames[4];
	unsigned int nsets = 0, i;
	int def_action, rc = -1, minimal_all = 0;
	__u32 bit;

	im.caps = caps ? caps : docker_default_caps;
	doc = root = parse_file(path);
	if (!root)
		return -1;
	if (!json_object_is_type(root, json_type_object)) {
		fprintf(stderr, "%s: error: not a seccomp profile (a JSON object)\n",
			path);
		goto out;
	}
	/* an OCI config.json: the profile is linux.seccomp */
	if (json_object_object_get_ex(doc, "linux", &o) &&
	    json_object_object_get_ex(o, "seccomp", &o))
		root = o;
	if (!json_object_object_get_ex(root, "defaultAction", &o) ||
	    !json_object_is_type(o, json_type_string)) {
		fprintf(stderr, "%s: error: no \"defaultAction\": not a seccomp profile\n",
			path);
		goto out;
	}
	def = json_object_get_string(o);
	def_action = action_of(def);
	if (def_action < 0) {
		fprintf(stderr, "%s: error: defaultAction %s: Ward's seccomp is an allowlist; its default must be kill, log, errno or trap\n",
			path, def);
		goto out;
	}
	if (!strcmp(def, "SCMP_ACT_KILL_THREAD") || !strcmp(def, "SCMP_ACT_KILL"))
		warn(&im, "defaultAction %s: Ward kills the whole process", def);
	if (def_action == WARD_SECCOMP_ERRNO &&
	    json_object_object_get_ex(root, "defaultErrnoRet", &o) &&
	    json_object_get_int(o) != EPERM)
		warn(&im, "defaultErrnoRet %d: Ward's errno action returns EPERM",
		     json_object_get_int(o));

	if (json_object_object_get_ex(root, "syscalls", &calls) &&
	    json_object_is_type(calls, json_type_array)) {
		size_t idx, n = json_object_array_length(calls);

		for (idx = 0; idx < n; idx++)
			if (import_entry(&im, idx,
					 json_object_array_get_idx(calls, idx),
					 def_action))
				goto oom;
	} else {
		warn(&im, "no \"syscalls\" list: nothing is allowed");
	}
	if (im.allow.count)
		qsort(im.allow.names, im.allow.count, sizeof(char *), cmp_name);
	if (im.deny.count)
		qsort(im.deny.names, im.deny.count, sizeof(char *), cmp_name);

	/*
	 * Argument rules of a call the profile also allows or denies without
	 * conditions: libseccomp lets the unconditional rule win and drops
	 * the others, so they would change nothing (and the policy check
	 * refuses the contradiction).
	 */
	for (i = 0; i < im.nrules; i++) {
		struct wp_sc_rule *r = &im.rules[i];
		int in_allow = ward_sc_list_has(&im.allow, r->name);
		int in_deny = ward_sc_list_has(&im.deny, r->name);

		if (!in_allow && !in_deny)
			continue;
		warn(&im, "syscalls[%zu] (%s): the profile also %s %s without conditions: libseccomp ignores the conditions, and so does the import",
		     im.rule_entry[i], r->name, in_deny ? "denies" : "allows",
		     r->name);
		r->nargs = 0;	/* dropped from the output */
	}
	switch (resolve_rules(&im)) {
	case -2:
		goto oom;
	case 1:
		qsort(im.deny.names, im.deny.count, sizeof(char *), cmp_name);
		break;
	}

	for (i = 0; i < im.allow.count; i++) {
		const char *s = im.allow.names[i];
		const char *why = ward_seccomp_highrisk_reason(s);

		if (ward_seccomp_is_ptrace_family(s))
			warn(&im, "the profile allows ptrace-family call %s: a tracer can rewrite another process' memory and system calls past its filter (seed 4.2(e)); Ward removes it unless the domain has ptrace domain and allow-highrisk",
			     s);
		else if (why)
			warn(&im, "the profile allows high-risk %s (%s): Ward denies it unless the domain has allow-highrisk",
			     s, why);
		if (why && add_name(&highrisk, s))
			goto oom;
	}
	for (i = 0; i < im.nrules; i++) {
		const struct wp_sc_rule *r = &im.rules[i];
		const char *why = ward_seccomp_highrisk_reason(r->name);

		unsigned int j;

		for (j = 0; j < highrisk.count; j++)
			if (!strcmp(highrisk.names[j], r->name))
				break;
		if (!r->nargs || r->action != WARD_SC_RULE_ALLOW || !why ||
		    j < highrisk.count)
			continue;
		warn(&im, "the profile allows high-risk %s (%s) with conditions: Ward denies it unless the domain has allow-highrisk",
		     r->name, why);
		if (add_name(&highrisk, r->name))
			goto oom;
	}

	/* the built-in denylist needs no `deny` line */
	for (i = 0; ward_seccomp_highrisk_name(i); i++)
		if (add_name(&highrisk_all, ward_seccomp_highrisk_name(i)))
			goto oom;
	if (highrisk_all.count)
		qsort(highrisk_all.names, highrisk_all.count, sizeof(char *), cmp_name);

	/*
	 * Use a built-in set where the profile allows all of it.  Naming
	 * shell or netserver adds minimal too (ward_seccomp_profile()): so
	 * they are used only when the profile allows all of minimal (the
	 * first bit); else the fragment would allow calls the profile does
	 * not.
	 */
	for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
		const char *const *c = ward_seccomp_set_calls(bit);
		unsigned int j, all = 1;

		for (j = 0; c[j]; j++)
			if (!ward_sc_list_has(&im.allow, c[j]) ||
			    ward_sc_list_has(&im.deny, c[j]))
				all = 0;
		if (bit == WARD_SC_SET_MINIMAL)
			minimal_all = all;
		else if (!minimal_all)
			all = 0;
		if (!all)
			continue;
		/* shell and netserver include minimal: name them alone */
		if (bit != WARD_SC_SET_MINIMAL && nsets &&
		    !strcmp(setnames[0], "minimal"))
			nsets--;
		setnames[nsets++] = wp_sc_set_name(bit);
		for (j = 0; c[j]; j++)
			if (add_name(&base, c[j]))
				goto oom;
	}
	if (base.count)
		qsort(base.names, base.count, sizeof(char *), cmp_name);

	fprintf(out, "# imported from %s by wardctl seccomp import\n", path);
	fprintf(out, "seccomp {\n");
	fprintf(out, "\taction %s\n", wp_sc_action_name(def_action));
	if (nsets) {
		fprintf(out, "\tbase");
		for (i = 0; i < nsets; i++)
			fprintf(out, " %s", setnames[i]);
		fputc('\n', out);
	}
	/* a name both allowed and denied: denied, as Ward's deny wins */
	for (i = 0; i < im.deny.count; i++)
		if (add_name(&base, im.deny.names[i]))
			goto oom;
	if (base.count)
		qsort(base.names, base.count, sizeof(char *), cmp_name);
	print_names(out, "allow", &im.allow, &base);
	print_names(out, "deny", &im.deny, &highrisk_all);
	for (i = 0; i < im.nrules; i++) {
		if (!im.rules[i].nargs)
			continue;
		fputc('\t', out);
		wp_print_sc_rule(out, &im.rules[i]);
		fputc('\n', out);
	}
	if (highrisk.count)
		fprintf(out, "\t# allow-highrisk\t# the profile allows high-risk calls: see the warnings\n");
	fprintf(out, "}\n");
	if (fflush(out)) {
		fprintf(stderr, "wardctl: seccomp: import: write error: %s\n",
			strerror(errno));
		goto out;
	}
	{
		unsigned int nr = 0, nargs = 0;

		for (i = 0; i < im.nrules; i++) {
			nr += !!im.rules[i].nargs;
			nargs += im.rules[i].nargs;
		}
		fprintf(wp_diag ? wp_diag : stderr,
			"%s: %u entries: %u allowed and %u denied system calls, %u argument rules (%u comparisons); %u entries not applicable, %u names unknown to libseccomp, %u not x86_64\n",
			path, im.entries, im.allow.count, im.deny.count, nr,
			nargs, im.not_applicable, im.unknown, im.not_x86_64);
	}
	fprintf(wp_diag ? wp_diag : stderr, "%s: %u warning%s\n", path, im.warnings,
		im.warnings == 1 ? "" : "s");
	rc = 0;
	goto out;
oom:
	fprintf(stderr, "wardctl: seccomp: import: out of memory (ENOMEM)\n");
out:
	free_names(&im.allow);
	free_names(&im.deny);
	free(im.rules);
	free(im.rule_entry);
	free_names(&base);
	free_names(&highrisk);
	free_names(&highrisk_all);
	json_object_put(doc);
	return rc;
}
