// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl lock: lock Ward until reboot (write "1" to the lock file).
 */
#include <errno.h>

#include "wardctl.h"

int cmd_lock(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return ward_usage();
	if (ward_fs_write("lock", "1", 1))
		return ward_fs_fail("lock", "lock", 1, errno);
	return 0;
}
