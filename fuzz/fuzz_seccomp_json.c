// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the OCI / Docker seccomp profile importer,
 * ward_seccomp_import_caps() ("wardctl seccomp import").
 *
 * Input: the profile's bytes.  The importer reads a file, so the input
 * goes into a memfd and the importer opens /proc/self/fd/N.  The parity
 * of the input's size chooses the capability set: even, Docker's default
 * one; odd, CAP_SYS_ADMIN and CAP_SYS_PTRACE on top of it (the paths of
 * "includes" and "excludes").
 *
 * Invariants, beyond "no crash, no undefined behaviour": an import that
 * succeeds prints a seccomp fragment that, in a domain, parses, passes
 * the semantic check (warnings allowed) and compiles into a blob that
 * the kernel's validator accepts; what the fragment says is what the
 * importer promises in Documentation/seccomp.rst: it is safe as it is.
 * In part checked: every call the domain allows, with or without
 * conditions, is named by a string of the profile (a set named in the
 * fragment allows no call the profile does not name).
 */
#define _GNU_SOURCE	/* memfd_create */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <json-c/json.h>

#include "fuzz.h"
#include "../userspace-ctl/policy.h"
#include "../userspace-ctl/seccomp.h"
#include "../kmod/validate.h"

static int memfd = -1;
static char path[64];

static const char *const more_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
	"CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
	"CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
	"CAP_AUDIT_WRITE", "CAP_SYS_ADMIN", "CAP_SYS_PTRACE", NULL
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	memfd = memfd_create("ward-fuzz-profile", MFD_CLOEXEC);
	if (memfd < 0)
		fuzz_fail("memfd_create failed");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	size_t off = 0;

	if (ftruncate(memfd, 0))
		fuzz_fail("ftruncate failed");
	while (off < size) {
		ssize_t n = pwrite(memfd, data + off, size - off, (off_t)off);

		if (n <= 0)
			fuzz_fail("pwrite failed");
		off += (size_t)n;
	}
}

/* Is @s one of the strings of @o, at any depth? */
static int json_has_string(struct json_object *o, const char *s)
{
	size_t i, n;

	switch (json_object_get_type(o)) {
	case json_type_string:
		return !strcmp(json_object_get_string(o), s);
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			if (json_has_string(json_object_array_get_idx(o, i), s))
				return 1;
		return 0;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			if (json_has_string(val, s))
				return 1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* The calls @d allows are named in the profile @data. */
static void check_allowed_named(const struct wp_domain *d,
				const uint8_t *data, size_t size,
				const char *frag, size_t flen)
{
	struct json_tokener *tok = json_tokener_new();
	struct ward_sc_profile prof;
	struct json_object *root;
	const char *bad = NULL;
	unsigned int i;

	if (!tok)
		fuzz_fail("json_tokener_new: out of memory");
	root = json_tokener_parse_ex(tok, (const char *)data, (int)size);
	json_tokener_free(tok);
	if (!root)
		fuzz_fail("the profile imported does not parse again");
	if (ward_seccomp_profile(d, &prof))
		fuzz_fail("ward_seccomp_profile() fails on a checked domain");
	for (i = 0; !bad && i < prof.allow.count; i++)
		if (!json_has_string(root, prof.allow.names[i]))
			bad = prof.allow.names[i];
	for (i = 0; !bad && i < prof.ncond; i++)
		if (!json_has_string(root, prof.cond[i].name))
			bad = prof.cond[i].name;
	if (bad) {
		fuzz_dump("imported fragment", frag, flen);
		fuzz_fail("the imported domain allows %s, which the profile does not name",
			  bad);
	}
	ward_seccomp_profile_free(&prof);
	json_object_put(root);
}

static void check_fragment(const char *frag, size_t flen,
			   const uint8_t *data, size_t size)
{
	struct wp_policy p;
	unsigned int warnings = 0;
	char *text;
	void *blob;
	size_t len;
	int n;

	n = asprintf(&text, "domain imported {\n%.*s}\n", (int)flen, frag);
	if (n < 0)
		fuzz_fail("asprintf: out of memory");
	if (wp_parse_buf("<imported>", text, (size_t)n, &p)) {
		fuzz_dump("imported fragment", frag, flen);
		fuzz_fail("the imported fragment does not parse");
	}
	if (wp_check(&p, &warnings)) {
		fuzz_dump("imported fragment", frag, flen);
		fuzz_fail("the imported fragment does not pass wp_check()");
	}
	if (wp_compile(&p, &blob, &len)) {
		fuzz_dump("imported fragment", frag, flen);
		fuzz_fail("the imported fragment does not compile");
	}
	if (ward_validate(blob, len))
		fuzz_fail("ward_validate() refuses the imported fragment's blob");
	free(blob);
	check_allowed_named(&p.domains[0], data, size, frag, flen);
	wp_free(&p);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *frag = NULL;
	size_t flen = 0;
	FILE *out;
	int rc;

	if (memfd < 0)
		LLVMFuzzerInitialize(NULL, NULL);
	write_input(data, size);
	out = open_memstream(&frag, &flen);
	if (!out)
		fuzz_fail("open_memstream: out of memory");
	rc = ward_seccomp_import_caps(path, size & 1 ? more_caps : NULL,
				      out);
	if (fclose(out))
		fuzz_fail("import: write error");
	if (!rc)
		check_fragment(frag, flen, data, size);
	free(frag);
	return 0;
}
