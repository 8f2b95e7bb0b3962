/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - the policy in force: domains and their cgroup bindings
 */
#ifndef _WARD_POLICY_H
#define _WARD_POLICY_H

#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "../uapi/ward.h"

struct ward_audit_limit;

/**
 * struct ward_domain - one domain of the policy in force (R-DOM)
 * @name: NUL terminated name
 * @mode: enum ward_mode
 * @mount: WARD_MOUNT_* flags
 * @ptrace: enum ward_ptrace
 * @flags: WARD_DOM_* flags
 * @nfstypes: number of entries in @fstypes
 * @fstypes: filesystem types the domain may mount; points into the blob
 * @audit: the domain's audit rate limit, in ward_policy.audit; the one
 *	mutable part of a domain, with its own locking (report.h)
 *
 * Immutable once the policy is published (but for what @audit points
 * to); lives as long as its policy.
 */
struct ward_domain {
	char name[WARD_NAME_LEN];
	u32 mode;
	u32 mount;
	u32 ptrace;
	u32 flags;
	u32 nfstypes;
	const struct ward_name *fstypes;
	struct ward_audit_limit *audit;
};

/* The binding confines a task only once it has executed in the subtree. */
#define WARD_BIND_AT_EXEC	0x1U

/**
 * struct ward_binding - a cgroup bound to a domain
 * @node: in ward_policy.bindings; added and removed under
 *	ward_bindings_lock, walked under rcu_read_lock()
 * @rcu: for freeing after a grace period
 * @cgid: cgroup v2 id (never reused while the system runs)
 * @domain: the domain, in the same policy as the binding
 * @flags: WARD_BIND_* flags; immutable
 * @level: the cgroup's level (depth below the root); immutable
 */
struct ward_binding {
	struct hlist_node node;
	struct rcu_head rcu;
	u64 cgid;
	const struct ward_domain *domain;
	u32 flags;
	u32 level;
};

/*
 * The bit of ward_policy.levels for a binding at cgroup level @level: bit
 * 63 stands for level 63 and every deeper one.
 */
static inline u64 ward_level_bit(unsigned int level)
{
	return BIT_ULL(min(level, 63U));
}

#define WARD_PATTERN_MAX_COMPS	(WARD_PATTERN_LEN / 2)

/**
 * struct ward_pattern - a cgroup path pattern of the policy, split into
 *	components once at load
 * @str: the pattern, pointing into the blob
 * @domain: the domain it binds to
 * @ncomp: number of components
 * @off: offset in @str of each component
 * @len: length of each component
 *
 * Immutable once the policy is published.
 */
struct ward_pattern {
	const char *str;
	struct ward_domain *domain;
	u8 ncomp;
	u8 off[WARD_PATTERN_MAX_COMPS];
	u8 len[WARD_PATTERN_MAX_COMPS];
};

#define WARD_BINDING_BITS	15
#define WARD_MAX_BINDINGS	16384

/**
 * struct ward_policy - the policy in force
 * @rcu: for freeing after a grace period
 * @blob: the validated blob, byte for byte as written; read back by
 *	``policy`` reads
 * @size: size of @blob
 * @nbindings: entries in @bindings; written under ward_bindings_lock, read
 *	locklessly as a hint by the hot path
 * @levels: the cgroup levels that may have a binding, ward_level_bit()
 *	of each; set under ward_bindings_lock before the binding is added,
 *	never cleared while the policy is in force (a stale bit costs a
 *	lookup one probe), read locklessly by the hot path
 * @dom_flags: the WARD_DOM_* flags of any domain (their union), for hooks
 *	that can skip work no domain asks for
 * @default_domain: domain of the container tasks of unbound cgroups, or NULL
 * @bindings: cgroup id -> binding; see struct ward_binding for its locking
 * @npatterns: number of entries in @patterns
 * @patterns: the cgroup path patterns, in priority order
 * @audit: one audit rate limit per domain, @ndomains entries
 * @ndomains: number of entries in @domains
 * @domains: the domains
 *
 * Everything but @bindings, @nbindings and @levels is immutable after
 * publication.
 * A reload builds a new policy, copies the bindings into it and publishes
 * it with rcu_assign_pointer() under ward_bindings_lock; the old one is
 * freed after a grace period.
 */
struct ward_policy {
	struct rcu_head rcu;
	void *blob;
	size_t size;
	unsigned int nbindings;
	u64 levels;
	u32 dom_flags;
	struct ward_domain *default_domain;
	struct ward_audit_limit *audit;
	DECLARE_HASHTABLE(bindings, WARD_BINDING_BITS);
	u32 npatterns;
	struct ward_pattern *patterns;
	u32 ndomains;
	struct ward_domain domains[];
};

/*
 * The policy in force, or NULL before the first load.  Published with
 * rcu_assign_pointer() under ward_policy_mutex and ward_bindings_lock,
 * read with rcu_dereference().
 */
extern struct ward_policy __rcu *ward_policy;
/* Serializes the changes made from process context: loads, binds, unbinds, lock. */
extern struct mutex ward_policy_mutex;
/*
 * Protects the bindings of the policy in force and the publication of a
 * new policy.  Taken, nested inside ward_policy_mutex where that is held,
 * by every writer of bindings, including the hooks that bind a cgroup as
 * it is created and unbind it as it is removed (preemption disabled: so a
 * raw spinlock, never held across an allocation that may sleep).
 */
extern raw_spinlock_t ward_bindings_lock;
/*
 * Set once by the lock file, never cleared: no policy load, no unbind, no
 * unload until reboot.  Written and read under ward_policy_mutex.
 */
extern bool ward_locked;

int ward_policy_validate(const void *blob, size_t size);
int ward_policy_load(const void *blob, size_t size);
struct ward_domain *ward_policy_find(struct ward_policy *p, const char *name);
void ward_policy_exit(void);

#endif /* _WARD_POLICY_H */
