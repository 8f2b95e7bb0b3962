// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the filesystem types the policy language knows something about.
 * This is the one place that lists them.
 */
#include <string.h>

#include "policy.h"
#include "../kmod/validate.h"

/*
 * Protected filesystems (R-MNT) are listed once, in the kernel's
 * kmod/validate.c (ward_protected_fs_name()), which wardctl builds too:
 * "mount allow" must not name them, and the kernel refuses a policy that
 * does (EINVAL).  devpts, mqueue and tmpfs are not protected: containers
 * need private instances of them.
 */
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
	return ward_fs_protected(name);
}

int wp_fstype_blockdev(const char *name)
{
	return in_table(blockdev_fstypes,
			sizeof(blockdev_fstypes) / sizeof(blockdev_fstypes[0]),
			name);
}
