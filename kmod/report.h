/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ward - reporting denials (R-AUD)
 */
#ifndef _WARD_REPORT_H
#define _WARD_REPORT_H

#include <linux/compiler_attributes.h>
#include <linux/types.h>

struct path;
struct ward_domain;

int ward_report(const struct ward_domain *d, const char *op, int err,
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
