// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl events [-f] [--json]: copy the event stream to stdout.  Without
 * -f, print what is buffered and stop (the file is opened O_NONBLOCK and
 * EAGAIN ends the loop); with -f, block and follow until killed.
 *
 * With --json every line becomes one JSON object on one line (json_out.c),
 * written and flushed as soon as the kernel hands it over, so that a log
 * pipeline reading a pipe sees each event when it happens.
 */
#define _GNU_SOURCE	/* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "wardctl.h"

#define EV_READ	65536

static int write_all(const char *buf, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(STDOUT_FILENO, buf + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return ward_fail("events", "cannot write the output: %s (%s)",
					 strerror(errno), ward_errname(errno));
		off += w;
	}
	return 0;
}

/* One line (NUL terminated, no newline) as one JSON line on stdout. */
static int print_json(const char *line)
{
	struct json_object *o = ward_json_event(line);
	const char *text;
	char *out;
	int ret, n;

	if (!o)
		return ward_fail("events", "out of memory (ENOMEM)");
	text = ward_json_text(o);
	n = text ? asprintf(&out, "%s\n", text) : -1;
	json_object_put(o);
	if (n < 0)
		return ward_fail("events", "out of memory (ENOMEM)");
	ret = write_all(out, n);
	free(out);
	return ret;
}

/*
 * The whole lines of @buf[0..*len) through print_json(); what follows the
 * last newline stays in @buf (all of it, with @flush, as a last line).
 */
static int json_lines(char *buf, size_t *len, int flush)
{
	size_t start = 0, i;

	for (i = 0; i < *len; i++) {
		if (buf[i] != '\n')
			continue;
		buf[i] = '\0';
		if (print_json(buf + start))
			return 1;
		start = i + 1;
	}
	if (flush && start < *len) {
		buf[*len] = '\0';
		if (print_json(buf + start))
			return 1;
		start = *len;
	}
	memmove(buf, buf + start, *len - start);
	*len -= start;
	return 0;
}

int cmd_events(int argc, char **argv)
{
	char path[4096], *buf;
	int follow = 0, json = 0, fd, i, ret = 0;
	size_t len = 0, cap = 2 * EV_READ;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") && !follow)
			follow = 1;
		else if (!strcmp(argv[i], "--json") && !json)
			json = 1;
		else
			return ward_usage();
	}
	snprintf(path, sizeof(path), "%s/events", ward_fs_dir());
	fd = open(path, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NONBLOCK));
	if (fd < 0)
		return ward_fs_fail("events", "events", 0, errno);
	/* room for a partial line (a plain file) and one whole read */
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return ward_fail("events", "out of memory (ENOMEM)");
	}
	for (;;) {
		ssize_t n;

		if (cap - len < EV_READ) {
			char *nb = realloc(buf, 2 * cap + 1);

			if (!nb) {
				ret = ward_fail("events", "out of memory (ENOMEM)");
				break;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, EV_READ);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !follow)
			break;
		if (n < 0) {
			ret = ward_fs_fail("events", "events", 0, errno);
			break;
		}
		if (!n) {
			if (!follow)
				break;
			/* a plain file (WARD_SECURITYFS): poll for growth */
			usleep(200000);
			continue;
		}
		if (!json) {
			ret = write_all(buf, n);
			if (ret)
				break;
			continue;
		}
		len += n;
		ret = json_lines(buf, &len, 0);
		if (ret)
			break;
	}
	/* a last line without its newline (only a plain file has one) */
	if (!ret && json)
		ret = json_lines(buf, &len, 1);
	free(buf);
	close(fd);
	return ret;
}
