// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - policy tree helpers shared by the parser, checker, compiler,
 * decoder and printer: diagnostics, names of values, freeing.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

FILE *wp_diag;

static void wp_diagv(const struct wp_policy *p, struct wp_pos pos,
		     const char *kind, const char *fmt, va_list ap)
{
	FILE *f = wp_diag ? wp_diag : stderr;
	const char *file = p && p->file ? p->file : "<policy>";

	if (pos.line)
		fprintf(f, "%s:%u:%u: %s: ", file, pos.line, pos.col, kind);
	else
		fprintf(f, "%s: %s: ", file, kind);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void wp_line_col(const char *buf, size_t off, unsigned int *line,
		 unsigned int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && buf[i]; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

void wp_error(const struct wp_policy *p, struct wp_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wp_diagv(p, pos, "error", fmt, ap);
	va_end(ap);
}

void wp_warn(const struct wp_policy *p, struct wp_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wp_diagv(p, pos, "warning", fmt, ap);
	va_end(ap);
}

static void wp_list_free(struct wp_list *l)
{
	free(l->names);
	free(l->pos);
	memset(l, 0, sizeof(*l));
}

void wp_free(struct wp_policy *p)
{
	unsigned int i;

	for (i = 0; i < p->ndomains; i++) {
		wp_list_free(&p->domains[i].fstypes);
		wp_list_free(&p->domains[i].sc_allow);
		wp_list_free(&p->domains[i].sc_deny);
		free(p->domains[i].sc_rules);
		p->domains[i].sc_rules = NULL;
		p->domains[i].sc_nrules = 0;
	}
	free(p->domains);
	free(p->binds);
	p->binds = NULL;
	p->nbinds = 0;
	p->domains = NULL;
	p->ndomains = 0;
	p->default_domain = -1;
}

const struct wp_domain *wp_find_domain(const struct wp_policy *p,
				       const char *name)
{
	unsigned int i;

	for (i = 0; i < p->ndomains; i++)
		if (!strcmp(p->domains[i].name, name))
			return &p->domains[i];
	return NULL;
}

const char *wp_mode_name(__u32 mode)
{
	switch (mode) {
	case WARD_MODE_ENFORCE:
		return "enforce";
	case WARD_MODE_COMPLAIN:
		return "complain";
	}
	return NULL;
}

const char *wp_ptrace_name(__u32 ptrace)
{
	switch (ptrace) {
	case WARD_PTRACE_NONE:
		return "none";
	case WARD_PTRACE_DOMAIN:
		return "domain";
	}
	return NULL;
}

const char *wp_sc_action_name(__u32 action)
{
	switch (action) {
	case WARD_SECCOMP_KILL:
		return "kill";
	case WARD_SECCOMP_LOG:
		return "log";
	case WARD_SECCOMP_ERRNO:
		return "errno";
	case WARD_SECCOMP_TRAP:
		return "trap";
	}
	return NULL;
}

const char *wp_sc_set_name(__u32 bit)
{
	switch (bit) {
	case WARD_SC_SET_MINIMAL:
		return "minimal";
	case WARD_SC_SET_SHELL:
		return "shell";
	case WARD_SC_SET_NETSERVER:
		return "netserver";
	}
	return NULL;
}

int wp_name_valid(const char *name)
{
	size_t i, len = strnlen(name, WARD_NAME_LEN);

	if (len == 0 || len >= WARD_NAME_LEN)
		return 0;
	if (!((name[0] >= 'a' && name[0] <= 'z') ||
	      (name[0] >= '0' && name[0] <= '9')))
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

const char *wp_sc_op_name(__u32 op)
{
	switch (op) {
	case WARD_SC_OP_NE:
		return "!=";
	case WARD_SC_OP_LT:
		return "<";
	case WARD_SC_OP_LE:
		return "<=";
	case WARD_SC_OP_EQ:
		return "==";
	case WARD_SC_OP_GE:
		return ">=";
	case WARD_SC_OP_GT:
		return ">";
	case WARD_SC_OP_MASKED_EQ:
		return "&";
	}
	return NULL;
}

/* Small values in decimal, flags and masks in hexadecimal. */
static void print_value(FILE *out, __u64 v)
{
	if (v < 0x10000)
		fprintf(out, "%llu", (unsigned long long)v);
	else
		fprintf(out, "0x%llx", (unsigned long long)v);
}

void wp_print_sc_rule(FILE *out, const struct wp_sc_rule *r)
{
	unsigned int i;

	fprintf(out, "%s %s if", r->action == WARD_SC_RULE_DENY ? "deny" : "allow",
		r->name);
	for (i = 0; i < r->nargs; i++) {
		const struct ward_sc_arg *a = &r->args[i];

		fprintf(out, "%s arg%u ", i ? " and" : "", a->index);
		if (a->op == WARD_SC_OP_MASKED_EQ) {
			fprintf(out, "& 0x%llx == ", (unsigned long long)a->value);
			print_value(out, a->value2);
		} else {
			fprintf(out, "%s ", wp_sc_op_name(a->op) ?: "?");
			print_value(out, a->value);
		}
	}
}

const char *wp_bind_overbroad(const char *pattern)
{
	const char *c = pattern + 1;
	size_t n = strcspn(c, "/");

	if (!strcmp(pattern, "/**"))
		return "it matches every cgroup";
	if (strspn(c, "*?") < n)
		return NULL;
	if (!c[n])
		return "it matches every top-level cgroup";
	return "its first component is only a wildcard: it matches below every top-level cgroup";
}
