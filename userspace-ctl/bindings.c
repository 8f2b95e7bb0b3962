// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - the lines of the bindings file.  The kernel writes one line per
 * binding, "CGID DOMAIN ARM PATH" (ARM "now" or "exec", PATH the cgroup's
 * path below the cgroup2 root, which may hold spaces); kernels before the
 * arming mode wrote "CGID DOMAIN PATH".  Both are accepted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wardctl.h"

static char *next_field(char **s)
{
	char *f = *s, *e;

	while (*f == ' ' || *f == '\t')
		f++;
	if (!*f)
		return NULL;
	e = f + strcspn(f, " \t");
	if (*e)
		*e++ = 0;
	*s = e;
	return f;
}

int ward_binding_parse(char *line, struct ward_binding *b)
{
	char *s = line, *id, *dom, *end, *rest;
	unsigned long long v;

	memset(b, 0, sizeof(*b));
	b->path = "";
	id = next_field(&s);
	dom = next_field(&s);
	if (!id || !dom || id[0] < '0' || id[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(id, &end, 10);
	if (errno || *end || strlen(dom) >= WARD_NAME_LEN)
		return -1;
	b->id = v;
	strcpy(b->domain, dom);
	while (*s == ' ' || *s == '\t')
		s++;
	rest = s;
	/* ARM is a word of its own; a PATH always starts with '/' */
	if ((!strncmp(rest, "now", 3) && (!rest[3] || rest[3] == ' ' || rest[3] == '\t')) ||
	    (!strncmp(rest, "exec", 4) && (!rest[4] || rest[4] == ' ' || rest[4] == '\t'))) {
		b->arm = rest[0] == 'n' ? "now" : "exec";
		rest += strlen(b->arm);
		while (*rest == ' ' || *rest == '\t')
			rest++;
	}
	b->path = rest;
	return 0;
}

int ward_binding_find(unsigned long long id, struct ward_binding *b)
{
	char *buf, *line, *save = NULL;
	size_t n;
	int found = 0;

	if (ward_fs_read("bindings", &buf, &n))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!ward_binding_parse(line, b) && b->id == id) {
			found = 1;
			break;
		}
	}
	if (found) {
		/* the path points into buf: keep a copy of what callers use */
		snprintf(b->path_buf, sizeof(b->path_buf), "%s", b->path);
		b->path = b->path_buf;
	}
	free(buf);
	if (!found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}
