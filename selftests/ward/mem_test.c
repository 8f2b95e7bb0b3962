// SPDX-License-Identifier: GPL-2.0
/*
 * Ward selftests - writable and executable memory (R-MEM, with R-AUD)
 *
 * A `memory wx-deny` domain may not create memory that is writable and
 * executable at once: mmap() and mprotect() with PROT_WRITE|PROT_EXEC fail
 * with EACCES (Documentation/abi.rst).  A `memory wx-allow` domain and the
 * host (the positive control, run in every test) may, and the code they
 * write there runs.  A complaining wx-deny domain may, and an event
 * "verdict=allow" is logged.  W^X itself (RW, then RX) stays allowed
 * everywhere.  With the READ_IMPLIES_EXEC personality the kernel makes
 * every readable mapping executable, so PROT_READ|PROT_WRITE asks for
 * writable and executable memory as well.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>
#include <sys/personality.h>

#include "fixture.h"
#include "kselftest_harness.h"

#define VERIFY_FAILED	210

static const char policy_text[] =
	"# mem_test\n"
	"domain wxdeny {\n"
	"    memory wx-deny\n"
	"}\n"
	"domain wxallow {\n"
	"    memory wx-allow\n"
	"}\n"
	"domain watch {\n"
	"    mode complain\n"
	"    memory wx-deny\n"
	"}\n";

#define RW	(PROT_READ | PROT_WRITE)
#define RX	(PROT_READ | PROT_EXEC)
#define RWX	(PROT_READ | PROT_WRITE | PROT_EXEC)
#define WX	(PROT_WRITE | PROT_EXEC)

static long page;

/* Write "ret" at @p and call it: the memory is really executable. */
static int run_code(void *p)
{
	*(volatile unsigned char *)p = 0xc3;	/* x86-64 ret */
	__builtin___clear_cache((char *)p, (char *)p + 1);
	((void (*)(void))p)();
	return 0;
}

/* mmap(@prot) of anonymous memory, @run code there; 0 or errno. */
static int map_anon_do(int prot, bool run)
{
	void *p = mmap(NULL, page, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	if (run)
		run_code(p);
	munmap(p, page);
	return 0;
}

static int map_anon(int prot)
{
	return map_anon_do(prot, (prot & RWX) == RWX);
}

static int map_anon_run(int prot)
{
	return map_anon_do(prot, true);
}

static int v_mmap_rwx(void *arg)
{
	(void)arg;
	return map_anon(RWX);
}

static int v_mmap_wx(void *arg)
{
	(void)arg;
	return map_anon(WX);
}

/* A shared mapping of a memfd, writable and executable. */
static int v_mmap_shared_rwx(void *arg)
{
	void *p;
	int fd;

	(void)arg;
	fd = memfd_create("ward-wx", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, page))
		return WARD_CHILD_SETUP_FAILED;
	p = mmap(NULL, page, RWX, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return errno;
	run_code(p);
	munmap(p, page);
	close(fd);
	return 0;
}

/* mprotect @from -> RWX; 0 or errno. */
static int protect(int from)
{
	void *p = mmap(NULL, page, from, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return WARD_CHILD_SETUP_FAILED;
	if (mprotect(p, page, RWX))
		return errno;
	run_code(p);
	munmap(p, page);
	return 0;
}

static int v_mprotect_rw_rwx(void *arg)
{
	(void)arg;
	return protect(RW);
}

static int v_mprotect_rx_rwx(void *arg)
{
	(void)arg;
	return protect(RX);
}

/*
 * READ_IMPLIES_EXEC: the kernel adds PROT_EXEC to every readable mapping,
 * so PROT_READ|PROT_WRITE is writable and executable memory too.
 */
static int v_rie_mmap(void *arg)
{
	(void)arg;
	if (personality(READ_IMPLIES_EXEC) < 0)
		return WARD_CHILD_SETUP_FAILED;
	return map_anon_run(RW);
}

static int v_rie_mprotect(void *arg)
{
	void *p;

	(void)arg;
	if (personality(READ_IMPLIES_EXEC) < 0)
		return WARD_CHILD_SETUP_FAILED;
	p = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return WARD_CHILD_SETUP_FAILED;
	if (mprotect(p, page, RW))
		return errno;
	run_code(p);
	munmap(p, page);
	return 0;
}

/* W^X: write, then flip to read+exec, then run.  Always allowed. */
static int v_wxorx(void *arg)
{
	void *p;

	(void)arg;
	p = mmap(NULL, page, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	*(volatile unsigned char *)p = 0xc3;
	if (mprotect(p, page, RX))
		return errno;
	((void (*)(void))p)();
	if (mprotect(p, page, RW))
		return errno;
	munmap(p, page);
	return 0;
}

FIXTURE(mem) {
	char cg[PATH_MAX];
};

FIXTURE_VARIANT(mem) {
	const char *domain;
	bool deny;
	bool complain;
};

FIXTURE_VARIANT_ADD(mem, wx_deny) {
	.domain = "wxdeny", .deny = true,
};

FIXTURE_VARIANT_ADD(mem, wx_allow) {
	.domain = "wxallow",
};

FIXTURE_VARIANT_ADD(mem, complain) {
	.domain = "watch", .complain = true,
};

FIXTURE_SETUP(mem)
{
	char err[512] = "";
	int ret;

	page = sysconf(_SC_PAGESIZE);
	ward_reset();
	ASSERT_EQ(0, ward_load_policy_err(policy_text, err, sizeof(err)))
		TH_LOG("wardctl load: %s", err);
	ret = ward_domain_prepare(variant->domain);
	ASSERT_EQ(0, ret) TH_LOG("bind: %s", strerror(-ret));
	ward_domain_cgroup(variant->domain, self->cg, sizeof(self->cg));
}

FIXTURE_TEARDOWN(mem)
{
	ward_reset();
}

/* @wx: the call asks for writable and executable memory (op @op). */
static void check_mem(struct __test_metadata *_metadata,
		      FIXTURE_DATA(mem) *self,
		      const FIXTURE_VARIANT(mem) *variant,
		      int (*fn)(void *), bool wx, const char *op)
{
	pid_t pid;
	int code;

	/* the positive control */
	code = ward_run_in(NULL, fn, &pid);
	ASSERT_EQ(0, code) TH_LOG("host: %s", strerror(code));

	code = ward_run_in(self->cg, fn, &pid);
	if (wx && variant->deny) {
		ASSERT_EQ(EACCES, code) TH_LOG("%s: %s", variant->domain,
					       strerror(code));
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=enforce verdict=deny pid=%d",
			op, variant->domain, pid))
			TH_LOG("no deny event op=%s", op);
	} else {
		ASSERT_EQ(0, code) TH_LOG("%s: %s", variant->domain,
					  strerror(code));
	}
	if (wx && variant->complain)
		ASSERT_TRUE(ward_events_has(
			"op=%s domain=%s mode=complain verdict=allow pid=%d",
			op, variant->domain, pid))
			TH_LOG("no complain event op=%s", op);
}

TEST_F(mem, mmap_anon_rwx)
{
	check_mem(_metadata, self, variant, v_mmap_rwx, true, "mmap_wx");
}

TEST_F(mem, mmap_anon_wx)
{
	check_mem(_metadata, self, variant, v_mmap_wx, true, "mmap_wx");
}

TEST_F(mem, mmap_shared_memfd_rwx)
{
	check_mem(_metadata, self, variant, v_mmap_shared_rwx, true,
		  "mmap_wx");
}

TEST_F(mem, mprotect_rw_to_rwx)
{
	check_mem(_metadata, self, variant, v_mprotect_rw_rwx, true,
		  "mprotect_wx");
}

TEST_F(mem, mprotect_rx_to_rwx)
{
	check_mem(_metadata, self, variant, v_mprotect_rx_rwx, true,
		  "mprotect_wx");
}

TEST_F(mem, read_implies_exec_mmap_rw)
{
	check_mem(_metadata, self, variant, v_rie_mmap, true, "mmap_wx");
}

TEST_F(mem, read_implies_exec_mprotect_rw)
{
	check_mem(_metadata, self, variant, v_rie_mprotect, true,
		  "mprotect_wx");
}

/* Not over-blocking: W^X flips stay allowed in every domain. */
TEST_F(mem, w_xor_x_allowed)
{
	check_mem(_metadata, self, variant, v_wxorx, false, NULL);
}

TEST_HARNESS_MAIN
