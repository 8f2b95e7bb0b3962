// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl events [-f]: copy the event stream to stdout.  Without -f, print
 * what is buffered and stop (the file is opened O_NONBLOCK and EAGAIN ends
 * the loop); with -f, block and follow until killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wardctl.h"

int cmd_events(int argc, char **argv)
{
	char path[4096], buf[65536];
	int follow = 0, fd;

	if (argc == 2 && !strcmp(argv[1], "-f"))
		follow = 1;
	else if (argc != 1)
		return ward_usage();
	snprintf(path, sizeof(path), "%s/events", ward_fs_dir());
	fd = open(path, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NONBLOCK));
	if (fd < 0)
		return ward_fs_fail("events", "events", 0, errno);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		size_t off = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !follow)
			break;
		if (n < 0) {
			int err = errno;

			close(fd);
			return ward_fs_fail("events", "events", 0, err);
		}
		if (!n) {
			if (!follow)
				break;
			/* a plain file (WARD_SECURITYFS): poll for growth */
			usleep(200000);
			continue;
		}
		while (off < (size_t)n) {
			ssize_t w = write(STDOUT_FILENO, buf + off, n - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				close(fd);
				return ward_fail("events", "cannot write the output: %s (%s)",
						 strerror(errno), ward_errname(errno));
			}
			off += w;
		}
	}
	close(fd);
	return 0;
}
