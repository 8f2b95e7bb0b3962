// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the printer: policy tree -> policy text, in canonical form:
 * the default statement first, then the bind statements in their order
 * (which is their priority), then each domain with every statement
 * written out (defaults included) in a fixed order, so that an operator
 * reads a domain at a glance and "wardctl check" accepts the output.
 * Parsing and compiling the output gives the bytes it was decoded from.
 */
#include <string.h>

#include "policy.h"

#define WP_WRAP	72	/* wrap long name lists before this column */

static void print_names(FILE *out, const char *indent, const char *kw,
			const struct wp_list *l)
{
	unsigned int i, col = 0;

	for (i = 0; i < l->count; i++) {
		size_t len = strlen(l->names[i]);

		if (!col || col + 1 + len > WP_WRAP) {
			if (col)
				fputc('\n', out);
			fprintf(out, "%s%s", indent, kw);
			col = 16 + strlen(kw);
		}
		fprintf(out, " %s", l->names[i]);
		col += 1 + len;
	}
	if (col)
		fputc('\n', out);
}

static void print_domain(FILE *out, const struct wp_domain *d)
{
	unsigned int i;
	__u32 bit;

	fprintf(out, "domain %s {\n", d->name);
	fprintf(out, "\tmode %s\n", wp_mode_name(d->mode) ?: "?");
	if (d->mount & WARD_MOUNT_ALLOW) {
		fputs("\tmount allow", out);
		for (i = 0; i < d->fstypes.count; i++)
			fprintf(out, " %s", d->fstypes.names[i]);
		fputc('\n', out);
	} else {
		fputs("\tmount deny\n", out);
	}
	fprintf(out, "\tptrace %s\n", wp_ptrace_name(d->ptrace) ?: "?");
	fprintf(out, "\tptrace-from-host %s\n",
		d->flags & WARD_DOM_HOST_PTRACE_DENY ? "deny" : "allow");
	fprintf(out, "\tmemory %s\n",
		d->flags & WARD_DOM_WX_STRICT ? "wx-strict" :
		d->flags & WARD_DOM_WX_DENY ? "wx-deny" : "wx-allow");
	fputs("\tmodules deny\n", out);
	fprintf(out, "\tkernel-state %s\n",
		d->flags & WARD_DOM_KSTATE_ALLOW ? "allow" : "deny");
	if (d->sc_action != WARD_SECCOMP_NONE) {
		fputs("\tseccomp {\n", out);
		fprintf(out, "\t\taction %s\n",
			wp_sc_action_name(d->sc_action) ?: "?");
		if (d->sc_sets) {
			fputs("\t\tbase", out);
			for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1)
				if (d->sc_sets & bit)
					fprintf(out, " %s", wp_sc_set_name(bit));
			fputc('\n', out);
		}
		print_names(out, "\t\t", "allow", &d->sc_allow);
		print_names(out, "\t\t", "deny", &d->sc_deny);
		for (i = 0; i < d->sc_nrules; i++) {
			fputs("\t\t", out);
			wp_print_sc_rule(out, &d->sc_rules[i]);
			fputc('\n', out);
		}
		if (d->sc_flags & WARD_SC_ALLOW_HIGHRISK)
			fputs("\t\tallow-highrisk\n", out);
		fputs("\t}\n", out);
	}
	fputs("}\n", out);
}

/*
 * Words that a seccomp name cannot be where the printer puts it: "if"
 * ends a name list and starts the conditions ("allow if" and "allow if if
 * arg0 == 1" do not parse).  The language has no quoting, and the kernel
 * accepts any name of the form wp_name_valid() describes (it does not
 * know which are system calls, nor the language's words).
 */
static const char *const sc_reserved[] = { "if", NULL };

static int sc_reserved_word(const char *name)
{
	unsigned int i;

	for (i = 0; sc_reserved[i]; i++)
		if (!strcmp(name, sc_reserved[i]))
			return 1;
	return 0;
}

/* The first seccomp name of @d that cannot be printed, or NULL. */
static const char *unprintable_sc_name(const struct wp_domain *d)
{
	const struct wp_list *lists[2] = { &d->sc_allow, &d->sc_deny };
	unsigned int i, l;

	for (l = 0; l < 2; l++)
		for (i = 0; i < lists[l]->count; i++)
			if (sc_reserved_word(lists[l]->names[i]))
				return lists[l]->names[i];
	for (i = 0; i < d->sc_nrules; i++)
		if (sc_reserved_word(d->sc_rules[i].name))
			return d->sc_rules[i].name;
	return NULL;
}

int wp_print(FILE *out, const struct wp_policy *p)
{
	const char *bad;
	unsigned int i;

	for (i = 0; i < p->ndomains; i++) {
		if (p->domains[i].sc_action == WARD_SECCOMP_NONE)
			continue;
		bad = unprintable_sc_name(&p->domains[i]);
		if (bad) {
			wp_error(p, (struct wp_pos){ 0, 0 },
				 "domain %s: seccomp names the system call '%s', a word of the policy language: the policy cannot be written as policy text (no such system call exists; wardctl check refuses the name)",
				 p->domains[i].name, bad);
			return -1;
		}
	}
	if (p->default_domain >= 0 &&
	    (unsigned int)p->default_domain < p->ndomains)
		fprintf(out, "default %s\n\n", p->domains[p->default_domain].name);
	for (i = 0; i < p->nbinds; i++) {
		const struct wp_bind *b = &p->binds[i];

		fprintf(out, "bind %s %s\n", b->pattern,
			b->domain >= 0 && (unsigned int)b->domain < p->ndomains ?
			p->domains[b->domain].name : b->domain_name);
	}
	if (p->nbinds)
		fputc('\n', out);
	for (i = 0; i < p->ndomains; i++) {
		if (i)
			fputc('\n', out);
		print_domain(out, &p->domains[i]);
	}
	return 0;
}
