// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - access to Ward's securityfs control files, and one-line
 * messages for what the kernel answers (the errno contract of
 * Documentation/abi.rst).
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wardctl.h"

const char *ward_fs_dir(void)
{
	const char *dir = getenv("WARD_SECURITYFS");

	return dir && *dir ? dir : WARD_SECURITYFS_DEFAULT;
}

static int fs_open(const char *name, int flags)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/%s", ward_fs_dir(), name) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, flags | O_CLOEXEC);
}

int ward_fs_read(const char *name, char **buf, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b = NULL;
	int fd, err;

	*buf = NULL;
	*len = 0;
	fd = fs_open(name, O_RDONLY);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t r;

		if (!b || n + 1 >= cap) {
			char *nb;

			if (b)
				cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				err = ENOMEM;
				goto fail;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			goto fail;
		}
		if (!r)
			break;
		n += r;
	}
	close(fd);
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
fail:
	close(fd);
	free(b);
	errno = err;
	return -1;
}

/* The last ward_fs_write() failed at open(2), not at write(2). */
static int open_failed;

int ward_fs_write(const char *name, const void *buf, size_t len)
{
	ssize_t r;
	int fd, err;

	fd = fs_open(name, O_WRONLY);
	open_failed = fd < 0;
	if (fd < 0)
		return -1;
	do
		r = write(fd, buf, len);
	while (r < 0 && errno == EINTR);
	err = errno;
	if (r >= 0 && (size_t)r != len) {
		/* The kernel takes a command or a policy whole, or not at all. */
		err = EIO;
		r = -1;
	}
	close(fd);
	if (r < 0) {
		errno = err;
		return -1;
	}
	return 0;
}

const char *ward_errname(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "unknown error";
}

int ward_fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "wardctl: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* 1 if the status file says Ward is locked, 0 if not, -1 if unknown. */
static int ward_locked(void)
{
	size_t len;
	char *buf;
	int ret = -1;

	if (ward_fs_read("status", &buf, &len))
		return -1;
	if (strstr(buf, "\nlocked yes") || !strncmp(buf, "locked yes", 10))
		ret = 1;
	else if (strstr(buf, "\nlocked no") || !strncmp(buf, "locked no", 9))
		ret = 0;
	free(buf);
	return ret;
}

static const char *not_admin =
	"permission denied: only a host administrator (CAP_MAC_ADMIN in the initial namespaces, outside any domain) may use Ward's control files";

/* What an errno means for one control file; NULL: use strerror. */
static const char *meaning(const char *cmd, const char *name, int writing,
			   int err)
{
	if (!writing) {
		switch (err) {
		case ENOENT:
			return "Ward is not loaded (no such control file)";
		case EPERM:
		case EACCES:
			return not_admin;
		}
		return NULL;
	}
	if (!strcmp(name, "policy")) {
		switch (err) {
		case EINVAL:
			return "the kernel rejected the policy as malformed";
		case E2BIG:
			return "the policy is larger than the kernel accepts";
		case EPERM:
			return ward_locked() == 1 ? "policy is locked" : not_admin;
		case EBUSY:
			return "a binding names a domain the new policy does not have: unbind it first";
		case ENOMEM:
			return "the kernel is out of memory";
		}
	} else if (!strcmp(name, "bindings")) {
		switch (err) {
		case EINVAL:
			return "the kernel rejected the binding command";
		case ENOENT:
			if (!strcmp(cmd, "unbind"))
				return "the cgroup is not bound";
			return "no such domain in the loaded policy, or no policy loaded";
		case ESRCH:
			return "no such cgroup";
		case EEXIST:
			return "the cgroup is already bound: unbind it first";
		case ENOSPC:
			return "too many bindings";
		case EPERM:
			return ward_locked() == 1 ?
			       "Ward is locked: bindings cannot be removed" : not_admin;
		}
	} else if (!strcmp(name, "lock")) {
		switch (err) {
		case EINVAL:
			return "the kernel rejected the lock command";
		case EPERM:
			return not_admin;
		}
	}
	if (err == EIO)
		return "short write: the kernel did not take the whole command";
	return NULL;
}

void ward_fs_reason(const char *cmd, const char *name, int writing, int err,
		    char *buf, size_t len)
{
	const char *m = meaning(cmd, name, writing && !open_failed, err);

	if (!m)
		snprintf(buf, len, "%s/%s: %s (%s)", ward_fs_dir(), name,
			 strerror(err), ward_errname(err));
	else
		snprintf(buf, len, "%s (%s)", m, ward_errname(err));
}

int ward_fs_fail(const char *cmd, const char *name, int writing, int err)
{
	char why[512];

	ward_fs_reason(cmd, name, writing, err, why, sizeof(why));
	return ward_fail(cmd, "%s", why);
}

int ward_read_policy(const char *cmd, struct wp_policy *p)
{
	size_t len;
	char *buf;
	int ret;

	memset(p, 0, sizeof(*p));
	p->default_domain = -1;
	if (ward_fs_read("policy", &buf, &len))
		return ward_fs_fail(cmd, "policy", 0, errno);
	if (!len) {
		free(buf);
		return ward_fail(cmd, "no policy is loaded (ENOENT)");
	}
	ret = wp_decode(buf, len, p);
	free(buf);
	if (ret)
		return ward_fail(cmd, "cannot decode the loaded policy (EINVAL)");
	return 0;
}
