// SPDX-License-Identifier: GPL-2.0
/*
 * wardctl - OCI runtimes (see oci.h): oci.conf, the hook's state, the
 * domain choice, the config.json rewrite of ward-runc and the runtime's
 * command line.  JSON with json-c.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-c/json.h>

#include "oci.h"
#include "wardctl.h"

#define fail ward_oci_fail

int ward_oci_fail(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, WARD_OCI_ERRLEN, fmt, ap);
	va_end(ap);
	return -1;
}

static int fail_errno(char *err, const char *what, int e)
{
	return fail(err, "%s: %s (%s)", what, strerror(e), ward_errname(e));
}

/* ---- oci.conf ---- */

/*
 * One setting per line, "KEY VALUE"; '#' at the start of a line or after
 * a blank starts a comment; blank lines are ignored.  Keys: default-domain NAME, runtime PATH,
 * wardctl PATH (absolute paths), annotation-domains NAME...  Unknown keys
 * and repeated keys are errors, reported FILE:LINE:COL.
 */
static int conf_domains(struct ward_oci_conf *c, char *val, const char *path,
			unsigned int lineno, const char *line, char *err)
{
	char *save = NULL, *name;

	c->n_annotation_domains = 0;
	for (name = strtok_r(val, " \t", &save); name;
	     name = strtok_r(NULL, " \t", &save)) {
		if (!wp_name_valid(name))
			return fail(err, "%s:%u:%u: error: '%s' is not a valid domain name (EINVAL)",
				    path, lineno, (unsigned int)(name - line) + 1, name);
		if (c->n_annotation_domains == WARD_OCI_MAX_ANNOTATION_DOMAINS)
			return fail(err, "%s:%u:%u: error: more than %d domains (E2BIG)",
				    path, lineno, (unsigned int)(name - line) + 1,
				    WARD_OCI_MAX_ANNOTATION_DOMAINS);
		strcpy(c->annotation_domains[c->n_annotation_domains++], name);
	}
	return 0;
}

int ward_oci_conf_read(const char *path, struct ward_oci_conf *c, char *err)
{
	const char *env = getenv(WARD_OCI_CONF_ENV);
	unsigned int lineno = 0, seen = 0;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	strcpy(c->wardctl, WARD_OCI_WARDCTL);
	c->n_annotation_domains = -1;
	if (!path && env && *env)
		path = env;
	c->explicit_path = path != NULL;
	if (!path)
		path = WARD_OCI_CONF_DEFAULT;
	if (strlen(path) >= sizeof(c->path))
		return fail(err, "%s: path too long (ENAMETOOLONG)", path);
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && !c->explicit_path)
			return 0;
		return fail_errno(err, path, errno);
	}
	strcpy(c->path, path);
	while (!ret && getline(&line, &cap, f) > 0) {
		static const char *const keys[] = {
			"default-domain", "runtime", "wardctl",
			"annotation-domains",
		};
		char *s = line, *key, *val, *end;
		unsigned int k, col;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		/* a comment: '#' at the start or after a blank */
		for (s = line; *s; s++)
			if (*s == '#' && (s == line || s[-1] == ' ' || s[-1] == '\t')) {
				*s = 0;
				break;
			}
		s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		key = s;
		s += strcspn(s, " \t");
		if (*s)
			*s++ = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		val = s;
		end = val + strlen(val);
		while (end > val && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = 0;
		col = (unsigned int)(val - line) + 1;
		for (k = 0; k < 4; k++)
			if (!strcmp(key, keys[k]))
				break;
		if (k == 4) {
			ret = fail(err, "%s:%u:%u: error: unknown key '%s' (EINVAL)",
				   path, lineno, (unsigned int)(key - line) + 1, key);
		} else if (seen & (1u << k)) {
			ret = fail(err, "%s:%u:%u: error: '%s' is set twice (EINVAL)",
				   path, lineno, (unsigned int)(key - line) + 1, key);
		} else if (k == 3) {
			seen |= 1u << k;
			ret = *val ? conf_domains(c, val, path, lineno, line, err) :
			      fail(err, "%s:%u:%u: error: 'annotation-domains' takes one or more domain names (EINVAL)",
				   path, lineno, col);
		} else if (!*val || strpbrk(val, " \t")) {
			ret = fail(err, "%s:%u:%u: error: '%s' takes one value (EINVAL)",
				   path, lineno, col, key);
		} else if (k == 0 && !wp_name_valid(val)) {
			ret = fail(err, "%s:%u:%u: error: '%s' is not a valid domain name (EINVAL)",
				   path, lineno, col, val);
		} else if (k && (val[0] != '/' || strlen(val) >= sizeof(c->runtime))) {
			ret = fail(err, "%s:%u:%u: error: '%s' is not an absolute path (EINVAL)",
				   path, lineno, col, val);
		} else {
			seen |= 1u << k;
			strcpy(k == 0 ? c->default_domain : k == 1 ? c->runtime :
			       c->wardctl, val);
		}
	}
	if (!ret && ferror(f))
		ret = fail(err, "%s: read error (EIO)", path);
	free(line);
	fclose(f);
	return ret;
}

/* ---- JSON ---- */

int ward_oci_json_parse(const char *what, const char *text, size_t len,
			struct json_object **root, char *err)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	unsigned int line, col;
	const char *desc = NULL;
	size_t off;

	*root = NULL;
	if (len > WARD_OCI_JSON_MAX)
		return fail(err, "%s: larger than %d bytes (E2BIG)", what,
			    WARD_OCI_JSON_MAX);
	if (memchr(text, 0, len)) {
		off = (const char *)memchr(text, 0, len) - text;
		wp_line_col(text, off, &line, &col);
		return fail(err, "%s:%u:%u: a NUL byte in JSON text (EINVAL)",
			    what, line, col);
	}
	tok = json_tokener_new();
	if (!tok)
		return fail(err, "%s: out of memory (ENOMEM)", what);
	*root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		desc = "unexpected end of data";
		off = len;
	} else if (jerr != json_tokener_success) {
		desc = json_tokener_error_desc(jerr);
	} else {
		while (off < len && isspace((unsigned char)text[off]))
			off++;
		if (off < len)
			desc = "data after the JSON value";
	}
	json_tokener_free(tok);
	if (desc) {
		json_object_put(*root);
		*root = NULL;
		wp_line_col(text, off, &line, &col);
		return fail(err, "%s:%u:%u: invalid JSON: %s (EINVAL)", what,
			    line, col, desc);
	}
	return 0;
}

static int read_all(int fd, char **buf, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b = malloc(cap + 1);

	while (b) {
		ssize_t r = read(fd, b + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(b);
			errno = e;
			return -1;
		}
		if (!r)
			break;
		n += r;
		if (n > WARD_OCI_JSON_MAX) {
			free(b);
			errno = EFBIG;
			return -1;
		}
		if (n == cap) {
			char *nb = realloc(b, 2 * cap + 1);

			if (!nb)
				free(b);
			b = nb;
			cap *= 2;
		}
	}
	if (!b) {
		errno = ENOMEM;
		return -1;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int ward_oci_json_read(const char *path, struct json_object **root, char *err)
{
	size_t len;
	char *buf;
	int fd, ret;

	*root = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno(err, path, errno);
	ret = read_all(fd, &buf, &len);
	if (ret) {
		ret = fail_errno(err, path, errno);
		close(fd);
		return ret;
	}
	close(fd);
	ret = ward_oci_json_parse(path, buf, len, root, err);
	free(buf);
	if (!ret && !json_object_is_type(*root, json_type_object)) {
		json_object_put(*root);
		*root = NULL;
		return fail(err, "%s: not a JSON object (EINVAL)", path);
	}
	return ret;
}

int ward_oci_annotation(struct json_object *root, const char *what,
			char *out, char *err)
{
	struct json_object *ann, *v;
	const char *s;

	if (!json_object_object_get_ex(root, "annotations", &ann) ||
	    json_object_is_type(ann, json_type_null))
		return 0;
	if (!json_object_is_type(ann, json_type_object))
		return fail(err, "%s: 'annotations' is not an object (EINVAL)", what);
	if (!json_object_object_get_ex(ann, WARD_OCI_ANNOTATION, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return fail(err, "%s: annotation %s is not a string (EINVAL)",
			    what, WARD_OCI_ANNOTATION);
	s = json_object_get_string(v);
	if (!wp_name_valid(s))
		return fail(err, "%s: annotation %s='%s' is not a valid domain name (EINVAL)",
			    what, WARD_OCI_ANNOTATION, s);
	strcpy(out, s);
	return 1;
}

/* ---- the hook's state ---- */

static int get_string(struct json_object *root, const char *key, char *out,
		      size_t len, int required, char *err)
{
	struct json_object *v;
	const char *s;

	if (!json_object_object_get_ex(root, key, &v) ||
	    json_object_is_type(v, json_type_null)) {
		if (required)
			return fail(err, "the state has no '%s' (EINVAL)", key);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return fail(err, "the state's '%s' is not a string (EINVAL)", key);
	s = json_object_get_string(v);
	if (strlen(s) >= len)
		return fail(err, "the state's '%s' is too long (ENAMETOOLONG)", key);
	strcpy(out, s);
	return 0;
}

int ward_oci_state_parse(const char *text, size_t len,
			 struct ward_oci_state *s, char *err)
{
	struct json_object *root, *v;
	int ret = -1, r;

	memset(s, 0, sizeof(*s));
	if (ward_oci_json_parse("the state on standard input", text, len, &root,
				err))
		return -1;
	if (!json_object_is_type(root, json_type_object)) {
		fail(err, "the state on standard input is not a JSON object (EINVAL)");
		goto out;
	}
	/* the id first: every later message names the container */
	if (get_string(root, "id", s->id, sizeof(s->id), 1, err))
		goto out;
	if (!s->id[0]) {
		fail(err, "the state's 'id' is empty (EINVAL)");
		goto out;
	}
	if (get_string(root, "status", s->status, sizeof(s->status), 1, err) ||
	    get_string(root, "bundle", s->bundle, sizeof(s->bundle), 0, err))
		goto out;
	if (strcmp(s->status, "creating") && strcmp(s->status, "created")) {
		fail(err, "status '%s': the hook must run at createRuntime, before the container's first exec (EINVAL)",
		     s->status);
		goto out;
	}
	if (!json_object_object_get_ex(root, "pid", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		fail(err, "the state has no integer 'pid' (EINVAL)");
		goto out;
	}
	errno = 0;
	s->pid = json_object_get_int64(v);
	if (errno || s->pid <= 0 || s->pid > 0x3fffffff) {
		fail(err, "the state's pid %s is not a process id (EINVAL)",
		     json_object_get_string(v));
		goto out;
	}
	r = ward_oci_annotation(root, "the state", s->domain, err);
	if (r < 0)
		goto out;
	s->has_domain = r;
	ret = 0;
out:
	json_object_put(root);
	return ret;
}

int ward_oci_choose_domain(const char *annotation,
			   const struct ward_oci_conf *c, const char *bound,
			   char *out, char *err)
{
	int i;

	if (annotation) {
		for (i = 0; i < c->n_annotation_domains; i++)
			if (!strcmp(annotation, c->annotation_domains[i]))
				break;
		if (c->n_annotation_domains >= 0 && i == c->n_annotation_domains)
			return fail(err, "annotation %s='%s' names a domain that annotation-domains of %s does not list (EPERM)",
				    WARD_OCI_ANNOTATION, annotation, c->path);
		snprintf(out, WARD_NAME_LEN, "%s", annotation);
		return 0;
	}
	if (c->default_domain[0]) {
		strcpy(out, c->default_domain);
		return 0;
	}
	if (bound) {
		snprintf(out, WARD_NAME_LEN, "%s", bound);
		return 0;
	}
	return fail(err, "no domain: no annotation %s and no default-domain in %s (ENOENT)",
		    WARD_OCI_ANNOTATION,
		    c->path[0] ? c->path : WARD_OCI_CONF_DEFAULT " (absent)");
}

/* ---- cgroup and binding ---- */

int ward_oci_pid_cgroup(const char *proc, long long pid, const char *cgroot,
			char *dir, size_t len, char *err)
{
	char file[4200], *line = NULL;
	size_t cap = 0;
	int found = 0, ret;
	FILE *f;

	snprintf(file, sizeof(file), "%s/%lld/cgroup", proc, pid);
	f = fopen(file, "re");
	if (!f) {
		if (errno == ENOENT)
			return fail(err, "process %lld does not exist (ESRCH)", pid);
		return fail_errno(err, file, errno);
	}
	while (getline(&line, &cap, f) > 0) {
		char *p;

		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = 0;
		p = line + 3;
		/* another cgroup namespace's process shows as /../.. */
		if (p[0] != '/' || !strcmp(p, "/..") || strstr(p, "/../") ||
		    (strlen(p) >= 3 && !strcmp(p + strlen(p) - 3, "/.."))) {
			fclose(f);
			ret = fail(err, "%s: cgroup path '%s' is outside this cgroup namespace (EINVAL)",
				   file, p);
			free(line);
			return ret;
		}
		if (snprintf(dir, len, "%s%s", cgroot, strcmp(p, "/") ? p : "") >=
		    (int)len) {
			fclose(f);
			free(line);
			return fail(err, "%s: path too long (ENAMETOOLONG)", file);
		}
		found = 1;
		break;
	}
	free(line);
	fclose(f);
	if (!found)
		return fail(err, "%s: no cgroup v2 line ('0::'): Ward binds cgroup v2 cgroups only (ENOENT)",
			    file);
	return 0;
}

int ward_oci_covering_binding(const char *rel, unsigned long long id,
			      struct ward_binding *b, char *err)
{
	char *buf, *line, *save = NULL, why[WARD_OCI_ERRLEN];
	size_t n, best = 0;
	int found = 0;

	if (ward_fs_read("bindings", &buf, &n)) {
		ward_fs_reason("oci-hook", "bindings", 0, errno, why, sizeof(why));
		return fail(err, "%s", why);
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct ward_binding l;
		size_t len;

		if (ward_binding_parse(line, &l))
			continue;
		len = strlen(l.path);
		while (len > 1 && l.path[len - 1] == '/')
			len--;
		if (l.id == id) {
			len = (size_t)-1;	/* its own binding is the nearest */
		} else if (!len || l.path[0] != '/' ||
			   strncmp(l.path, rel, len) ||
			   (len > 1 && rel[len] != '/' && rel[len]) ||
			   (len == 1 && !rel[1])) {
			continue;	/* not an ancestor */
		}
		if (found && len <= best)
			continue;
		*b = l;
		snprintf(b->path_buf, sizeof(b->path_buf), "%s", l.path);
		b->path = b->path_buf;
		best = len;
		found = 1;
	}
	free(buf);
	return found;
}

int ward_oci_check_bound(const char *dir, unsigned long long id,
			 const char *domain, char *err)
{
	char why[WARD_OCI_ERRLEN];
	struct ward_binding b;

	if (ward_binding_find(id, &b)) {
		if (errno == ENOENT)
			return fail(err, "%s is bound, but not in the bindings file (EEXIST)",
				    dir);
		ward_fs_reason("oci-hook", "bindings", 0, errno, why, sizeof(why));
		return fail(err, "%s is bound, and the bindings file cannot be read: %s",
			    dir, why);
	}
	if (strcmp(b.domain, domain))
		return fail(err, "%s is bound to domain '%s', not '%s' (EEXIST)",
			    dir, b.domain, domain);
	return 0;
}

int ward_oci_bind(const char *dir, const char *domain, char *err)
{
	char cmdline[128], why[WARD_OCI_ERRLEN];
	unsigned long long id;
	int n, e;

	if (ward_cgroup_id(dir, &id, why, sizeof(why)))
		return fail(err, "%s", why);
	n = snprintf(cmdline, sizeof(cmdline), "bind %llu %s exec", id, domain);
	if (!ward_fs_write("bindings", cmdline, n))
		return 0;
	e = errno;
	if (e == ENOENT) {
		ward_fs_reason("oci-hook", "bindings", 1, e, why, sizeof(why));
		/* at open: Ward is not loaded; at write: no such domain */
		if (strstr(why, "no such domain"))
			return fail(err, "domain '%s' is not in the loaded policy, or no policy is loaded (ENOENT)",
				    domain);
		return fail(err, "%s", why);
	}
	if (e != EEXIST) {
		ward_fs_reason("oci-hook", "bindings", 1, e, why, sizeof(why));
		return fail(err, "cannot bind %s to '%s': %s", dir, domain, why);
	}
	/* bound already: by a pattern of the policy, or an earlier hook */
	return ward_oci_check_bound(dir, id, domain, err);
}

/* ---- config.json ---- */

/* @root[key] as an object, created if absent; NULL if it is another type. */
static struct json_object *object_member(struct json_object *root,
					 const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(root, key, &v) &&
	    !json_object_is_type(v, json_type_null))
		return json_object_is_type(v, json_type_object) ? v : NULL;
	v = json_object_new_object();
	if (v && json_object_object_add(root, key, v)) {
		json_object_put(v);
		return NULL;
	}
	return v;
}

/* Is hook entry @h a "wardctl oci-hook"? */
static int is_ward_hook(struct json_object *h, const char *wardctl)
{
	struct json_object *path, *args, *a1;
	const char *p, *base;

	if (!json_object_is_type(h, json_type_object) ||
	    !json_object_object_get_ex(h, "path", &path) ||
	    !json_object_is_type(path, json_type_string))
		return 0;
	p = json_object_get_string(path);
	base = strrchr(p, '/');
	base = base ? base + 1 : p;
	if (strcmp(p, wardctl) && strcmp(base, "wardctl"))
		return 0;
	if (!json_object_object_get_ex(h, "args", &args) ||
	    !json_object_is_type(args, json_type_array) ||
	    json_object_array_length(args) < 2)
		return 0;
	a1 = json_object_array_get_idx(args, 1);
	return json_object_is_type(a1, json_type_string) &&
	       !strcmp(json_object_get_string(a1), "oci-hook");
}

static struct json_object *new_hook(const struct ward_oci_edit *e)
{
	struct json_object *h = json_object_new_object(), *args;

	args = json_object_new_array();
	if (!h || !args) {
		json_object_put(h);
		json_object_put(args);
		return NULL;
	}
	json_object_array_add(args, json_object_new_string("wardctl"));
	json_object_array_add(args, json_object_new_string("oci-hook"));
	if (e->conf) {
		json_object_array_add(args, json_object_new_string("--config"));
		json_object_array_add(args, json_object_new_string(e->conf));
	}
	json_object_object_add(h, "path", json_object_new_string(e->wardctl));
	json_object_object_add(h, "args", args);
	return h;
}

int ward_oci_edit(struct json_object *root, const struct ward_oci_edit *e,
		  char *err)
{
	struct json_object *hooks, *list, *ann, *linux_o, *h, *copy = NULL;
	size_t i, n;

	if (!json_object_is_type(root, json_type_object))
		return fail(err, "config.json is not a JSON object (EINVAL)");
	hooks = object_member(root, "hooks");
	if (!hooks)
		return fail(err, "config.json: 'hooks' is not an object (EINVAL)");
	if (!json_object_object_get_ex(hooks, "createRuntime", &list) ||
	    json_object_is_type(list, json_type_null)) {
		list = json_object_new_array();
		if (!list || json_object_object_add(hooks, "createRuntime", list))
			return fail(err, "out of memory (ENOMEM)");
	}
	if (!json_object_is_type(list, json_type_array))
		return fail(err, "config.json: 'hooks.createRuntime' is not an array (EINVAL)");
	ann = object_member(root, "annotations");
	if (!ann)
		return fail(err, "config.json: 'annotations' is not an object (EINVAL)");
	linux_o = NULL;
	if (e->seccomp) {
		linux_o = object_member(root, "linux");
		if (!linux_o)
			return fail(err, "config.json: 'linux' is not an object (EINVAL)");
		if (json_object_deep_copy(e->seccomp, &copy, NULL))
			return fail(err, "out of memory (ENOMEM)");
	}

	n = json_object_array_length(list);
	for (i = 0; i < n; i++)
		if (is_ward_hook(json_object_array_get_idx(list, i), e->wardctl))
			break;
	if (i == n) {
		/* json-c 0.16 has no insert: a new array, the hook first */
		struct json_object *nl = json_object_new_array();

		h = new_hook(e);
		if (!nl || !h || json_object_array_add(nl, h)) {
			json_object_put(nl);
			json_object_put(h);
			json_object_put(copy);
			return fail(err, "out of memory (ENOMEM)");
		}
		for (i = 0; i < n; i++)
			json_object_array_add(nl, json_object_get(
					json_object_array_get_idx(list, i)));
		json_object_object_add(hooks, "createRuntime", nl);
	}
	json_object_object_add(ann, WARD_OCI_ANNOTATION,
			       json_object_new_string(e->domain));
	if (copy)
		json_object_object_add(linux_o, "seccomp", copy);
	return 0;
}

int ward_oci_write_atomic(const char *path, struct json_object *root,
			  char *err)
{
	char tmp[4200], dircopy[4200], *dir;
	const char *text;
	struct stat st;
	size_t len, off = 0;
	int fd, e;

	if (stat(path, &st))
		return fail_errno(err, path, errno);
	snprintf(dircopy, sizeof(dircopy), "%s", path);
	dir = dirname(dircopy);
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.ward-XXXXXX", dir,
		     strrchr(path, '/') ? strrchr(path, '/') + 1 : path) >=
	    (int)sizeof(tmp))
		return fail(err, "%s: path too long (ENAMETOOLONG)", path);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return fail(err, "%s: out of memory (ENOMEM)", path);
	len = strlen(text);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return fail_errno(err, tmp, errno);
	if (fchmod(fd, st.st_mode & 07777) ||
	    (fchown(fd, st.st_uid, st.st_gid) && errno != EPERM))
		goto fail;
	while (off < len) {
		ssize_t r = write(fd, text + off, len - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!r)
				errno = EIO;
			goto fail;
		}
		off += r;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return fail_errno(err, tmp, e);
}

/* ---- the runtime's command line ---- */

struct opt {
	const char *name;
	int value;	/* takes a value */
};

/* runc's and crun's global options */
static const struct opt global_opts[] = {
	{ "log", 1 }, { "log-format", 1 }, { "log-level", 1 }, { "root", 1 },
	{ "criu", 1 }, { "rootless", 1 }, { "cgroup-manager", 1 },
	{ "debug", 0 }, { "systemd-cgroup", 0 }, { "help", 0 },
	{ "version", 0 }, { NULL, 0 },
};

/* options of create and run (runc's and crun's) */
static const struct opt create_opts[] = {
	{ "bundle", 1 }, { "config", 1 }, { "console-socket", 1 },
	{ "pidfd-socket", 1 }, { "pid-file", 1 }, { "preserve-fds", 1 },
	{ "detach", 0 }, { "keep", 0 }, { "no-pivot", 0 },
	{ "no-new-keyring", 0 }, { "no-subreaper", 0 }, { NULL, 0 },
};

/*
 * The option @name (@len bytes) of @opts: an exact match, else the only
 * option it is a prefix of if @prefix (crun's argp takes unambiguous
 * abbreviations of long options; runc refuses them, and then refuses the
 * command).  NULL if none.
 */
static const struct opt *find_opt(const struct opt *opts, const char *name,
				  size_t len, int prefix)
{
	const struct opt *o, *found = NULL;

	for (o = opts; o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	for (o = opts; prefix && len && o->name; o++) {
		if (strncmp(o->name, name, len))
			continue;
		if (found)
			return NULL;
		found = o;
	}
	return found;
}

/*
 * Decode option @arg: "--name", "-name" (Go's flag package, runc),
 * "--name=v", "-name=v", and the short forms -b DIR, -b=DIR, -bDIR,
 * -f FILE, -d, -h, -v, -V.  Sets *@o (NULL if unknown) and the inline
 * value *@val.
 */
static void decode_opt(const struct opt *opts, const char *arg,
		       const struct opt **o, const char **val)
{
	static const struct opt shorts[] = {
		{ "bundle", 1 }, { "config", 1 }, { "detach", 0 },
		{ "help", 0 }, { "version", 0 },
	};
	const char *name = arg + (arg[1] == '-' ? 2 : 1);
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);

	*val = eq ? eq + 1 : NULL;
	/* abbreviations only with two dashes: -bun is -b un in argp */
	*o = find_opt(opts, name, len, arg[1] == '-');
	if (*o || arg[1] == '-')
		return;
	/* a short option; only those of @opts */
	switch (arg[1]) {
	case 'b':
		*o = &shorts[0];
		break;
	case 'f':
		*o = &shorts[1];
		break;
	case 'd':
		*o = &shorts[2];
		break;
	case 'h':
		*o = &shorts[3];
		break;
	case 'v':
	case 'V':
		*o = &shorts[4];
		break;
	default:
		return;
	}
	if (!find_opt(opts, (*o)->name, strlen((*o)->name), 0)) {
		*o = NULL;
		return;
	}
	*val = NULL;
	if ((*o)->value)
		*val = arg[2] == '=' ? arg + 3 : arg[2] ? arg + 2 : NULL;
}

int ward_runc_parse_args(int argc, char **argv, struct ward_runc_args *a,
			 char *err)
{
	const struct opt *o;
	const char *val;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-' || !arg[1])
			break;
		decode_opt(global_opts, arg, &o, &val);
		if (!o)
			return fail(err, "unknown global option '%s': ward-runc cannot tell the command (EINVAL)",
				    arg);
		if (!o->value)
			continue;
		if (!val) {
			if (i + 1 >= argc)
				return fail(err, "global option '%s' needs a value (EINVAL)",
					    arg);
			val = argv[++i];
		}
		if (!strcmp(o->name, "log"))
			a->log = val;
		else if (!strcmp(o->name, "log-format"))
			a->log_format = val;
	}
	if (i >= argc) {
		a->action = WARD_RUNC_PASS;
		return 0;
	}
	a->command = argv[i];
	if (!strcmp(a->command, "restore")) {
		a->action = WARD_RUNC_REFUSE;
		return 0;
	}
	if (strcmp(a->command, "create") && strcmp(a->command, "run")) {
		a->action = WARD_RUNC_PASS;
		return 0;
	}
	a->action = WARD_RUNC_CREATE;
	/*
	 * Options and operands of create/run.  crun (argp) also takes options
	 * after the operand; runc refuses extra operands, so scanning to the
	 * end is right for both.  The last --bundle wins, as in both.  An
	 * unknown option is taken for a flag: only --bundle and --config
	 * matter here.
	 */
	for (i++; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			if (!a->id && i + 1 < argc)
				a->id = argv[i + 1];
			break;
		}
		if (arg[0] != '-' || !arg[1]) {
			if (!a->id)
				a->id = arg;
			continue;
		}
		decode_opt(create_opts, arg, &o, &val);
		if (!o || !o->value)
			continue;
		if (!val) {
			if (i + 1 >= argc)
				return fail(err, "%s option '%s' needs a value (EINVAL)",
					    a->command, arg);
			val = argv[++i];
		}
		if (!strcmp(o->name, "bundle"))
			a->bundle = val;
		else if (!strcmp(o->name, "config"))
			a->config = val;
	}
	return 0;
}

int ward_runc_config_path(const struct ward_runc_args *a, char *buf,
			  size_t len, char *err)
{
	const char *bundle = a->bundle && *a->bundle ? a->bundle : ".";
	int n;

	/*
	 * crun: a --config other than "config.json" is relative to the
	 * working directory, "config.json" (the default) to the bundle.
	 */
	if (a->config && strcmp(a->config, "config.json"))
		n = snprintf(buf, len, "%s", a->config);
	else
		n = snprintf(buf, len, "%s/config.json", bundle);
	if (n >= (int)len)
		return fail(err, "%s: path too long (ENAMETOOLONG)", bundle);
	return 0;
}
