// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the kernel's policy blob validator, kmod/validate.c, built
 * in user space as wardctl builds it.
 *
 * Input: a policy blob, as written to /sys/kernel/security/ward/policy.
 *
 * Invariants, beyond "no crash, no undefined behaviour":
 * - ward_validate() returns 0, -EINVAL or -E2BIG (-E2BIG exactly when the
 *   blob is larger than WARD_POLICY_MAX_SIZE);
 * - wardctl's decoder accepts exactly what the kernel accepts: a blob
 *   the kernel would load can always be shown by "wardctl show";
 * and for every blob the kernel accepts (B):
 * - the decoded policy compiles (C1 = compile(decode(B))) and prints,
 *   unless it names a system call with a word of the language ("if"),
 *   which wp_print() refuses: then wp_check() must refuse it too;
 * - the text round trip loses nothing: compile(parse(print(decode(B))))
 *   gives back C1 byte for byte, and the reparsed text passes the
 *   semantic check wherever the decoded policy does;
 * - C1 is the canonical form: print(decode(C1)) is print(decode(B)), so a
 *   blob that wardctl compiled itself comes back as the same bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "../userspace-ctl/policy.h"
#include "../kmod/validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

/* print(p) into a malloc'ed buffer; NULL if wp_print() refuses */
static char *print_policy(const struct wp_policy *p, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	int rc;

	if (!f)
		fuzz_fail("open_memstream: out of memory");
	rc = wp_print(f, p);
	if (fclose(f))
		fuzz_fail("wp_print: write error");
	if (rc && *len)
		fuzz_fail("wp_print() refuses after printing %zu bytes", *len);
	if (rc) {
		free(text);
		return NULL;
	}
	return text;
}

static void round_trip(const uint8_t *data, size_t size)
{
	struct wp_policy p, q, r;
	char *text, *text2;
	size_t tlen, tlen2, len1, len2;
	void *c1, *c2;
	unsigned int w;
	int p_checks;

	if (wp_decode(data, size, &p))
		fuzz_fail("wp_decode() refuses a blob that ward_validate() accepts");
	text = print_policy(&p, &tlen);
	if (wp_compile(&p, &c1, &len1))
		fuzz_fail("wp_compile() refuses a decoded policy");
	p_checks = !wp_check(&p, &w);
	wp_free(&p);
	if (!text) {
		if (p_checks)
			fuzz_fail("wp_print() refuses a policy that wp_check() accepts");
		free(c1);
		return;
	}

	if (wp_parse_buf("<printed>", text, tlen, &q)) {
		fuzz_dump("printed policy", text, tlen);
		fuzz_fail("wp_parse_buf() refuses what wp_print() printed");
	}
	if (p_checks && wp_check(&q, &w)) {
		fuzz_dump("printed policy", text, tlen);
		fuzz_fail("wp_check() refuses the printed policy but accepted it decoded");
	}
	if (wp_compile(&q, &c2, &len2)) {
		fuzz_dump("printed policy", text, tlen);
		fuzz_fail("wp_compile() refuses the reparsed policy");
	}
	wp_free(&q);
	if (len1 != len2 || memcmp(c1, c2, len1)) {
		fuzz_dump("printed policy", text, tlen);
		fuzz_fail("decode->print->parse->compile (%zu bytes) differs from decode->compile (%zu bytes)",
			  len2, len1);
	}
	free(c2);

	/* C1 is canonical: it decodes and prints as B does */
	if (ward_validate(c1, len1))
		fuzz_fail("ward_validate() refuses wp_compile()'s output");
	if (wp_decode(c1, len1, &r))
		fuzz_fail("wp_decode() refuses wp_compile()'s output");
	text2 = print_policy(&r, &tlen2);
	wp_free(&r);
	if (!text2)
		fuzz_fail("wp_print() refuses the recompiled policy");
	if (tlen != tlen2 || memcmp(text, text2, tlen)) {
		fuzz_dump("decoded input", text, tlen);
		fuzz_dump("decoded recompiled input", text2, tlen2);
		fuzz_fail("recompiling a blob changes what it says");
	}
	free(text2);
	free(text);
	free(c1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_policy p;
	int rc;

	fuzz_quiet();
	rc = ward_validate(data, size);
	if (rc != 0 && rc != -EINVAL && rc != -E2BIG)
		fuzz_fail("ward_validate() returned %d", rc);
	if ((rc == -E2BIG) != (size > WARD_POLICY_MAX_SIZE))
		fuzz_fail("ward_validate() returned %d for %zu bytes", rc, size);
	if (rc) {
		/* the decoder must refuse it too, without crashing */
		if (!wp_decode(data, size, &p))
			fuzz_fail("wp_decode() accepts a blob that ward_validate() refuses");
		return 0;
	}
	round_trip(data, size);
	return 0;
}
