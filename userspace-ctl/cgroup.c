// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - cgroup v2 paths: where the cgroup2 root is mounted, and the id
 * (inode number) of a cgroup directory, which is what Ward binds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "wardctl.h"

/* Undo the octal escapes (\040 for a space) of /proc/self/mountinfo. */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = 0;
}

int ward_cgroup2_root(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int ret = -1;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - ");
		char *mnt, *save = NULL;
		int i;

		if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
			continue;
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... */
		mnt = strtok_r(line, " ", &save);
		for (i = 0; mnt && i < 4; i++)
			mnt = strtok_r(NULL, " ", &save);
		if (!mnt)
			continue;
		unescape(mnt);
		if (strlen(mnt) >= len)
			continue;
		strcpy(buf, mnt);
		ret = 0;
		break;
	}
	free(line);
	fclose(f);
	if (ret)
		errno = ENOENT;
	return ret;
}

int ward_cgroup_id(const char *path, unsigned long long *id, char *why,
		   size_t len)
{
	struct statfs sfs;
	struct stat st;

	if (stat(path, &st) || statfs(path, &sfs)) {
		snprintf(why, len, "%s: %s (%s)", path, strerror(errno),
			 ward_errname(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "%s: not a cgroup directory (ENOTDIR)", path);
		return -1;
	}
	if (sfs.f_type != CGROUP2_SUPER_MAGIC) {
		snprintf(why, len, "%s: not on a cgroup2 filesystem (EINVAL)", path);
		return -1;
	}
	*id = (unsigned long long)st.st_ino;
	return 0;
}

int ward_cgroup_resolve(const char *cmd, const char *arg, char *path,
			size_t len, unsigned long long *id)
{
	char why[4400];

	if (arg[0] == '/') {
		if (snprintf(path, len, "%s", arg) >= (int)len)
			return ward_fail(cmd, "%s: path too long (ENAMETOOLONG)", arg);
	} else {
		char root[4096];

		if (ward_cgroup2_root(root, sizeof(root)))
			return ward_fail(cmd, "no cgroup2 filesystem is mounted (ENOENT)");
		if (snprintf(path, len, "%s/%s", root, arg) >= (int)len)
			return ward_fail(cmd, "%s: path too long (ENAMETOOLONG)", arg);
	}
	if (ward_cgroup_id(path, id, why, sizeof(why)))
		return ward_fail(cmd, "%s", why);
	return 0;
}
