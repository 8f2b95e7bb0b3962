// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the decoder: uapi blob -> policy tree, for "wardctl show" and
 * "wardctl exec".  It validates the blob by the rules of
 * Documentation/abi.rst, like the kernel does, and says what is wrong.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "../kmod/validate.h"

static int bad(const char *what)
{
	wp_error(NULL, (struct wp_pos){ 0, 0 }, "malformed policy blob: %s", what);
	return -1;
}

static int name_ok(const char n[WARD_NAME_LEN])
{
	size_t len = strnlen(n, WARD_NAME_LEN), i;

	if (len == WARD_NAME_LEN)
		return 0;		/* not NUL terminated */
	for (i = len; i < WARD_NAME_LEN; i++)
		if (n[i])
			return 0;	/* not NUL padded */
	return wp_name_valid(n);
}

static int get_list(const struct ward_range *r, const struct ward_name *table,
		    __u32 name_count, __u32 max, struct wp_list *l)
{
	__u32 first = le32toh(r->first), count = le32toh(r->count), i;

	memset(l, 0, sizeof(*l));
	if (!count)
		return 0;
	if (count > max || first > name_count || count > name_count - first)
		return bad("a list lies outside the name table or is too long");
	l->names = calloc(count, WARD_NAME_LEN);
	if (!l->names)
		return bad("out of memory");
	for (i = 0; i < count; i++) {
		if (!name_ok(table[first + i].name))
			return bad("invalid name in the name table");
		memcpy(l->names[i], table[first + i].name, WARD_NAME_LEN);
	}
	l->count = count;
	return 0;
}

/* A domain's range of the argument rule table. */
static int get_rules(const struct ward_range *range,
		     const struct ward_sc_rule *rules, __u32 nrules,
		     const struct ward_name *table, __u32 nnames,
		     struct wp_domain *d)
{
	__u32 first = le32toh(range->first), count = le32toh(range->count);
	__u32 i, k;

	if (!count)
		return 0;
	if (count > WARD_MAX_SC_RULES || first > nrules ||
	    count > nrules - first)
		return bad("a domain's argument rules lie outside the rule table");
	d->sc_rules = calloc(count, sizeof(*d->sc_rules));
	if (!d->sc_rules)
		return bad("out of memory");
	for (i = 0; i < count; i++) {
		const struct ward_sc_rule *r = &rules[first + i];
		struct wp_sc_rule *o = &d->sc_rules[i];
		__u32 sys = le32toh(r->syscall), n = le32toh(r->arg_count);

		if (sys >= nnames || !name_ok(table[sys].name))
			return bad("an argument rule names no valid system call");
		if (n < 1 || n > WARD_SC_MAX_ARGS || r->reserved ||
		    (le32toh(r->action) != WARD_SC_RULE_ALLOW &&
		     le32toh(r->action) != WARD_SC_RULE_DENY))
			return bad("invalid argument rule");
		memcpy(o->name, table[sys].name, WARD_NAME_LEN);
		o->action = le32toh(r->action);
		o->nargs = n;
		for (k = 0; k < n; k++) {
			o->args[k].index = le32toh(r->args[k].index);
			o->args[k].op = le32toh(r->args[k].op);
			o->args[k].value = le64toh(r->args[k].value);
			o->args[k].value2 = le64toh(r->args[k].value2);
			if (!wp_sc_op_name(o->args[k].op) ||
			    o->args[k].index >= WARD_SC_MAX_ARGS)
				return bad("invalid argument comparison");
		}
		d->sc_nrules = i + 1;
	}
	return 0;
}

int wp_decode(const void *blob, size_t len, struct wp_policy *out)
{
	const struct ward_policy_header *h = blob;
	const struct ward_domain_rec *recs;
	const struct ward_name *table;
	const struct ward_bind_rec *binds;
	const struct ward_sc_rule *rules;
	__u32 ndom, nnames, nbinds, nrules, def;
	unsigned int i, j;

	memset(out, 0, sizeof(*out));
	out->default_domain = -1;
	out->file = "<loaded policy>";
	if (len < sizeof(*h))
		return bad("shorter than the header");
	if (le32toh(h->magic) != WARD_POLICY_MAGIC)
		return bad("bad magic");
	if (le16toh(h->abi_version) != WARD_ABI_VERSION)
		return bad("unknown ABI version");
	if (le16toh(h->header_size) != sizeof(*h) ||
	    le32toh(h->domain_size) != sizeof(*recs))
		return bad("unknown header or domain size");
	if (h->flags)
		return bad("unknown flags");
	if (le32toh(h->bind_size) != sizeof(struct ward_bind_rec) ||
	    le32toh(h->sc_rule_size) != sizeof(struct ward_sc_rule))
		return bad("unknown bind or seccomp rule record size");
	ndom = le32toh(h->domain_count);
	nnames = le32toh(h->name_count);
	nbinds = le32toh(h->bind_count);
	nrules = le32toh(h->sc_rule_count);
	if (ndom > WARD_MAX_DOMAINS)
		return bad("too many domains");
	if (nbinds > WARD_MAX_BIND_RECS)
		return bad("too many bind records");
	if (nrules > WARD_MAX_SC_RULES)
		return bad("too many seccomp argument rules");
	if (nnames > WARD_POLICY_MAX_SIZE / WARD_NAME_LEN ||
	    le32toh(h->total_size) != len ||
	    len != sizeof(*h) + (size_t)ndom * sizeof(*recs) +
		   (size_t)nnames * WARD_NAME_LEN +
		   (size_t)nbinds * sizeof(struct ward_bind_rec) +
		   (size_t)nrules * sizeof(struct ward_sc_rule))
		return bad("sizes do not add up");
	def = le32toh(h->default_domain);
	if (def != WARD_NO_DOMAIN && def >= ndom)
		return bad("default domain out of range");

	recs = (const void *)((const char *)blob + sizeof(*h));
	table = (const void *)((const char *)blob + sizeof(*h) +
			       ndom * sizeof(*recs));
	binds = (const void *)(table + nnames);
	rules = (const void *)(binds + nbinds);
	out->domains = calloc(ndom ? ndom : 1, sizeof(*out->domains));
	if (!out->domains)
		return bad("out of memory");
	for (i = 0; i < ndom; i++) {
		const struct ward_domain_rec *r = &recs[i];
		struct wp_domain *d = &out->domains[i];

		out->ndomains = i + 1;
		if (!name_ok(r->name))
			goto fail_msg;
		memcpy(d->name, r->name, WARD_NAME_LEN);
		for (j = 0; j < i; j++)
			if (!strcmp(d->name, out->domains[j].name)) {
				bad("duplicate domain name");
				goto fail;
			}
		d->mode = le32toh(r->mode);
		d->mount = le32toh(r->mount);
		d->ptrace = le32toh(r->ptrace);
		d->flags = le32toh(r->flags);
		d->sc_action = le32toh(r->sc_action);
		d->sc_sets = le32toh(r->sc_sets);
		d->sc_flags = le32toh(r->sc_flags);
		if (!wp_mode_name(d->mode) || d->mount & ~WARD_MOUNT_ALL ||
		    !wp_ptrace_name(d->ptrace) || d->flags & ~WARD_DOM_ALL ||
		    d->sc_action > WARD_SECCOMP_TRAP ||
		    d->sc_sets & ~WARD_SC_SET_ALL ||
		    d->sc_flags & ~WARD_SC_FLAGS_ALL) {
			bad("unknown value in a domain record");
			goto fail;
		}
		if (r->reserved0 || r->reserved[0] || r->reserved[1]) {
			bad("reserved field set in a domain record");
			goto fail;
		}
		if (get_list(&r->fstypes, table, nnames, WARD_MAX_FSTYPES,
			     &d->fstypes) ||
		    get_list(&r->sc_allow, table, nnames, WARD_MAX_SYSCALLS,
			     &d->sc_allow) ||
		    get_list(&r->sc_deny, table, nnames, WARD_MAX_SYSCALLS,
			     &d->sc_deny))
			goto fail;
		if (d->fstypes.count && !(d->mount & WARD_MOUNT_ALLOW)) {
			bad("filesystem types without WARD_MOUNT_ALLOW");
			goto fail;
		}
		for (j = 0; j < d->fstypes.count; j++)
			if (wp_fstype_protected(d->fstypes.names[j])) {
				bad("a protected filesystem type is allowed");
				goto fail;
			}
		if (d->sc_action == WARD_SECCOMP_NONE &&
		    (d->sc_sets || d->sc_flags || d->sc_allow.count ||
		     d->sc_deny.count || r->sc_rules.count)) {
			bad("seccomp fields without a seccomp action");
			goto fail;
		}
		if (get_rules(&r->sc_rules, rules, nrules, table, nnames, d))
			goto fail;
	}
	if (nbinds) {
		out->binds = calloc(nbinds, sizeof(*out->binds));
		if (!out->binds) {
			bad("out of memory");
			goto fail;
		}
	}
	for (i = 0; i < nbinds; i++) {
		struct wp_bind *b = &out->binds[i];
		__u32 dom = le32toh(binds[i].domain);

		if (!ward_pattern_valid(binds[i].pattern) || dom >= ndom ||
		    binds[i].flags) {
			bad("invalid bind record");
			goto fail;
		}
		memcpy(b->pattern, binds[i].pattern, WARD_PATTERN_LEN);
		b->domain = (int)dom;
		memcpy(b->domain_name, out->domains[dom].name, WARD_NAME_LEN);
		out->nbinds = i + 1;
	}
	/* and, as the last word, the kernel's own rules */
	if (ward_validate(blob, len)) {
		bad("refused by the kernel's validation rules (kmod/validate.c)");
		goto fail;
	}
	out->default_domain = def == WARD_NO_DOMAIN ? -1 : (int)def;
	return 0;
fail_msg:
	bad("invalid domain name");
fail:
	wp_free(out);
	return -1;
}
