// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the compiler: policy tree -> uapi blob (uapi/ward.h).
 *
 * The output is deterministic: domain records in the order of the file;
 * the name table holds, domain after domain, its filesystem types, its
 * allowed and its denied system calls, each list contiguous and in the
 * order written, then the system call of each of its argument rules (one
 * entry per rule, in the order written).  The bind records follow in the
 * order of the file, then the argument rules, domain after domain, each
 * domain's range contiguous.  An empty list or range is {0, 0}.  Names are NUL padded,
 * reserved fields zero.  The same tree always gives the same bytes, which
 * is what makes "wardctl show" a round trip.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "../kmod/validate.h"

static __u32 le32(__u32 v)
{
	return htole32(v);
}

static int put_list(const struct wp_list *l, struct ward_name *table,
		    __u32 *next, struct ward_range *r)
{
	unsigned int i;

	if (!l->count) {
		r->first = 0;
		r->count = 0;
		return 0;
	}
	r->first = le32(*next);
	r->count = le32(l->count);
	for (i = 0; i < l->count; i++) {
		if (!wp_name_valid(l->names[i]))
			return -1;
		memset(table[*next].name, 0, WARD_NAME_LEN);
		memcpy(table[*next].name, l->names[i],
		       strnlen(l->names[i], WARD_NAME_LEN - 1));
		(*next)++;
	}
	return 0;
}

int wp_compile(const struct wp_policy *p, void **blob, size_t *len)
{
	struct ward_policy_header *h;
	struct ward_domain_rec *recs;
	struct ward_name *table;
	struct ward_bind_rec *binds;
	struct ward_sc_rule *rules;
	size_t names = 0, nrules = 0, size;
	__u32 next = 0, next_rule = 0;
	unsigned int i, j, k;
	char *b;

	*blob = NULL;
	*len = 0;
	if (p->ndomains > WARD_MAX_DOMAINS)
		return -1;
	if (p->default_domain >= 0 && (unsigned int)p->default_domain >= p->ndomains)
		return -1;
	for (i = 0; i < p->ndomains; i++) {
		const struct wp_domain *d = &p->domains[i];

		if (d->fstypes.count > WARD_MAX_FSTYPES ||
		    d->sc_allow.count > WARD_MAX_SYSCALLS ||
		    d->sc_deny.count > WARD_MAX_SYSCALLS)
			return -1;
		if (d->sc_nrules > WARD_MAX_SC_RULES)
			return -1;
		names += d->fstypes.count + d->sc_allow.count + d->sc_deny.count +
			 d->sc_nrules;
		nrules += d->sc_nrules;
	}
	if (p->nbinds > WARD_MAX_BIND_RECS || nrules > WARD_MAX_SC_RULES)
		return -1;
	size = sizeof(*h) + p->ndomains * sizeof(*recs) +
	       names * sizeof(struct ward_name) +
	       p->nbinds * sizeof(*binds) + nrules * sizeof(*rules);
	if (size > WARD_POLICY_MAX_SIZE)
		return -1;
	b = calloc(1, size);
	if (!b)
		return -1;
	h = (struct ward_policy_header *)b;
	recs = (struct ward_domain_rec *)(b + sizeof(*h));
	table = (struct ward_name *)(b + sizeof(*h) + p->ndomains * sizeof(*recs));
	binds = (struct ward_bind_rec *)(table + names);
	rules = (struct ward_sc_rule *)(binds + p->nbinds);

	h->magic = le32(WARD_POLICY_MAGIC);
	h->abi_version = htole16(WARD_ABI_VERSION);
	h->header_size = htole16(sizeof(*h));
	h->total_size = le32(size);
	h->flags = 0;
	h->domain_count = le32(p->ndomains);
	h->domain_size = le32(sizeof(*recs));
	h->default_domain = le32(p->default_domain >= 0 ?
				 (__u32)p->default_domain : WARD_NO_DOMAIN);
	h->name_count = le32(names);
	h->bind_count = le32(p->nbinds);
	h->bind_size = le32(sizeof(struct ward_bind_rec));
	h->sc_rule_count = le32(nrules);
	h->sc_rule_size = le32(sizeof(struct ward_sc_rule));

	for (i = 0; i < p->ndomains; i++) {
		const struct wp_domain *d = &p->domains[i];
		struct ward_domain_rec *r = &recs[i];

		if (!wp_name_valid(d->name))
			goto fail;
		memcpy(r->name, d->name, strnlen(d->name, WARD_NAME_LEN - 1));
		r->mode = le32(d->mode);
		r->mount = le32(d->mount);
		r->ptrace = le32(d->ptrace);
		r->flags = le32(d->flags);
		if (put_list(&d->fstypes, table, &next, &r->fstypes))
			goto fail;
		r->sc_action = le32(d->sc_action);
		r->sc_sets = le32(d->sc_sets);
		r->sc_flags = le32(d->sc_flags);
		if (put_list(&d->sc_allow, table, &next, &r->sc_allow) ||
		    put_list(&d->sc_deny, table, &next, &r->sc_deny))
			goto fail;
		if (d->sc_nrules) {
			r->sc_rules.first = le32(next_rule);
			r->sc_rules.count = le32(d->sc_nrules);
		}
		for (j = 0; j < d->sc_nrules; j++) {
			const struct wp_sc_rule *sr = &d->sc_rules[j];
			struct ward_sc_rule *o = &rules[next_rule++];

			if (!wp_name_valid(sr->name) || !sr->nargs ||
			    sr->nargs > WARD_SC_MAX_ARGS)
				goto fail;
			memcpy(table[next].name, sr->name,
			       strnlen(sr->name, WARD_NAME_LEN - 1));
			o->syscall = le32(next++);
			o->action = le32(sr->action);
			o->arg_count = le32(sr->nargs);
			for (k = 0; k < sr->nargs; k++) {
				o->args[k].index = le32(sr->args[k].index);
				o->args[k].op = le32(sr->args[k].op);
				o->args[k].value = htole64(sr->args[k].value);
				o->args[k].value2 = htole64(sr->args[k].value2);
			}
		}
	}
	for (i = 0; i < p->nbinds; i++) {
		const struct wp_bind *wb = &p->binds[i];

		if (wb->domain < 0 || (unsigned int)wb->domain >= p->ndomains)
			goto fail;
		memcpy(binds[i].pattern, wb->pattern,
		       strnlen(wb->pattern, WARD_PATTERN_LEN - 1));
		binds[i].domain = le32(wb->domain);
	}
	/* what the kernel would refuse is a bug here: never write it */
	if (ward_validate(b, size))
		goto fail;
	*blob = b;
	*len = size;
	return 0;
fail:
	free(b);
	return -1;
}
