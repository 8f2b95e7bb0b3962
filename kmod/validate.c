// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - validation of a policy blob
 *
 * Every byte of a blob is checked here before the kernel builds anything
 * from it: sizes, counts, ranges, enum values, flags, padding and names.
 * Nothing here allocates or depends on the kernel, so wardctl builds this
 * same file.
 */

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>	/* ARRAY_SIZE(), and what it needs */
#include <linux/string.h>
#else
#include <errno.h>
#include <string.h>
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#include "validate.h"

/*
 * Filesystems that expose or control the host: a domain may never mount
 * them, nor change, move, clone or unmount a mount of them or a mount on
 * top of them (R-MNT).  devtmpfs is the host's /dev; the others are
 * administrative interfaces of the kernel.
 */
static const char *const ward_protected[] = {
	"autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "cpuset",
	"debugfs", "devtmpfs", "efivarfs", "fusectl", "gadgetfs", "ibmasmfs",
	"ipathfs", "nfsd", "nsfs", "ocfs2_dlmfs", "proc", "pstore", "resctrl",
	"rpc_pipefs", "securityfs", "selinuxfs", "smackfs", "sysfs", "tracefs",
	"xenfs",
};

/**
 * ward_protected_fs_name - the @i-th protected filesystem type
 * @i: index from 0
 *
 * Return: the name, or NULL past the end of the list.
 */
const char *ward_protected_fs_name(unsigned int i)
{
	return i < ARRAY_SIZE(ward_protected) ? ward_protected[i] : NULL;
}

/**
 * ward_fs_protected - whether a filesystem type is protected
 * @fstype: the type's name
 *
 * Return: true if no domain may mount or change it.
 */
bool ward_fs_protected(const char *fstype)
{
	unsigned int i;

	/*
	 * Every mount a domain task makes asks this a few times: most names
	 * differ in their first letter, which needs no call to strcmp().
	 */
	for (i = 0; i < ARRAY_SIZE(ward_protected); i++)
		if (fstype[0] == ward_protected[i][0] &&
		    !strcmp(fstype, ward_protected[i]))
			return true;
	return false;
}

static bool ward_name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return true;
	return !first && (c == '_' || c == '.' || c == '-');
}

/**
 * ward_name_valid - check a name field of the blob
 * @name: WARD_NAME_LEN bytes
 *
 * Return: true if @name is NUL terminated, NUL padded, not empty and made
 * of the allowed characters.
 */
bool ward_name_valid(const char *name)
{
	size_t i, len = 0;

	while (len < WARD_NAME_LEN && name[len])
		len++;
	if (!len || len == WARD_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!ward_name_char(name[i], i == 0))
			return false;
	for (i = len; i < WARD_NAME_LEN; i++)
		if (name[i])
			return false;
	return true;
}

static bool ward_range_valid(const struct ward_range *r, __u32 name_count,
			     __u32 max)
{
	return r->count <= max && r->first <= name_count &&
	       r->count <= name_count - r->first;
}

static bool ward_zero(const __u32 *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i])
			return false;
	return true;
}

static int ward_validate_domain(const struct ward_domain_rec *d,
				const struct ward_name *names,
				__u32 name_count, __u32 sc_rule_count)
{
	__u32 i;

	if (!ward_name_valid(d->name))
		return -EINVAL;
	if (d->mode != WARD_MODE_ENFORCE && d->mode != WARD_MODE_COMPLAIN)
		return -EINVAL;
	if (d->mount & ~WARD_MOUNT_ALL)
		return -EINVAL;
	if (d->ptrace != WARD_PTRACE_NONE && d->ptrace != WARD_PTRACE_DOMAIN)
		return -EINVAL;
	if (d->flags & ~WARD_DOM_ALL)
		return -EINVAL;
	/* wx-strict implies wx-deny: the language cannot say one alone */
	if ((d->flags & WARD_DOM_WX_STRICT) && !(d->flags & WARD_DOM_WX_DENY))
		return -EINVAL;
	if (d->sc_action > WARD_SECCOMP_TRAP ||
	    (d->sc_sets & ~WARD_SC_SET_ALL) ||
	    (d->sc_flags & ~WARD_SC_FLAGS_ALL))
		return -EINVAL;
	if (d->sc_action == WARD_SECCOMP_NONE &&
	    (d->sc_sets || d->sc_flags || d->sc_allow.count ||
	     d->sc_deny.count || d->sc_rules.count))
		return -EINVAL;
	if (!ward_range_valid(&d->sc_rules, sc_rule_count, WARD_MAX_SC_RULES))
		return -EINVAL;
	if (d->reserved0 || !ward_zero(d->reserved, 2))
		return -EINVAL;
	if (!ward_range_valid(&d->fstypes, name_count, WARD_MAX_FSTYPES) ||
	    !ward_range_valid(&d->sc_allow, name_count, WARD_MAX_SYSCALLS) ||
	    !ward_range_valid(&d->sc_deny, name_count, WARD_MAX_SYSCALLS))
		return -EINVAL;
	/* The language cannot say "mount allow" without a type: neither can this. */
	if (!(d->mount & WARD_MOUNT_ALLOW) != !d->fstypes.count)
		return -EINVAL;
	for (i = 0; i < d->fstypes.count; i++)
		if (ward_fs_protected(names[d->fstypes.first + i].name))
			return -EINVAL;
	return 0;
}

/**
 * ward_pattern_valid - check a cgroup path pattern field of the blob
 * @pattern: WARD_PATTERN_LEN bytes
 *
 * Return: true if @pattern is NUL terminated and NUL padded, starts with
 * '/', has at least one component, no empty, "." or ".." component, no
 * control character, blank or '#' (the policy language could not write
 * it back), and "**" only as a whole component.
 */
bool ward_pattern_valid(const char *pattern)
{
	size_t i, len = 0, start;

	while (len < WARD_PATTERN_LEN && pattern[len])
		len++;
	if (len < 2 || len == WARD_PATTERN_LEN || pattern[0] != '/')
		return false;
	for (i = len; i < WARD_PATTERN_LEN; i++)
		if (pattern[i])
			return false;
	for (start = 1; start <= len; start = i + 1) {
		size_t n;

		for (i = start; i < len && pattern[i] != '/'; i++)
			if ((unsigned char)pattern[i] <= ' ' ||
			    pattern[i] == '#' || pattern[i] == 0x7f)
				return false;
		n = i - start;
		if (!n || (n == 1 && pattern[start] == '.') ||
		    (n == 2 && pattern[start] == '.' && pattern[start + 1] == '.'))
			return false;
		if (n != 2 || pattern[start] != '*' || pattern[start + 1] != '*') {
			size_t k;

			for (k = start; k + 1 < i; k++)
				if (pattern[k] == '*' && pattern[k + 1] == '*')
					return false;
		}
	}
	return true;
}

static int ward_validate_sc_rule(const struct ward_sc_rule *r,
				 __u32 name_count)
{
	unsigned int seen = 0;
	__u32 i;

	if (r->syscall >= name_count || r->reserved ||
	    (r->action != WARD_SC_RULE_ALLOW && r->action != WARD_SC_RULE_DENY) ||
	    !r->arg_count || r->arg_count > WARD_SC_MAX_ARGS)
		return -EINVAL;
	for (i = 0; i < WARD_SC_MAX_ARGS; i++) {
		const struct ward_sc_arg *a = &r->args[i];

		if (i >= r->arg_count) {
			if (a->index || a->op || a->value || a->value2)
				return -EINVAL;
			continue;
		}
		if (a->index >= WARD_SC_MAX_ARGS || (seen & (1U << a->index)) ||
		    a->op < WARD_SC_OP_NE || a->op > WARD_SC_OP_MASKED_EQ ||
		    (a->op != WARD_SC_OP_MASKED_EQ && a->value2))
			return -EINVAL;
		seen |= 1U << a->index;
	}
	return 0;
}

/**
 * ward_validate - check a whole policy blob
 * @blob: the bytes written to the policy file
 * @size: their number
 *
 * Return: 0 if the kernel can build a policy from @blob; -E2BIG if it is
 * larger than WARD_POLICY_MAX_SIZE; -EINVAL for anything else that is not
 * exactly as uapi/ward.h defines it.
 */
int ward_validate(const void *blob, size_t size)
{
	const struct ward_policy_header *h = blob;
	const struct ward_domain_rec *doms;
	const struct ward_name *names;
	const struct ward_bind_rec *binds;
	const struct ward_sc_rule *rules;
	size_t want;
	__u32 i, j;
	int err;

	if (size > WARD_POLICY_MAX_SIZE)
		return -E2BIG;
	if (size < sizeof(*h))
		return -EINVAL;
	if (h->magic != WARD_POLICY_MAGIC ||
	    h->abi_version != WARD_ABI_VERSION ||
	    h->header_size != sizeof(*h) || h->total_size != size ||
	    h->flags || h->domain_size != sizeof(*doms) ||
	    h->domain_count > WARD_MAX_DOMAINS ||
	    h->bind_size != sizeof(*binds) ||
	    h->bind_count > WARD_MAX_BIND_RECS ||
	    h->sc_rule_size != sizeof(*rules) ||
	    h->sc_rule_count > WARD_MAX_SC_RULES)
		return -EINVAL;
	if (h->default_domain != WARD_NO_DOMAIN &&
	    h->default_domain >= h->domain_count)
		return -EINVAL;
	/* Both counts are bounded by the size check below. */
	if (h->name_count > WARD_POLICY_MAX_SIZE / sizeof(*names))
		return -EINVAL;
	want = sizeof(*h) + (size_t)h->domain_count * sizeof(*doms) +
	       (size_t)h->name_count * sizeof(*names) +
	       (size_t)h->bind_count * sizeof(*binds) +
	       (size_t)h->sc_rule_count * sizeof(*rules);
	if (want != size)
		return -EINVAL;

	doms = (const struct ward_domain_rec *)(h + 1);
	names = (const struct ward_name *)(doms + h->domain_count);
	binds = (const struct ward_bind_rec *)(names + h->name_count);
	rules = (const struct ward_sc_rule *)(binds + h->bind_count);
	for (i = 0; i < h->name_count; i++)
		if (!ward_name_valid(names[i].name))
			return -EINVAL;
	for (i = 0; i < h->domain_count; i++) {
		err = ward_validate_domain(&doms[i], names, h->name_count,
					   h->sc_rule_count);
		if (err)
			return err;
		for (j = 0; j < i; j++)
			if (!strcmp(doms[i].name, doms[j].name))
				return -EINVAL;
	}
	for (i = 0; i < h->bind_count; i++)
		if (!ward_pattern_valid(binds[i].pattern) ||
		    binds[i].domain >= h->domain_count || binds[i].flags)
			return -EINVAL;
	for (i = 0; i < h->sc_rule_count; i++) {
		err = ward_validate_sc_rule(&rules[i], h->name_count);
		if (err)
			return err;
	}
	return 0;
}
