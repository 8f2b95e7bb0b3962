// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: wardctl's policy language parser, wp_parse_buf(), then the
 * semantic check and the compiler, as "wardctl load" runs them.
 *
 * Input: policy text (any bytes).
 *
 * Invariants, beyond "no crash, no undefined behaviour":
 * - a policy that parses and checks compiles, unless it is larger than
 *   WARD_POLICY_MAX_SIZE, and the blob passes the kernel's validator
 *   (ward_validate());
 * - the blob decodes, and its printed form parses, checks and compiles
 *   back to the same bytes ("wardctl show" is a round trip).
 */
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

static void shown_round_trip(const void *blob, size_t len)
{
	struct wp_policy d, q;
	char *text = NULL;
	size_t tlen = 0, len2;
	unsigned int w;
	void *blob2;
	FILE *f;

	if (wp_decode(blob, len, &d))
		fuzz_fail("wp_decode() refuses wp_compile()'s output");
	f = open_memstream(&text, &tlen);
	if (!f)
		fuzz_fail("open_memstream: out of memory");
	if (wp_print(f, &d))
		fuzz_fail("wp_print() refuses a policy compiled from text");
	fclose(f);
	wp_free(&d);
	if (wp_parse_buf("<shown>", text, tlen, &q) || wp_check(&q, &w)) {
		fuzz_dump("shown policy", text, tlen);
		fuzz_fail("the shown policy does not parse or check");
	}
	if (wp_compile(&q, &blob2, &len2)) {
		fuzz_dump("shown policy", text, tlen);
		fuzz_fail("the shown policy does not compile");
	}
	wp_free(&q);
	if (len2 != len || memcmp(blob, blob2, len)) {
		fuzz_dump("shown policy", text, tlen);
		fuzz_fail("the shown policy compiles to other bytes (%zu, was %zu)",
			  len2, len);
	}
	free(blob2);
	free(text);
}

/* an upper bound of the blob size of @p, as wp_compile() lays it out */
static size_t blob_size(const struct wp_policy *p)
{
	size_t size = sizeof(struct ward_policy_header) +
		      p->nbinds * sizeof(struct ward_bind_rec);
	unsigned int i;

	for (i = 0; i < p->ndomains; i++) {
		const struct wp_domain *d = &p->domains[i];

		size += sizeof(struct ward_domain_rec) +
			(d->fstypes.count + d->sc_allow.count +
			 d->sc_deny.count + d->sc_nrules) * WARD_NAME_LEN +
			d->sc_nrules * sizeof(struct ward_sc_rule);
	}
	return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_policy p;
	unsigned int warnings = 0;
	void *blob;
	size_t len;

	fuzz_quiet();
	if (wp_parse_buf("<fuzz>", (const char *)data, size, &p) ||
	    wp_check(&p, &warnings)) {
		wp_free(&p);
		return 0;
	}
	if (wp_compile(&p, &blob, &len)) {
		if (blob_size(&p) <= WARD_POLICY_MAX_SIZE) {
			fuzz_dump("policy", data, size);
			fuzz_fail("a policy that checks does not compile");
		}
		wp_free(&p);
		return 0;
	}
	wp_free(&p);
	if (ward_validate(blob, len))
		fuzz_fail("ward_validate() refuses wp_compile()'s output");
	shown_round_trip(blob, len);
	free(blob);
	return 0;
}
