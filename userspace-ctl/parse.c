// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the policy language parser: text -> policy tree.
 *
 * The language is line oriented (see Documentation/policy.rst): "#" starts
 * a comment, tokens are words [A-Za-z0-9_.-]+, the braces, the comparison
 * operators of seccomp argument rules (== != < <= > >= &) and, after
 * "bind", a cgroup path pattern (anything up to a blank); one statement
 * per line.  The parser reports every syntax error it finds as
 * FILE:LINE:COL (the column of the offending token, or just past the end of
 * the line for a missing one) and carries on with the next line, so that one
 * run shows all of them.  Semantic checks are check.c's job.
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "../kmod/validate.h"

struct tok {
	const char *s;
	size_t len;
	struct wp_pos pos;
};

enum ctx { CTX_TOP, CTX_DOMAIN, CTX_SECCOMP };

struct parser {
	struct wp_policy *p;
	int errors;
	enum ctx ctx;
	struct wp_domain *d;		/* the open domain */
	struct wp_pos brace;		/* its opening brace */
	struct wp_pos sc_brace;		/* the seccomp block's one */
	/* the current line */
	struct tok *t;
	unsigned int n, cap;
	struct wp_pos eol;		/* just past the last token */
	/* "default NAME", resolved at the end */
	char default_name[WARD_NAME_LEN];
	struct wp_pos default_name_pos;
};

static int tok_is(const struct tok *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->s, s, t->len);
}

/* The token as a C string, shortened for messages. */
static const char *tstr(const struct tok *t)
{
	static char buf[4][72];
	static int i;
	char *b = buf[i++ & 3];
	size_t n = t->len < 64 ? t->len : 64;

	memcpy(b, t->s, n);
	strcpy(b + n, t->len > 64 ? "..." : "");
	return b;
}

static void perr(struct parser *ps, struct wp_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));


static void perr(struct parser *ps, struct wp_pos pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	wp_error(ps->p, pos, "%s", msg);
	ps->errors++;
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Split one line into tokens; 0, or -1 after reporting a bad character. */
static int lex_line(struct parser *ps, const char *s, size_t len,
		    unsigned int lineno)
{
	size_t i = 0;

	ps->n = 0;
	ps->eol.line = lineno;
	ps->eol.col = 1;
	while (i < len) {
		char c = s[i];
		size_t start = i;
		struct tok *t;

		if (c == '#')
			break;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			i++;
			continue;
		}
		if (ps->n == 1 && tok_is(&ps->t[0], "bind")) {
			/* a cgroup path pattern: everything up to a blank */
			while (i < len && s[i] != ' ' && s[i] != '\t' &&
			       s[i] != '\r' && s[i] != '#')
				i++;
		} else if (c == '{' || c == '}' || c == '&') {
			i++;
		} else if (c == '<' || c == '>') {
			i += i + 1 < len && s[i + 1] == '=' ? 2 : 1;
		} else if ((c == '=' || c == '!') && i + 1 < len &&
			   s[i + 1] == '=') {
			i += 2;
		} else if (is_word_char(c)) {
			while (i < len && is_word_char(s[i]))
				i++;
		} else {
			struct wp_pos pos = { lineno, (unsigned int)i + 1 };

			if (c >= 0x20 && c < 0x7f)
				perr(ps, pos, "invalid character '%c'", c);
			else
				perr(ps, pos, "invalid character '\\x%02x'",
				     (unsigned char)c);
			return -1;
		}
		if (ps->n == ps->cap) {
			unsigned int cap = ps->cap ? ps->cap * 2 : 16;
			struct tok *nt = realloc(ps->t, cap * sizeof(*nt));

			if (!nt) {
				perr(ps, ps->eol, "out of memory");
				return -1;
			}
			ps->t = nt;
			ps->cap = cap;
		}
		t = &ps->t[ps->n++];
		t->s = s + start;
		t->len = i - start;
		t->pos.line = lineno;
		t->pos.col = (unsigned int)start + 1;
		ps->eol.col = (unsigned int)i + 1;
	}
	return 0;
}

/* Copy a name token; reports and returns -1 if it is not a valid name. */
static int get_name(struct parser *ps, const struct tok *t, const char *what,
		    char out[WARD_NAME_LEN])
{
	if (tok_is(t, "{") || tok_is(t, "}")) {
		perr(ps, t->pos, "expected %s, found '%s'", what, tstr(t));
		return -1;
	}
	if (t->len >= WARD_NAME_LEN) {
		perr(ps, t->pos, "%s '%s' is too long (at most %d characters)",
		     what, tstr(t), WARD_NAME_LEN - 1);
		memset(out, 0, WARD_NAME_LEN);
		memcpy(out, t->s, WARD_NAME_LEN - 1);
		return -1;
	}
	memset(out, 0, WARD_NAME_LEN);
	memcpy(out, t->s, t->len);
	if (!wp_name_valid(out)) {
		perr(ps, t->pos,
		     "invalid %s '%s': use a-z 0-9 _ . - and start with a letter or digit",
		     what, out);
		return -1;
	}
	return 0;
}

static int list_add(struct parser *ps, struct wp_list *l,
		    const char name[WARD_NAME_LEN], struct wp_pos pos)
{
	char (*names)[WARD_NAME_LEN];
	struct wp_pos *p;

	names = realloc(l->names, (l->count + 1) * sizeof(*names));
	if (!names)
		goto oom;
	l->names = names;
	p = realloc(l->pos, (l->count + 1) * sizeof(*p));
	if (!p)
		goto oom;
	l->pos = p;
	memcpy(l->names[l->count], name, WARD_NAME_LEN);
	l->pos[l->count] = pos;
	l->count++;
	return 0;
oom:
	perr(ps, pos, "out of memory");
	return -1;
}

/* Report a second occurrence of a statement; returns 1 if it was one. */
static int dup_stmt(struct parser *ps, const struct tok *kw,
		    struct wp_pos *seen)
{
	if (seen->line) {
		perr(ps, kw->pos, "duplicate '%s' statement (first at line %u)",
		     tstr(kw), seen->line);
		return 1;
	}
	*seen = kw->pos;
	return 0;
}

/*
 * A statement "KEYWORD VALUE" with VALUE one of vals[]; returns the index
 * of the value, or -1 after reporting.
 */
static int one_value(struct parser *ps, const char *const *vals,
		     const char *expected)
{
	const struct tok *kw = &ps->t[0];
	int i;

	if (ps->n < 2) {
		perr(ps, ps->eol, "expected %s after '%s'", expected, tstr(kw));
		return -1;
	}
	for (i = 0; vals[i]; i++)
		if (tok_is(&ps->t[1], vals[i]))
			break;
	if (!vals[i]) {
		perr(ps, ps->t[1].pos, "unknown value '%s' for '%s' (expected %s)",
		     tstr(&ps->t[1]), tstr(kw), expected);
		return -1;
	}
	if (ps->n > 2) {
		perr(ps, ps->t[2].pos, "unexpected '%s' after '%s %s'",
		     tstr(&ps->t[2]), tstr(kw), vals[i]);
		return -1;
	}
	return i;
}

/* Nothing may follow token @i on this line. */
static int line_ends_after(struct parser *ps, unsigned int i)
{
	if (ps->n > i + 1) {
		perr(ps, ps->t[i + 1].pos, "unexpected '%s' after '%s'",
		     tstr(&ps->t[i + 1]), tstr(&ps->t[i]));
		return -1;
	}
	return 0;
}

static void open_domain(struct parser *ps)
{
	struct wp_policy *p = ps->p;
	const struct tok *kw = &ps->t[0];
	struct wp_domain *nd, *d;

	if (ps->n < 2) {
		perr(ps, ps->eol, "expected a domain name after 'domain'");
		return;
	}
	nd = realloc(p->domains, (p->ndomains + 1) * sizeof(*nd));
	if (!nd) {
		perr(ps, kw->pos, "out of memory");
		return;
	}
	p->domains = nd;
	d = &nd[p->ndomains];
	memset(d, 0, sizeof(*d));
	d->mode = WARD_MODE_ENFORCE;
	d->mount = 0;
	d->ptrace = WARD_PTRACE_NONE;
	d->flags = WARD_DOM_WX_DENY;
	d->sc_action = WARD_SECCOMP_NONE;
	/* on a bad name, keep going: the body is still worth checking */
	get_name(ps, &ps->t[1], "domain name", d->name);
	d->pos = ps->t[1].pos;
	p->ndomains++;

	/* From here on the domain is open even if the brace is missing. */
	ps->ctx = CTX_DOMAIN;
	ps->d = d;
	ps->brace = ps->t[1].pos;
	if (ps->n < 3) {
		perr(ps, ps->eol, "expected '{' after 'domain %s'", tstr(&ps->t[1]));
		return;
	}
	if (!tok_is(&ps->t[2], "{")) {
		perr(ps, ps->t[2].pos, "expected '{' after 'domain %s', found '%s'",
		     tstr(&ps->t[1]), tstr(&ps->t[2]));
		return;
	}
	ps->brace = ps->t[2].pos;
	line_ends_after(ps, 2);
}

/*
 * "bind PATTERN DOMAIN".  Whether the pattern is valid is decided by
 * ward_pattern_valid() (kmod/validate.c), the kernel's own rule; to point
 * at the offending component, the same function judges the pattern's
 * prefixes: the first component whose prefix is refused is the culprit.
 */
static void stmt_bind(struct parser *ps)
{
	struct wp_policy *p = ps->p;
	char pat[WARD_PATTERN_LEN];
	const struct tok *t;
	struct wp_bind *nb, *b;
	size_t i;

	if (ps->n < 2) {
		perr(ps, ps->eol,
		     "expected a cgroup path pattern after 'bind' (for example /system.slice/docker-*.scope)");
		return;
	}
	t = &ps->t[1];
	if (t->len >= WARD_PATTERN_LEN) {
		perr(ps, t->pos, "cgroup path pattern is too long (at most %d characters)",
		     WARD_PATTERN_LEN - 1);
		return;
	}
	memset(pat, 0, sizeof(pat));
	memcpy(pat, t->s, t->len);
	if (!ward_pattern_valid(pat)) {
		struct wp_pos at = t->pos;
		char pre[WARD_PATTERN_LEN];

		if (pat[0] == '/') {
			/* the component after the longest valid prefix */
			size_t good = 0;

			for (i = 1; i <= t->len; i++) {
				if (i < t->len && pat[i] != '/')
					continue;
				memset(pre, 0, sizeof(pre));
				memcpy(pre, pat, i);
				if (!ward_pattern_valid(pre))
					break;
				good = i;
			}
			at.col += good ? good + 1 : 0;
		}
		perr(ps, at,
		     "invalid cgroup path pattern '%s': it must start with '/', and have no empty, '.' or '..' component, '**' only as a whole component, no control character",
		     tstr(t));
		return;
	}
	if (ps->n < 3) {
		perr(ps, ps->eol, "expected a domain name after 'bind %s'", tstr(t));
		return;
	}
	nb = realloc(p->binds, (p->nbinds + 1) * sizeof(*nb));
	if (!nb) {
		perr(ps, t->pos, "out of memory");
		return;
	}
	p->binds = nb;
	b = &nb[p->nbinds];
	memset(b, 0, sizeof(*b));
	memcpy(b->pattern, pat, sizeof(pat));
	b->domain = -1;
	b->pos = t->pos;
	b->domain_pos = ps->t[2].pos;
	if (get_name(ps, &ps->t[2], "domain name", b->domain_name))
		return;
	p->nbinds++;
	line_ends_after(ps, 2);
}

static void stmt_top(struct parser *ps)
{
	const struct tok *kw = &ps->t[0];
	static const char *const domain_kw[] = {
		"mode", "mount", "ptrace", "ptrace-from-host", "memory",
		"modules", "kernel-state", "seccomp", NULL
	};
	int i;

	if (tok_is(kw, "domain")) {
		open_domain(ps);
		return;
	}
	if (tok_is(kw, "default")) {
		if (dup_stmt(ps, kw, &ps->p->default_pos))
			return;
		if (ps->n < 2) {
			perr(ps, ps->eol, "expected a domain name after 'default'");
			return;
		}
		if (get_name(ps, &ps->t[1], "domain name", ps->default_name))
			return;
		ps->default_name_pos = ps->t[1].pos;
		line_ends_after(ps, 1);
		return;
	}
	if (tok_is(kw, "bind")) {
		stmt_bind(ps);
		return;
	}
	if (tok_is(kw, "}")) {
		perr(ps, kw->pos, "unexpected '}' outside of a domain");
		return;
	}
	for (i = 0; domain_kw[i]; i++) {
		if (tok_is(kw, domain_kw[i])) {
			perr(ps, kw->pos, "'%s' outside of a domain", domain_kw[i]);
			return;
		}
	}
	perr(ps, kw->pos, "unknown statement '%s' (expected 'domain', 'default' or 'bind')",
	     tstr(kw));
}

static void stmt_mount(struct parser *ps)
{
	struct wp_domain *d = ps->d;
	unsigned int i;

	if (dup_stmt(ps, &ps->t[0], &d->mount_pos))
		return;
	if (ps->n < 2) {
		perr(ps, ps->eol, "expected 'deny' or 'allow FSTYPE...' after 'mount'");
		return;
	}
	if (tok_is(&ps->t[1], "deny")) {
		line_ends_after(ps, 1);
		return;
	}
	if (!tok_is(&ps->t[1], "allow")) {
		perr(ps, ps->t[1].pos,
		     "unknown value '%s' for 'mount' (expected deny or allow)",
		     tstr(&ps->t[1]));
		return;
	}
	d->mount = WARD_MOUNT_ALLOW;
	if (ps->n < 3) {
		perr(ps, ps->eol, "expected a filesystem type after 'mount allow'");
		return;
	}
	for (i = 2; i < ps->n; i++) {
		char name[WARD_NAME_LEN];

		if (get_name(ps, &ps->t[i], "filesystem type", name))
			continue;
		list_add(ps, &d->fstypes, name, ps->t[i].pos);
	}
}

static void stmt_domain(struct parser *ps)
{
	static const char *const modes[] = { "enforce", "complain", NULL };
	static const char *const ptraces[] = { "none", "domain", NULL };
	static const char *const hosts[] = { "allow", "deny", NULL };
	static const char *const memory[] = { "wx-deny", "wx-allow",
					      "wx-strict", NULL };
	static const char *const modules[] = { "deny", NULL };
	static const char *const kstates[] = { "deny", "allow", NULL };
	struct wp_domain *d = ps->d;
	const struct tok *kw = &ps->t[0];
	int v;

	if (tok_is(kw, "}")) {
		line_ends_after(ps, 0);
		ps->ctx = CTX_TOP;
		ps->d = NULL;
	} else if (tok_is(kw, "mode")) {
		if (dup_stmt(ps, kw, &d->mode_pos))
			return;
		v = one_value(ps, modes, "enforce or complain");
		if (v >= 0)
			d->mode = v ? WARD_MODE_COMPLAIN : WARD_MODE_ENFORCE;
	} else if (tok_is(kw, "mount")) {
		stmt_mount(ps);
	} else if (tok_is(kw, "ptrace")) {
		if (dup_stmt(ps, kw, &d->ptrace_pos))
			return;
		v = one_value(ps, ptraces, "none or domain");
		if (v >= 0)
			d->ptrace = v ? WARD_PTRACE_DOMAIN : WARD_PTRACE_NONE;
	} else if (tok_is(kw, "ptrace-from-host")) {
		if (dup_stmt(ps, kw, &d->host_ptrace_pos))
			return;
		v = one_value(ps, hosts, "allow or deny");
		if (v == 1)
			d->flags |= WARD_DOM_HOST_PTRACE_DENY;
	} else if (tok_is(kw, "kernel-state")) {
		if (dup_stmt(ps, kw, &d->kstate_pos))
			return;
		v = one_value(ps, kstates, "deny or allow");
		if (v == 1)
			d->flags |= WARD_DOM_KSTATE_ALLOW;
	} else if (tok_is(kw, "memory")) {
		if (dup_stmt(ps, kw, &d->memory_pos))
			return;
		v = one_value(ps, memory, "wx-deny, wx-allow or wx-strict");
		if (v == 1)
			d->flags &= ~WARD_DOM_WX_DENY;
		else if (v == 2)
			d->flags |= WARD_DOM_WX_STRICT;
	} else if (tok_is(kw, "modules")) {
		if (dup_stmt(ps, kw, &d->modules_pos))
			return;
		if (ps->n >= 2 && tok_is(&ps->t[1], "allow")) {
			perr(ps, ps->t[1].pos,
			     "'modules allow' is not possible: Ward denies module loading to every domain (R-MOD); write 'modules deny'");
			return;
		}
		one_value(ps, modules, "deny");
	} else if (tok_is(kw, "seccomp")) {
		if (dup_stmt(ps, kw, &d->sc_pos))
			return;
		d->sc_action = WARD_SECCOMP_KILL;
		ps->ctx = CTX_SECCOMP;
		ps->sc_brace = kw->pos;
		if (ps->n < 2) {
			perr(ps, ps->eol, "expected '{' after 'seccomp'");
			return;
		}
		if (!tok_is(&ps->t[1], "{")) {
			perr(ps, ps->t[1].pos, "expected '{' after 'seccomp', found '%s'",
			     tstr(&ps->t[1]));
			return;
		}
		ps->sc_brace = ps->t[1].pos;
		line_ends_after(ps, 1);
	} else if (tok_is(kw, "domain")) {
		perr(ps, kw->pos, "missing '}' before 'domain': domain '%s' is not closed",
		     d->name);
		open_domain(ps);
	} else if (tok_is(kw, "default") || tok_is(kw, "bind")) {
		perr(ps, kw->pos, "'%s' inside a domain (missing '}'?)", tstr(kw));
	} else {
		perr(ps, kw->pos, "unknown statement '%s' in domain '%s'",
		     tstr(kw), d->name);
	}
}

/* A number: decimal, or hexadecimal after 0x; 64 bits at most. */
static int get_number(struct parser *ps, unsigned int i, const char *after,
		      __u64 *out)
{
	const struct tok *t;
	unsigned int base = 10;
	size_t k = 0;
	__u64 v = 0;

	if (i >= ps->n) {
		perr(ps, ps->eol, "expected a number after '%s'", after);
		return -1;
	}
	t = &ps->t[i];
	if (t->len > 2 && t->s[0] == '0' && (t->s[1] == 'x' || t->s[1] == 'X')) {
		base = 16;
		k = 2;
	}
	for (; k < t->len; k++) {
		char c = t->s[k];
		unsigned int dig;

		if (c >= '0' && c <= '9')
			dig = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			dig = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			dig = c - 'A' + 10;
		else
			goto bad;
		if (v > (~0ULL - dig) / base)
			goto bad;
		v = v * base + dig;
	}
	if (base == 10 && t->len > 1 && t->s[0] == '0')
		goto bad;	/* no octal: 010 would be 8 in C */
	*out = v;
	return 0;
bad:
	perr(ps, t->pos,
	     "invalid number '%s' (decimal, or hexadecimal after 0x; at most 64 bits)",
	     tstr(t));
	return -1;
}

/*
 * The conditions after "if", from token @i on:
 *	argN OP VALUE [and argN OP VALUE]...
 * with OP one of == != < <= > >=, or "argN & MASK == VALUE".
 */
static int conditions(struct parser *ps, unsigned int i, struct wp_sc_rule *r)
{
	static const struct { const char *s; __u32 op; } ops[] = {
		{ "!=", WARD_SC_OP_NE }, { "<", WARD_SC_OP_LT },
		{ "<=", WARD_SC_OP_LE }, { "==", WARD_SC_OP_EQ },
		{ ">=", WARD_SC_OP_GE }, { ">", WARD_SC_OP_GT },
	};
	const struct tok *prev = &ps->t[i - 1];

	for (;;) {
		struct ward_sc_arg *a;
		const struct tok *t;
		unsigned int k;

		if (i >= ps->n) {
			perr(ps, ps->eol, "expected a condition (arg0 to arg5) after '%s'",
			     tstr(prev));
			return -1;
		}
		t = &ps->t[i];
		if (t->len != 4 || memcmp(t->s, "arg", 3) || t->s[3] < '0' ||
		    t->s[3] > '5') {
			perr(ps, t->pos, "expected arg0 to arg5, found '%s'", tstr(t));
			return -1;
		}
		for (k = 0; k < r->nargs; k++) {
			if (r->args[k].index != (__u32)(t->s[3] - '0'))
				continue;
			perr(ps, t->pos,
			     "%s is compared twice in one rule (libseccomp allows one comparison per argument): write a second rule",
			     tstr(t));
			return -1;
		}
		a = &r->args[r->nargs];
		a->index = t->s[3] - '0';
		r->arg_pos[r->nargs] = t->pos;
		if (++i >= ps->n) {
			perr(ps, ps->eol,
			     "expected a comparison (== != < <= > >=, or & MASK ==) after '%s'",
			     tstr(t));
			return -1;
		}
		t = &ps->t[i];
		if (tok_is(t, "&")) {
			if (get_number(ps, i + 1, "&", &a->value))
				return -1;
			i += 2;
			if (i >= ps->n || !tok_is(&ps->t[i], "==")) {
				if (i < ps->n)
					perr(ps, ps->t[i].pos,
					     "expected '==' after '& %s', found '%s' (libseccomp compares masked arguments only for equality)",
					     tstr(&ps->t[i - 1]), tstr(&ps->t[i]));
				else
					perr(ps, ps->eol, "expected '==' after '& %s'",
					     tstr(&ps->t[i - 1]));
				return -1;
			}
			if (get_number(ps, i + 1, "==", &a->value2))
				return -1;
			a->op = WARD_SC_OP_MASKED_EQ;
		} else {
			for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
				if (tok_is(t, ops[k].s))
					break;
			if (k == sizeof(ops) / sizeof(ops[0])) {
				perr(ps, t->pos,
				     "expected a comparison (== != < <= > >=, or & MASK ==), found '%s'",
				     tstr(t));
				return -1;
			}
			if (get_number(ps, i + 1, ops[k].s, &a->value))
				return -1;
			a->op = ops[k].op;
		}
		r->nargs++;
		i += 2;
		if (i >= ps->n)
			return 0;
		if (!tok_is(&ps->t[i], "and")) {
			perr(ps, ps->t[i].pos, "expected 'and' or the end of the line, found '%s'",
			     tstr(&ps->t[i]));
			return -1;
		}
		prev = &ps->t[i];
		i++;
	}
}

static void name_list(struct parser *ps, struct wp_list *l, unsigned int end)
{
	unsigned int i;

	if (end < 2) {
		perr(ps, end < ps->n ? ps->t[end].pos : ps->eol,
		     "expected a system call name after '%s'", tstr(&ps->t[0]));
		return;
	}
	for (i = 1; i < end; i++) {
		char name[WARD_NAME_LEN];

		if (get_name(ps, &ps->t[i], "system call name", name))
			continue;
		list_add(ps, l, name, ps->t[i].pos);
	}
}

/*
 * "allow NAME..." and "deny NAME...", or, with "if CONDITIONS", one
 * argument rule per name.
 */
static void allow_deny(struct parser *ps, struct wp_list *l, __u32 action)
{
	struct wp_domain *d = ps->d;
	struct wp_sc_rule r, *nr;
	unsigned int end, i;

	for (end = 1; end < ps->n; end++)
		if (tok_is(&ps->t[end], "if"))
			break;
	if (end == ps->n) {
		name_list(ps, l, end);
		return;
	}
	if (end < 2) {
		perr(ps, ps->t[end].pos, "expected a system call name after '%s'",
		     tstr(&ps->t[0]));
		return;
	}
	memset(&r, 0, sizeof(r));
	r.action = action;
	if (conditions(ps, end + 1, &r))
		return;
	for (i = 1; i < end; i++) {
		if (get_name(ps, &ps->t[i], "system call name", r.name))
			continue;
		r.pos = ps->t[i].pos;
		nr = realloc(d->sc_rules, (d->sc_nrules + 1) * sizeof(*nr));
		if (!nr) {
			perr(ps, r.pos, "out of memory");
			return;
		}
		d->sc_rules = nr;
		nr[d->sc_nrules++] = r;
	}
}

static void stmt_seccomp(struct parser *ps)
{
	static const char *const actions[] = {
		"kill", "log", "errno", "trap", NULL
	};
	static const __u32 action_val[] = {
		WARD_SECCOMP_KILL, WARD_SECCOMP_LOG, WARD_SECCOMP_ERRNO,
		WARD_SECCOMP_TRAP
	};
	struct wp_domain *d = ps->d;
	const struct tok *kw = &ps->t[0];
	unsigned int i;
	int v;

	if (tok_is(kw, "}")) {
		line_ends_after(ps, 0);
		ps->ctx = CTX_DOMAIN;
	} else if (tok_is(kw, "action")) {
		if (dup_stmt(ps, kw, &d->sc_action_pos))
			return;
		v = one_value(ps, actions, "kill, log, errno or trap");
		if (v >= 0)
			d->sc_action = action_val[v];
	} else if (tok_is(kw, "base")) {
		if (dup_stmt(ps, kw, &d->sc_base_pos))
			return;
		if (ps->n < 2) {
			perr(ps, ps->eol,
			     "expected a set name after 'base' (minimal, shell or netserver)");
			return;
		}
		for (i = 1; i < ps->n; i++) {
			__u32 bit;

			for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1)
				if (tok_is(&ps->t[i], wp_sc_set_name(bit)))
					break;
			if (!(bit & WARD_SC_SET_ALL)) {
				perr(ps, ps->t[i].pos,
				     "unknown seccomp set '%s' (expected minimal, shell or netserver)",
				     tstr(&ps->t[i]));
			} else if (d->sc_sets & bit) {
				perr(ps, ps->t[i].pos, "set '%s' named twice",
				     tstr(&ps->t[i]));
			}
			d->sc_sets |= bit & WARD_SC_SET_ALL;
		}
	} else if (tok_is(kw, "allow")) {
		allow_deny(ps, &d->sc_allow, WARD_SC_RULE_ALLOW);
	} else if (tok_is(kw, "deny")) {
		allow_deny(ps, &d->sc_deny, WARD_SC_RULE_DENY);
	} else if (tok_is(kw, "allow-highrisk")) {
		if (dup_stmt(ps, kw, &d->sc_highrisk_pos))
			return;
		d->sc_flags |= WARD_SC_ALLOW_HIGHRISK;
		line_ends_after(ps, 0);
	} else if (tok_is(kw, "domain")) {
		perr(ps, kw->pos, "missing '}' before 'domain': seccomp block of domain '%s' is not closed",
		     d->name);
		open_domain(ps);
	} else {
		perr(ps, kw->pos,
		     "unknown seccomp statement '%s' (expected action, base, allow, deny, allow-highrisk or '}')",
		     tstr(kw));
	}
}

int wp_parse_buf(const char *file, const char *buf, size_t len,
		 struct wp_policy *out)
{
	struct parser ps;
	unsigned int lineno = 0, bi;
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	out->file = file;
	out->default_domain = -1;
	memset(&ps, 0, sizeof(ps));
	ps.p = out;

	while (off < len) {
		const char *s = buf + off;
		const char *nl = memchr(s, '\n', len - off);
		size_t l = nl ? (size_t)(nl - s) : len - off;

		off += l + (nl ? 1 : 0);
		lineno++;
		if (lex_line(&ps, s, l, lineno) || !ps.n)
			continue;
		switch (ps.ctx) {
		case CTX_TOP:
			stmt_top(&ps);
			break;
		case CTX_DOMAIN:
			stmt_domain(&ps);
			break;
		case CTX_SECCOMP:
			stmt_seccomp(&ps);
			break;
		}
	}
	if (ps.ctx == CTX_SECCOMP) {
		perr(&ps, ps.sc_brace,
		     "missing '}': the seccomp block of domain '%s' is never closed",
		     ps.d->name);
	}
	if (ps.ctx != CTX_TOP) {
		perr(&ps, ps.brace, "missing '}': domain '%s' is never closed",
		     ps.d->name);
	}
	for (bi = 0; bi < out->nbinds; bi++) {
		struct wp_bind *b = &out->binds[bi];
		unsigned int j;

		for (j = 0; j < out->ndomains; j++)
			if (!strcmp(out->domains[j].name, b->domain_name))
				break;
		if (j < out->ndomains)
			b->domain = (int)j;
		else
			perr(&ps, b->domain_pos,
			     "bind: domain '%s' is not defined", b->domain_name);
	}
	if (ps.default_name[0]) {
		unsigned int i;

		for (i = 0; i < out->ndomains; i++)
			if (!strcmp(out->domains[i].name, ps.default_name))
				break;
		if (i < out->ndomains)
			out->default_domain = (int)i;
		else
			perr(&ps, ps.default_name_pos,
			     "default domain '%s' is not defined", ps.default_name);
	}
	free(ps.t);
	return ps.errors ? -1 : 0;
}

int wp_parse_file(const char *path, struct wp_policy *out)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	out->file = path;
	out->default_domain = -1;
	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
		out->file = "<stdin>";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		wp_error(out, (struct wp_pos){ 0, 0 }, "cannot open: %s (%s)",
			 strerror(errno), strerrorname_np(errno));
		return -1;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				wp_error(out, (struct wp_pos){ 0, 0 }, "out of memory");
				goto fail;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			wp_error(out, (struct wp_pos){ 0, 0 }, "cannot read: %s (%s)",
				 strerror(errno), strerrorname_np(errno));
			goto fail;
		}
		if (!n)
			break;
		len += n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	ret = wp_parse_buf(out->file, buf, len, out);
	free(buf);
	return ret;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return -1;
}
