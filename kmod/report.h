/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - reporting denials (R-AUD)
 */
#ifndef _WARD_REPORT_H
#define _WARD_REPORT_H

#include <linux/atomic.h>
#include <linux/compiler_attributes.h>
#include <linux/ratelimit_types.h>
#include <linux/types.h>

struct path;
struct ward_domain;

/**
 * struct ward_audit_limit - one domain's audit rate limit (R-AUD)
 * @rs: at most 50 audit records per 5 s; locked by its own spinlock
 *	(__ratelimit())
 * @suppressed: records the limit kept out of the audit log; atomic
 *
 * One per domain of a policy, so that one container cannot use up the
 * audit records of the others.
 */
struct ward_audit_limit {
	struct ratelimit_state rs;
	atomic64_t suppressed;
};

void ward_audit_limit_init(struct ward_audit_limit *l);
u64 ward_domain_audit_suppressed(const struct ward_domain *d);

/* The longest path a report carries, NUL included; longer ones are cut. */
#define WARD_PATH_LEN	96

/**
 * struct ward_untrusted - a value of a report's object that a task chose
 * @key: the field's key, a static string
 * @val: the value as the task chose it: any bytes but NUL
 *
 * A path, a module name, the type string of a mount(2).  The audit record
 * logs it as the audit subsystem logs untrusted strings; the event line
 * has it cleaned (ward_clean()).  Names come after the other fields.
 */
struct ward_untrusted {
	const char *key;
	const char *val;
};

int ward_report(const struct ward_domain *d, const char *op, int err,
		const char *fmt, ...) __printf(4, 5);
int ward_report_names(const struct ward_domain *d, const char *op, int err,
		      const struct ward_untrusted *names, unsigned int n,
		      const char *fmt, ...) __printf(6, 7);
int ward_report_refusal(const struct ward_domain *d, const char *op, int err,
			const char *fmt, ...) __printf(4, 5);
void ward_clean(char *s);
const char *ward_path(const struct path *path, char *buf, int len);
ssize_t ward_events_read(u64 *pos, char __user *ubuf, size_t len,
			 bool nonblock);
bool ward_events_ready(u64 pos);
u64 ward_events_head(void);
u64 ward_events_oldest(void);
u64 ward_audit_suppressed(void);
struct wait_queue_head *ward_events_waitq(void);

#endif /* _WARD_REPORT_H */
