// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - seccomp filters (R-SEC): from a domain's seccomp section to a
 * libseccomp filter, its check, its installation, and "wardctl seccomp".
 */
#define _GNU_SOURCE	/* asprintf */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <seccomp.h>

#include "seccomp.h"
#include "wardctl.h"

/* ---- name lists ---- */

static int find(const struct ward_sc_list *l, const char *name,
		unsigned int *at)
{
	unsigned int lo = 0, hi = l->count;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		int c = strcmp(l->names[mid], name);

		if (!c) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

int ward_sc_list_has(const struct ward_sc_list *l, const char *name)
{
	unsigned int at;

	return find(l, name, &at);
}

static int list_add(struct ward_sc_list *l, const char *name)
{
	unsigned int at;

	if (find(l, name, &at))
		return 0;
	if (l->count == l->cap) {
		unsigned int cap = l->cap ? l->cap * 2 : 64;
		const char **n = realloc(l->names, cap * sizeof(*n));

		if (!n)
			return -1;
		l->names = n;
		l->cap = cap;
	}
	memmove(&l->names[at + 1], &l->names[at],
		(l->count - at) * sizeof(*l->names));
	l->names[at] = name;
	l->count++;
	return 0;
}

static void list_del(struct ward_sc_list *l, const char *name)
{
	unsigned int at;

	if (!find(l, name, &at))
		return;
	memmove(&l->names[at], &l->names[at + 1],
		(l->count - at - 1) * sizeof(*l->names));
	l->count--;
}

static int wp_list_has(const struct wp_list *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->count; i++)
		if (!strcmp(l->names[i], name))
			return 1;
	return 0;
}

/*
 * May the domain have this high-risk call?  Only when it has
 * allow-highrisk, names the call in `allow` (a set is never enough), and,
 * for the ptrace family, has `ptrace domain` (seed 4.2(e)).
 */
static int has_rule(const struct wp_domain *d, const char *name, __u32 action)
{
	unsigned int i;

	for (i = 0; i < d->sc_nrules; i++)
		if (d->sc_rules[i].action == action &&
		    !strcmp(d->sc_rules[i].name, name))
			return 1;
	return 0;
}

/* Does one of the sets @sets (with minimal, as they build on it) allow it? */
static int sets_have(__u32 sets, const char *name)
{
	__u32 bit;
	unsigned int j;

	if (sets)
		sets |= WARD_SC_SET_MINIMAL;
	for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
		const char *const *calls = ward_seccomp_set_calls(bit);

		for (j = 0; (sets & bit) && calls && calls[j]; j++)
			if (!strcmp(calls[j], name))
				return 1;
	}
	return 0;
}

static int highrisk_permitted(const struct wp_domain *d, const char *name)
{
	if (!(d->sc_flags & WARD_SC_ALLOW_HIGHRISK))
		return 0;
	if (!wp_list_has(&d->sc_allow, name) &&
	    !has_rule(d, name, WARD_SC_RULE_ALLOW))
		return 0;
	if (ward_seccomp_is_ptrace_family(name) &&
	    d->ptrace != WARD_PTRACE_DOMAIN)
		return 0;
	return 1;
}

/* ---- argument rules ---- */

/* Does comparison @c hold for an argument equal to @x? */
static int cmp_holds(const struct ward_sc_arg *c, __u64 x)
{
	switch (c->op) {
	case WARD_SC_OP_NE:
		return x != c->value;
	case WARD_SC_OP_LT:
		return x < c->value;
	case WARD_SC_OP_LE:
		return x <= c->value;
	case WARD_SC_OP_EQ:
		return x == c->value;
	case WARD_SC_OP_GE:
		return x >= c->value;
	case WARD_SC_OP_GT:
		return x > c->value;
	case WARD_SC_OP_MASKED_EQ:
		return (x & c->value) == c->value2;
	}
	return 0;
}

/*
 * The negation of one comparison as an OR of single comparisons, in
 * @out (room for 64); returns their number, or -1 for "always true".
 * (arg & m) == v is false exactly when one bit b of m differs from v:
 * (arg & b) == (~v & b); if v has bits outside m it is never true.
 */
static int cmp_negate(const struct ward_sc_arg *c, struct ward_sc_arg *out)
{
	static const __u32 neg[] = {
		[WARD_SC_OP_NE] = WARD_SC_OP_EQ, [WARD_SC_OP_EQ] = WARD_SC_OP_NE,
		[WARD_SC_OP_LT] = WARD_SC_OP_GE, [WARD_SC_OP_GE] = WARD_SC_OP_LT,
		[WARD_SC_OP_LE] = WARD_SC_OP_GT, [WARD_SC_OP_GT] = WARD_SC_OP_LE,
	};
	unsigned int bit, n = 0;

	if (c->op != WARD_SC_OP_MASKED_EQ) {
		out[0] = *c;
		out[0].op = neg[c->op];
		return 1;
	}
	if (c->value2 & ~c->value)
		return -1;
	for (bit = 0; bit < 64; bit++) {
		__u64 b = 1ULL << bit;

		if (!(c->value & b))
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].index = c->index;
		out[n].op = WARD_SC_OP_MASKED_EQ;
		out[n].value = b;
		out[n].value2 = ~c->value2 & b;
		n++;
	}
	return n;
}

/*
 * AND comparison @c into rule @r: 1 if the result is a rule, 0 if it can
 * never hold, -1 if libseccomp cannot express it (two different
 * comparisons of one argument that do not merge).
 */
static int cond_and(struct ward_sc_cond *r, const struct ward_sc_arg *c)
{
	struct ward_sc_arg *o = NULL;
	unsigned int k;

	for (k = 0; k < r->nargs; k++)
		if (r->args[k].index == c->index)
			o = &r->args[k];
	if (!o) {
		r->args[r->nargs++] = *c;
		return 1;
	}
	if (o->op == c->op && o->value == c->value && o->value2 == c->value2)
		return 1;
	if (o->op == WARD_SC_OP_EQ)
		return cmp_holds(c, o->value);
	if (c->op == WARD_SC_OP_EQ) {
		if (!cmp_holds(o, c->value))
			return 0;
		*o = *c;
		return 1;
	}
	if (o->op == WARD_SC_OP_MASKED_EQ && c->op == WARD_SC_OP_MASKED_EQ) {
		__u64 both = o->value & c->value;

		if ((o->value2 & both) != (c->value2 & both) ||
		    (o->value2 & ~o->value) || (c->value2 & ~c->value))
			return 0;
		o->value |= c->value;
		o->value2 |= c->value2;
		return 1;
	}
	return -1;
}

/* Sort the rules by name, keeping a call's rules in their order. */
static void cond_sort(struct ward_sc_cond *c, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct ward_sc_cond x = c[i];

		for (j = i; j && strcmp(c[j - 1].name, x.name) > 0; j--)
			c[j] = c[j - 1];
		c[j] = x;
	}
}

int ward_seccomp_resolve_rules(const struct wp_domain *d, const char *name,
			       int base_allowed, struct ward_sc_profile *prof,
			       int *uncond, const struct wp_sc_rule **culprit)
{
	struct ward_sc_cond *cur = NULL, *next = NULL;
	unsigned int ncur = 0, nnext, i, k, j;
	const char *owned = NULL;
	int rc = 0;

	*uncond = 0;
	*culprit = NULL;
	cur = calloc(WARD_SC_MAX_EXPANSION, sizeof(*cur));
	next = calloc(WARD_SC_MAX_EXPANSION, sizeof(*next));
	if (!cur || !next) {
		rc = -2;
		goto out;
	}
	/* the base: the allow rules, else the unconditional allowance */
	for (i = 0; i < d->sc_nrules; i++) {
		const struct wp_sc_rule *r = &d->sc_rules[i];

		if (r->action != WARD_SC_RULE_ALLOW || strcmp(r->name, name))
			continue;
		if (ncur == WARD_SC_MAX_EXPANSION) {
			*culprit = r;
			rc = -1;
			goto out;
		}
		owned = r->name;
		cur[ncur].nargs = 0;
		for (k = 0; k < r->nargs; k++)
			if (cond_and(&cur[ncur], &r->args[k]) != 1)
				break;
		if (k == r->nargs)
			ncur++;
	}
	if (!owned && base_allowed)
		ncur = 1;	/* one rule without comparisons: always */
	/* each deny rule: AND NOT(c1 AND c2 ...) = AND (!c1 OR !c2 ...) */
	for (i = 0; i < d->sc_nrules && ncur; i++) {
		const struct wp_sc_rule *r = &d->sc_rules[i];
		struct ward_sc_arg neg[64 * WARD_SC_MAX_ARGS], tmp[64];
		unsigned int nneg = 0, always = 0;

		if (r->action != WARD_SC_RULE_DENY || strcmp(r->name, name))
			continue;
		if (!owned)
			owned = r->name;
		for (k = 0; k < r->nargs; k++) {
			int n = cmp_negate(&r->args[k], tmp);

			if (n < 0) {
				always = 1;
				break;
			}
			memcpy(&neg[nneg], tmp, n * sizeof(tmp[0]));
			nneg += n;
		}
		if (always)
			continue;	/* the rule never matches */
		nnext = 0;
		for (j = 0; j < ncur; j++) {
			for (k = 0; k < nneg; k++) {
				struct ward_sc_cond c = cur[j];
				int ok = cond_and(&c, &neg[k]);

				if (ok < 0 || (ok && nnext == WARD_SC_MAX_EXPANSION)) {
					*culprit = r;
					rc = -1;
					goto out;
				}
				if (ok)
					next[nnext++] = c;
			}
		}
		memcpy(cur, next, nnext * sizeof(*cur));
		ncur = nnext;
	}
	for (j = 0; j < ncur; j++)
		if (!cur[j].nargs)
			*uncond = 1;
	if (*uncond)
		goto out;
	if (ncur) {
		struct ward_sc_cond *nc = realloc(prof->cond,
				(prof->ncond + ncur) * sizeof(*nc));

		if (!nc) {
			rc = -2;
			goto out;
		}
		prof->cond = nc;
		for (j = 0; j < ncur; j++) {
			cur[j].name = owned;
			prof->cond[prof->ncond++] = cur[j];
		}
	}
out:
	free(cur);
	free(next);
	return rc;
}

int ward_seccomp_profile(const struct wp_domain *d, struct ward_sc_profile *out)
{
	const char *name;
	unsigned int i, j;
	__u32 bit, sets;

	memset(out, 0, sizeof(*out));
	out->action = d->sc_action;
	if (d->sc_action == WARD_SECCOMP_NONE)
		return 0;

	sets = d->sc_sets;
	if (sets)	/* every set builds on minimal */
		sets |= WARD_SC_SET_MINIMAL;
	for (bit = 1; bit & WARD_SC_SET_ALL; bit <<= 1) {
		const char *const *calls;

		if (!(sets & bit))
			continue;
		calls = ward_seccomp_set_calls(bit);
		for (j = 0; calls && calls[j]; j++)
			if (list_add(&out->allow, calls[j]))
				goto oom;
	}
	for (i = 0; i < d->sc_allow.count; i++)
		if (list_add(&out->allow, d->sc_allow.names[i]))
			goto oom;
	for (i = 0; i < d->sc_deny.count; i++) {
		list_del(&out->allow, d->sc_deny.names[i]);
		if (list_add(&out->deny, d->sc_deny.names[i]))
			goto oom;
	}
	for (i = 0; (name = ward_seccomp_highrisk_name(i)); i++) {
		if (highrisk_permitted(d, name))
			continue;
		list_del(&out->allow, name);
		if (ward_seccomp_resolve(name) >= 0 &&
		    list_add(&out->deny, name))
			goto oom;
	}
	/* the argument rules, call by call in the order of their names */
	for (i = 0; i < d->sc_nrules; i++) {
		const struct wp_sc_rule *culprit;
		const char *n = d->sc_rules[i].name;
		int uncond = 0, rc;

		for (j = 0; j < i; j++)
			if (!strcmp(d->sc_rules[j].name, n))
				break;
		if (j < i || ward_sc_list_has(&out->deny, n))
			continue;	/* done, or denied whatever the rules say */
		rc = ward_seccomp_resolve_rules(d, n, ward_sc_list_has(&out->allow, n),
						out, &uncond, &culprit);
		if (rc == -2)
			goto oom;
		if (rc) {
			fprintf(stderr, "wardctl: seccomp: %s: the rules of %s need two comparisons of one argument in one libseccomp rule\n",
				d->name, n);
			ward_seccomp_profile_free(out);
			return -1;
		}
		list_del(&out->allow, n);
		if (uncond && list_add(&out->allow, n))
			goto oom;
	}
	cond_sort(out->cond, out->ncond);
	return 0;
oom:
	ward_seccomp_profile_free(out);
	fprintf(stderr, "wardctl: seccomp: out of memory (ENOMEM)\n");
	return -1;
}

void ward_seccomp_profile_free(struct ward_sc_profile *prof)
{
	free(prof->allow.names);
	free(prof->deny.names);
	free(prof->cond);
	memset(prof, 0, sizeof(*prof));
}

uint32_t ward_seccomp_scmp_action(__u32 action)
{
	switch (action) {
	case WARD_SECCOMP_KILL:
		return SCMP_ACT_KILL_PROCESS;
	case WARD_SECCOMP_LOG:
		return SCMP_ACT_LOG;
	case WARD_SECCOMP_ERRNO:
		return SCMP_ACT_ERRNO(EPERM);
	case WARD_SECCOMP_TRAP:
		return SCMP_ACT_TRAP;
	}
	return 0;
}

void *ward_seccomp_filter(const struct wp_domain *d)
{
	struct ward_sc_profile prof;
	scmp_filter_ctx ctx;
	unsigned int i;
	int rc;

	if (ward_seccomp_profile(d, &prof))
		return NULL;
	ctx = seccomp_init(ward_seccomp_scmp_action(d->sc_action));
	if (!ctx) {
		fprintf(stderr, "wardctl: seccomp: %s: cannot create a filter\n",
			d->name);
		goto fail;
	}
	/*
	 * The filter starts with the architecture check: seccomp_init()
	 * adds the native architecture (x86_64) only, so i386 (int 0x80)
	 * and x32 calls take the bad-architecture action, which must kill
	 * the process whatever the default action is: in log mode a 32-bit
	 * call would otherwise bypass the x86_64 allowlist.
	 */
	rc = seccomp_arch_exist(ctx, SCMP_ARCH_X86_64);
	if (rc == -EEXIST)
		rc = seccomp_arch_add(ctx, SCMP_ARCH_X86_64);
	if (!rc && seccomp_arch_native() != SCMP_ARCH_X86_64)
		rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	if (!rc)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				      SCMP_ACT_KILL_PROCESS);
	if (rc) {
		fprintf(stderr, "wardctl: seccomp: %s: architecture: %s\n",
			d->name, strerror(-rc));
		goto fail_ctx;
	}
	for (i = 0; i < prof.allow.count; i++) {
		int nr = ward_seccomp_resolve(prof.allow.names[i]);

		if (nr < 0) {
			fprintf(stderr, "wardctl: seccomp: %s: unknown system call %s\n",
				d->name, prof.allow.names[i]);
			goto fail_ctx;
		}
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc) {
			fprintf(stderr, "wardctl: seccomp: %s: %s: %s\n",
				d->name, prof.allow.names[i], strerror(-rc));
			goto fail_ctx;
		}
	}
	for (i = 0; i < prof.ncond; i++) {
		const struct ward_sc_cond *c = &prof.cond[i];
		struct scmp_arg_cmp cmp[WARD_SC_MAX_ARGS];
		int nr = ward_seccomp_resolve(c->name);
		unsigned int k;

		if (nr < 0) {
			fprintf(stderr, "wardctl: seccomp: %s: unknown system call %s\n",
				d->name, c->name);
			goto fail_ctx;
		}
		for (k = 0; k < c->nargs; k++) {
			cmp[k].arg = c->args[k].index;
			cmp[k].op = (enum scmp_compare)c->args[k].op;
			cmp[k].datum_a = c->args[k].value;
			cmp[k].datum_b = c->args[k].value2;
		}
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, c->nargs, cmp);
		if (rc) {
			fprintf(stderr, "wardctl: seccomp: %s: %s with conditions: %s\n",
				d->name, c->name, strerror(-rc));
			goto fail_ctx;
		}
	}
	/*
	 * The explicit denials (prof.deny) take the default action, which is
	 * what the filter does with every call not allowed: libseccomp
	 * refuses such a rule (EACCES) because it would not change the
	 * filter, so they appear only in the exported profile.
	 */
	ward_seccomp_profile_free(&prof);
	return ctx;
fail_ctx:
	seccomp_release(ctx);
fail:
	ward_seccomp_profile_free(&prof);
	return NULL;
}

int ward_seccomp_export_bpf(const struct wp_domain *d, int fd)
{
	scmp_filter_ctx ctx = ward_seccomp_filter(d);
	int rc;

	if (!ctx)
		return -1;
	rc = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	if (rc) {
		fprintf(stderr, "wardctl: seccomp: %s: cannot export the BPF program: %s\n",
			d->name, strerror(-rc));
		return -1;
	}
	return 0;
}

/* ---- check ---- */

int ward_seccomp_check(const struct wp_policy *p, const struct wp_domain *d,
		       unsigned int *warnings)
{
	const struct wp_list *lists[2] = { &d->sc_allow, &d->sc_deny };
	struct ward_sc_profile prof;
	unsigned int i, l;
	int err = 0;

	if (d->sc_action == WARD_SECCOMP_NONE)
		return 0;
	if (d->sc_action > WARD_SECCOMP_TRAP) {
		wp_error(p, d->sc_pos, "domain %s: unknown seccomp action %u",
			 d->name, d->sc_action);
		return -1;
	}
	if (d->sc_sets & ~WARD_SC_SET_ALL) {
		wp_error(p, d->sc_pos, "domain %s: unknown seccomp set", d->name);
		err = -1;
	}
	if (d->sc_flags & ~WARD_SC_FLAGS_ALL) {
		wp_error(p, d->sc_pos, "domain %s: unknown seccomp flag", d->name);
		err = -1;
	}
	for (l = 0; l < 2; l++) {
		for (i = 0; i < lists[l]->count; i++) {
			struct wp_pos pos = lists[l]->pos ? lists[l]->pos[i]
							  : d->sc_pos;

			if (ward_seccomp_resolve(lists[l]->names[i]) < 0) {
				wp_error(p, pos, "unknown system call '%s' (not an x86_64 system call)",
					 lists[l]->names[i]);
				err = -1;
			}
		}
	}
	for (i = 0; i < d->sc_nrules; i++) {
		const struct wp_sc_rule *r = &d->sc_rules[i];
		struct wp_pos pos = r->pos.line ? r->pos : d->sc_pos;

		if (ward_seccomp_resolve(r->name) < 0) {
			wp_error(p, pos, "unknown system call '%s' (not an x86_64 system call)",
				 r->name);
			err = -1;
		} else if (wp_list_has(&d->sc_deny, r->name)) {
			wp_error(p, pos, "system call '%s' is denied unconditionally: this %s rule would change nothing",
				 r->name, r->action == WARD_SC_RULE_ALLOW ? "allow" : "deny");
			err = -1;
		} else if (r->action == WARD_SC_RULE_ALLOW &&
			   wp_list_has(&d->sc_allow, r->name)) {
			wp_error(p, pos, "system call '%s' is allowed unconditionally: the conditions of this rule would restrict nothing (write a deny rule to refuse some arguments)",
				 r->name);
			err = -1;
		}
	}
	if (err)
		return err;
	if (ward_seccomp_profile(d, &prof)) {
		/* find the rule that cannot be expressed, for its position */
		for (i = 0; i < d->sc_nrules; i++) {
			const struct wp_sc_rule *r = &d->sc_rules[i], *culprit;
			struct ward_sc_profile tmp;
			int uncond;

			memset(&tmp, 0, sizeof(tmp));
			if (ward_seccomp_resolve_rules(d, r->name, 1, &tmp, &uncond,
						       &culprit) == -1 && culprit) {
				if (culprit->action == WARD_SC_RULE_ALLOW)
					wp_error(p, culprit->pos.line ? culprit->pos : d->sc_pos,
						 "too many rules for '%s' (at most %d libseccomp rules per system call)",
						 r->name, WARD_SC_MAX_EXPANSION);
				else
					wp_error(p, culprit->pos.line ? culprit->pos : d->sc_pos,
						 "the rules of '%s' cannot be expressed with libseccomp: this deny rule would need two different comparisons of one argument in one rule, or more than %d rules; write allow rules instead",
						 r->name, WARD_SC_MAX_EXPANSION);
				ward_seccomp_profile_free(&tmp);
				return -1;
			}
			ward_seccomp_profile_free(&tmp);
		}
		return -1;
	}
	for (i = 0; i < d->sc_nrules; i++) {
		const struct wp_sc_rule *r = &d->sc_rules[i];
		struct wp_pos pos = r->pos.line ? r->pos : d->sc_pos;
		const char *why = ward_seccomp_highrisk_reason(r->name);
		unsigned int j;

		for (j = 0; j < i; j++)
			if (!strcmp(d->sc_rules[j].name, r->name))
				break;
		if (j < i)
			continue;	/* one diagnostic per call */
		if (r->action == WARD_SC_RULE_DENY &&
		    !has_rule(d, r->name, WARD_SC_RULE_ALLOW) &&
		    !wp_list_has(&d->sc_allow, r->name) &&
		    !sets_have(d->sc_sets, r->name)) {
			wp_warn(p, pos, "deny rule for '%s' has no effect: the domain does not allow the call anyway",
				r->name);
			(*warnings)++;
		}
		if (!why || !has_rule(d, r->name, WARD_SC_RULE_ALLOW) ||
		    wp_list_has(&d->sc_allow, r->name))
			continue;
		if (!(d->sc_flags & WARD_SC_ALLOW_HIGHRISK))
			wp_warn(p, pos, "'%s' is high-risk (%s) and will be denied whatever its conditions: add allow-highrisk to allow it",
				r->name, why);
		else if (ward_seccomp_is_ptrace_family(r->name) &&
			 d->ptrace != WARD_PTRACE_DOMAIN)
			wp_warn(p, pos, "'%s' is removed: the domain's ptrace rule is 'none', and a tracer can rewrite system calls past the filter",
				r->name);
		else
			wp_warn(p, pos, "'%s' is high-risk (%s) and allowed when its conditions hold",
				r->name, why);
		(*warnings)++;
	}
	ward_seccomp_profile_free(&prof);

	if (d->sc_flags & WARD_SC_ALLOW_HIGHRISK) {
		wp_warn(p, d->sc_pos, "domain %s: allow-highrisk: the high-risk calls named in 'allow' are allowed",
			d->name);
		(*warnings)++;
	}
	for (i = 0; i < d->sc_allow.count; i++) {
		const char *name = d->sc_allow.names[i];
		struct wp_pos pos = d->sc_allow.pos ? d->sc_allow.pos[i]
						    : d->sc_pos;
		const char *why = ward_seccomp_highrisk_reason(name);

		if (!why || wp_list_has(&d->sc_deny, name))
			continue;
		if (!(d->sc_flags & WARD_SC_ALLOW_HIGHRISK)) {
			wp_warn(p, pos, "'%s' is high-risk (%s) and will be denied: add allow-highrisk to allow it",
				name, why);
		} else if (ward_seccomp_is_ptrace_family(name) &&
			   d->ptrace != WARD_PTRACE_DOMAIN) {
			wp_warn(p, pos, "'%s' is removed: the domain's ptrace rule is 'none', and a tracer can rewrite system calls past the filter",
				name);
		} else {
			wp_warn(p, pos, "'%s' is high-risk (%s) and allowed",
				name, why);
		}
		(*warnings)++;
	}
	switch (d->sc_action) {
	case WARD_SECCOMP_LOG:
		wp_warn(p, d->sc_pos, "domain %s: seccomp action log allows every call and only reports it: not final",
			d->name);
		(*warnings)++;
		break;
	case WARD_SECCOMP_ERRNO:
	case WARD_SECCOMP_TRAP:
		wp_warn(p, d->sc_pos, "domain %s: seccomp action %s does not kill: not final (use kill)",
			d->name, wp_sc_action_name(d->sc_action));
		(*warnings)++;
		break;
	}
	if (ward_seccomp_profile(d, &prof))
		return -1;
	if (!ward_sc_list_has(&prof.allow, "execve")) {
		wp_warn(p, d->sc_pos, "domain %s: the seccomp allowlist lacks execve: 'wardctl exec' cannot start a command",
			d->name);
		(*warnings)++;
	}
	ward_seccomp_profile_free(&prof);
	return 0;
}

/* ---- install ---- */

int ward_seccomp_install(const struct wp_domain *d)
{
	scmp_filter_ctx ctx;
	int rc;

	if (d->sc_action == WARD_SECCOMP_NONE)
		return 0;
	ctx = ward_seccomp_filter(d);
	if (!ctx)
		return -1;
	/* no_new_privs first: an unprivileged task may then load a filter,
	 * and no setuid program can drop it. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		fprintf(stderr, "wardctl: seccomp: no_new_privs: %s\n",
			strerror(errno));
		seccomp_release(ctx);
		return -1;
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc) {
		fprintf(stderr, "wardctl: seccomp: %s: cannot load the filter: %s\n",
			d->name, strerror(-rc));
		return -1;
	}
	return 0;
}

/* ---- wardctl seccomp ---- */

static void usage(void)
{
	fprintf(stderr,
		"usage: wardctl seccomp export --domain D [--policy FILE] [-o FILE]\n"
		"       wardctl seccomp import [--caps CAP,...|--caps none] FILE\n"
		"       wardctl seccomp record -- CMD [ARGS...]\n");
}

static int cmd_export(int argc, char **argv)
{
	const char *domain = NULL, *policy = NULL, *outfile = NULL;
	const struct wp_domain *d;
	struct wp_policy pol;
	unsigned int warnings = 0;
	FILE *out = stdout;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--domain") && i + 1 < argc)
			domain = argv[++i];
		else if (!strcmp(argv[i], "--policy") && i + 1 < argc)
			policy = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			outfile = argv[++i];
		else {
			usage();
			return 2;
		}
	}
	if (!domain) {
		usage();
		return 2;
	}
	memset(&pol, 0, sizeof(pol));
	if (policy) {
		if (wp_parse_file(policy, &pol))
			return 1;
		if (wp_check(&pol, &warnings)) {
			wp_free(&pol);
			return 1;
		}
	} else if (ward_read_policy("seccomp export", &pol)) {
		return 1;	/* the loaded policy: reported already */
	}
	d = wp_find_domain(&pol, domain);
	if (!d) {
		fprintf(stderr, "wardctl: seccomp: export: no domain %s (ENOENT)\n",
			domain);
		wp_free(&pol);
		return 1;
	}
	if (d->sc_action == WARD_SECCOMP_NONE) {
		fprintf(stderr, "wardctl: seccomp: export: domain %s has no seccomp section (ENOENT)\n",
			domain);
		wp_free(&pol);
		return 1;
	}
	if (outfile) {
		out = fopen(outfile, "we");
		if (!out) {
			int e = errno;

			fprintf(stderr, "wardctl: seccomp: export: %s: %s (%s)\n",
				outfile, strerror(e), ward_errname(e));
			wp_free(&pol);
			return 1;
		}
	}
	rc = ward_seccomp_export(d, out);
	if (outfile && fclose(out) && !rc) {
		fprintf(stderr, "wardctl: seccomp: export: %s: %s\n", outfile,
			strerror(errno));
		rc = -1;
	}
	wp_free(&pol);
	return rc ? 1 : 0;
}

/*
 * "import [--caps LIST] FILE": LIST is the container's capabilities,
 * comma separated (CAP_ prefix optional, any case), or "none"; without
 * it, Docker's default set.
 */
static int cmd_import(int argc, char **argv)
{
	const char *caps[64];
	char *list = NULL, *tok, *save = NULL;
	unsigned int n = 0;
	int rc;

	if (argc == 4 && !strcmp(argv[1], "--caps")) {
		list = strdup(argv[2]);
		if (!list)
			return 1;
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			char *c, *p;

			if (!strcmp(tok, "none"))
				continue;
			if (n == 63 || asprintf(&c, "%s%s",
					strncasecmp(tok, "CAP_", 4) ? "CAP_" : "",
					tok) < 0) {
				usage();
				rc = 2;
				goto out;
			}
			for (p = c; *p; p++)
				*p = (*p >= 'a' && *p <= 'z') ? *p - 32 : *p;
			caps[n++] = c;
		}
		caps[n] = NULL;
		rc = ward_seccomp_import_caps(argv[3], caps, stdout) ? 1 : 0;
	} else if (argc == 2) {
		return ward_seccomp_import(argv[1], stdout) ? 1 : 0;
	} else {
		usage();
		return 2;
	}
out:
	while (n)
		free((char *)caps[--n]);
	free(list);
	return rc;
}

int cmd_seccomp(int argc, char **argv)
{
	/* argv[0] is "seccomp" or directly the subcommand */
	if (argc > 0 && !strcmp(argv[0], "seccomp")) {
		argc--;
		argv++;
	}
	if (argc < 1) {
		usage();
		return 2;
	}
	if (!strcmp(argv[0], "export"))
		return cmd_export(argc, argv);
	if (!strcmp(argv[0], "import"))
		return cmd_import(argc, argv);
	if (!strcmp(argv[0], "record")) {
		int i = 1;

		if (i < argc && !strcmp(argv[i], "--"))
			i++;
		if (i >= argc) {
			usage();
			return 2;
		}
		return ward_seccomp_record(argv + i, stdout) ? 1 : 0;
	}
	usage();
	return 2;
}
