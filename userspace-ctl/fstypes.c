// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the filesystem types the policy language knows something about.
 * This is the one place that lists them.
 */
#include <string.h>

#include "policy.h"

/*
 * Protected filesystems (R-MNT): a domain may never mount them, so
 * "mount allow" must not name them; the kernel rejects such a policy
 * (EINVAL) and keeps the same list in kmod/mount.c.  Each one either
 * exposes or controls the host (its processes, its kernel, its cgroups, its
 * security modules, its firmware) or is a kernel-internal filesystem.
 * devpts, mqueue and tmpfs are NOT protected: containers need private
 * instances of them.
 */
static const char *const protected_fstypes[] = {
	"proc",		/* host processes, /proc/sys, /proc/sysrq-trigger */
	"sysfs",	/* devices, kernel and module parameters */
	"cgroup",	/* cgroup v1 hierarchies: resource limits */
	"cgroup2",	/* cgroup v2: resource limits and Ward's bindings */
	"cpuset",	/* legacy alias of the cgroup v1 cpuset hierarchy */
	"securityfs",	/* LSM control files, Ward's own among them */
	"debugfs",	/* kernel internals */
	"tracefs",	/* ftrace: Ward's hooks live here */
	"bpf",		/* pinned BPF programs and maps */
	"configfs",	/* kernel object configuration */
	"efivarfs",	/* firmware variables: can brick the machine */
	"pstore",	/* persistent crash logs */
	"binfmt_misc",	/* interpreters for every exec on the host */
	"fusectl",	/* control of every FUSE connection */
	"selinuxfs",	/* SELinux policy */
	"smackfs",	/* Smack policy */
	"rpc_pipefs",	/* NFS/RPC upcalls */
	"autofs",	/* automounter, talks to a host daemon */
	"nsfs",		/* namespace files */
};

/*
 * Filesystems that live on a block device: mounting one reads and writes a
 * raw disk, and a crafted image is a large kernel attack surface (R-LVL).
 */
static const char *const blockdev_fstypes[] = {
	"ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "msdos", "fat",
	"exfat", "ntfs", "ntfs3", "f2fs", "jfs", "reiserfs", "hfs", "hfsplus",
	"iso9660", "udf", "squashfs", "minix", "nilfs2", "ocfs2", "gfs2",
	"erofs", "ufs", "cramfs", "romfs", "befs", "qnx4", "qnx6", "bfs",
	"efs", "hpfs", "omfs", "sysv", "zonefs",
};

static int in_table(const char *const *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i], name))
			return 1;
	return 0;
}

int wp_fstype_protected(const char *name)
{
	return in_table(protected_fstypes,
			sizeof(protected_fstypes) / sizeof(protected_fstypes[0]),
			name);
}

int wp_fstype_blockdev(const char *name)
{
	return in_table(blockdev_fstypes,
			sizeof(blockdev_fstypes) / sizeof(blockdev_fstypes[0]),
			name);
}
