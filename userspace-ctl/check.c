// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - semantic checks of a parsed policy, and the R-LVL warnings
 * about grants broader than a container should need.
 *
 * Errors make the policy unloadable (the kernel would refuse it, or it
 * would not mean what it says).  Warnings are listed in
 * Documentation/policy.rst; each names the statement that grants too much.
 */
#include <string.h>

#include "policy.h"
#include "seccomp.h"

/* "mount allow" of more types than this is a warning (R-LVL). */
#define WP_MANY_FSTYPES	4

static struct wp_pos pick(struct wp_pos a, struct wp_pos b)
{
	return a.line ? a : b;
}

static struct wp_pos list_pos(const struct wp_list *l, unsigned int i,
			      struct wp_pos fallback)
{
	return l->pos ? l->pos[i] : fallback;
}

/* Duplicates and size of one list; returns the number of errors. */
static int check_list(const struct wp_policy *p, const struct wp_domain *d,
		      const struct wp_list *l, unsigned int max,
		      const char *what, struct wp_pos at)
{
	unsigned int i, j;
	int errors = 0;

	for (i = 0; i < l->count; i++) {
		if (i == max) {
			wp_error(p, list_pos(l, i, at),
				 "too many %ss in domain '%s' (at most %u)",
				 what, d->name, max);
			errors++;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(l->names[i], l->names[j]))
				continue;
			wp_error(p, list_pos(l, i, at), "%s '%s' listed twice",
				 what, l->names[i]);
			errors++;
			break;
		}
	}
	return errors;
}

static int check_domain(const struct wp_policy *p, const struct wp_domain *d,
			unsigned int *warnings)
{
	struct wp_pos mount_at = pick(d->mount_pos, d->pos);
	struct wp_pos sc_at = pick(d->sc_pos, d->pos);
	unsigned int i, j;
	int errors = 0;

	/* mount */
	if (!(d->mount & WARD_MOUNT_ALLOW) && d->fstypes.count) {
		wp_error(p, mount_at, "filesystem types without 'mount allow'");
		errors++;
	}
	errors += check_list(p, d, &d->fstypes, WARD_MAX_FSTYPES,
			     "filesystem type", mount_at);
	for (i = 0; i < d->fstypes.count; i++) {
		const char *t = d->fstypes.names[i];
		struct wp_pos at = list_pos(&d->fstypes, i, mount_at);

		if (wp_fstype_protected(t)) {
			wp_error(p, at,
				 "'%s' is a protected filesystem: no domain may mount it (R-MNT)",
				 t);
			errors++;
		} else if (wp_fstype_blockdev(t)) {
			wp_warn(p, at,
				"mounting '%s' grants raw disk access: a domain that mounts block devices can read and write any disk it can open (R-LVL)",
				t);
			(*warnings)++;
		}
	}
	if (d->fstypes.count > WP_MANY_FSTYPES) {
		wp_warn(p, mount_at,
			"'mount allow' lists %u filesystem types: allow only what the containers need (R-LVL)",
			d->fstypes.count);
		(*warnings)++;
	}

	/* mode, ptrace, memory */
	if (d->mode == WARD_MODE_COMPLAIN) {
		wp_warn(p, pick(d->mode_pos, d->pos),
			"domain '%s' is in complain mode: nothing is denied, violations are only reported",
			d->name);
		(*warnings)++;
	}
	if (d->ptrace == WARD_PTRACE_DOMAIN) {
		wp_warn(p, pick(d->ptrace_pos, d->pos),
			"'ptrace domain': tasks of domain '%s' may trace each other and rewrite each other's memory and system calls (R-PTR)",
			d->name);
		(*warnings)++;
	}
	if (d->flags & WARD_DOM_KSTATE_ALLOW) {
		wp_warn(p, pick(d->kstate_pos, d->pos),
			"'kernel-state allow': tasks of domain '%s' may change host-global kernel settings through writable /proc/sys or /sys, open files by handle and trace the kernel (R-MNT)",
			d->name);
		(*warnings)++;
	}
	if (!(d->flags & WARD_DOM_WX_DENY)) {
		wp_warn(p, pick(d->memory_pos, d->pos),
			"'memory wx-allow': tasks of domain '%s' may create writable and executable memory (R-MEM)",
			d->name);
		(*warnings)++;
	}

	/* seccomp */
	if (d->sc_action == WARD_SECCOMP_NONE) {
		if (d->sc_sets || d->sc_flags || d->sc_allow.count ||
		    d->sc_deny.count || d->sc_nrules) {
			wp_error(p, sc_at, "seccomp rules without a seccomp block");
			errors++;
		}
		return errors;
	}
	errors += check_list(p, d, &d->sc_allow, WARD_MAX_SYSCALLS,
			     "system call", sc_at);
	errors += check_list(p, d, &d->sc_deny, WARD_MAX_SYSCALLS,
			     "system call", sc_at);
	for (i = 0; i < d->sc_deny.count; i++) {
		for (j = 0; j < d->sc_allow.count; j++) {
			if (strcmp(d->sc_deny.names[i], d->sc_allow.names[j]))
				continue;
			wp_error(p, list_pos(&d->sc_deny, i, sc_at),
				 "system call '%s' is both allowed and denied",
				 d->sc_deny.names[i]);
			errors++;
			break;
		}
	}
	/* action log/errno/trap and allow-highrisk: seccomp.c warns */
	if (ward_seccomp_check(p, d, warnings))
		errors++;
	return errors;
}

/* The bind statements: count, domains, over-broad and shadowed patterns. */
static int check_binds(const struct wp_policy *p, unsigned int *warnings)
{
	unsigned int i, j;
	int errors = 0;

	for (i = 0; i < p->nbinds; i++) {
		const struct wp_bind *b = &p->binds[i];
		const char *why;

		if (i == WARD_MAX_BIND_RECS) {
			wp_error(p, b->pos, "too many bind statements (at most %d)",
				 WARD_MAX_BIND_RECS);
			errors++;
		}
		if (b->domain < 0 || (unsigned int)b->domain >= p->ndomains) {
			wp_error(p, b->domain_pos, "bind: domain '%s' is not defined",
				 b->domain_name);
			errors++;
			continue;
		}
		why = wp_bind_overbroad(b->pattern);
		if (why) {
			wp_warn(p, b->pos,
				"bind pattern '%s' is over-broad (R-LVL): %s; the host's own services would be bound to domain '%s' too",
				b->pattern, why, p->domains[b->domain].name);
			(*warnings)++;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(p->binds[j].pattern, b->pattern))
				continue;
			if (p->binds[j].pos.line)
				wp_warn(p, b->pos,
					"bind pattern '%s' never applies: line %u has the same pattern, and the first match wins",
					b->pattern, p->binds[j].pos.line);
			else
				wp_warn(p, b->pos,
					"bind pattern '%s' never applies: an earlier line has the same pattern",
					b->pattern);
			(*warnings)++;
			break;
		}
	}
	return errors;
}

int wp_check(const struct wp_policy *p, unsigned int *warnings)
{
	unsigned int i, j, dummy = 0;
	int errors = 0;

	if (!warnings)
		warnings = &dummy;
	for (i = 0; i < p->ndomains; i++) {
		const struct wp_domain *d = &p->domains[i];

		if (i == WARD_MAX_DOMAINS) {
			wp_error(p, d->pos, "too many domains (at most %d)",
				 WARD_MAX_DOMAINS);
			errors++;
		}
		if (!wp_name_valid(d->name)) {
			wp_error(p, d->pos, "invalid domain name '%.*s'",
				 WARD_NAME_LEN, d->name);
			errors++;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(d->name, p->domains[j].name))
				continue;
			if (p->domains[j].pos.line)
				wp_error(p, d->pos,
					 "duplicate domain '%s' (first defined at line %u)",
					 d->name, p->domains[j].pos.line);
			else
				wp_error(p, d->pos, "duplicate domain '%s'",
					 d->name);
			errors++;
			break;
		}
		errors += check_domain(p, d, warnings);
	}
	for (i = 0, j = 0; i < p->ndomains; i++) {
		const struct wp_domain *d = &p->domains[i];

		if (j + d->sc_nrules > WARD_MAX_SC_RULES) {
			wp_error(p, pick(d->sc_rules[WARD_MAX_SC_RULES - j].pos, d->pos),
				 "too many seccomp argument rules (at most %d in a policy)",
				 WARD_MAX_SC_RULES);
			errors++;
			break;
		}
		j += d->sc_nrules;
	}
	errors += check_binds(p, warnings);
	if (p->default_domain >= 0) {
		const struct wp_domain *d;

		if ((unsigned int)p->default_domain >= p->ndomains) {
			wp_error(p, p->default_pos, "default domain is not defined");
			return -1;
		}
		d = &p->domains[p->default_domain];
		if (d->mode == WARD_MODE_COMPLAIN) {
			wp_warn(p, pick(p->default_pos, d->pos),
				"the default domain '%s' is in complain mode: containers nobody bound are not confined",
				d->name);
			(*warnings)++;
		}
	}
	return errors ? -1 : 0;
}
