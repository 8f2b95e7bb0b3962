// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ward - reporting denials (R-AUD)
 *
 * Every denial, and in complain mode every would-be denial, becomes one
 * kernel audit record (visible in the kernel log without auditd) and one
 * entry of the event ring that the securityfs ``events`` file reads.  The
 * report is made in the hook, with preemption disabled: it allocates only
 * with GFP_ATOMIC (audit), takes only a spinlock (the ring), and never
 * waits.
 *
 * Nothing is lost silently.  Every report enters the ring; a reader that
 * falls more than the ring behind is told how many entries it lost.  Audit
 * records go to the kernel log, which a container must not be able to
 * flood: beyond the rate limit they are not made, but counted.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/audit.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "policy.h"
#include "report.h"

#define WARD_RING	256
#define WARD_EXE_LEN	128
#define WARD_OBJ_LEN	160
#define WARD_LINE_LEN	512

/*
 * struct ward_event - one report
 * @seq: position in the stream, from 0
 * @op: operation, a static string
 * @domain: domain name
 * @mode: enum ward_mode of the domain
 * @err: positive errno the operation got (or would have got)
 * @pid: thread group id, in the initial PID namespace
 * @comm: task name; cleaned once the audit record is made
 * @exe: executable path; cleaned once the audit record is made
 * @obj: the object: "key=value" fields separated by spaces; the values of
 *	names (struct ward_untrusted) come last, cleaned
 */
struct ward_event {
	u64 seq;
	const char *op;
	char domain[WARD_NAME_LEN];
	u32 mode;
	int err;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	char exe[WARD_EXE_LEN];
	char obj[WARD_OBJ_LEN];
};

/* The ring and its head are protected by ward_ring_lock. */
static struct ward_event ward_ring[WARD_RING];
static u64 ward_head;
static DEFINE_SPINLOCK(ward_ring_lock);
static DECLARE_WAIT_QUEUE_HEAD(ward_ring_wq);
/* Audit records suppressed since load, all domains and policies. */
static atomic64_t ward_suppressed = ATOMIC64_INIT(0);
/* The host's reports (ward_report_refusal()), and any domain without a limit. */
static struct ratelimit_state ward_rs =
	RATELIMIT_STATE_INIT_FLAGS(ward_rs, 5 * HZ, 50,
				   RATELIMIT_MSG_ON_RELEASE);

#define WARD_AUDIT_INTERVAL	(5 * HZ)
#define WARD_AUDIT_BURST	50

/**
 * ward_audit_limit_init - set up a domain's audit rate limit
 * @l: the limit, zeroed
 *
 * At most 50 audit records per 5 s and domain, below the audit backlog
 * (64) that kauditd must print without an audit daemon; the rest are
 * counted in @l and in the total.
 */
void ward_audit_limit_init(struct ward_audit_limit *l)
{
	ratelimit_state_init(&l->rs, WARD_AUDIT_INTERVAL, WARD_AUDIT_BURST);
	ratelimit_set_flags(&l->rs, RATELIMIT_MSG_ON_RELEASE);
	atomic64_set(&l->suppressed, 0);
}

/**
 * ward_domain_audit_suppressed - a domain's suppressed audit records
 * @d: a domain of a live policy
 *
 * Return: the count since the policy was loaded.
 */
u64 ward_domain_audit_suppressed(const struct ward_domain *d)
{
	return atomic64_read(&d->audit->suppressed);
}

/**
 * ward_clean - make a string safe as one field of a log line
 * @s: NUL terminated string, changed in place
 *
 * Spaces, '=', '"', DEL and control characters become '?', so that a name
 * chosen by a container cannot forge fields of the audit record or event
 * line.  Bytes above 0x7f are kept, whatever the signedness of char.
 */
void ward_clean(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p; p++)
		if (*p <= ' ' || *p == '=' || *p == '"' || *p == 0x7f)
			*p = '?';
}

/**
 * ward_path - a path as text, for a report
 * @path: the path
 * @buf: buffer
 * @len: its size
 *
 * Context: any; d_path() does not sleep.
 * Return: the path inside @buf, as the task named it (not cleaned: it
 * goes into a report as a struct ward_untrusted), or "?" when it cannot be
 * built (too long for @buf, for one).
 */
const char *ward_path(const struct path *path, char *buf, int len)
{
	char *p = d_path(path, buf, len);

	return IS_ERR(p) ? "?" : p;
}

static void ward_event_exe(struct ward_event *ev)
{
	struct mm_struct *mm = current->mm;
	struct file *exe = NULL;
	char *p;

	strscpy(ev->exe, "-", sizeof(ev->exe));
	if (!mm)
		return;
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	if (!exe)
		return;
	/* Not cleaned yet: the audit record logs it as untrusted. */
	p = d_path(&exe->f_path, ev->exe, sizeof(ev->exe));
	if (IS_ERR(p))
		strscpy(ev->exe, "?", sizeof(ev->exe));
	else if (p != ev->exe)
		memmove(ev->exe, p, strlen(p) + 1);
	/* Not the last reference: the mm holds one.  fput() may not sleep. */
	fput(exe);
}

static const char *ward_mode_name(u32 mode)
{
	return mode == WARD_MODE_ENFORCE ? "enforce" : "complain";
}

/*
 * audit_log_untrustedstring() of kernel/audit.c, which is not exported:
 * a string with a quote, a space or control character, or a byte above
 * 0x7e is logged in upper-case hex, any other in double quotes, so that a
 * name chosen by a task can neither forge fields nor be mangled.
 */
static void ward_audit_untrusted(struct audit_buffer *ab, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char hex[2 * 32 + 1], *h;
	size_t i;

	for (i = 0; p[i]; i++)
		if (p[i] == '"' || p[i] < 0x21 || p[i] > 0x7e)
			break;
	if (!p[i]) {
		audit_log_format(ab, "\"%s\"", s);
		return;
	}
	for (i = 0, h = hex; p[i]; i++) {
		h = hex_byte_pack_upper(h, p[i]);
		if (h == hex + sizeof(hex) - 1 || !p[i + 1]) {
			*h = '\0';
			audit_log_format(ab, "%s", hex);
			h = hex;
		}
	}
}

static void ward_audit(const struct ward_event *ev,
		       const struct ward_untrusted *names, unsigned int n)
{
	struct audit_buffer *ab;
	unsigned int i;

	ab = audit_log_start(audit_context(), GFP_ATOMIC | __GFP_NOWARN,
			     AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	/*
	 * comm, exe and the object's names are the task's to choose: they
	 * are logged as the audit subsystem logs untrusted strings, quoted,
	 * or hex-encoded when they hold a space, a quote, a control
	 * character or a byte above 0x7e.
	 */
	audit_log_format(ab, "ward op=%s domain=%s mode=%s verdict=%s pid=%d comm=",
			 ev->op, ev->domain, ward_mode_name(ev->mode),
			 ev->mode == WARD_MODE_ENFORCE ? "deny" : "allow",
			 ev->pid);
	ward_audit_untrusted(ab, ev->comm);
	audit_log_format(ab, " exe=");
	ward_audit_untrusted(ab, ev->exe);
	audit_log_format(ab, " errno=%d", ev->err);
	if (ev->obj[0])
		audit_log_format(ab, " %s", ev->obj);
	for (i = 0; i < n; i++) {
		audit_log_format(ab, " %s=", names[i].key);
		ward_audit_untrusted(ab, names[i].val);
	}
	audit_log_end(ab);
}

/* Append @names to @ev's object, for the event line: values cleaned. */
static void ward_obj_names(struct ward_event *ev,
			   const struct ward_untrusted *names, unsigned int n)
{
	size_t len = strlen(ev->obj), val;
	unsigned int i;

	for (i = 0; i < n; i++) {
		len += scnprintf(ev->obj + len, sizeof(ev->obj) - len, "%s%s=",
				 len ? " " : "", names[i].key);
		val = len;
		len += scnprintf(ev->obj + len, sizeof(ev->obj) - len, "%s",
				 names[i].val);
		ward_clean(ev->obj + val);
	}
}

static void ward_ring_push(struct ward_event *ev)
{
	unsigned long flags;

	spin_lock_irqsave(&ward_ring_lock, flags);
	ev->seq = ward_head;
	ward_ring[ward_head % WARD_RING] = *ev;
	ward_head++;
	spin_unlock_irqrestore(&ward_ring_lock, flags);
	wake_up_interruptible(&ward_ring_wq);
}

static __printf(7, 0) void ward_report_va(const struct ward_domain *d,
					  u32 mode, const char *op, int err,
					  const struct ward_untrusted *names,
					  unsigned int n, const char *fmt,
					  va_list args)
{
	struct ward_audit_limit *limit = d ? d->audit : NULL;
	struct ward_event ev;

	ev.op = op;
	strscpy(ev.domain, d ? d->name : "-", sizeof(ev.domain));
	ev.mode = mode;
	ev.err = -err;
	ev.pid = task_tgid_nr(current);
	strscpy(ev.comm, current->comm, sizeof(ev.comm));
	ward_event_exe(&ev);
	vsnprintf(ev.obj, sizeof(ev.obj), fmt, args);
	if (__ratelimit(limit ? &limit->rs : &ward_rs)) {
		ward_audit(&ev, names, n);
	} else {
		if (limit)
			atomic64_inc(&limit->suppressed);
		atomic64_inc(&ward_suppressed);
	}
	ward_clean(ev.comm);
	ward_clean(ev.exe);
	ward_obj_names(&ev, names, n);
	ward_ring_push(&ev);
}

/**
 * ward_report - report a denial and decide its outcome
 * @d: the domain of the task
 * @op: the operation, a static string (see Documentation/abi.rst)
 * @err: the negative errno to return in enforce mode
 * @fmt: the object, as "key=value" fields separated by spaces; a value
 *	the task chose goes in a struct ward_untrusted (ward_report_names())
 *
 * Context: a hook handler: preemption disabled, rcu_read_lock() held.
 * Return: @err in enforce mode, 0 in complain mode.
 */
int ward_report(const struct ward_domain *d, const char *op, int err,
		const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ward_report_va(d, d->mode, op, err, NULL, 0, fmt, args);
	va_end(args);
	return d->mode == WARD_MODE_ENFORCE ? err : 0;
}

/**
 * ward_report_names - ward_report() with values the task chose
 * @d: the domain of the task
 * @op: the operation, a static string (see Documentation/abi.rst)
 * @err: the negative errno to return in enforce mode
 * @names: the object's fields whose values the task chose (a path, a
 *	module name), after those of @fmt; logged as untrusted strings
 * @n: how many
 * @fmt: the object's other fields, as for ward_report()
 *
 * Context: a hook handler: preemption disabled, rcu_read_lock() held.
 * Return: @err in enforce mode, 0 in complain mode.
 */
int ward_report_names(const struct ward_domain *d, const char *op, int err,
		      const struct ward_untrusted *names, unsigned int n,
		      const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ward_report_va(d, d->mode, op, err, names, n, fmt, args);
	va_end(args);
	return d->mode == WARD_MODE_ENFORCE ? err : 0;
}

/**
 * ward_report_refusal - report a refusal that no mode turns into a grant
 * @d: the domain of the task, or NULL for a task of the host (reported
 *	as domain "-", under a rate limit shared by the host's tasks)
 * @op: the operation, a static string (see Documentation/abi.rst)
 * @err: the negative errno the operation gets
 * @fmt: the object, as "key=value" fields separated by spaces
 *
 * Context: any; rcu_read_lock() held while @d is used.
 * Return: @err; the report says mode=enforce verdict=deny.
 */
int ward_report_refusal(const struct ward_domain *d, const char *op, int err,
			const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ward_report_va(d, WARD_MODE_ENFORCE, op, err, NULL, 0, fmt, args);
	va_end(args);
	return err;
}

/**
 * ward_events_head - position of the next event
 *
 * Return: the number of events reported since load.
 */
u64 ward_events_head(void)
{
	unsigned long flags;
	u64 head;

	spin_lock_irqsave(&ward_ring_lock, flags);
	head = ward_head;
	spin_unlock_irqrestore(&ward_ring_lock, flags);
	return head;
}

/**
 * ward_events_oldest - position of the oldest event still in the ring
 *
 * Return: where a new reader starts.
 */
u64 ward_events_oldest(void)
{
	u64 head = ward_events_head();

	return head > WARD_RING ? head - WARD_RING : 0;
}

/**
 * ward_events_ready - whether a reader at @pos has something to read
 * @pos: the reader's position
 *
 * Return: true if an event at or after @pos was reported.
 */
bool ward_events_ready(u64 pos)
{
	return pos < ward_events_head();
}

/**
 * ward_audit_suppressed - audit records not made because of the rate limit
 *
 * Return: the count since load.
 */
u64 ward_audit_suppressed(void)
{
	return atomic64_read(&ward_suppressed);
}

/**
 * ward_events_waitq - wait queue woken for every event
 *
 * Return: the queue, for poll().
 */
struct wait_queue_head *ward_events_waitq(void)
{
	return &ward_ring_wq;
}

/*
 * Format the event at *pos, or a "lost N" line if the ring has moved past
 * it.  Returns the line's length, or 0 if there is nothing at *pos.
 */
static int ward_event_line(u64 *pos, char *line, struct ward_event *ev)
{
	unsigned long flags;
	u64 head;

	spin_lock_irqsave(&ward_ring_lock, flags);
	head = ward_head;
	if (*pos >= head) {
		spin_unlock_irqrestore(&ward_ring_lock, flags);
		return 0;
	}
	if (head - *pos > WARD_RING) {
		u64 lost = head - WARD_RING - *pos;

		spin_unlock_irqrestore(&ward_ring_lock, flags);
		*pos += lost;
		return scnprintf(line, WARD_LINE_LEN, "lost %llu\n", lost);
	}
	*ev = ward_ring[*pos % WARD_RING];
	spin_unlock_irqrestore(&ward_ring_lock, flags);
	(*pos)++;
	return scnprintf(line, WARD_LINE_LEN,
			 "seq=%llu op=%s domain=%s mode=%s verdict=%s pid=%d comm=%s exe=%s errno=%d %s\n",
			 ev->seq, ev->op, ev->domain, ward_mode_name(ev->mode),
			 ev->mode == WARD_MODE_ENFORCE ? "deny" : "allow",
			 ev->pid, ev->comm, ev->exe, ev->err, ev->obj);
}

/**
 * ward_events_read - read whole event lines from a reader's position
 * @pos: the reader's position, advanced past what was read
 * @ubuf: user buffer
 * @len: its size; must hold at least one line (WARD_LINE_LEN)
 * @nonblock: return -EAGAIN instead of waiting for an event
 *
 * Context: process context; may sleep.
 * Return: bytes read, -EAGAIN, -EINTR (as -ERESTARTSYS), -EINVAL for a
 * buffer too small for a line, -EFAULT or -ENOMEM.
 */
ssize_t ward_events_read(u64 *pos, char __user *ubuf, size_t len,
			 bool nonblock)
{
	struct ward_event *ev;
	size_t used = 0;
	char *kbuf, *line;
	u64 p = *pos;
	ssize_t ret;
	int n;

	if (len < WARD_LINE_LEN)
		return -EINVAL;
	len = min_t(size_t, len, 4 * PAGE_SIZE);
	if (!ward_events_ready(p)) {
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(ward_ring_wq,
					       ward_events_ready(p));
		if (ret)
			return ret;
	}
	kbuf = kmalloc(len, GFP_KERNEL);
	ev = kmalloc(sizeof(*ev), GFP_KERNEL);
	line = kmalloc(WARD_LINE_LEN, GFP_KERNEL);
	ret = -ENOMEM;
	if (!kbuf || !ev || !line)
		goto out;
	for (;;) {
		u64 next = p;

		n = ward_event_line(&next, line, ev);
		if (!n || used + n > len)
			break;
		memcpy(kbuf + used, line, n);
		used += n;
		p = next;
	}
	ret = -EFAULT;
	if (copy_to_user(ubuf, kbuf, used))
		goto out;
	*pos = p;
	ret = used;
out:
	kfree(line);
	kfree(ev);
	kfree(kbuf);
	return ret;
}
